#include "render/transformers.h"

#include <map>
#include <set>
#include <utility>

#include "render/containers.h"

namespace halint::render {
namespace {

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  size_t i = 0;
  while (true) {
    size_t j = s.find(sep, i);
    out.push_back(s.substr(i, j == std::string::npos ? std::string::npos : j - i));
    if (j == std::string::npos) break;
    i = j + 1;
  }
  return out;
}

void visit(yaml::Node& n, const std::vector<std::string>& segs, size_t i, bool create, Origin origin,
           const std::function<void(yaml::Node&, const std::string&)>& fn, int depth) {
  if (depth > 64) return;
  if (n.is_seq()) {
    for (auto& e : n.items()) visit(e, segs, i, create, origin, fn, depth + 1);
    return;
  }
  if (!n.is_map()) return;
  std::string seg = segs[i];
  if (seg.size() > 2 && seg.ends_with("[]")) seg.resize(seg.size() - 2);
  if (i + 1 == segs.size()) {
    fn(n, seg);
    return;
  }
  yaml::Node* next = n.get(seg);
  if (!next || next->is_null()) {
    if (!create) return;
    next = &n.set(seg, yaml::Node::map(origin));
  }
  visit(*next, segs, i + 1, create, origin, fn, depth + 1);
}

bool kind_matches(const FieldSpec& fs, const Resource& r) {
  if (!fs.kind.empty() && fs.kind != r.kind()) return false;
  if (!fs.group.empty() && fs.group != r.group()) return false;
  return true;
}

const std::set<std::string> kPodTemplateKinds = {"Deployment", "ReplicaSet", "DaemonSet", "StatefulSet", "Job",
                                                  "ReplicationController"};

// kustomize's commonLabels field specs (templates and selectors), metadata/labels aside.
std::vector<FieldSpec> make_selector_specs() {
  std::vector<FieldSpec> s;
  s.push_back({"", "ReplicationController", "spec/selector", true});
  s.push_back({"", "Service", "spec/selector", true});
  for (const char* k : {"Deployment", "ReplicaSet", "DaemonSet", "StatefulSet"}) {
    s.push_back({"", k, "spec/selector/matchLabels", true});
    for (const char* aff : {"podAffinity", "podAntiAffinity"}) {
      s.push_back({"", k,
                   std::string("spec/template/spec/affinity/") + aff +
                       "/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels",
                   false});
      s.push_back({"", k,
                   std::string("spec/template/spec/affinity/") + aff +
                       "/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels",
                   false});
    }
    s.push_back({"", k, "spec/template/spec/topologySpreadConstraints/labelSelector/matchLabels", false});
  }
  s.push_back({"batch", "Job", "spec/selector/matchLabels", false});
  s.push_back({"batch", "CronJob", "spec/jobTemplate/spec/selector/matchLabels", false});
  s.push_back({"policy", "PodDisruptionBudget", "spec/selector/matchLabels", false});
  s.push_back({"networking.k8s.io", "NetworkPolicy", "spec/podSelector/matchLabels", false});
  s.push_back({"networking.k8s.io", "NetworkPolicy", "spec/ingress/from/podSelector/matchLabels", false});
  s.push_back({"networking.k8s.io", "NetworkPolicy", "spec/egress/to/podSelector/matchLabels", false});
  return s;
}

std::vector<FieldSpec> make_template_label_specs() {
  std::vector<FieldSpec> s;
  for (const auto& k : kPodTemplateKinds) s.push_back({"", k, "spec/template/metadata/labels", true});
  s.push_back({"", "StatefulSet", "spec/volumeClaimTemplates[]/metadata/labels", true});
  s.push_back({"batch", "CronJob", "spec/jobTemplate/metadata/labels", true});
  s.push_back({"batch", "CronJob", "spec/jobTemplate/spec/template/metadata/labels", true});
  return s;
}

// Built once: every build of every render asks for them (constant tables).
const std::vector<FieldSpec>& selector_specs() {
  static const std::vector<FieldSpec> specs = make_selector_specs();
  return specs;
}
const std::vector<FieldSpec>& template_label_specs() {
  static const std::vector<FieldSpec> specs = make_template_label_specs();
  return specs;
}

void set_string_entries(yaml::Node& parent, const std::string& key, const yaml::Node& entries) {
  yaml::Node* m = parent.get(key);
  if (!m || !m->is_map()) m = &parent.set(key, yaml::Node::map(entries.origin()));
  for (size_t i = 0; i < entries.size(); ++i) {
    yaml::Node v = entries.value_at(i);
    if (v.is_scalar()) v.set_scalar_type(yaml::ScalarType::String);
    m->set(entries.key_at(i), std::move(v));
  }
}

}  // namespace

std::vector<FieldSpec> parse_field_specs(const yaml::Node* list) {
  std::vector<FieldSpec> out;
  if (!list || !list->is_seq()) return out;
  for (const auto& f : list->items()) {
    if (!f.is_map() || !f.get("path")) continue;
    FieldSpec fs;
    fs.path = f.get("path")->str();
    if (auto k = f.get("kind")) fs.kind = k->str();
    if (auto g = f.get("group")) fs.group = g->str();
    if (auto c = f.get("create")) fs.create = c->as_bool().value_or(false);
    out.push_back(std::move(fs));
  }
  return out;
}

void apply_string_map(std::vector<Resource>& rs, const std::vector<FieldSpec>& specs, const yaml::Node& entries) {
  for (auto& r : rs)
    for (const auto& fs : specs) {
      if (!kind_matches(fs, r)) continue;
      visit_path(r.node, fs.path, fs.create, entries.origin(),
                 [&](yaml::Node& parent, const std::string& key) { set_string_entries(parent, key, entries); });
    }
}


void visit_path(yaml::Node& obj, const std::string& path, bool create, Origin origin,
                const std::function<void(yaml::Node& parent, const std::string& key)>& fn) {
  auto segs = split(path, '/');
  if (segs.empty()) return;
  visit(obj, segs, 0, create, origin, fn, 0);
}

void set_namespace(std::vector<Resource>& rs, const yaml::Node& ns_node) {
  for (auto& r : rs) {
    std::string kind = r.kind();
    if (kind == "RoleBinding" || kind == "ClusterRoleBinding") {
      // kustomize moves ServiceAccount subjects that sat in the objects' namespace (or
      // "default") along with them.
      if (yaml::Node* subjects = r.node.get("subjects"); subjects && subjects->is_seq())
        for (auto& s : subjects->items()) {
          if (!s.is_map()) continue;
          const yaml::Node* k = s.get("kind");
          if (!k || k->str() != "ServiceAccount") continue;
          const yaml::Node* sns = s.get("namespace");
          if (!sns || sns->str() == "default" || sns->str().empty()) s.set("namespace", ns_node);
        }
    }
    if (kind == "Namespace") {
      // kustomize's namespace field spec includes a Namespace object's own name.
      if (yaml::Node* meta = r.node.get("metadata"); meta && meta->is_map()) meta->set("name", ns_node);
      continue;
    }
    if (cluster_scoped(kind)) continue;
    yaml::Node& meta = ensure_map(r.node, "metadata", ns_node.origin());
    meta.set("namespace", ns_node);
  }
}

void add_prefix_suffix(std::vector<Resource>& rs, const yaml::Node* prefix, const yaml::Node* suffix) {
  std::string p = prefix ? prefix->str() : "", s = suffix ? suffix->str() : "";
  if (p.empty() && s.empty()) return;
  for (auto& r : rs) {
    std::string kind = r.kind();
    if (kind == "CustomResourceDefinition" || kind == "Namespace" || kind == "APIService") continue;
    yaml::Node* name = r.node.path({"metadata", "name"}) ? r.node.get("metadata")->get("name") : nullptr;
    if (!name) continue;
    name->set_str(p + name->str() + s);
    name->set_scalar_type(yaml::ScalarType::String);
  }
}

void add_labels(std::vector<Resource>& rs, const yaml::Node& labels, bool selectors, bool templates) {
  if (!labels.is_map() || labels.empty()) return;
  std::vector<FieldSpec> specs{{"", "", "metadata/labels", true}};
  if (templates || selectors)
    for (auto& f : template_label_specs()) specs.push_back(f);
  if (selectors)
    for (auto& f : selector_specs()) specs.push_back(f);
  apply_string_map(rs, specs, labels);
}

void add_annotations(std::vector<Resource>& rs, const yaml::Node& annotations) {
  if (!annotations.is_map() || annotations.empty()) return;
  std::vector<FieldSpec> specs{{"", "", "metadata/annotations", true}};
  for (const auto& k : kPodTemplateKinds) specs.push_back({"", k, "spec/template/metadata/annotations", true});
  specs.push_back({"batch", "CronJob", "spec/jobTemplate/metadata/annotations", true});
  specs.push_back({"batch", "CronJob", "spec/jobTemplate/spec/template/metadata/annotations", true});
  apply_string_map(rs, specs, annotations);
}

namespace {

struct ImageRef {
  std::string name, tag, digest;
};

ImageRef parse_image(const std::string& s) {
  ImageRef r;
  std::string rest = s;
  if (auto at = rest.find('@'); at != std::string::npos) {
    r.digest = rest.substr(at + 1);
    rest = rest.substr(0, at);
  }
  auto colon = rest.rfind(':');
  auto slash = rest.rfind('/');
  if (colon != std::string::npos && (slash == std::string::npos || colon > slash)) {
    r.tag = rest.substr(colon + 1);
    rest = rest.substr(0, colon);
  }
  r.name = rest;
  return r;
}

// Rewrites one container's image per the kustomization's images entries.
void set_image(yaml::Node& c, const yaml::Node& images) {
  yaml::Node* img = c.get("image");
  if (!img || !img->is_scalar()) return;
  ImageRef ref = parse_image(img->str());
  for (const auto& spec : images.items()) {
    if (!spec.is_map()) continue;
    const yaml::Node* name = spec.get("name");
    if (!name || name->str() != ref.name) continue;
    const yaml::Node* nn = spec.get("newName");
    const yaml::Node* nt = spec.get("newTag");
    const yaml::Node* dg = spec.get("digest");
    if (nn && !nn->is_null()) ref.name = nn->str();
    if (nt && !nt->is_null()) {
      ref.tag = nt->str();
      ref.digest.clear();
    }
    if (dg && !dg->is_null()) {
      ref.digest = dg->str();
      ref.tag.clear();
    }
    std::string out = ref.name;
    if (!ref.tag.empty()) out += ":" + ref.tag;
    if (!ref.digest.empty()) out += "@" + ref.digest;
    // The new value was written in the kustomization's images entry.
    *img = str_node(out, spec.origin());
    break;
  }
}

}  // namespace

void set_images(std::vector<Resource>& rs, const yaml::Node& images) {
  if (!images.is_seq()) return;
  for (auto& r : rs) for_each_container(r.node, [&](yaml::Node& c) { set_image(c, images); });
}

void set_replicas(std::vector<Resource>& rs, const yaml::Node& replicas) {
  if (!replicas.is_seq()) return;
  static const std::set<std::string> kinds = {"Deployment", "ReplicationController", "ReplicaSet", "StatefulSet"};
  for (const auto& spec : replicas.items()) {
    const yaml::Node* name = spec.get("name");
    const yaml::Node* count = spec.get("count");
    if (!name || !count) continue;
    for (auto& r : rs) {
      if (!kinds.count(r.kind()) || (r.name() != name->str() && r.orig_name != name->str())) continue;
      ensure_map(r.node, "spec", spec.origin()).set("replicas", *count);
    }
  }
}

namespace {

std::vector<NameRef> make_builtin_name_refs() {
  std::vector<NameRef> refs;
  auto pod_paths = [](const std::string& rel) {
    std::vector<FieldSpec> out;
    out.push_back({"", "Pod", "spec/" + rel, false});
    for (const auto& k : kPodTemplateKinds) out.push_back({"", k, "spec/template/spec/" + rel, false});
    out.push_back({"", "CronJob", "spec/jobTemplate/spec/template/spec/" + rel, false});
    return out;
  };
  auto add = [](NameRef& r, std::vector<FieldSpec> v) {
    for (auto& f : v) r.referrers.push_back(std::move(f));
  };
  NameRef cm{"ConfigMap", {}};
  for (const char* p : {"volumes/configMap/name", "containers/env/valueFrom/configMapKeyRef/name",
                        "initContainers/env/valueFrom/configMapKeyRef/name", "containers/envFrom/configMapRef/name",
                        "initContainers/envFrom/configMapRef/name", "volumes/projected/sources/configMap/name"})
    add(cm, pod_paths(p));
  refs.push_back(cm);
  NameRef sec{"Secret", {}};
  for (const char* p : {"volumes/secret/secretName", "containers/env/valueFrom/secretKeyRef/name",
                        "initContainers/env/valueFrom/secretKeyRef/name", "containers/envFrom/secretRef/name",
                        "initContainers/envFrom/secretRef/name", "imagePullSecrets/name",
                        "volumes/projected/sources/secret/name"})
    add(sec, pod_paths(p));
  sec.referrers.push_back({"", "ServiceAccount", "imagePullSecrets/name", false});
  sec.referrers.push_back({"", "ServiceAccount", "secrets/name", false});
  sec.referrers.push_back({"", "Ingress", "spec/tls/secretName", false});
  refs.push_back(sec);
  NameRef sa{"ServiceAccount", {}};
  add(sa, pod_paths("serviceAccountName"));
  sa.referrers.push_back({"", "RoleBinding", "subjects/name", false});
  sa.referrers.push_back({"", "ClusterRoleBinding", "subjects/name", false});
  refs.push_back(sa);
  NameRef pvc{"PersistentVolumeClaim", {}};
  add(pvc, pod_paths("volumes/persistentVolumeClaim/claimName"));
  refs.push_back(pvc);
  NameRef pc{"PriorityClass", {}};
  add(pc, pod_paths("priorityClassName"));
  refs.push_back(pc);
  NameRef svc{"Service", {}};
  svc.referrers.push_back({"", "StatefulSet", "spec/serviceName", false});
  svc.referrers.push_back({"", "Ingress", "spec/rules/http/paths/backend/service/name", false});
  svc.referrers.push_back({"", "Ingress", "spec/defaultBackend/service/name", false});
  svc.referrers.push_back({"", "Ingress", "spec/rules/http/paths/backend/serviceName", false});
  refs.push_back(svc);
  for (const char* k : {"Deployment", "StatefulSet", "ReplicaSet", "ReplicationController"}) {
    NameRef w{k, {}};
    w.referrers.push_back({"", "HorizontalPodAutoscaler", "spec/scaleTargetRef/name", false});
    refs.push_back(w);
  }
  for (const char* k : {"Role", "ClusterRole"}) {
    NameRef w{k, {}};
    w.referrers.push_back({"", "RoleBinding", "roleRef/name", false});
    w.referrers.push_back({"", "ClusterRoleBinding", "roleRef/name", false});
    refs.push_back(w);
  }
  return refs;
}

const std::vector<NameRef>& builtin_name_refs() {
  static const std::vector<NameRef> refs = make_builtin_name_refs();
  return refs;
}

// For references that name their target's kind next to the name (HPA scaleTargetRef,
// roleRef, subjects), the sibling kind must match.
bool sibling_kind_ok(const yaml::Node& parent, const std::string& kind) {
  const yaml::Node* k = parent.get("kind");
  return !k || k->str() == kind;
}

}  // namespace

void fix_name_references(std::vector<Resource>& rs, const std::vector<NameRef>& extra) {
  struct Rename {
    size_t index;
  };
  // kind -> old name -> resources renamed from it
  std::map<std::string, std::map<std::string, std::vector<size_t>>> renamed;
  for (size_t i = 0; i < rs.size(); ++i)
    if (rs[i].name() != rs[i].orig_name && !rs[i].orig_name.empty())
      renamed[rs[i].kind()][rs[i].orig_name].push_back(i);
  if (renamed.empty()) return;
  std::vector<NameRef> with_extra;
  if (!extra.empty()) {
    with_extra = builtin_name_refs();
    with_extra.insert(with_extra.end(), extra.begin(), extra.end());
  }
  const std::vector<NameRef>& refs = extra.empty() ? builtin_name_refs() : with_extra;
  for (auto& referrer : rs) {
    std::string rns = referrer.name_space();
    for (const auto& ref : refs) {
      auto it = renamed.find(ref.kind);
      if (it == renamed.end()) continue;
      for (const auto& fs : ref.referrers) {
        if (!kind_matches(fs, referrer)) continue;
        visit_path(referrer.node, fs.path, false, {}, [&](yaml::Node& parent, const std::string& key) {
          const yaml::Node* v = std::as_const(parent).get(key);  // written only when renamed
          if (!v || !v->is_scalar()) return;
          auto cand = it->second.find(v->str());
          if (cand == it->second.end()) return;
          if (!sibling_kind_ok(parent, ref.kind)) return;
          // Prefer the referral in the referrer's namespace (cluster-scoped ones match any).
          const Resource* target = nullptr;
          for (size_t idx : cand->second) {
            const Resource& t = rs[idx];
            if (cluster_scoped(t.kind()) || t.name_space() == rns || cluster_scoped(referrer.kind())) {
              target = &t;
              break;
            }
          }
          if (!target) return;
          yaml::Node* w = parent.get(key);
          w->set_str(target->name());
          w->set_scalar_type(yaml::ScalarType::String);
        });
      }
    }
  }
}

std::vector<NameRef> parse_name_references(const yaml::Node& config) {
  std::vector<NameRef> out;
  const yaml::Node* nr = config.get("nameReference");
  if (!nr || !nr->is_seq()) return out;
  for (const auto& e : nr->items()) {
    if (!e.is_map() || !e.get("kind")) continue;
    NameRef r{e.get("kind")->str(), {}};
    if (const yaml::Node* fss = e.get("fieldSpecs"); fss && fss->is_seq())
      for (const auto& f : fss->items()) {
        if (!f.is_map() || !f.get("path")) continue;
        FieldSpec fs;
        fs.path = f.get("path")->str();
        if (auto k = f.get("kind")) fs.kind = k->str();
        if (auto g = f.get("group")) fs.group = g->str();
        r.referrers.push_back(std::move(fs));
      }
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace halint::render
