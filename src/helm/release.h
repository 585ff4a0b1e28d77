#pragma once
// A Flux HelmRelease as helm-controller would install it: release name and namespace,
// the chart it names (resolved through chartRef / sourceRef objects of the repository),
// its merged values, and its post-renderer patches. Built from the HelmRelease as the
// render delivered it (substitutions, patches and namespace applied).
#include <optional>
#include <string>
#include <vector>

#include "core/analysis.h"
#include "core/finding.h"
#include "helm/values.h"
#include "model/object.h"

namespace halint::helm {

struct ChartId {
  std::string name;        // "app-template", "cert-manager"
  std::string version;     // "5.1.0", a range such as "1.x", or "" when not pinned
  std::string source_url;  // the OCIRepository / HelmRepository URL ("" when unknown)
  std::string source_kind; // OCIRepository, HelmRepository, GitRepository, HelmChart, ...
  Origin at;               // where the chart is named (chart / chartRef / the OCIRepository tag)
  bool resolved = false;   // false: the chartRef/sourceRef names nothing in the repository
  std::string problem;     // why it is not resolved
};

struct Release {
  const model::Object* object = nullptr;  // the HelmRelease as rendered
  std::string name;          // metadata.name
  std::string name_space;    // where the HelmRelease lives
  std::string release_name;  // as helm-controller computes it (53-character rule)
  std::string target_namespace;  // where the chart's objects go
  ChartId chart;
  Values values;
  Origin values_anchor;      // spec.values (or the HelmRelease's spec when absent)
  // `spec.postRenderers[].kustomize.patches` entries (maps with patch/target), in order.
  std::vector<const yaml::Node*> post_render_patches;
  std::vector<Finding> problems;  // values sources that could not be read, as HA005 infos
  std::string via;           // "helm media/sonarr (app-template 5.1.0)", set once modelled
};

// Objects of the repository a release refers to (sources, ConfigMaps, Secrets): in the
// same namespace, the same render first, then the one written nearest to `near` (the
// file of the object that refers to it).
class ReleaseContext {
 public:
  explicit ReleaseContext(const Analysis& a);
  const model::Object* find(const std::string& kind, const std::string& name, const std::string& ns,
                            const std::string& render, FileId near = kNoFile) const;
  const Analysis& analysis() const { return a_; }

 private:
  const Analysis& a_;
  std::vector<const model::Object*> by_kind_name_;  // sorted by (kind, name)
};

bool is_helm_release(const model::Object& o);

// Builds the release for a HelmRelease object.
Release read_release(const model::Object& hr, const ReleaseContext& ctx);

// helm-controller's release name: releaseName, else [targetNamespace-]name, shortened to
// 53 characters with a hash suffix when longer.
std::string release_name(const std::string& release_name, const std::string& target_ns, const std::string& name);

}  // namespace halint::helm
