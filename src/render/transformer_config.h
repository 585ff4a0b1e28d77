#pragma once
// The field specs kustomize's built-in transformers work with (its "transformer
// configuration"): where prefixes, labels, annotations, namespaces, images, replicas and
// vars go, and which fields refer to which kinds by name. Starts from kustomize's
// defaults; `configurations:` files add to it, and a build merges the configuration of
// every kustomization it includes.
#include <string>
#include <vector>

#include "render/fieldspec.h"

namespace halint::render {

// Objects of this group/version/kind are referred to by name at `referrers`.
struct NameBackRef {
  FieldSpec gvk;  // path unused
  FsSlice referrers;
};

struct TransformerConfig {
  FsSlice name_prefix, name_suffix, name_space, common_labels, labels, template_labels, common_annotations,
      var_reference, images, replicas;
  std::vector<NameBackRef> name_reference;
  // True while this is exactly the built-in configuration: merging it into itself is then
  // a no-op (every kustomization of every render starts from it; merging spec lists
  // costs a scan of each list per spec).
  bool only_defaults = false;
  // True when the built-in configuration was merged into this one (or into the one it
  // was copied from or grew out of): merging it again changes nothing and cannot fail,
  // since the first spec each default spec meets is the one it met then.
  bool includes_defaults = false;

  bool empty() const;
  // kustomize's built-in configuration.
  static const TransformerConfig& defaults();
  // Adds `other`'s specs; "" or kustomize's error ("conflicting fieldspecs").
  std::string merge(const TransformerConfig& other);
};

// A `configurations:` file (strict: unknown keys are errors, matched case-insensitively as
// kustomize's JSON decoder does).
TransformerConfig parse_transformer_config(const yaml::Node& doc, std::string& error);

}  // namespace halint::render
