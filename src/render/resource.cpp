#include "render/resource.h"

#include <set>

namespace halint::render {

bool cluster_scoped(const std::string& kind) {
  // The cluster-scoped kinds of kustomize's built-in OpenAPI schema (Kubernetes 1.21): every
  // other kind, a CRD's included (ClusterIssuer...), is treated as namespaced, as kustomize does.
  static const std::set<std::string> kinds = {
      "Namespace", "Node", "PersistentVolume", "ClusterRole", "ClusterRoleBinding",
      "CustomResourceDefinition", "StorageClass", "PriorityClass", "ValidatingWebhookConfiguration",
      "MutatingWebhookConfiguration", "APIService", "CSIDriver", "CSINode", "VolumeAttachment",
      "RuntimeClass", "PodSecurityPolicy", "IngressClass", "ComponentStatus", "CertificateSigningRequest",
      "TokenReview", "SelfSubjectAccessReview", "SelfSubjectRulesReview", "SubjectAccessReview",
      "FlowSchema", "PriorityLevelConfiguration"};
  return kinds.count(kind) > 0;
}

yaml::Node& ensure_map(yaml::Node& parent, std::string_view key, Origin origin) {
  if (yaml::Node* n = parent.get(key); n && n->is_map()) return *n;
  return parent.set(key, yaml::Node::map(origin));
}

yaml::Node str_node(std::string value, Origin origin) { return yaml::Node::string(std::move(value), origin); }

}  // namespace halint::render
