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

// An anchored pattern. Most targets name a kind or an object literally, a group with its
// dots ("helm.toolkit.fluxcd.io") or a few names as alternatives ("(a|b|c)"); those are
// matched without the regex engine (a render matches hundreds of targets against
// thousands of objects, and compiling a regex per target was a tenth of a render). Other
// patterns are compiled once per builder (RegexCache).
class Pattern {
 public:
  Pattern(const std::string& p, RegexCache* cache) : text_(p) {
    if (p.empty()) {
      form_ = Form::Any;
    } else if (p.find_first_of(kMeta) == std::string::npos) {
      form_ = Form::Literal;
    } else if (p.find_first_of(kMetaButDot) == std::string::npos && ascii(p)) {
      form_ = Form::Dotted;
    } else if (alternatives(p)) {
      form_ = Form::OneOf;
    } else {
      form_ = Form::Regex;
      if (cache) {
        re_ = &cache->get(p);
      } else {
        own_ = std::make_unique<RE2>("^(?:" + p + ")$", RE2::Quiet);
        re_ = own_.get();
      }
      if (!re_->ok()) error_ = "error parsing regexp: " + re_->error();
    }
  }
  bool any() const { return form_ == Form::Any; }
  bool match(std::string_view v) const {
    switch (form_) {
      case Form::Any: return true;
      case Form::Literal: return v == text_;
      case Form::Dotted: return dotted_match(v);
      case Form::OneOf: return std::find(one_of_.begin(), one_of_.end(), v) != one_of_.end();
      case Form::Regex: return re_->ok() && RE2::FullMatch(re2::StringPiece(v.data(), v.size()), *re_);
    }
    return false;
  }
  const std::string& error() const { return error_; }

 private:
  static constexpr const char* kMeta = ".*+?()[]{}|^$\\";
  static constexpr const char* kMetaButDot = "*+?()[]{}|^$\\";
  enum class Form { Any, Literal, Dotted, OneOf, Regex };

  static bool ascii(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  }
  // `.` is any character but a newline; a value that is not ASCII goes to the regex
  // engine, whose `.` is a whole UTF-8 character.
  bool dotted_match(std::string_view v) const {
    if (!ascii(v)) return regex().ok() && RE2::FullMatch(re2::StringPiece(v.data(), v.size()), regex());
    if (v.size() != text_.size()) return false;
    for (size_t i = 0; i < v.size(); ++i)
      if (text_[i] == '.' ? v[i] == '\n' : text_[i] != v[i]) return false;
    return true;
  }
  const RE2& regex() const {
    if (!own_) own_ = std::make_unique<RE2>("^(?:" + text_ + ")$", RE2::Quiet);
    return *own_;
  }
  // "a|b" or "(a|b)" with literal alternatives (possibly empty).
  bool alternatives(std::string_view p) {
    if (p.size() >= 2 && p.front() == '(' && p.back() == ')') p = p.substr(1, p.size() - 2);
    if (p.find('|') == std::string_view::npos || p.find_first_of(kMetaButDot) != p.find('|')) return false;
    std::vector<std::string> out;
    for (size_t start = 0;;) {
      size_t bar = p.find('|', start);
      std::string_view alt = p.substr(start, bar == std::string_view::npos ? std::string_view::npos : bar - start);
      if (alt.find_first_of(kMeta) != std::string_view::npos) return false;
      out.emplace_back(alt);
      if (bar == std::string_view::npos) break;
      start = bar + 1;
    }
    one_of_ = std::move(out);
    return true;
  }

  std::string text_, error_;
  Form form_ = Form::Any;
  std::vector<std::string> one_of_;
  const RE2* re_ = nullptr;
  mutable std::unique_ptr<RE2> own_;
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
  std::string_view av = r.api_version();
  if (api_group(av) != id.group || api_version_only(av) != id.version) return false;
  if (r.kind() == id.kind && r.name() == id.name && r.effective_ns_view() == id.ns) return true;
  for (const auto& p : r.prev_ids)
    if (p.kind == id.kind && p.name == id.name && p.ns == id.ns) return true;
  return false;
}

CurrentIds::CurrentIds(const std::vector<Resource>& rs) {
  keys_.reserve(rs.size() * 2);
  for (const auto& r : rs) keys_.insert(key(r));
}

CurrentIds::Key CurrentIds::key(const Resource& r) {
  Resource::IdView id = r.id_view();
  return {id.api_version, id.kind, id.name, id.ns};
}

size_t CurrentIds::Hash::operator()(const Key& k) const {
  std::hash<std::string_view> h;
  size_t x = h(k.name);
  for (std::string_view part : {k.kind, k.ns, k.api_version}) x = x * 1000003u ^ h(part);
  return x;
}

bool CurrentIds::contains(const Resource& r) const { return keys_.count(key(r)) > 0; }
bool CurrentIds::add(const Resource& r) { return keys_.insert(key(r)).second; }

std::string append_all(std::vector<Resource>& into, std::vector<Resource>&& from) {
  CurrentIds ids(into);
  return append_all(into, std::move(from), ids);
}

std::string append_all(std::vector<Resource>& into, std::vector<Resource>&& from, CurrentIds& ids) {
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

RegexCache::RegexCache() = default;
RegexCache::~RegexCache() = default;

const RE2& RegexCache::get(const std::string& pattern) {
  auto [it, inserted] = compiled_.try_emplace(pattern);
  if (inserted) it->second = std::make_unique<RE2>("^(?:" + pattern + ")$", RE2::Quiet);
  return *it->second;
}

std::vector<size_t> select(const std::vector<Resource>& rs, const Selector& s, std::string& error, RegexCache* cache) {
  std::vector<size_t> out;
  Pattern group(s.group, cache), version(s.version, cache), kind(s.kind, cache), name(s.name, cache),
      ns(s.name_space, cache);
  for (const Pattern* p : {&group, &version, &kind, &name, &ns})
    if (!p->error().empty()) {
      error = p->error();
      return out;
    }
  for (size_t i = 0; i < rs.size(); ++i) {
    const Resource& r = rs[i];
    if (!ns.any() && !ns.match(r.org_effective_ns_view()) && !ns.match(r.effective_ns_view())) continue;
    if (!name.any() && !name.match(r.org_name_view()) && !name.match(r.name())) continue;
    std::string_view av = r.api_version();
    if (!group.match(api_group(av)) || !version.match(api_version_only(av)) || !kind.match(r.kind())) continue;
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
