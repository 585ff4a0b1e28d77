#pragma once
// Building modelled objects: nodes a chart makes itself are flagged kSynthesized and
// point at the values entry that caused them; nodes taken from the values are copied
// with their own origins.
#include <string>
#include <string_view>

#include "yaml/node.h"

namespace halint::helm {

class Synth {
 public:
  explicit Synth(Origin at) : at_(at) {}
  Origin at() const { return at_; }
  Synth at(Origin o) const { return Synth(o.known() ? o : at_); }

  yaml::Node map() const { return mark(yaml::Node::map(at_)); }
  yaml::Node seq() const { return mark(yaml::Node::seq(at_)); }
  yaml::Node str(std::string s) const { return mark(yaml::Node::string(std::move(s), at_)); }
  yaml::Node integer(int64_t v) const { return mark(yaml::Node::integer(v, at_)); }
  yaml::Node boolean(bool v) const { return mark(yaml::Node::boolean(v, at_)); }
  yaml::Node null() const { return mark(yaml::Node::scalar("", yaml::Style::Plain, at_)); }

  // map[key] = value for a key the map does not hold yet (the model builds each map once),
  // the key synthesized here. Appended without a lookup.
  yaml::Node& set(yaml::Node& map, std::string_view key, yaml::Node value) const {
    map.push_back(mark(yaml::Node::string(std::string(key), at_)));
    map.push_back(std::move(value));
    return map.children().back();
  }
  // map[key] = a copy of a values node (its own origin), the key synthesized here.
  yaml::Node& copy(yaml::Node& map, std::string_view key, const yaml::Node& from) const { return set(map, key, from); }

 private:
  static yaml::Node mark(yaml::Node n) {
    n.set_flag(yaml::kSynthesized);
    return n;
  }
  Origin at_;
};

}  // namespace halint::helm
