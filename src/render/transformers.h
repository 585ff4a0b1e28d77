#pragma once
// kustomize's built-in transformers on the objects of a build, driven by field specs
// (transformer_config.h): namespace, name prefix/suffix, labels, annotations, images,
// replicas. Each returns kustomize's error text, "" when fine. Written values keep the
// origin of the kustomization entry that set them.
#include <string>
#include <vector>

#include "render/fieldspec.h"
#include "render/resource.h"

namespace halint::render {

// NamespaceTransformer. `subjects`: how RoleBinding subjects move ("defaultOnly": the
// ones named "default", "allServiceAccounts", "none").
std::string set_namespace(std::vector<Resource>& rs, const yaml::Node& ns, const FsSlice& specs, bool unset_only = false,
                          const std::string& subjects = "defaultOnly");
// PrefixTransformer / SuffixTransformer (records the prefix and the previous id).
std::string add_prefix(std::vector<Resource>& rs, const yaml::Node& prefix, const FsSlice& specs);
std::string add_suffix(std::vector<Resource>& rs, const yaml::Node& suffix, const FsSlice& specs);
// LabelTransformer / AnnotationsTransformer: string entries at every spec.
std::string add_map_entries(std::vector<Resource>& rs, const yaml::Node& entries, const FsSlice& specs);

// One `images` entry.
struct ImageSpec {
  std::string name, new_name, new_tag, digest, tag_suffix;
  Origin at;
};
ImageSpec parse_image_spec(const yaml::Node& entry);
std::string set_image(std::vector<Resource>& rs, const ImageSpec& image, const FsSlice& specs);

// ReplicaCountTransformer: one `replicas` entry.
std::string set_replicas(std::vector<Resource>& rs, const yaml::Node& entry, const FsSlice& specs);

}  // namespace halint::render
