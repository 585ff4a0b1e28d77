#include "schema/validator.h"

#include <re2/re2.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>

#include "core/embedded.h"
#include "yaml/parser.h"

namespace halint::schema {

namespace {

using yaml::Node;
using yaml::ScalarType;

// Guards against $ref chains that never descend into the instance (a schema bug): the
// instance depth itself is already capped by the parser.
constexpr int kMaxDepth = 512;

const char* instance_type_name(const Node& n) {
  switch (n.kind()) {
    case yaml::Kind::Map: return "object";
    case yaml::Kind::Seq: return "array";
    case yaml::Kind::Scalar: break;
  }
  switch (n.scalar_type()) {
    case ScalarType::Null: return "null";
    case ScalarType::Bool: return "boolean";
    case ScalarType::Int: return "integer";
    case ScalarType::Float: return "number";
    case ScalarType::String: return "string";
  }
  return "string";
}

// The JSON Schema type names, applied to YAML as Kubernetes decodes it: "integer" is a YAML
// int only (a quoted "3" is a string, as the API server sees it), "number" an int or float.
bool type_matches(std::string_view type, const Node& n) {
  if (type == "object") return n.is_map();
  if (type == "array") return n.is_seq();
  if (!n.is_scalar()) return false;
  ScalarType t = n.scalar_type();
  if (type == "string") return t == ScalarType::String;
  if (type == "integer") return t == ScalarType::Int;
  if (type == "number") return t == ScalarType::Int || t == ScalarType::Float;
  if (type == "boolean") return t == ScalarType::Bool;
  if (type == "null") return t == ScalarType::Null;
  return false;
}

bool known_type_name(std::string_view t) {
  return t == "object" || t == "array" || t == "string" || t == "integer" || t == "number" || t == "boolean" ||
         t == "null";
}

std::optional<double> number_of(const Node& n) {
  if (!n.is_scalar()) return std::nullopt;
  if (n.scalar_type() == ScalarType::Int) {
    if (auto v = n.as_int()) return static_cast<double>(*v);
    return std::nullopt;
  }
  if (n.scalar_type() == ScalarType::Float) {
    const std::string& s = n.str();
    if (s.find("inf") != std::string::npos || s.find("Inf") != std::string::npos ||
        s.find("INF") != std::string::npos)
      return s[0] == '-' ? -INFINITY : INFINITY;
    char* end = nullptr;
    double v = std::strtod(s.c_str(), &end);
    if (end == s.c_str()) return std::nullopt;
    return v;
  }
  return std::nullopt;
}

// enum / const comparison: same JSON type and value (an int and an equal float are equal,
// as in JSON Schema).
bool same_value(const Node& instance, const Node& expected) {
  if (!instance.is_scalar() || !expected.is_scalar()) return yaml::equal(instance, expected);
  ScalarType a = instance.scalar_type(), b = expected.scalar_type();
  auto numeric = [](ScalarType t) { return t == ScalarType::Int || t == ScalarType::Float; };
  if (numeric(a) && numeric(b)) {
    auto x = number_of(instance), y = number_of(expected);
    return x && y && *x == *y;
  }
  if (a != b) return false;
  if (a == ScalarType::Null) return true;
  if (a == ScalarType::Bool) return instance.as_bool() == expected.as_bool();
  return instance.str() == expected.str();
}

std::string quoted(const Node& n) {
  if (n.is_scalar() && n.scalar_type() == ScalarType::String) {
    // Messages stay one readable line whatever the value holds.
    std::string s = n.str().size() > 60 ? n.str().substr(0, 57) + "..." : n.str();
    for (auto& c : s)
      if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    return "\"" + s + "\"";
  }
  return yaml::to_flow(n, 60);
}

std::string join_path(std::string_view base, std::string_view key) {
  if (base.empty()) return std::string(key);
  std::string p(base);
  p += '.';
  p += key;
  return p;
}

std::string index_path(std::string_view base, size_t i) { return std::string(base) + "[" + std::to_string(i) + "]"; }

// The closest candidate within edit distance 2, or "" (ties: the first, so schema order).
std::string closest(std::string_view word, const std::vector<std::string_view>& candidates) {
  std::string best;
  size_t best_d = 3;
  for (auto c : candidates) {
    if (c == word) continue;
    size_t d = edit_distance(word, c);
    // Two edits on a two-letter word turn anything into anything: not a useful hint.
    if (d >= word.size() && d >= c.size()) continue;
    if (d < best_d) {
      best_d = d;
      best = std::string(c);
    }
  }
  return best;
}

}  // namespace

size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

struct Schema::Impl {
  Node root;
  // Every `pattern` of the schema, compiled once at load (validate() is const and may run
  // on several threads; RE2 matching is thread-safe).
  std::map<std::string, std::unique_ptr<RE2>, std::less<>> patterns;

  // Checks the schema itself: $refs resolve, patterns compile, type names are known.
  // Returns the first problem, or "".
  std::string prepare(const Node& s, const std::string& where) {
    if (!s.is_map()) return "";
    for (size_t i = 0; i < s.size(); ++i) {
      const std::string& k = s.key_at(i).str();
      const Node& v = s.value_at(i);
      std::string here = where + "/" + k;
      if (k == "$ref") {
        if (!resolve(v.str())) return here + ": $ref \"" + v.str() + "\" does not resolve";
      } else if (k == "pattern") {
        if (!patterns.count(v.str())) {
          auto re = std::make_unique<RE2>(v.str(), RE2::Quiet);
          if (!re->ok()) return here + ": bad pattern \"" + v.str() + "\": " + re->error();
          patterns.emplace(v.str(), std::move(re));
        }
      } else if (k == "type") {
        if (v.is_seq()) {
          for (const auto& t : v.items())
            if (!known_type_name(t.str())) return here + ": unknown type \"" + t.str() + "\"";
        } else if (!known_type_name(v.str())) {
          return here + ": unknown type \"" + v.str() + "\"";
        }
      } else if (k == "properties" || k == "$defs") {
        for (size_t j = 0; j < v.size(); ++j)
          if (auto e = prepare(v.value_at(j), here + "/" + v.key_at(j).str()); !e.empty()) return e;
      } else if (k == "items" || k == "additionalProperties" || k == "propertyNames") {
        if (auto e = prepare(v, here); !e.empty()) return e;
      } else if (k == "anyOf" || k == "oneOf") {
        if (!v.is_seq() || v.empty()) return here + ": must be a non-empty array";
        for (size_t j = 0; j < v.size(); ++j)
          if (auto e = prepare(v.at(j), here + "/" + std::to_string(j)); !e.empty()) return e;
      }
    }
    return "";
  }

  const Node* resolve(std::string_view ref) const {
    if (ref == "#") return &root;
    constexpr std::string_view prefix = "#/$defs/";
    if (!ref.starts_with(prefix)) return nullptr;
    const Node* defs = root.get("$defs");
    return defs ? defs->get(ref.substr(prefix.size())) : nullptr;
  }

  // Expected type names of a schema, following $ref and anyOf/oneOf (for messages).
  void expected_types(const Node& s, std::vector<std::string>& out, int depth) const {
    if (depth > 16 || !s.is_map()) return;
    if (const Node* ref = s.get("$ref"))
      if (const Node* target = resolve(ref->str())) expected_types(*target, out, depth + 1);
    if (const Node* t = s.get("type")) {
      auto add = [&](const std::string& name) {
        if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
      };
      if (t->is_seq())
        for (const auto& x : t->items()) add(x.str());
      else
        add(t->str());
    }
    for (const char* k : {"anyOf", "oneOf"})
      if (const Node* alts = s.get(k))
        for (const auto& alt : alts->items()) expected_types(alt, out, depth + 1);
  }

  void validate(const Node& s, const Node& n, const std::string& path, std::vector<Violation>& out,
                int depth) const {
    if (depth > kMaxDepth) return;
    // Boolean schemas: true accepts anything, false nothing.
    if (s.is_scalar() && s.scalar_type() == ScalarType::Bool) {
      if (!*s.as_bool()) out.push_back({&n, nullptr, path, "value not allowed here", "", Violation::Kind::Other});
      return;
    }
    if (!s.is_map()) return;
    // Flux substitutes ${VAR} after halint reads the file: the final value is unknown, so a
    // scalar holding one is never a type, enum, pattern or range violation.
    if (n.is_substitution()) return;

    if (const Node* t = s.get("type")) {
      bool ok = false;
      if (t->is_seq()) {
        for (const auto& x : t->items()) ok = ok || type_matches(x.str(), n);
      } else {
        ok = type_matches(t->str(), n);
      }
      if (!ok) {
        std::vector<std::string> names;
        expected_types(s, names, 0);
        std::string expected;
        for (size_t i = 0; i < names.size(); ++i) expected += (i ? (i + 1 == names.size() ? " or " : ", ") : "") + names[i];
        std::string got = instance_type_name(n);
        if (n.is_scalar() && !n.is_null()) got += " " + quoted(n);
        out.push_back({&n, nullptr, path, "expected " + expected + ", got " + got, "", Violation::Kind::WrongType});
        // Nothing else this schema says can be meaningful for a value of the wrong type.
        return;
      }
    }

    if (const Node* ref = s.get("$ref"))
      if (const Node* target = resolve(ref->str())) validate(*target, n, path, out, depth + 1);

    if (const Node* e = s.get("enum")) {
      bool ok = false;
      for (const auto& v : e->items()) ok = ok || same_value(n, v);
      if (!ok) {
        std::string list;
        std::vector<std::string_view> names;
        for (const auto& v : e->items()) {
          list += (list.empty() ? "" : ", ") + v.str();
          names.push_back(v.str());
        }
        std::string sugg = n.is_scalar() ? closest(n.str(), names) : "";
        out.push_back({&n, nullptr, path, "invalid value " + quoted(n) + " (expected one of: " + list + ")", sugg,
                       Violation::Kind::BadEnum});
      }
    }
    if (const Node* c = s.get("const")) {
      if (!same_value(n, *c))
        out.push_back({&n, nullptr, path, "invalid value " + quoted(n) + " (must be " + quoted(*c) + ")", "",
                       Violation::Kind::BadEnum});
    }
    if (const Node* p = s.get("pattern"); p && n.is_string()) {
      auto it = patterns.find(p->str());
      if (it != patterns.end() && !RE2::PartialMatch(n.str(), *it->second))
        out.push_back({&n, nullptr, path, quoted(n) + " does not match the pattern " + p->str(), "",
                       Violation::Kind::Pattern});
    }
    if (auto v = number_of(n)) {
      if (const Node* m = s.get("minimum"))
        if (auto lim = number_of(*m); lim && *v < *lim)
          out.push_back({&n, nullptr, path, "value " + n.str() + " is less than the minimum " + m->str(), "",
                         Violation::Kind::Minimum});
      if (const Node* m = s.get("maximum"))
        if (auto lim = number_of(*m); lim && *v > *lim)
          out.push_back({&n, nullptr, path, "value " + n.str() + " is greater than the maximum " + m->str(), "",
                         Violation::Kind::Maximum});
    }

    if (n.is_map()) validate_object(s, n, path, out, depth);
    if (n.is_seq()) {
      if (const Node* mi = s.get("minItems"))
        if (auto lim = mi->as_int(); lim && static_cast<int64_t>(n.size()) < *lim)
          out.push_back({&n, nullptr, path,
                         "expected at least " + mi->str() + (*lim == 1 ? " item" : " items") + ", got " +
                             std::to_string(n.size()),
                         "", Violation::Kind::Other});
      if (const Node* items = s.get("items"))
        for (size_t i = 0; i < n.size(); ++i) validate(*items, n.at(i), index_path(path, i), out, depth + 1);
    }

    if (const Node* alts = s.get("anyOf")) validate_alternatives(*alts, n, path, out, depth, false);
    if (const Node* alts = s.get("oneOf")) validate_alternatives(*alts, n, path, out, depth, true);
  }

  void validate_object(const Node& s, const Node& n, const std::string& path, std::vector<Violation>& out,
                       int depth) const {
    const Node* props = s.get("properties");
    const Node* additional = s.get("additionalProperties");
    const Node* names = s.get("propertyNames");
    if (const Node* req = s.get("required"))
      for (const auto& r : req->items())
        if (!n.get(r.str()))
          out.push_back({&n, nullptr, path, "missing required field \"" + r.str() + "\"", "",
                         Violation::Kind::Required});
    for (size_t i = 0; i < n.size(); ++i) {
      const Node& key = n.key_at(i);
      const Node& value = n.value_at(i);
      std::string key_text = key.is_scalar() ? key.str() : yaml::to_flow(key, 60);
      std::string here = join_path(path, key_text);
      if (names) {
        std::vector<Violation> kv;
        validate(*names, key, here, kv, depth + 1);
        if (!kv.empty()) {
          // A key outside propertyNames is an unknown field, with the closest allowed name.
          std::vector<std::string_view> allowed;
          if (const Node* e = names->get("enum"))
            for (const auto& v : e->items()) allowed.push_back(v.str());
          out.push_back({&key, &key, here, "unknown field \"" + key_text + "\"", closest(key_text, allowed),
                         Violation::Kind::UnknownField});
          continue;
        }
      }
      const Node* sub = props && key.is_scalar() ? props->get(key.str()) : nullptr;
      if (sub) {
        validate(*sub, value, here, out, depth + 1);
      } else if (additional) {
        if (additional->is_scalar() && additional->scalar_type() == ScalarType::Bool) {
          if (!*additional->as_bool()) {
            std::vector<std::string_view> allowed;
            if (props)
              for (size_t j = 0; j < props->size(); ++j) allowed.push_back(props->key_at(j).str());
            out.push_back({&key, &key, here, "unknown field \"" + key_text + "\"", closest(key_text, allowed),
                           Violation::Kind::UnknownField});
          }
        } else {
          validate(*additional, value, here, out, depth + 1);
        }
      }
    }
  }

  // anyOf / oneOf. When no alternative fits, the user needs the reason from the alternative
  // they evidently meant: the first whose type matches the value (fewest violations);
  // when none does, one "expected A or B" type violation.
  void validate_alternatives(const Node& alts, const Node& n, const std::string& path, std::vector<Violation>& out,
                             int depth, bool exactly_one) const {
    std::vector<std::vector<Violation>> results;
    size_t passing = 0;
    for (const auto& alt : alts.items()) {
      results.emplace_back();
      validate(alt, n, path, results.back(), depth + 1);
      if (results.back().empty()) ++passing;
    }
    if (passing == 1 || (passing > 1 && !exactly_one)) return;
    if (passing > 1) {
      out.push_back({&n, nullptr, path, "value matches more than one allowed form", "", Violation::Kind::Other});
      return;
    }
    const std::vector<Violation>* best = nullptr;
    for (const auto& r : results) {
      bool type_mismatch = std::any_of(r.begin(), r.end(), [&](const Violation& v) {
        return v.kind == Violation::Kind::WrongType && v.node == &n;
      });
      if (!type_mismatch && (!best || r.size() < best->size())) best = &r;
    }
    if (best) {
      out.insert(out.end(), best->begin(), best->end());
      return;
    }
    std::vector<std::string> names;
    for (const auto& alt : alts.items()) expected_types(alt, names, 0);
    std::string expected;
    for (size_t i = 0; i < names.size(); ++i) expected += (i ? (i + 1 == names.size() ? " or " : ", ") : "") + names[i];
    if (expected.empty()) expected = "one of the allowed forms";
    std::string got = instance_type_name(n);
    if (n.is_scalar() && !n.is_null()) got += " " + quoted(n);
    out.push_back({&n, nullptr, path, "expected " + expected + ", got " + got, "", Violation::Kind::WrongType});
  }
};

Schema::Schema() : impl_(std::make_unique<Impl>()) {}
Schema::~Schema() = default;
Schema::Schema(Schema&&) noexcept = default;
Schema& Schema::operator=(Schema&&) noexcept = default;

std::variant<Schema, std::string> Schema::from_text(std::string_view json_text) {
  auto parsed = yaml::parse(json_text, kNoFile);
  if (parsed.error) return "schema is not valid JSON/YAML: " + parsed.error->reason;
  if (parsed.documents.size() != 1 || !parsed.documents[0].root.is_map()) return std::string("schema is not an object");
  Schema s;
  s.impl_->root = std::move(parsed.documents[0].root);
  if (auto err = s.impl_->prepare(s.impl_->root, "#"); !err.empty()) return err;
  return s;
}

std::variant<Schema, std::string> Schema::from_embedded(std::string_view path) {
  std::string want = "schemas/" + std::string(path);
  for (const auto& f : embedded_files()) {
    if (f.path == path || f.path == want) {
      auto r = from_text(f.data);
      if (auto* e = std::get_if<std::string>(&r)) return std::string(f.path) + ": " + *e;
      return r;
    }
  }
  return "no embedded schema " + std::string(path);
}

std::vector<Violation> Schema::validate(const yaml::Node& instance, std::string_view base_path,
                                        std::string_view def) const {
  std::vector<Violation> out;
  const Node* s = &impl_->root;
  if (!def.empty()) {
    s = impl_->resolve("#/$defs/" + std::string(def));
    if (!s) {
      out.push_back({&instance, nullptr, std::string(base_path), "schema has no definition " + std::string(def), "",
                     Violation::Kind::Other});
      return out;
    }
  }
  impl_->validate(*s, instance, std::string(base_path), out, 0);
  return out;
}

}  // namespace halint::schema
