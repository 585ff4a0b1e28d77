#include "rules/scheduling.h"

namespace halint::rules {

bool is_hostname_key(std::string_view key) { return key == "kubernetes.io/hostname"; }

bool is_spread_key(std::string_view key) {
  return key == "kubernetes.io/hostname" || key == "topology.kubernetes.io/zone" ||
         key == "topology.kubernetes.io/region" || key == "failure-domain.beta.kubernetes.io/zone" ||
         key == "failure-domain.beta.kubernetes.io/region";
}

std::vector<AntiAffinityTerm> anti_affinity_terms(const yaml::Node* pod_spec) {
  std::vector<AntiAffinityTerm> out;
  if (!pod_spec) return out;
  const yaml::Node* anti = pod_spec->path({"affinity", "podAntiAffinity"});
  if (!anti || !anti->is_map()) return out;
  auto add = [&](const yaml::Node* term, bool required) {
    if (!term || !term->is_map()) return;
    AntiAffinityTerm t;
    t.term = term;
    t.required = required;
    if (const auto* k = term->get("topologyKey"); k && k->is_scalar()) t.topology_key = k->str();
    t.selector = model::parse_selector(term->get("labelSelector"));
    out.push_back(std::move(t));
  };
  if (const auto* req = anti->get("requiredDuringSchedulingIgnoredDuringExecution"); req && req->is_seq())
    for (const auto& t : req->items()) add(&t, true);
  if (const auto* pref = anti->get("preferredDuringSchedulingIgnoredDuringExecution"); pref && pref->is_seq())
    for (const auto& t : pref->items()) add(t.get("podAffinityTerm"), false);
  return out;
}

bool selects_own_pods(const std::optional<model::LabelSelector>& sel, const model::Workload& w) {
  if (!sel || sel->empty()) return false;
  if (sel->unknown || w.pod_labels_unknown) return true;  // cannot tell: give the benefit of the doubt
  return sel->matches(w.pod_labels);
}

std::optional<yaml::Node> selector_match_labels(const model::Workload& w) {
  if (!w.spec) return std::nullopt;
  const yaml::Node* ml = w.spec->path({"selector", "matchLabels"});
  if (!ml || !ml->is_map() || ml->empty()) return std::nullopt;
  yaml::Node out = yaml::Node::map();
  for (size_t i = 0; i < ml->size(); ++i) {
    if (ml->key_at(i).is_substitution() || ml->value_at(i).is_substitution()) return std::nullopt;
    out.set(ml->key_at(i).str(), yaml::Node::string(ml->value_at(i).str()));
  }
  return out;
}

const yaml::Node* pod_spec_anchor(const model::Workload& w) {
  if (w.pod_template)
    if (const auto* k = w.pod_template->find_key("spec")) return k;
  if (w.spec) return w.spec;
  return &w.object->root();
}

}  // namespace halint::rules
