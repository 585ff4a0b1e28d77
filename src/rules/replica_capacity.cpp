#include "rules/replica_capacity.h"

#include <set>

namespace halint::rules {
namespace {

bool unset(const yaml::Node* n) { return !n || n->is_null(); }

std::optional<std::string> known_key(const yaml::Node* n) {
  if (!n || !n->is_scalar() || n->is_null() || n->is_substitution() || n->str().empty()) return std::nullopt;
  return n->str();
}

// Whether a selector selects the workload's pods: a null selector selects no pod, an
// empty one every pod. nullopt: cannot tell.
std::optional<bool> selects_own(const yaml::Node* selector, const model::Workload& w) {
  if (unset(selector)) return false;
  if (!selector->is_map()) return std::nullopt;
  auto sel = model::parse_selector(selector);
  if (!sel || sel->unknown || w.pod_labels_unknown) return std::nullopt;
  return sel->matches(w.pod_labels);
}

// A positive integer field; `fallback` when absent; nullopt when unknown or invalid.
std::optional<int64_t> positive(const yaml::Node* n, std::optional<int64_t> fallback) {
  if (unset(n)) return fallback;
  auto v = n->as_int();
  if (!v || *v < 1) return std::nullopt;
  return v;
}

}  // namespace

std::optional<SelfConstraints> self_constraints(const model::Workload& w) {
  SelfConstraints out;
  const yaml::Node* pod_spec = w.pod_spec;
  if (!pod_spec || !pod_spec->is_map()) return std::nullopt;

  if (const yaml::Node* affinity = pod_spec->get("affinity"); !unset(affinity)) {
    if (!affinity->is_map()) return std::nullopt;
    const yaml::Node* anti = affinity->get("podAntiAffinity");
    if (!unset(anti)) {
      if (!anti->is_map()) return std::nullopt;
      const yaml::Node* req = anti->get("requiredDuringSchedulingIgnoredDuringExecution");
      if (!unset(req)) {
        if (!req->is_seq()) return std::nullopt;
        for (const auto& term : req->items()) {
          if (!term.is_map()) return std::nullopt;
          auto key = known_key(term.get("topologyKey"));
          auto own = selects_own(term.get("labelSelector"), w);
          if (!key || !own) return std::nullopt;
          if (*own) out.anti_affinity.push_back({&term, *key});
        }
      }
    }
  }

  if (const yaml::Node* tscs = pod_spec->get("topologySpreadConstraints"); !unset(tscs)) {
    if (!tscs->is_seq()) return std::nullopt;
    for (const auto& c : tscs->items()) {
      if (!c.is_map()) return std::nullopt;
      // whenUnsatisfiable is required by the API; like HA103, a missing one is taken as
      // DoNotSchedule, the value the API documents as its default.
      const yaml::Node* when = c.get("whenUnsatisfiable");
      if (!unset(when)) {
        if (!when->is_scalar() || when->is_substitution()) return std::nullopt;
        if (when->str() == "ScheduleAnyway") continue;
        if (when->str() != "DoNotSchedule") return std::nullopt;
      }
      auto key = known_key(c.get("topologyKey"));
      auto skew = positive(c.get("maxSkew"), std::nullopt);
      auto min_domains = positive(c.get("minDomains"), 1);
      auto own = selects_own(c.get("labelSelector"), w);
      if (!key || !skew || !min_domains || !own) return std::nullopt;
      if (*own) out.spreads.push_back({&c, *key, *skew, *min_domains});
    }
  }
  return out;
}

Capacity capacity_on(const SelfConstraints& c, const std::vector<config::ClusterNode>& nodes,
                     const std::vector<size_t>& on) {
  Capacity cap;
  if (on.empty()) {
    cap.replicas = 0;
    cap.reason = "no eligible node";
    return cap;
  }
  auto lower = [&](int64_t n, const yaml::Node* at, std::string reason) {
    if (cap.replicas && *cap.replicas <= n) return;
    cap.replicas = n;
    cap.binding = at;
    cap.reason = std::move(reason);
  };
  // The distinct values of a key over the set; `all` tells whether every node has it.
  auto domains = [&](const std::string& key, bool& all) {
    std::set<std::string> values;
    all = true;
    for (size_t i : on) {
      auto it = nodes[i].labels.find(key);
      if (it == nodes[i].labels.end()) all = false;
      else values.insert(it->second);
    }
    return static_cast<int64_t>(values.size());
  };
  for (const auto& a : c.anti_affinity) {
    bool all = false;
    int64_t d = domains(a.topology_key, all);
    // A node without the key is in no domain: the anti-affinity never rejects it.
    if (!all) continue;
    lower(d, a.term, "its required pod anti-affinity allows one pod per " + a.topology_key);
  }
  for (const auto& s : c.spreads) {
    bool all = false;
    int64_t d = domains(s.topology_key, all);
    // A DoNotSchedule constraint filters out the nodes that lack its key.
    if (d == 0) {
      lower(0, s.constraint, "its DoNotSchedule topology spread needs nodes labelled " + s.topology_key);
    } else if (s.min_domains > d) {
      lower(s.max_skew * d, s.constraint,
            "its DoNotSchedule topology spread on " + s.topology_key + " wants minDomains " +
                std::to_string(s.min_domains) + " but " + std::to_string(d) + (d == 1 ? " domain is" : " domains are") +
                " left, so each holds at most maxSkew " + std::to_string(s.max_skew));
    }
  }
  return cap;
}

}  // namespace halint::rules
