#include "rules/placement.h"

#include <algorithm>
#include <charconv>

namespace halint::rules {
namespace {

// A scalar's text, or nullopt when it is not a plain known value.
std::optional<std::string> known_text(const yaml::Node* n) {
  if (!n || !n->is_scalar() || n->is_substitution()) return std::nullopt;
  if (n->is_null()) return std::string();
  return n->str();
}

// Absent or null: the field is not set.
bool unset(const yaml::Node* n) { return !n || n->is_null(); }

std::optional<int64_t> parse_int(std::string_view s) {
  if (!s.empty() && s[0] == '+') s.remove_prefix(1);
  int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

std::optional<NodeRequirement> read_requirement(const yaml::Node& e, bool field) {
  if (!e.is_map()) return std::nullopt;
  auto key = known_text(e.get("key"));
  auto op = known_text(e.get("operator"));
  if (!key || key->empty() || !op) return std::nullopt;
  NodeRequirement r;
  r.field = field;
  r.key = *key;
  if (*op == "In") r.op = NodeRequirement::Op::In;
  else if (*op == "NotIn") r.op = NodeRequirement::Op::NotIn;
  else if (*op == "Exists") r.op = NodeRequirement::Op::Exists;
  else if (*op == "DoesNotExist") r.op = NodeRequirement::Op::DoesNotExist;
  else if (*op == "Gt") r.op = NodeRequirement::Op::Gt;
  else if (*op == "Lt") r.op = NodeRequirement::Op::Lt;
  else return std::nullopt;
  const yaml::Node* values = e.get("values");
  if (!unset(values)) {
    if (!values->is_seq()) return std::nullopt;
    for (const auto& v : values->items()) {
      auto t = known_text(&v);
      if (!t) return std::nullopt;
      r.values.push_back(*t);
    }
  }
  // The API server's validation: what it rejects never reaches the scheduler.
  switch (r.op) {
    case NodeRequirement::Op::In:
    case NodeRequirement::Op::NotIn:
      if (r.values.empty()) return std::nullopt;
      break;
    case NodeRequirement::Op::Exists:
    case NodeRequirement::Op::DoesNotExist:
      if (!r.values.empty()) return std::nullopt;
      break;
    case NodeRequirement::Op::Gt:
    case NodeRequirement::Op::Lt: {
      if (r.values.size() != 1) return std::nullopt;
      auto b = parse_int(r.values[0]);
      if (!b) return std::nullopt;
      r.bound = *b;
      break;
    }
  }
  // The only node field a selector may name is metadata.name, with In or NotIn.
  if (field && (r.key != "metadata.name" || (r.op != NodeRequirement::Op::In && r.op != NodeRequirement::Op::NotIn)))
    return std::nullopt;
  return r;
}

std::optional<Toleration> read_toleration(const yaml::Node& t) {
  if (!t.is_map()) return std::nullopt;
  Toleration out;
  // Every field of a toleration is optional: absent is "".
  auto field = [&](const char* name) { return unset(t.get(name)) ? std::string() : known_text(t.get(name)); };
  auto key = field("key");
  auto op = field("operator");
  auto value = field("value");
  auto effect = field("effect");
  if (!key || !op || !value || !effect) return std::nullopt;
  if (*op != "" && *op != "Equal" && *op != "Exists") return std::nullopt;
  if (*effect != "" && *effect != "NoSchedule" && *effect != "PreferNoSchedule" && *effect != "NoExecute")
    return std::nullopt;
  out.key = *key;
  out.op = *op;
  out.value = *value;
  out.effect = *effect;
  return out;
}

// A label of a declared node. Every kubelet sets kubernetes.io/os and kubernetes.io/arch;
// nodes declared by hand in .halint.yaml seldom write them. A missing os label is taken
// as linux (a pod selecting `kubernetes.io/os: linux` must not lose every node); a
// missing arch cannot be guessed (homelabs mix amd64 and arm64): unknown.
struct Label {
  bool unknown = false;
  const std::string* value = nullptr;  // null: the node has no such label
};

Label label_of(const config::ClusterNode& node, const std::string& key) {
  static const std::string linux_os = "linux";
  if (auto it = node.labels.find(key); it != node.labels.end()) return {false, &it->second};
  if (key == "kubernetes.io/os" || key == "beta.kubernetes.io/os") return {false, &linux_os};
  if (key == "kubernetes.io/arch" || key == "beta.kubernetes.io/arch") return {true, nullptr};
  return {false, nullptr};
}

// Three-valued logic: nullopt is "cannot tell".
using Tri = std::optional<bool>;

Tri matches(const NodeRequirement& r, const config::ClusterNode& node) {
  const std::string* value = nullptr;
  if (r.field) {
    value = &node.name;
  } else {
    Label l = label_of(node, r.key);
    if (l.unknown) return std::nullopt;
    value = l.value;
  }
  auto in_values = [&] { return value && std::find(r.values.begin(), r.values.end(), *value) != r.values.end(); };
  switch (r.op) {
    case NodeRequirement::Op::In: return in_values();
    case NodeRequirement::Op::NotIn: return !in_values();
    case NodeRequirement::Op::Exists: return value != nullptr;
    case NodeRequirement::Op::DoesNotExist: return value == nullptr;
    case NodeRequirement::Op::Gt:
    case NodeRequirement::Op::Lt: {
      // A label that is not an integer matches neither (the scheduler's own rule).
      auto v = value ? parse_int(*value) : std::nullopt;
      if (!v) return false;
      return r.op == NodeRequirement::Op::Gt ? *v > r.bound : *v < r.bound;
    }
  }
  return false;
}

Tri all_of(const std::vector<NodeRequirement>& reqs, const config::ClusterNode& node) {
  Tri out = true;
  for (const auto& r : reqs) {
    Tri m = matches(r, node);
    if (m == false) return false;
    if (!m) out = std::nullopt;
  }
  return out;
}

}  // namespace

bool tolerates(const Toleration& t, const config::Taint& taint) {
  if (!t.effect.empty() && t.effect != taint.effect) return false;
  if (!t.key.empty() && t.key != taint.key) return false;
  if (t.op == "Exists") return true;
  return t.value == taint.value;  // "" and Equal
}

std::optional<NodeConstraints> node_constraints(const yaml::Node* pod_spec) {
  NodeConstraints c;
  if (!pod_spec || !pod_spec->is_map()) return std::nullopt;

  if (const yaml::Node* n = pod_spec->get("nodeName"); !unset(n)) {
    auto name = known_text(n);
    if (!name) return std::nullopt;
    if (!name->empty()) c.node_name = *name;
  }

  if (const yaml::Node* sel = pod_spec->get("nodeSelector"); !unset(sel)) {
    if (!sel->is_map()) return std::nullopt;
    for (size_t i = 0; i < sel->size(); ++i) {
      auto k = known_text(&sel->key_at(i));
      auto v = known_text(&sel->value_at(i));
      if (!k || !v) return std::nullopt;
      c.node_selector.emplace_back(*k, *v);
    }
  }

  if (const yaml::Node* affinity = pod_spec->get("affinity"); !unset(affinity)) {
    if (!affinity->is_map()) return std::nullopt;
    const yaml::Node* na = affinity->get("nodeAffinity");
    if (!unset(na)) {
      if (!na->is_map()) return std::nullopt;
      const yaml::Node* req = na->get("requiredDuringSchedulingIgnoredDuringExecution");
      if (!unset(req)) {
        if (!req->is_map()) return std::nullopt;
        const yaml::Node* terms = req->get("nodeSelectorTerms");
        // The API requires at least one term.
        if (!terms || !terms->is_seq() || terms->empty()) return std::nullopt;
        std::vector<std::vector<NodeRequirement>> out;
        for (const auto& term : terms->items()) {
          if (!term.is_map()) return std::nullopt;
          std::vector<NodeRequirement> reqs;
          for (bool field : {false, true}) {
            const yaml::Node* exprs = term.get(field ? "matchFields" : "matchExpressions");
            if (unset(exprs)) continue;
            if (!exprs->is_seq()) return std::nullopt;
            for (const auto& e : exprs->items()) {
              auto r = read_requirement(e, field);
              if (!r) return std::nullopt;
              reqs.push_back(std::move(*r));
            }
          }
          out.push_back(std::move(reqs));
        }
        c.required_terms = std::move(out);
      }
    }
  }

  if (const yaml::Node* tols = pod_spec->get("tolerations"); !unset(tols)) {
    if (!tols->is_seq()) return std::nullopt;
    for (const auto& t : tols->items()) {
      auto tol = read_toleration(t);
      if (!tol) return std::nullopt;
      c.tolerations.push_back(std::move(*tol));
    }
  }
  return c;
}

std::optional<bool> admits(const NodeConstraints& c, const config::ClusterNode& node) {
  if (c.node_name && *c.node_name != node.name) return false;
  Tri out = true;
  for (const auto& [key, want] : c.node_selector) {
    Label l = label_of(node, key);
    if (l.unknown) {
      out = std::nullopt;
      continue;
    }
    if (!l.value || *l.value != want) return false;
  }
  if (c.required_terms) {
    // ORed terms; a term without requirements matches no node (the API's rule).
    Tri any = false;
    for (const auto& term : *c.required_terms) {
      if (term.empty()) continue;
      Tri m = all_of(term, node);
      if (m == true) {
        any = true;
        break;
      }
      if (!m) any = std::nullopt;
    }
    if (any == false) return false;
    if (!any) out = std::nullopt;
  }
  for (const auto& taint : node.taints) {
    // With nodeName the scheduler is bypassed and the kubelet only refuses NoExecute.
    bool hard = taint.effect == "NoExecute" || (taint.effect == "NoSchedule" && !c.node_name);
    if (!hard) continue;
    bool tolerated = std::any_of(c.tolerations.begin(), c.tolerations.end(),
                                 [&](const Toleration& t) { return tolerates(t, taint); });
    if (!tolerated) return false;
  }
  return out;
}

std::optional<std::vector<size_t>> eligible_nodes(const yaml::Node* pod_spec,
                                                  const std::vector<config::ClusterNode>& nodes) {
  auto c = node_constraints(pod_spec);
  if (!c) return std::nullopt;
  return eligible_nodes(*c, nodes);
}

std::optional<std::vector<size_t>> eligible_nodes(const NodeConstraints& c,
                                                  const std::vector<config::ClusterNode>& nodes) {
  std::vector<size_t> out;
  for (size_t i = 0; i < nodes.size(); ++i) {
    auto a = admits(c, nodes[i]);
    if (!a) return std::nullopt;
    if (*a) out.push_back(i);
  }
  return out;
}

std::string node_names(const std::vector<config::ClusterNode>& nodes, const std::vector<size_t>& which, size_t max) {
  std::string out;
  for (size_t i = 0; i < which.size() && i < max; ++i) {
    if (!out.empty()) out += ", ";
    out += nodes[which[i]].name;
  }
  if (which.size() > max) out += " and " + std::to_string(which.size() - max) + " more";
  return out;
}

}  // namespace halint::rules
