#include "rules/visibility.h"

#include <string_view>
#include <unordered_set>

namespace halint::rules {
namespace {

// API groups whose objects never create pods (or are built in and modelled).
bool inert_group(std::string_view group) {
  static const std::unordered_set<std::string_view> groups = {
      "", "apps", "batch", "policy", "autoscaling", "networking.k8s.io", "rbac.authorization.k8s.io",
      "storage.k8s.io", "scheduling.k8s.io", "coordination.k8s.io", "discovery.k8s.io",
      "admissionregistration.k8s.io", "apiextensions.k8s.io", "apiregistration.k8s.io", "node.k8s.io",
      "kustomize.toolkit.fluxcd.io", "source.toolkit.fluxcd.io", "notification.toolkit.fluxcd.io",
      "image.toolkit.fluxcd.io", "cert-manager.io", "external-secrets.io", "monitoring.coreos.com",
      "gateway.networking.k8s.io", "traefik.io", "traefik.containo.us", "cilium.io", "kustomize.config.k8s.io",
      "bitnami.com", "secrets.hashicorp.com", "snapshot.storage.k8s.io", "volsync.backube"};
  return groups.count(group) > 0;
}

// The API group of an apiVersion ("apps" for "apps/v1", "" for "v1"), without a copy.
std::string_view group_of(const std::string& api_version) {
  std::string_view av = api_version;
  size_t slash = av.find('/');
  return slash == std::string_view::npos ? std::string_view() : av.substr(0, slash);
}

}  // namespace

Visibility::Visibility(const Analysis& a) {
  // A HelmRelease whose chart halint modelled hides nothing: its objects are in the analysis.
  std::unordered_set<size_t> modelled;
  for (const auto& o : a.objects)
    if (o.helm) modelled.insert(o.helm->release);
  for (size_t i = 0; i < a.objects.size(); ++i) {
    const model::Object& o = a.objects[i];
    if (o.kind == "HelmRelease" && !modelled.count(i)) {
      helm_namespaces_.insert(o.effective_namespace());
      const yaml::Node* target = o.root().path({"spec", "targetNamespace"});
      if (target && target->is_scalar() && !target->str().empty()) helm_namespaces_.insert(target->str());
    }
    if (!inert_group(group_of(o.api_version))) opaque_.insert({o.render, o.effective_namespace()});
  }
  for (const auto& f : a.render_findings)
    if (f.rule == "HA005")
      for (const auto& v : f.via) skipped_renders_.insert(v);
}

bool Visibility::helm_release_in(const std::string& ns) const { return helm_namespaces_.count(ns) > 0; }

bool Visibility::complete(const std::string& render, const std::string& ns) const {
  if (helm_release_in(ns)) return false;
  if (opaque_.count({render, ns})) return false;
  if (!render.empty() && skipped_renders_.count(render)) return false;
  return true;
}

}  // namespace halint::rules
