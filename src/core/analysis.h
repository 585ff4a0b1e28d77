#pragma once
// Everything one run of halint knows about a repository: the files it read, the objects
// it evaluates (rendered, or as written when no render includes them) and what the
// renderer reported. Passed by const reference to rules and reporters.
#include <string>
#include <vector>

#include "core/file_table.h"
#include "core/finding.h"
#include "model/object.h"

namespace halint {

struct RenderInfo {
  std::string name;  // e.g. "kustomize apps/staging" or "flux flux-system/apps"
  FileId file = kNoFile;  // the kustomization / Flux Kustomization that defines it
  // The directory whose kustomization the render builds (a Flux Kustomization's
  // spec.path), and that kustomization's file (kNoFile: none, Flux generates one from
  // the directory's files). A fix that adds an object to this render alone goes there.
  std::string dir;
  FileId kustomization = kNoFile;
};

struct Analysis {
  FileTable files;
  std::vector<FileId> linted_files;     // files found by the walk (not those only a render read)
  std::vector<model::Object> objects;   // what rules evaluate
  std::vector<RenderInfo> renders;
  std::vector<Finding> render_findings; // HA004/HA005/HA006 from rendering
  std::vector<Finding> model_findings;  // HA004/HA005 from modelling HelmReleases (src/helm/)
  size_t skipped_helm_templates = 0;
  size_t skipped_jinja = 0;
  std::string repository_root;
};

}  // namespace halint
