#include "model/selector.h"

#include <algorithm>

namespace halint::model {

Labels labels_of(const yaml::Node* map, bool* unknown) {
  Labels out;
  if (!map || !map->is_map()) return out;
  for (size_t i = 0; i < map->size(); ++i) {
    const auto& k = map->key_at(i);
    const auto& v = map->value_at(i);
    if (!k.is_scalar() || !v.is_scalar()) continue;
    if (unknown && (k.is_substitution() || v.is_substitution())) *unknown = true;
    out[k.str()] = v.str();
  }
  return out;
}

bool LabelSelector::matches(const Labels& labels) const {
  for (const auto& [k, v] : match_labels) {
    auto it = labels.find(k);
    if (it == labels.end() || it->second != v) return false;
  }
  for (const auto& r : expressions) {
    auto it = labels.find(r.key);
    bool has = it != labels.end();
    bool in = has && std::find(r.values.begin(), r.values.end(), it->second) != r.values.end();
    if (r.op == "In" && !in) return false;
    if (r.op == "NotIn" && in) return false;
    if (r.op == "Exists" && !has) return false;
    if (r.op == "DoesNotExist" && has) return false;
  }
  return true;
}

std::optional<LabelSelector> parse_selector(const yaml::Node* node) {
  if (!node || !node->is_map()) return std::nullopt;
  LabelSelector s;
  s.match_labels = labels_of(node->get("matchLabels"), &s.unknown);
  if (const yaml::Node* exprs = node->get("matchExpressions"); exprs && exprs->is_seq()) {
    for (const auto& e : exprs->items()) {
      LabelSelector::Requirement r;
      if (const auto* k = e.get("key")) r.key = k->str();
      if (const auto* o = e.get("operator")) r.op = o->str();
      if (const auto* vs = e.get("values"); vs && vs->is_seq())
        for (const auto& v : vs->items()) {
          if (v.is_substitution()) s.unknown = true;
          r.values.push_back(v.str());
        }
      if (r.key.find("${") != std::string::npos) s.unknown = true;
      s.expressions.push_back(std::move(r));
    }
  }
  return s;
}

LabelSelector selector_from_labels(const Labels& labels) {
  LabelSelector s;
  s.match_labels = labels;
  return s;
}

}  // namespace halint::model
