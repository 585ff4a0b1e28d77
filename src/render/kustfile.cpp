#include "render/kustfile.h"

#include <strings.h>

#include <array>

namespace halint::render {
namespace {

std::string scalar(const yaml::Node* n) { return n && n->is_scalar() && !n->is_null() ? n->str() : ""; }

// kustomize's fields, each with the kind of value its decoder requires (a list or a map;
// it refuses anything else). string_views: a kustomization's keys are looked up here for
// every kustomization of every render.
enum class Shape { Any, List, Map };
struct Field {
  std::string_view name;
  Shape shape;
};
constexpr std::array kFields = {
    Field{"apiVersion", Shape::Any},         Field{"kind", Shape::Any},
    Field{"metadata", Shape::Map},           Field{"openapi", Shape::Map},
    Field{"namePrefix", Shape::Any},         Field{"nameSuffix", Shape::Any},
    Field{"namespace", Shape::Any},          Field{"commonLabels", Shape::Map},
    Field{"labels", Shape::List},            Field{"commonAnnotations", Shape::Map},
    Field{"patchesStrategicMerge", Shape::List}, Field{"patchesJson6902", Shape::List},
    Field{"patches", Shape::List},           Field{"images", Shape::List},
    Field{"imageTags", Shape::List},         Field{"replacements", Shape::List},
    Field{"replicas", Shape::List},          Field{"vars", Shape::List},
    Field{"sortOptions", Shape::Map},        Field{"resources", Shape::List},
    Field{"components", Shape::List},        Field{"crds", Shape::List},
    Field{"bases", Shape::List},             Field{"configMapGenerator", Shape::List},
    Field{"secretGenerator", Shape::List},   Field{"helmGlobals", Shape::Map},
    Field{"helmCharts", Shape::List},        Field{"helmChartInflationGenerator", Shape::List},
    Field{"generatorOptions", Shape::Map},   Field{"configurations", Shape::List},
    Field{"generators", Shape::List},        Field{"transformers", Shape::List},
    Field{"validators", Shape::List},        Field{"buildMetadata", Shape::List}};

const Field* canonical(const std::string& key) {
  for (const Field& f : kFields)
    if (key == f.name) return &f;
  for (const Field& f : kFields)
    if (f.name.size() == key.size() && strncasecmp(f.name.data(), key.data(), key.size()) == 0) return &f;
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
    const Field* field = canonical(key.str());
    if (!field) {
      k.error = "invalid Kustomization: json: unknown field \"" + key.str() + "\"";
      k.error_at = key.origin();
      return k;
    }
    std::string_view f = field->name;
    if (!value.is_null() && ((field->shape == Shape::List && !value.is_seq()) || (field->shape == Shape::Map && !value.is_map()))) {
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
    else k.node.set(yaml::Node::string(std::string(f), key.origin()), value);
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
