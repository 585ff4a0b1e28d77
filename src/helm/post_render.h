#pragma once
// Applies a release's post-renderer kustomize patches to its modelled objects.
#include "core/file_table.h"
#include "helm/chart_model.h"
#include "helm/release.h"

namespace halint::helm {

// Patches that do not parse or apply become HA004 notes in `out`.
void post_render(const Release& release, ModelOutput& out, const FileTable& files);

}  // namespace halint::helm
