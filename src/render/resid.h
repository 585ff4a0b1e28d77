#pragma once
// kustomize's notion of an object's identity: group/version/kind, name and namespace,
// with the namespace compared as the API server reads it ("" is "default"; cluster-scoped
// objects have none). Which kinds are cluster-scoped is decided by apiVersion and kind
// together, from kustomize's built-in OpenAPI data: a `Namespace` of another group is an
// ordinary namespaced custom resource.
#include <string>
#include <string_view>

namespace halint::render {

// The namespace kustomize gives cluster-scoped ids, and "" namespaces resolve to.
inline constexpr std::string_view kNoNamespace = "_non_namespaceable_";
inline constexpr std::string_view kDefaultNamespace = "default";

// Splits "group/version" ("v1" has no group).
std::string_view api_group(std::string_view api_version);
std::string_view api_version_only(std::string_view api_version);

// True when kustomize knows (apiVersion, kind) to be cluster-scoped; unknown kinds
// (custom resources) are namespaced.
bool cluster_scoped(std::string_view api_version, std::string_view kind);

// The namespace as ids compare it (a view of `ns` or of one of the constants above).
std::string_view effective_namespace_view(std::string_view api_version, std::string_view kind, std::string_view ns);
inline std::string effective_namespace(std::string_view api_version, std::string_view kind, std::string_view ns) {
  return std::string(effective_namespace_view(api_version, kind, ns));
}

}  // namespace halint::render
