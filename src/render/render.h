#pragma once
// Evaluates objects as the cluster receives them: builds every kustomize root and Flux
// Kustomization of the repository, keeping each node's origin. Objects no render
// includes are evaluated as written.
#include <map>
#include <string>

#include "core/analysis.h"
#include "fs/dir_cache.h"

namespace halint::render {

struct RenderOptions {
  bool enabled = true;  // false (--no-render): every object as written
  fs::DirCache* dirs = nullptr;  // listings the walk already made (optional)
  // flux.sourceRoots: "Kind/namespace/name" -> absolute directory an OCIRepository or
  // Bucket is pushed from (optional).
  const std::map<std::string, std::string>* flux_source_roots = nullptr;
};

// Fills analysis.objects, analysis.renders and analysis.render_findings from the files
// in analysis.files. May read more files that renders reference (added to the table).
void render_repository(Analysis& analysis, const RenderOptions& options);

}  // namespace halint::render
