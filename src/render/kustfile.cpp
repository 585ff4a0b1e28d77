#include "render/kustfile.h"

#include <strings.h>

#include <array>

namespace halint::render {
namespace {

std::string scalar(const yaml::Node* n) { return n && n->is_scalar() && !n->is_null() ? n->str() : ""; }

constexpr std::array kFields = {
    "apiVersion", "kind", "metadata", "openapi", "namePrefix", "nameSuffix", "namespace", "commonLabels", "labels",
    "commonAnnotations", "patchesStrategicMerge", "patchesJson6902", "patches", "images", "imageTags", "replacements",
    "replicas", "vars", "sortOptions", "resources", "components", "crds", "bases", "configMapGenerator",
    "secretGenerator", "helmGlobals", "helmCharts", "helmChartInflationGenerator", "generatorOptions",
    "configurations", "generators", "transformers", "validators", "buildMetadata"};

// Fields whose value must be a list, and those that must be a map (kustomize's decoder
// refuses anything else).
bool list_field(std::string_view f) {
  for (const char* l : {"patchesStrategicMerge", "patchesJson6902", "patches", "images", "imageTags", "replacements",
                        "replicas", "vars", "resources", "components", "crds", "bases", "configMapGenerator",
                        "secretGenerator", "helmCharts", "helmChartInflationGenerator", "configurations", "generators",
                        "transformers", "validators", "buildMetadata", "labels"})
    if (f == l) return true;
  return false;
}
bool map_field(std::string_view f) {
  for (const char* m : {"metadata", "openapi", "commonLabels", "commonAnnotations", "sortOptions", "helmGlobals",
                        "generatorOptions"})
    if (f == m) return true;
  return false;
}

const char* canonical(const std::string& key) {
  for (const char* f : kFields)
    if (key == f) return f;
  for (const char* f : kFields)
    if (strcasecmp(f, key.c_str()) == 0) return f;
  return nullptr;
}

void append_items(yaml::Node& into, const yaml::Node& list) {
  for (const auto& i : list.items()) into.push_back(i);
}

}  // namespace

KustFile read_kustomization(const yaml::Node& raw) {
  KustFile k;
  k.node = yaml::Node::map(raw.origin());
  if (raw.is_null()) {
    k.error = "kustomization.yaml is empty";
    k.error_at = raw.origin();
    return k;
  }
  if (!raw.is_map()) {
    k.error = "invalid Kustomization: not a mapping";
    k.error_at = raw.origin();
    return k;
  }
  yaml::Node bases, image_tags;
  bool content = false;
  for (size_t i = 0; i < raw.size(); ++i) {
    const yaml::Node& key = raw.key_at(i);
    const yaml::Node& value = raw.value_at(i);
    const char* name = canonical(key.str());
    if (!name) {
      k.error = "invalid Kustomization: json: unknown field \"" + key.str() + "\"";
      k.error_at = key.origin();
      return k;
    }
    std::string_view f = name;
    if (!value.is_null() && ((list_field(f) && !value.is_seq()) || (map_field(f) && !value.is_map()))) {
      k.error = "invalid Kustomization: json: cannot unmarshal " + std::string(value.is_map() ? "object" : value.is_seq() ? "array" : "string") +
                " into field " + std::string(f);
      k.error_at = value.origin();
      return k;
    }
    // An empty list or map is content to kustomize's emptiness check (a non-nil slice).
    if (f != "apiVersion" && f != "kind" && !value.is_null() && !(value.is_scalar() && value.str().empty()))
      content = true;
    if (f == "bases") bases = value;
    else if (f == "imageTags") image_tags = value;
    else k.node.set(yaml::Node::string(name, key.origin()), value);
  }
  // kustomize's FixKustomization: bases after resources, imageTags after images.
  for (auto [from, to] : {std::pair{&bases, "resources"}, std::pair{&image_tags, "images"}}) {
    if (!from->is_seq() || from->empty()) continue;
    yaml::Node* list = k.node.get(to);
    if (!list || !list->is_seq()) list = &k.node.set(to, yaml::Node::seq(from->origin()));
    append_items(*list, *from);
  }
  for (const char* gen : {"configMapGenerator", "secretGenerator"})
    if (yaml::Node* gens = k.node.get(gen); gens && gens->is_seq())
      for (auto& g : gens->items()) {
        if (!g.is_map()) continue;
        const yaml::Node* env = g.get("env");
        if (!env || scalar(env).empty()) continue;
        yaml::Node envs = g.get("envs") && g.get("envs")->is_seq() ? *g.get("envs") : yaml::Node::seq(env->origin());
        envs.push_back(*env);
        g.erase("env");
        g.set("envs", std::move(envs));
      }
  std::string kind = scalar(k.node.get("kind"));
  std::string api = scalar(k.node.get("apiVersion"));
  k.component = kind == "Component";
  if (!kind.empty() && kind != "Kustomization" && kind != "Component") {
    k.error = "kind should be Kustomization or Component";
    k.error_at = k.node.get("kind")->origin();
  } else if (!api.empty() && api != (k.component ? "kustomize.config.k8s.io/v1alpha1" : "kustomize.config.k8s.io/v1beta1")) {
    k.error = "apiVersion for " + (kind.empty() ? std::string("Kustomization") : kind) + " should be " +
              (k.component ? "kustomize.config.k8s.io/v1alpha1" : "kustomize.config.k8s.io/v1beta1");
    k.error_at = k.node.get("apiVersion")->origin();
  } else if (!content) {
    k.error = "kustomization.yaml is empty";
    k.error_at = raw.origin();
  }
  return k;
}

}  // namespace halint::render
