#include "render/resmap.h"

#include <re2/re2.h>

#include <algorithm>
#include <memory>

namespace halint::render {
namespace {

std::string scalar(const yaml::Node* n) { return n && n->is_scalar() && !n->is_null() ? n->str() : ""; }

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

// An anchored pattern; literal patterns skip the regex engine (most targets name a kind
// or an object literally, and a render matches hundreds of targets against thousands of objects).
class Pattern {
 public:
  explicit Pattern(const std::string& p) : text_(p) {
    if (!p.empty() && p.find_first_of(".*+?()[]{}|^$\\") != std::string::npos) {
      re_ = std::make_unique<RE2>("^(?:" + p + ")$", RE2::Quiet);
      if (!re_->ok()) error_ = "error parsing regexp: " + re_->error();
    }
  }
  bool any() const { return text_.empty(); }
  bool match(const std::string& v) const {
    if (text_.empty()) return true;
    if (!re_) return v == text_;
    return re_->ok() && RE2::FullMatch(v, *re_);
  }
  const std::string& error() const { return error_; }

 private:
  std::string text_, error_;
  std::unique_ptr<RE2> re_;
};

}  // namespace

FullId current_id(const Resource& r) {
  return {r.group(), r.version(), r.kind(), r.name(), r.effective_ns()};
}

std::string id_string(const FullId& id) {
  auto or_ = [](const std::string& s, const char* d) { return s.empty() ? std::string(d) : s; };
  std::string ns = id.ns == kDefaultNamespace || id.ns == kNoNamespace ? "" : id.ns;
  return or_(id.kind, "[noKind]") + "." + or_(id.version, "[noVer]") + "." + or_(id.group, "[noGrp]") + "/" +
         or_(id.name, "[noName]") + "." + or_(ns, "[noNs]");
}

bool has_id(const Resource& r, const FullId& id) {
  if (r.group_view() != id.group || r.version() != id.version) return false;
  if (r.kind() == id.kind && r.name() == id.name && r.effective_ns() == id.ns) return true;
  for (const auto& p : r.prev_ids)
    if (p.kind == id.kind && p.name == id.name && p.ns == id.ns) return true;
  return false;
}

CurrentIds::CurrentIds(const std::vector<Resource>& rs) {
  keys_.reserve(rs.size() * 2);
  for (const auto& r : rs) keys_.insert(key(r));
}

std::string CurrentIds::key(const Resource& r) {
  std::string k = r.api_version();
  k += '\n';
  k += r.kind();
  k += '\n';
  k += r.name();
  k += '\n';
  k += r.effective_ns();
  return k;
}

bool CurrentIds::contains(const Resource& r) const { return keys_.count(key(r)) > 0; }
bool CurrentIds::add(const Resource& r) { return keys_.insert(key(r)).second; }

std::string append_all(std::vector<Resource>& into, std::vector<Resource>&& from) {
  CurrentIds ids(into);
  for (auto& r : from) {
    if (!ids.add(r)) return "may not add resource with an already registered id: " + id_string(current_id(r));
    into.push_back(std::move(r));
  }
  return "";
}

void drop_empties(std::vector<Resource>& rs) {
  rs.erase(std::remove_if(rs.begin(), rs.end(),
                          [](const Resource& r) { return r.node.is_null() || (r.node.is_map() && r.node.empty()); }),
           rs.end());
}

Selector parse_selector(const yaml::Node& t) {
  Selector s;
  s.group = scalar(t.get("group"));
  s.version = scalar(t.get("version"));
  s.kind = scalar(t.get("kind"));
  s.name = scalar(t.get("name"));
  s.name_space = scalar(t.get("namespace"));
  s.label_selector = scalar(t.get("labelSelector"));
  s.annotation_selector = scalar(t.get("annotationSelector"));
  return s;
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

std::vector<size_t> select(const std::vector<Resource>& rs, const Selector& s, std::string& error) {
  std::vector<size_t> out;
  Pattern group(s.group), version(s.version), kind(s.kind), name(s.name), ns(s.name_space);
  for (const Pattern* p : {&group, &version, &kind, &name, &ns})
    if (!p->error().empty()) {
      error = p->error();
      return out;
    }
  for (size_t i = 0; i < rs.size(); ++i) {
    const Resource& r = rs[i];
    if (!ns.any() && !ns.match(r.org_effective_ns()) && !ns.match(r.effective_ns())) continue;
    if (!name.any() && !name.match(r.org_name()) && !name.match(r.name())) continue;
    if (!group.match(r.group()) || !version.match(r.version()) || !kind.match(r.kind())) continue;
    if (!s.label_selector.empty() && !selector_matches(s.label_selector, r.node.path({"metadata", "labels"})))
      continue;
    if (!s.annotation_selector.empty() &&
        !selector_matches(s.annotation_selector, r.node.path({"metadata", "annotations"})))
      continue;
    out.push_back(i);
  }
  return out;
}

}  // namespace halint::render
