#include "render/transformer_config.h"

#include <array>
#include <strings.h>

namespace halint::render {
namespace {

std::string scalar(const yaml::Node* n) { return n && n->is_scalar() && !n->is_null() ? n->str() : ""; }

bool same_gvk(const FieldSpec& a, const FieldSpec& b) {
  return a.group == b.group && a.version == b.version && a.kind == b.kind;
}

std::string merge_refs(std::vector<NameBackRef>& into, const NameBackRef& r) {
  for (auto& x : into)
    if (same_gvk(x.gvk, r.gvk)) return merge_all(x.referrers, r.referrers);
  into.push_back(r);
  return "";
}

FieldSpec fs(std::string group, std::string version, std::string kind, std::string path, bool create = false) {
  return FieldSpec{std::move(group), std::move(version), std::move(kind), std::move(path), create};
}

// Labels and annotations on objects and on the pod (and claim) templates they hold.
FsSlice metadata_specs(const char* field, bool claims) {
  std::string m = std::string("metadata/") + field;
  FsSlice s{fs("", "", "", m, true), fs("", "v1", "ReplicationController", "spec/template/" + m, true),
            fs("", "", "Deployment", "spec/template/" + m, true), fs("", "", "ReplicaSet", "spec/template/" + m, true),
            fs("", "", "DaemonSet", "spec/template/" + m, true),
            fs(claims ? "apps" : "", "", "StatefulSet", "spec/template/" + m, true)};
  if (claims) s.push_back(fs("apps", "", "StatefulSet", "spec/volumeClaimTemplates[]/" + m, true));
  s.push_back(fs("batch", "", "Job", "spec/template/" + m, true));
  s.push_back(fs("batch", "", "CronJob", "spec/jobTemplate/" + m, true));
  s.push_back(fs("batch", "", "CronJob", "spec/jobTemplate/spec/template/" + m, true));
  return s;
}

FsSlice selector_specs() {
  FsSlice s{fs("", "v1", "Service", "spec/selector", true), fs("", "v1", "ReplicationController", "spec/selector", true)};
  const std::string aff = "spec/template/spec/affinity/";
  const std::string lsel = "labelSelector/matchLabels";
  for (const char* kind : {"Deployment", "ReplicaSet", "DaemonSet", "StatefulSet"}) {
    bool apps = std::string(kind) == "StatefulSet";
    s.push_back(fs(apps ? "apps" : "", "", kind, "spec/selector/matchLabels", true));
    if (std::string(kind) == "Deployment" || apps)
      for (const char* a : {"podAffinity", "podAntiAffinity"}) {
        s.push_back(fs("apps", "", kind, aff + a + "/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/" + lsel));
        s.push_back(fs("apps", "", kind, aff + a + "/requiredDuringSchedulingIgnoredDuringExecution/" + lsel));
      }
    if (std::string(kind) == "Deployment" || apps)
      s.push_back(fs("apps", "", kind, "spec/template/spec/topologySpreadConstraints/" + lsel));
  }
  s.push_back(fs("batch", "", "Job", "spec/selector/matchLabels"));
  s.push_back(fs("batch", "", "CronJob", "spec/jobTemplate/spec/selector/matchLabels"));
  s.push_back(fs("policy", "", "PodDisruptionBudget", "spec/selector/matchLabels"));
  s.push_back(fs("networking.k8s.io", "", "NetworkPolicy", "spec/podSelector/matchLabels"));
  s.push_back(fs("networking.k8s.io", "", "NetworkPolicy", "spec/ingress/from/podSelector/matchLabels"));
  s.push_back(fs("networking.k8s.io", "", "NetworkPolicy", "spec/egress/to/podSelector/matchLabels"));
  return s;
}

// Where pod specs sit in each workload kind.
struct PodSpecAt {
  const char* kind;
  const char* version;  // "" any
  const char* prefix;   // up to and including the pod spec
};
constexpr std::array kPodSpecs = {
    PodSpecAt{"Pod", "v1", "spec/"},
    PodSpecAt{"PodTemplate", "", "template/spec/"},
    PodSpecAt{"Deployment", "", "spec/template/spec/"},
    PodSpecAt{"ReplicaSet", "", "spec/template/spec/"},
    PodSpecAt{"DaemonSet", "", "spec/template/spec/"},
    PodSpecAt{"StatefulSet", "", "spec/template/spec/"},
    PodSpecAt{"Job", "", "spec/template/spec/"},
    PodSpecAt{"CronJob", "", "spec/jobTemplate/spec/template/spec/"},
};

FsSlice var_reference_specs() {
  FsSlice s;
  auto containers = [&](const char* kind, const std::string& pod) {
    for (const char* c : {"containers", "initContainers"})
      for (const char* f : {"args", "command", "env/value", "volumeMounts/mountPath"})
        s.push_back(fs("", "", kind, pod + c + "/" + f));
  };
  // kustomize's table: per kind, container fields then the NFS server of volumes.
  containers("CronJob", "spec/jobTemplate/spec/template/spec/");
  s.push_back(fs("", "", "CronJob", "spec/jobTemplate/spec/template/volumes/nfs/server"));
  for (const char* kind : {"DaemonSet", "Deployment"}) {
    containers(kind, "spec/template/spec/");
    s.push_back(fs("", "", kind, "spec/template/spec/volumes/nfs/server"));
  }
  s.push_back(fs("", "", "Deployment", "spec/template/metadata/annotations"));
  s.push_back(fs("", "", "Ingress", "spec/rules/host"));
  s.push_back(fs("", "", "Ingress", "spec/tls/hosts"));
  s.push_back(fs("", "", "Ingress", "spec/tls/secretName"));
  containers("Job", "spec/template/spec/");
  s.push_back(fs("", "", "Job", "spec/template/spec/volumes/nfs/server"));
  containers("Pod", "spec/");
  s.push_back(fs("", "", "Pod", "spec/volumes/nfs/server"));
  containers("ReplicaSet", "spec/template/spec/");
  s.push_back(fs("", "", "ReplicaSet", "spec/template/spec/volumes/nfs/server"));
  s.push_back(fs("", "", "Service", "spec/ports/port"));
  s.push_back(fs("", "", "Service", "spec/ports/targetPort"));
  containers("StatefulSet", "spec/template/spec/");
  s.push_back(fs("", "", "StatefulSet", "spec/volumeClaimTemplates/spec/nfs/server"));
  s.push_back(fs("", "", "PersistentVolume", "spec/nfs/server"));
  s.push_back(fs("", "", "", "metadata/labels"));
  s.push_back(fs("", "", "", "metadata/annotations"));
  return s;
}

std::vector<NameBackRef> name_reference_specs() {
  std::vector<NameBackRef> refs;
  auto ref = [&](std::string group, std::string version, std::string kind) -> FsSlice& {
    refs.push_back({fs(std::move(group), std::move(version), std::move(kind), ""), {}});
    return refs.back().referrers;
  };
  for (const char* k : {"Deployment", "ReplicationController", "ReplicaSet", "StatefulSet"})
    ref("", "", k).push_back(fs("", "", "HorizontalPodAutoscaler", "spec/scaleTargetRef/name"));
  // Pod spec fields, for every kind holding a pod spec (Pod: version v1 only).
  auto pod_refs = [](FsSlice& r, std::initializer_list<const char*> rels, bool cronjob_order) {
    for (const auto& p : kPodSpecs) {
      if (cronjob_order && std::string(p.kind) == "CronJob") continue;
      for (const char* rel : rels) r.push_back(fs("", p.version, p.kind, std::string(p.prefix) + rel));
    }
  };
  FsSlice& cm = ref("", "v1", "ConfigMap");
  pod_refs(cm,
           {"volumes/configMap/name", "containers/env/valueFrom/configMapKeyRef/name",
            "initContainers/env/valueFrom/configMapKeyRef/name", "containers/envFrom/configMapRef/name",
            "initContainers/envFrom/configMapRef/name", "volumes/projected/sources/configMap/name"},
           true);
  for (const char* rel : {"volumes/configMap/name", "volumes/projected/sources/configMap/name",
                          "containers/env/valueFrom/configMapKeyRef/name", "initContainers/env/valueFrom/configMapKeyRef/name",
                          "containers/envFrom/configMapRef/name", "initContainers/envFrom/configMapRef/name"})
    cm.push_back(fs("", "", "CronJob", std::string("spec/jobTemplate/spec/template/spec/") + rel));
  cm.push_back(fs("", "", "Node", "spec/configSource/configMap"));
  cm.push_back(fs("", "", "Role", "rules/resourceNames"));
  cm.push_back(fs("", "", "ClusterRole", "rules/resourceNames"));
  cm.push_back(fs("", "", "Ingress", "metadata/annotations/nginx.ingress.kubernetes.io\\/fastcgi-params-configmap"));

  FsSlice& sec = ref("", "v1", "Secret");
  pod_refs(sec,
           {"volumes/secret/secretName", "containers/env/valueFrom/secretKeyRef/name",
            "initContainers/env/valueFrom/secretKeyRef/name", "containers/envFrom/secretRef/name",
            "initContainers/envFrom/secretRef/name", "imagePullSecrets/name", "volumes/projected/sources/secret/name"},
           true);
  for (const char* rel : {"volumes/secret/secretName", "volumes/projected/sources/secret/name",
                          "containers/env/valueFrom/secretKeyRef/name", "initContainers/env/valueFrom/secretKeyRef/name",
                          "containers/envFrom/secretRef/name", "initContainers/envFrom/secretRef/name", "imagePullSecrets/name"})
    sec.push_back(fs("", "", "CronJob", std::string("spec/jobTemplate/spec/template/spec/") + rel));
  sec.push_back(fs("", "", "Ingress", "spec/tls/secretName"));
  sec.push_back(fs("", "", "Ingress", "metadata/annotations/ingress.kubernetes.io\\/auth-secret"));
  sec.push_back(fs("", "", "Ingress", "metadata/annotations/nginx.ingress.kubernetes.io\\/auth-secret"));
  sec.push_back(fs("", "", "Ingress", "metadata/annotations/nginx.ingress.kubernetes.io\\/auth-tls-secret"));
  sec.push_back(fs("", "", "ServiceAccount", "imagePullSecrets/name"));
  for (const char* p : {"parameters/secretName", "parameters/adminSecretName", "parameters/userSecretName",
                        "parameters/secretRef"})
    sec.push_back(fs("", "", "StorageClass", p));
  sec.push_back(fs("", "", "Role", "rules/resourceNames"));
  sec.push_back(fs("", "", "ClusterRole", "rules/resourceNames"));
  sec.push_back(fs("serving.knative.dev", "v1", "Service", "spec/template/spec/containers/env/valueFrom/secretKeyRef/name"));
  sec.push_back(fs("", "", "PersistentVolume", "spec/azureFile/secretName"));

  FsSlice& svc = ref("", "v1", "Service");
  svc.push_back(fs("apps", "", "StatefulSet", "spec/serviceName"));
  svc.push_back(fs("", "", "Ingress", "spec/rules/http/paths/backend/serviceName"));
  svc.push_back(fs("", "", "Ingress", "spec/backend/serviceName"));
  svc.push_back(fs("", "", "Ingress", "spec/rules/http/paths/backend/service/name"));
  svc.push_back(fs("", "", "Ingress", "spec/defaultBackend/service/name"));
  svc.push_back(fs("apiregistration.k8s.io", "", "APIService", "spec/service/name"));
  svc.push_back(fs("admissionregistration.k8s.io", "", "ValidatingWebhookConfiguration", "webhooks/clientConfig/service"));
  svc.push_back(fs("admissionregistration.k8s.io", "", "MutatingWebhookConfiguration", "webhooks/clientConfig/service"));

  const std::string rbac = "rbac.authorization.k8s.io";
  ref(rbac, "", "Role").push_back(fs(rbac, "", "RoleBinding", "roleRef/name"));
  FsSlice& cr = ref(rbac, "", "ClusterRole");
  cr.push_back(fs(rbac, "", "RoleBinding", "roleRef/name"));
  cr.push_back(fs(rbac, "", "ClusterRoleBinding", "roleRef/name"));

  // Kinds referred to from pod specs by a single field, in kustomize's kind order.
  auto pod_field = [&](FsSlice& r, const std::string& rel) {
    r.push_back(fs("", "", "Pod", "spec/" + rel));
    for (const char* k : {"StatefulSet", "Deployment", "ReplicationController"})
      r.push_back(fs("", "", k, "spec/template/spec/" + rel));
    r.push_back(fs("", "", "CronJob", "spec/jobTemplate/spec/template/spec/" + rel));
    for (const char* k : {"Job", "DaemonSet"}) r.push_back(fs("", "", k, "spec/template/spec/" + rel));
  };
  FsSlice& sa = ref("", "v1", "ServiceAccount");
  sa.push_back(fs(rbac, "", "RoleBinding", "subjects"));
  sa.push_back(fs(rbac, "", "ClusterRoleBinding", "subjects"));
  pod_field(sa, "serviceAccountName");
  pod_field(ref("", "v1", "PersistentVolumeClaim"), "volumes/persistentVolumeClaim/claimName");
  FsSlice& pv = ref("", "v1", "PersistentVolume");
  pv.push_back(fs("", "", "PersistentVolumeClaim", "spec/volumeName"));
  pv.push_back(fs("", "", "ClusterRole", "rules/resourceNames"));
  FsSlice& stc = ref("storage.k8s.io", "v1", "StorageClass");
  stc.push_back(fs("", "", "PersistentVolume", "spec/storageClassName"));
  stc.push_back(fs("", "", "PersistentVolumeClaim", "spec/storageClassName"));
  stc.push_back(fs("", "", "StatefulSet", "spec/volumeClaimTemplates/spec/storageClassName"));
  pod_field(ref("scheduling.k8s.io", "v1", "PriorityClass"), "priorityClassName");
  // kustomize writes this group with its version ("networking.k8s.io/v1"), so it never
  // matches an IngressClass; kept as it is to build what kustomize builds.
  ref("networking.k8s.io/v1", "v1", "IngressClass").push_back(fs("", "", "Ingress", "spec/ingressClassName"));
  ref("admissionregistration.k8s.io", "", "ValidatingAdmissionPolicy")
      .push_back(fs("admissionregistration.k8s.io", "", "ValidatingAdmissionPolicyBinding", "spec/policyName"));
  return refs;
}

TransformerConfig make_defaults() {
  TransformerConfig c;
  c.name_prefix = {fs("", "", "", "metadata/name")};
  c.name_suffix = {fs("", "", "", "metadata/name")};
  c.common_labels = selector_specs();
  for (auto& f : metadata_specs("labels", true)) c.common_labels.push_back(f);
  c.template_labels = metadata_specs("labels", true);
  c.common_annotations = metadata_specs("annotations", false);
  c.name_space = {fs("", "v1", "Namespace", "metadata/name", true),
                  fs("apiregistration.k8s.io", "", "APIService", "spec/service/namespace", true),
                  fs("apiextensions.k8s.io", "", "CustomResourceDefinition",
                     "spec/conversion/webhook/clientConfig/service/namespace")};
  c.var_reference = var_reference_specs();
  c.name_reference = name_reference_specs();
  for (const char* p : {"spec/containers[]/image", "spec/initContainers[]/image", "spec/template/spec/containers[]/image",
                        "spec/template/spec/initContainers[]/image"})
    c.images.push_back(fs("", "", "", p, true));
  for (const char* k : {"Deployment", "ReplicationController", "ReplicaSet", "StatefulSet"})
    c.replicas.push_back(fs("", "", k, "spec/replicas", true));
  return c;
}

}  // namespace

const TransformerConfig& TransformerConfig::defaults() {
  static const TransformerConfig c = [] {
    TransformerConfig d = make_defaults();
    d.only_defaults = true;
    d.includes_defaults = true;
    return d;
  }();
  return c;
}

bool TransformerConfig::empty() const {
  for (const FsSlice* l : {&name_prefix, &name_suffix, &name_space, &common_labels, &labels, &template_labels,
                           &common_annotations, &var_reference, &images, &replicas})
    if (!l->empty()) return false;
  return name_reference.empty();
}

std::string TransformerConfig::merge(const TransformerConfig& o) {
  if (o.empty()) return "";
  if (empty()) {
    *this = o;
    return "";
  }
  if (only_defaults && o.only_defaults) return "";
  if (o.only_defaults && includes_defaults) return "";
  only_defaults = false;
  std::pair<FsSlice*, const FsSlice*> lists[] = {
      {&name_prefix, &o.name_prefix},     {&name_suffix, &o.name_suffix},
      {&name_space, &o.name_space},       {&common_labels, &o.common_labels},
      {&labels, &o.labels},               {&template_labels, &o.template_labels},
      {&common_annotations, &o.common_annotations}, {&var_reference, &o.var_reference},
      {&images, &o.images},               {&replicas, &o.replicas}};
  for (auto& [into, from] : lists)
    if (std::string err = merge_all(*into, *from); !err.empty()) return err;
  for (const auto& r : o.name_reference)
    if (std::string err = merge_refs(name_reference, r); !err.empty()) return err;
  if (o.only_defaults) includes_defaults = true;
  return "";
}

TransformerConfig parse_transformer_config(const yaml::Node& doc, std::string& error) {
  TransformerConfig c;
  if (doc.is_null()) return c;
  if (!doc.is_map()) {
    error = "a transformer configuration must be a mapping";
    return c;
  }
  std::pair<const char*, FsSlice*> lists[] = {
      {"namePrefix", &c.name_prefix},     {"nameSuffix", &c.name_suffix},
      {"namespace", &c.name_space},       {"commonLabels", &c.common_labels},
      {"labels", &c.labels},              {"templateLabels", &c.template_labels},
      {"commonAnnotations", &c.common_annotations}, {"varReference", &c.var_reference},
      {"images", &c.images},              {"replicas", &c.replicas}};
  for (size_t i = 0; i < doc.size(); ++i) {
    const std::string& key = doc.key_at(i).str();
    const yaml::Node& v = doc.value_at(i);
    bool known = false;
    for (auto& [name, list] : lists)
      if (strcasecmp(name, key.c_str()) == 0) {
        known = true;
        *list = parse_field_specs(&v, error);
      }
    if (strcasecmp(key.c_str(), "nameReference") == 0) {
      known = true;
      if (v.is_seq())
        for (const auto& e : v.items()) {
          if (!e.is_map()) continue;
          NameBackRef r;
          for (size_t j = 0; j < e.size(); ++j) {
            const std::string& k = e.key_at(j).str();
            const yaml::Node& ev = e.value_at(j);
            if (strcasecmp(k.c_str(), "kind") == 0) r.gvk.kind = scalar(&ev);
            else if (strcasecmp(k.c_str(), "group") == 0) r.gvk.group = scalar(&ev);
            else if (strcasecmp(k.c_str(), "version") == 0) r.gvk.version = scalar(&ev);
            else if (strcasecmp(k.c_str(), "fieldSpecs") == 0) r.referrers = parse_field_specs(&ev, error);
            else error = "json: unknown field \"" + k + "\"";
          }
          if (std::string err = merge_refs(c.name_reference, r); !err.empty()) error = err;
        }
    }
    if (!known) error = "json: unknown field \"" + key + "\"";
  }
  return c;
}

}  // namespace halint::render
