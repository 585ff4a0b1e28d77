#include "render/target.h"

#include <re2/re2.h>

#include <vector>

namespace halint::render {
namespace {

std::string scalar(const yaml::Node* n) { return n && n->is_scalar() && !n->is_null() ? n->str() : ""; }

bool full_match(const std::string& pattern, const std::string& value) {
  if (pattern.empty()) return true;
  if (pattern == value) return true;
  // Most targets name a kind or object literally: compile a regex only when the pattern
  // has a metacharacter (a render builds hundreds of targets against thousands of objects).
  if (pattern.find_first_of(".*+?()[]{}|^$\\") == std::string::npos) return false;
  RE2 re("(?:" + pattern + ")", RE2::Quiet);
  if (!re.ok()) return false;
  return RE2::FullMatch(value, re);
}

std::string trim(std::string s) {
  s.erase(0, s.find_first_not_of(" \t"));
  s.erase(s.find_last_not_of(" \t") + 1);
  return s;
}

// Splits on commas outside parentheses.
std::vector<std::string> requirements(const std::string& sel) {
  std::vector<std::string> out;
  int depth = 0;
  std::string cur;
  for (char c : sel) {
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if (c == ',' && depth == 0) {
      out.push_back(trim(cur));
      cur.clear();
      continue;
    }
    cur += c;
  }
  if (!trim(cur).empty()) out.push_back(trim(cur));
  return out;
}

}  // namespace

Target parse_target(const yaml::Node& t) {
  Target r;
  r.group = scalar(t.get("group"));
  r.has_group = t.get("group") != nullptr;
  r.version = scalar(t.get("version"));
  r.has_version = t.get("version") != nullptr;
  r.kind = scalar(t.get("kind"));
  r.name = scalar(t.get("name"));
  r.name_space = scalar(t.get("namespace"));
  r.label_selector = scalar(t.get("labelSelector"));
  r.annotation_selector = scalar(t.get("annotationSelector"));
  return r;
}

bool selector_matches(const std::string& selector, const yaml::Node* labels) {
  auto value_of = [&](const std::string& k) -> const yaml::Node* {
    return labels && labels->is_map() ? labels->get(k) : nullptr;
  };
  for (const auto& req : requirements(selector)) {
    if (req.empty()) continue;
    size_t p;
    if ((p = req.find("!=")) != std::string::npos) {
      const yaml::Node* v = value_of(trim(req.substr(0, p)));
      if (v && v->str() == trim(req.substr(p + 2))) return false;
    } else if ((p = req.find("==")) != std::string::npos) {
      const yaml::Node* v = value_of(trim(req.substr(0, p)));
      if (!v || v->str() != trim(req.substr(p + 2))) return false;
    } else if ((p = req.find('=')) != std::string::npos) {
      const yaml::Node* v = value_of(trim(req.substr(0, p)));
      if (!v || v->str() != trim(req.substr(p + 1))) return false;
    } else if ((p = req.find(" notin ")) != std::string::npos || (p = req.find(" in ")) != std::string::npos) {
      bool notin = req.compare(p, 7, " notin ") == 0;
      std::string key = trim(req.substr(0, p));
      std::string set = req.substr(req.find('(') + 1);
      set = set.substr(0, set.find(')'));
      const yaml::Node* v = value_of(key);
      bool in = false;
      for (const auto& item : requirements(set))
        if (v && v->str() == item) in = true;
      if (notin ? in : !in) return false;
    } else if (req[0] == '!') {
      if (value_of(trim(req.substr(1)))) return false;
    } else {
      if (!value_of(req)) return false;
    }
  }
  return true;
}

bool target_matches(const Target& t, const Resource& r) {
  if (!t.kind.empty() && !full_match(t.kind, r.kind())) return false;
  if (t.has_group && !full_match(t.group, r.group())) return false;
  if (t.has_version && !t.version.empty() && !full_match(t.version, r.version())) return false;
  if (!t.name.empty() && !full_match(t.name, r.name()) && !full_match(t.name, r.orig_name)) return false;
  if (!t.name_space.empty() && !full_match(t.name_space, r.name_space())) return false;
  if (!t.label_selector.empty() && !selector_matches(t.label_selector, r.node.path({"metadata", "labels"})))
    return false;
  if (!t.annotation_selector.empty() &&
      !selector_matches(t.annotation_selector, r.node.path({"metadata", "annotations"})))
    return false;
  return true;
}

}  // namespace halint::render
