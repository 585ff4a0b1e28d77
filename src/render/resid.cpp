#include "render/resid.h"

#include <algorithm>
#include <array>

namespace halint::render {

std::string_view api_group(std::string_view av) {
  auto s = av.find('/');
  return s == std::string_view::npos ? std::string_view() : av.substr(0, s);
}

std::string_view api_version_only(std::string_view av) {
  auto s = av.find('/');
  return s == std::string_view::npos ? av : av.substr(s + 1);
}

bool cluster_scoped(std::string_view api_version, std::string_view kind) {
  // Asked for every object of every render many times over: most kinds are none of these,
  // and a length-first comparison turns them away before the table's binary search.
  static constexpr std::array<std::string_view, 22> kKinds = {
      "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration", "CustomResourceDefinition", "APIService",
      "CertificateSigningRequest", "FlowSchema", "PriorityLevelConfiguration", "IngressClass", "RuntimeClass",
      "PodSecurityPolicy", "ClusterRole", "ClusterRoleBinding", "PriorityClass", "CSIDriver", "CSINode",
      "StorageClass", "VolumeAttachment", "ComponentStatus", "Namespace", "Node", "NodeProxyOptions",
      "PersistentVolume"};
  if (std::find(kKinds.begin(), kKinds.end(), kind) == kKinds.end()) return false;
  // The cluster-scoped entries of the scope table kustomize v5 precomputes from its
  // built-in schema (keyed by apiVersion and kind, sorted for binary search).
  struct Entry {
    std::string_view api_version, kind;
    bool operator<(const Entry& o) const {
      return api_version != o.api_version ? api_version < o.api_version : kind < o.kind;
    }
  };
  static constexpr std::array kTable = {
      Entry{"admissionregistration.k8s.io/v1", "MutatingWebhookConfiguration"},
      Entry{"admissionregistration.k8s.io/v1", "ValidatingWebhookConfiguration"},
      Entry{"admissionregistration.k8s.io/v1beta1", "MutatingWebhookConfiguration"},
      Entry{"admissionregistration.k8s.io/v1beta1", "ValidatingWebhookConfiguration"},
      Entry{"apiextensions.k8s.io/v1", "CustomResourceDefinition"},
      Entry{"apiextensions.k8s.io/v1beta1", "CustomResourceDefinition"},
      Entry{"apiregistration.k8s.io/v1", "APIService"},
      Entry{"apiregistration.k8s.io/v1beta1", "APIService"},
      Entry{"certificates.k8s.io/v1", "CertificateSigningRequest"},
      Entry{"certificates.k8s.io/v1beta1", "CertificateSigningRequest"},
      Entry{"flowcontrol.apiserver.k8s.io/v1beta1", "FlowSchema"},
      Entry{"flowcontrol.apiserver.k8s.io/v1beta1", "PriorityLevelConfiguration"},
      Entry{"networking.k8s.io/v1", "IngressClass"},
      Entry{"networking.k8s.io/v1beta1", "IngressClass"},
      Entry{"node.k8s.io/v1", "RuntimeClass"},
      Entry{"node.k8s.io/v1beta1", "RuntimeClass"},
      Entry{"policy/v1beta1", "PodSecurityPolicy"},
      Entry{"rbac.authorization.k8s.io/v1", "ClusterRole"},
      Entry{"rbac.authorization.k8s.io/v1", "ClusterRoleBinding"},
      Entry{"rbac.authorization.k8s.io/v1beta1", "ClusterRole"},
      Entry{"rbac.authorization.k8s.io/v1beta1", "ClusterRoleBinding"},
      Entry{"scheduling.k8s.io/v1", "PriorityClass"},
      Entry{"scheduling.k8s.io/v1beta1", "PriorityClass"},
      Entry{"storage.k8s.io/v1", "CSIDriver"},
      Entry{"storage.k8s.io/v1", "CSINode"},
      Entry{"storage.k8s.io/v1", "StorageClass"},
      Entry{"storage.k8s.io/v1", "VolumeAttachment"},
      Entry{"storage.k8s.io/v1beta1", "CSIDriver"},
      Entry{"storage.k8s.io/v1beta1", "CSINode"},
      Entry{"storage.k8s.io/v1beta1", "StorageClass"},
      Entry{"storage.k8s.io/v1beta1", "VolumeAttachment"},
      Entry{"v1", "ComponentStatus"},
      Entry{"v1", "Namespace"},
      Entry{"v1", "Node"},
      Entry{"v1", "NodeProxyOptions"},
      Entry{"v1", "PersistentVolume"},
  };
  static_assert(std::all_of(kTable.begin(), kTable.end(), [](const Entry& e) {
    return std::find(kKinds.begin(), kKinds.end(), e.kind) != kKinds.end();
  }));
  return std::binary_search(kTable.begin(), kTable.end(), Entry{api_version, kind});
}

std::string_view effective_namespace_view(std::string_view api_version, std::string_view kind, std::string_view ns) {
  if (cluster_scoped(api_version, kind)) return kNoNamespace;
  if (ns.empty()) return kDefaultNamespace;
  return ns;
}

}  // namespace halint::render
