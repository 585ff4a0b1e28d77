#pragma once
// Helpers for the HelmRelease stage's unit tests: an analysis made of in-memory files
// (objects as written, no render), modelled by the stage.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "core/analysis.h"
#include "core/loader.h"
#include "helm/stage.h"
#include "model/object.h"

namespace halint::helm::testing {

struct Modelled {
  Analysis analysis;
  Stage stage;

  // The modelled object of `kind` and `name`, or nullptr.
  const model::Object* find(const std::string& kind, const std::string& name) const {
    for (const auto& o : analysis.objects)
      if (o.helm && o.kind == kind && o.name == name) return &o;
    return nullptr;
  }
  size_t count_modelled() const {
    size_t n = 0;
    for (const auto& o : analysis.objects) n += o.helm != nullptr;
    return n;
  }
  std::vector<std::string> messages(const std::string& rule) const {
    std::vector<std::string> out;
    for (const auto& f : analysis.model_findings)
      if (f.rule == rule) out.push_back(f.message);
    return out;
  }
};

// files: path (under /repo) -> text. Objects are taken as written.
inline Modelled model_files(const std::map<std::string, std::string>& files) {
  Modelled m;
  for (const auto& [path, text] : files) {
    FileId id = static_cast<FileId>(m.analysis.files.size());
    m.analysis.files.add(parse_text("/repo/" + path, text, id));
    m.analysis.linted_files.push_back(id);
    EXPECT_FALSE(m.analysis.files[id].syntax_error) << path;
  }
  for (FileId id : m.analysis.linted_files)
    for (auto& o : model::objects_in_file(m.analysis.files[id], id)) m.analysis.objects.push_back(std::move(o));
  m.stage.run(m.analysis, StageOptions{});
  return m;
}

// A HelmRelease of app-template `version` (through an OCIRepository) with these values
// (YAML text indented for `spec.values`, i.e. by 4 spaces).
inline Modelled model_app_template(const std::string& version, const std::string& values,
                                   const std::string& name = "shop", const std::string& ns = "apps") {
  std::string hr = "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: " + name +
                   "\n  namespace: " + ns +
                   "\nspec:\n  chartRef:\n    kind: OCIRepository\n    name: app-template\n  values:\n" + values;
  std::string oci = "apiVersion: source.toolkit.fluxcd.io/v1\nkind: OCIRepository\nmetadata:\n  name: app-template\n"
                    "  namespace: " + ns + "\nspec:\n  ref:\n    tag: " + version +
                    "\n  url: oci://ghcr.io/bjw-s-labs/helm/app-template\n";
  return model_files({{"helmrelease.yaml", hr}, {"ocirepository.yaml", oci}});
}

inline std::string str_at(const model::Object* o, std::initializer_list<std::string_view> path) {
  if (!o) return "<no object>";
  const yaml::Node* n = o->root().path(path);
  if (!n) return "<absent>";
  if (!n->is_scalar()) return yaml::to_flow(*n, 4000);
  return n->is_null() ? "<null>" : n->str();
}

}  // namespace halint::helm::testing
