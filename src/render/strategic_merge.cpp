#include "render/strategic_merge.h"

#include <set>

namespace halint::render {
namespace {

// Kinds described by kustomize's built-in schema: their lists merge only where Kubernetes
// declares a patch merge key. For other kinds (CRDs) kustomize falls back to guessing the
// key from the elements (kyaml's associative keys).
bool builtin_kind(const std::string& kind) {
  static const std::set<std::string> kinds = {
      "Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job",
      "CronJob", "Service", "ConfigMap", "Secret", "ServiceAccount", "PersistentVolumeClaim",
      "PersistentVolume", "Namespace", "Ingress", "NetworkPolicy", "PodDisruptionBudget",
      "HorizontalPodAutoscaler", "Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding",
      "StorageClass", "PriorityClass", "CustomResourceDefinition", "Endpoints", "LimitRange",
      "ResourceQuota", "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration", "PodTemplate"};
  return kinds.count(kind) > 0;
}

// Patch merge key of a list field of a built-in kind ("" = replace the list).
std::string merge_key(const std::string& kind, const std::string& field, const std::string& parent) {
  if (field == "containers" || field == "initContainers" || field == "ephemeralContainers" ||
      field == "volumes" || field == "env" || field == "imagePullSecrets" || field == "resourceClaims")
    return "name";
  if (field == "volumeMounts") return "mountPath";
  if (field == "volumeDevices") return "devicePath";
  if (field == "topologySpreadConstraints") return "topologyKey";
  if (field == "hostAliases") return "ip";
  if (field == "conditions") return "type";
  if (field == "ownerReferences") return "uid";
  if (field == "ports") return kind == "Service" && parent == "spec" ? "port" : "containerPort";
  return "";
}

// kyaml's fallback for kinds without a schema: a list of maps that all carry one of
// these keys merges on it.
std::string guessed_key(const yaml::Node& a, const yaml::Node& b) {
  static const char* keys[] = {"mountPath", "devicePath", "ip", "type", "topologyKey", "name", "containerPort"};
  for (const char* k : keys) {
    bool all = true;
    for (const yaml::Node* list : {&a, &b})
      for (const auto& e : list->items())
        if (!e.is_map() || (!e.get(k) && !e.get("$patch"))) all = false;
    if (all && (!a.empty() || !b.empty())) return k;
  }
  return "";
}

std::string directive(const yaml::Node& n) {
  if (!n.is_map()) return "";
  const yaml::Node* d = n.get("$patch");
  return d && d->is_scalar() ? d->str() : "";
}

// Copy of a patch subtree with its directives removed (they never reach the output).
yaml::Node clean(const yaml::Node& n) {
  yaml::Node out = n;
  if (out.is_map()) {
    out.erase("$patch");
    for (size_t i = 0; i < out.size();) {
      const std::string& k = out.key_at(i).str();
      if (k.rfind("$setElementOrder/", 0) == 0 || k == "$retainKeys") {
        out.erase_at(i);
        continue;
      }
      if (out.value_at(i).is_null() && out.key_at(i).is_scalar()) {
        // `key: null` in a patch deletes; on a new subtree it just is not written.
        out.erase_at(i);
        continue;
      }
      out.value_at(i) = clean(out.value_at(i));
      ++i;
    }
  } else if (out.is_seq()) {
    for (auto& e : out.items()) e = clean(e);
  }
  return out;
}

struct Merger {
  const std::string& kind;
  bool builtin;
  std::string error;

  void merge_map(yaml::Node& dst, const yaml::Node& patch, int depth, const std::string& field);
  void merge_list(yaml::Node& dst, const yaml::Node& patch, const std::string& field, const std::string& parent,
                  int depth);
};

void Merger::merge_list(yaml::Node& dst, const yaml::Node& patch, const std::string& field,
                        const std::string& parent, int depth) {
  std::string key = builtin ? merge_key(kind, field, parent) : guessed_key(dst, patch);
  // A `- $patch: replace` element makes the rest of the patch list the whole list.
  for (const auto& e : patch.items())
    if (directive(e) == "replace") {
      yaml::Node out = yaml::Node::seq(patch.origin());
      for (const auto& x : patch.items())
        if (directive(x) != "replace") out.push_back(clean(x));
      dst = std::move(out);
      return;
    }
  if (key.empty()) {
    dst = clean(patch);
    return;
  }
  // As kustomize orders it: the patch's elements first, in the patch's order (merged into
  // their counterparts), then the target's elements the patch does not mention.
  std::vector<yaml::Node> out;
  std::vector<bool> used(dst.items().size(), false);
  for (const auto& e : patch.items()) {
    const yaml::Node* kv = e.is_map() ? e.get(key) : nullptr;
    long found = -1;
    if (kv)
      for (size_t i = 0; i < dst.items().size(); ++i) {
        const yaml::Node& d = dst.at(i);
        const yaml::Node* dk = d.is_map() ? d.get(key) : nullptr;
        if (!used[i] && dk && dk->is_scalar() && dk->str() == kv->str()) {
          found = static_cast<long>(i);
          break;
        }
      }
    if (found >= 0) used[found] = true;
    if (directive(e) == "delete") continue;
    if (found >= 0) {
      yaml::Node merged = dst.at(found);
      merge_map(merged, e, depth + 1, field);
      out.push_back(std::move(merged));
    } else {
      out.push_back(clean(e));
    }
  }
  for (size_t i = 0; i < dst.items().size(); ++i)
    if (!used[i]) out.push_back(std::move(dst.at(i)));
  dst.assign_children(std::move(out));
}

void Merger::merge_map(yaml::Node& dst, const yaml::Node& patch, int depth, const std::string& field) {
  if (depth > 200) {
    error = "patch nested too deeply";
    return;
  }
  std::string dir = directive(patch);
  if (dir == "replace") {
    Origin o = dst.origin();
    dst = clean(patch);
    if (!dst.origin().known()) dst.set_origin(o);
    return;
  }
  for (size_t i = 0; i < patch.size(); ++i) {
    const yaml::Node& k = patch.key_at(i);
    const yaml::Node& v = patch.value_at(i);
    if (!k.is_scalar()) continue;
    const std::string& name = k.str();
    if (name == "$patch" || name == "$retainKeys" || name.rfind("$setElementOrder/", 0) == 0) continue;
    if (name.rfind("$deleteFromPrimitiveList/", 0) == 0) continue;
    yaml::Node* cur = dst.get(name);
    if (v.is_null()) {
      dst.erase(name);
      continue;
    }
    if (directive(v) == "delete") {
      dst.erase(name);
      continue;
    }
    if (!cur) {
      dst.set(k, clean(v));
      continue;
    }
    if (v.is_map() && cur->is_map()) {
      merge_map(*cur, v, depth + 1, name);
    } else if (v.is_seq() && cur->is_seq()) {
      merge_list(*cur, v, name, field, depth + 1);
    } else {
      *cur = clean(v);
    }
  }
}

}  // namespace

std::string strategic_merge(yaml::Node& target, const yaml::Node& patch, const std::string& kind) {
  if (!target.is_map() || !patch.is_map()) return "patch is not a mapping";
  Merger m{kind, builtin_kind(kind), {}};
  m.merge_map(target, patch, 0, "");
  return m.error;
}

}  // namespace halint::render
