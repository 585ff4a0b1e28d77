#pragma once
// A Kubernetes object as halint evaluates it: as written in a file, or as a render
// (kustomize build, Flux Kustomization) produced it.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/file_table.h"
#include "core/finding.h"
#include "yaml/node.h"

namespace halint::model {

// What a chart model made an object from (src/helm/): the HelmRelease and its chart.
struct HelmSource {
  size_t release = 0;  // index of the HelmRelease in Analysis::objects
  std::string via;     // "helm media/sonarr (app-template 5.1.0)"
};

struct Object {
  std::shared_ptr<const yaml::Node> node;  // the object's tree (points into a file or a render)
  std::string api_version;
  std::string kind;
  std::string name;
  std::string name_space;  // as written or as rendered; empty when not set
  FileId file = kNoFile;   // the file of its first line (its origin)
  uint32_t document = 0;   // document index in that file
  std::string render;      // the render that produced it; empty: the object as written
  std::shared_ptr<const HelmSource> helm;  // set when modelled from a HelmRelease's chart
  // metadata.annotations as make_object found it (the tree was in cache then), so that
  // passes over every object (suppressions) need not walk to it again; `looked` is false
  // for an object made otherwise.
  const yaml::Node* annotations_at = nullptr;
  bool annotations_looked = false;
  const yaml::Node* annotations_node() const { return annotations_looked ? annotations_at : annotations(); }
  // What a chart profile says about a modelled workload (rules read these, never charts):
  // why the whole cluster depends on it (HA105), or why it runs one replica by design.
  std::string critical;
  std::string singleton;

  const yaml::Node& root() const { return *node; }
  // The namespace it lands in ("default" when unset and namespaced).
  std::string effective_namespace() const { return name_space.empty() ? "default" : name_space; }
  std::string group() const;  // "apps" for "apps/v1", "" for "v1"
  ResourceRef ref() const { return {api_version, kind, name_space, name}; }
  const yaml::Node* labels() const { return node->path({"metadata", "labels"}); }
  const yaml::Node* annotations() const { return node->path({"metadata", "annotations"}); }
};

// Builds an Object from a tree with apiVersion and kind (nullopt for other documents).
std::optional<Object> make_object(std::shared_ptr<const yaml::Node> node, FileId file, uint32_t doc,
                                  std::string render = {});

// The objects written in one file, `kind: List` expanded. Documents that are not
// Kubernetes objects (no apiVersion/kind) are skipped silently.
std::vector<Object> objects_in_file(const SourceFile& file, FileId id);

}  // namespace halint::model
