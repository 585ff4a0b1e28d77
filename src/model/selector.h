#pragma once
// Label selectors (matchLabels and matchExpressions) and label sets.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "yaml/node.h"

namespace halint::model {

using Labels = std::map<std::string, std::string>;

// Labels from a map node; `unknown` is set when a key or value is an unresolved ${VAR}.
Labels labels_of(const yaml::Node* map, bool* unknown = nullptr);

struct LabelSelector {
  struct Requirement {
    std::string key;
    std::string op;  // In, NotIn, Exists, DoesNotExist
    std::vector<std::string> values;
  };
  Labels match_labels;
  std::vector<Requirement> expressions;
  bool unknown = false;  // holds an unresolved substitution: no verdict possible
  bool empty() const { return match_labels.empty() && expressions.empty(); }
  bool matches(const Labels& labels) const;
};

// Parses {matchLabels, matchExpressions}. A null/absent node gives nullopt.
std::optional<LabelSelector> parse_selector(const yaml::Node* node);
// A plain label map used as a selector (Service-style).
LabelSelector selector_from_labels(const Labels& labels);

}  // namespace halint::model
