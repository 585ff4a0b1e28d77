#pragma once
// Test-only (header, so it never enters halint_core): compares halint's parser with
// yaml-cpp, an independent YAML implementation, used by src/yaml/oracle_test.cpp and
// fuzz/yaml_fuzz.cpp. Both trees are reduced to a plain Tree (kind, text, children) and
// compared; the known, intended differences between the two parsers are normalised on the
// yaml-cpp side, each one documented where it is applied (K1..K8 below).
#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "yaml/parser.h"

namespace halint::yaml::oracle {

struct Tree {
  enum class K { Scalar, Map, Seq } kind = K::Scalar;
  std::string text;         // scalars only; null is ""
  std::vector<Tree> kids;   // maps alternate key, value
};

inline bool is_null_string(std::string_view s) {
  return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL";
}

// halint -> Tree. Null scalars (plain ~, null, empty, !!null) become "" (see K1).
inline Tree from_halint(const Node& n) {
  Tree t;
  if (n.is_scalar()) {
    t.text = n.scalar_type() == ScalarType::Null ? std::string() : n.str();
    return t;
  }
  t.kind = n.is_map() ? Tree::K::Map : Tree::K::Seq;
  t.kids.reserve(n.children().size());
  for (const auto& c : n.children()) t.kids.push_back(from_halint(c));
  return t;
}

namespace detail {

inline bool plain_merge_key(const YAML::Node& k) {
  // yaml-cpp tags a plain untagged scalar "?", a quoted one "!": only plain << merges.
  return k.IsScalar() && k.Tag() == "?" && k.Scalar() == "<<";
}

// K4: yaml-cpp shares the anchored node between its aliases; halint copies it. The
// conversion expands aliases, with a node budget so that the expansion of an alias bomb
// is cut short (halint caps it at 1M copied nodes).
inline bool convert(const YAML::Node& n, Tree& out, size_t& budget, size_t depth) {
  if (budget == 0 || depth > 2000) return false;
  --budget;
  switch (n.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      // K1: yaml-cpp forgets the text of a null (`~`, `null`, empty); halint keeps it
      // but resolves its type to Null. Both become "".
      out.kind = Tree::K::Scalar;
      return true;
    case YAML::NodeType::Scalar: {
      out.kind = Tree::K::Scalar;
      out.text = n.Scalar();
      // K1 again: yaml-cpp returns a *tagged* plain null (`!env_var null`, `!!null ~`) as
      // a scalar; halint resolves it to Null like an untagged one. "!" marks a quoted
      // scalar or the non-specific tag, a string for both parsers.
      const std::string& tag = n.Tag();
      if (tag != "!" && tag != "?" && tag != "tag:yaml.org,2002:str" && is_null_string(out.text)) out.text.clear();
      // An explicit !!null makes any text a null for halint (`!!null .`); yaml-cpp keeps it.
      if (tag == "tag:yaml.org,2002:null") out.text.clear();
      return true;
    }
    case YAML::NodeType::Sequence:
      out.kind = Tree::K::Seq;
      for (const auto& c : n) {
        out.kids.emplace_back();
        if (!convert(c, out.kids.back(), budget, depth + 1)) return false;
      }
      return true;
    case YAML::NodeType::Map:
      break;
  }
  out.kind = Tree::K::Map;
  // Keys and values in document order, merge entries (<<) set aside.
  std::vector<Tree> own;
  std::vector<Tree> merge_sources;
  for (const auto& kv : n) {
    Tree k, v;
    if (!convert(kv.first, k, budget, depth + 1) || !convert(kv.second, v, budget, depth + 1)) return false;
    if (plain_merge_key(kv.first)) {
      // K3: yaml-cpp does not expand merge keys; halint does, as the Kubernetes decoder:
      // a map, or a sequence of maps, whose entries the map receives unless it already
      // has the key (explicit keys win, then earlier sources). Anything else after << is
      // dropped by halint (go-yaml rejects it; no corpus file has one).
      if (v.kind == Tree::K::Map) merge_sources.push_back(std::move(v));
      else if (v.kind == Tree::K::Seq)
        for (auto& item : v.kids)
          if (item.kind == Tree::K::Map) merge_sources.push_back(std::move(item));
      continue;
    }
    own.push_back(std::move(k));
    own.push_back(std::move(v));
  }
  // K2: yaml-cpp keeps every occurrence of a repeated key; halint reports it (HA002)
  // and keeps the later occurrence, at the later position, as the lenient decoder does.
  // This runs before the merge expansion, as in halint (a merge may legitimately repeat
  // a key the map sets: that is an override, not a duplicate).
  {
    std::vector<bool> dropped(own.size() / 2, false);
    std::unordered_set<std::string> later;
    for (size_t i = own.size() / 2; i-- > 0;) {
      if (own[2 * i].kind != Tree::K::Scalar) continue;
      if (!later.insert(own[2 * i].text).second) dropped[i] = true;
    }
    for (size_t i = 0; i < dropped.size(); ++i)
      if (!dropped[i]) {
        out.kids.push_back(std::move(own[2 * i]));
        out.kids.push_back(std::move(own[2 * i + 1]));
      }
  }
  std::unordered_set<std::string> seen;
  for (size_t i = 0; i < out.kids.size(); i += 2)
    if (out.kids[i].kind == Tree::K::Scalar) seen.insert(out.kids[i].text);
  for (auto& src : merge_sources)
    for (size_t i = 0; i + 1 < src.kids.size(); i += 2) {
      if (src.kids[i].kind == Tree::K::Scalar && !seen.insert(src.kids[i].text).second) continue;
      out.kids.push_back(std::move(src.kids[i]));
      out.kids.push_back(std::move(src.kids[i + 1]));
    }
  return true;
}

inline std::string show(const std::string& s) {
  std::string r = "\"";
  for (char c : s.substr(0, 60)) {
    if (c == '\n') r += "\\n";
    else if (static_cast<unsigned char>(c) < 0x20) r += "\\x" + std::to_string(static_cast<int>(c));
    else r += c;
  }
  return r + (s.size() > 60 ? "...\"" : "\"");
}

}  // namespace detail

// yaml-cpp -> normalised Tree; nullopt when the expansion exceeds `budget` nodes.
inline std::optional<Tree> from_yamlcpp(const YAML::Node& n, size_t budget = 4'000'000) {
  Tree t;
  if (!detail::convert(n, t, budget, 0)) return std::nullopt;
  return t;
}

// "" when equal, else where and how the trees differ ("$.spec[2].name: ...").
inline std::string diff(const Tree& a, const Tree& b, const std::string& path = "$") {
  static const char* names[] = {"scalar", "map", "seq"};
  if (a.kind != b.kind)
    return path + ": halint has a " + names[int(a.kind)] + ", yaml-cpp a " + names[int(b.kind)];
  if (a.kind == Tree::K::Scalar)
    return a.text == b.text ? "" : path + ": halint " + detail::show(a.text) + " vs yaml-cpp " + detail::show(b.text);
  if (a.kids.size() != b.kids.size())
    return path + ": halint has " + std::to_string(a.kids.size()) + " children, yaml-cpp " +
           std::to_string(b.kids.size());
  for (size_t i = 0; i < a.kids.size(); ++i) {
    std::string sub = a.kind == Tree::K::Seq ? path + "[" + std::to_string(i) + "]"
                      : i % 2 == 0           ? path + ".<key " + std::to_string(i / 2) + ">"
                                             : path + "." + (a.kids[i - 1].kind == Tree::K::Scalar ? a.kids[i - 1].text : "?");
    std::string d = diff(a.kids[i], b.kids[i], sub);
    if (!d.empty()) return d;
  }
  return "";
}

struct Verdict {
  bool halint_ok = false;
  bool yamlcpp_ok = false;
  bool compared = false;      // both accepted and the trees were compared
  std::string halint_error;   // halint's reason when it rejects
  std::string yamlcpp_error;  // yaml-cpp's exception text when it rejects
  std::string mismatch;       // non-empty: the first difference (document index and path)
  size_t documents = 0;
};

// K5: yaml-cpp 0.7 can loop forever on invalid UTF-8 (the fuzzer found a file with one
// bad trailing octet that yaml-cpp never finished). libyaml rejects such files in its
// reader, before any parsing; yaml-cpp is not run on them.
inline bool is_reader_error(const ParseResult& h) {
  return h.error && (h.error->reason.find("UTF-8") != std::string::npos ||
                     h.error->reason.find("UTF-16") != std::string::npos ||
                     h.error->reason.find("control characters") != std::string::npos);
}

// K6: libyaml (like go-yaml) reads a lone CR, NEL (U+0085), LS (U+2028) and PS (U+2029)
// as line breaks, as YAML 1.1 says; yaml-cpp only knows LF and CRLF and keeps the others
// inside scalars (found by the fuzzer: `apiVersion: v1\r\r` is "v1" for one and "v1\r\r"
// for the other). Inputs with those breaks are not compared.
inline bool has_yaml11_only_breaks(std::string_view text) {
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n')) return true;
    if (text.substr(i, 2) == "\xC2\x85" || text.substr(i, 3) == "\xE2\x80\xA8" || text.substr(i, 3) == "\xE2\x80\xA9")
      return true;
  }
  return false;
}

// K7: yaml-cpp 0.7 splits a tagged plain scalar that continues on the next line into two
// documents (`!!str a=b\nc=d` is one scalar "a=b c=d" for libyaml and go-yaml; found by
// the fuzzer). Documents holding one are not compared.
inline bool has_tagged_multiline_plain(std::string_view text, const Node& n, size_t depth = 0) {
  if (depth > 1100) return false;
  if (n.is_scalar()) {
    Span sp = n.origin().span;
    return n.style() == Style::Plain && n.has_flag(kTagged) && sp.end <= text.size() &&
           text.substr(sp.begin, sp.end - sp.begin).find('\n') != std::string_view::npos;
  }
  for (const auto& c : n.children())
    if (has_tagged_multiline_plain(text, c, depth + 1)) return true;
  return false;
}

// K8: yaml-cpp 0.7 reads an explicit key with no content (`? ` then `: v`) as the map
// {~: ~} instead of a null (libyaml, go-yaml and PyYAML: null; found by the fuzzer).
// Documents with an empty key are not compared.
inline bool has_empty_key(const Node& n, size_t depth = 0) {
  if (depth > 1100 || n.is_scalar()) return false;
  for (size_t i = 0; i < n.children().size(); ++i) {
    const Node& c = n.children()[i];
    if (n.is_map() && i % 2 == 0 && c.is_null() && c.origin().span.begin == c.origin().span.end) return true;
    if (has_empty_key(c, depth + 1)) return true;
  }
  return false;
}

// Parses `text` with both parsers and compares every document. With only_if_halint_accepts,
// yaml-cpp runs only when halint accepts (the fuzzer: nothing to compare otherwise).
inline Verdict compare(std::string_view text, size_t budget = 4'000'000, bool only_if_halint_accepts = false) {
  Verdict v;
  ParseResult h = parse(text, 0);
  v.halint_ok = !h.error;
  if (h.error) v.halint_error = h.error->reason;
  if (is_reader_error(h) || (only_if_halint_accepts && h.error)) {
    v.yamlcpp_error = "not run";
    return v;
  }
  if (has_yaml11_only_breaks(text)) {
    v.yamlcpp_error = "not compared: line breaks only YAML 1.1 knows (K6)";
    return v;
  }
  for (const auto& d : h.documents)
    if (has_tagged_multiline_plain(text, d.root) || has_empty_key(d.root)) {
      v.yamlcpp_error = "not compared: a construct yaml-cpp reads wrongly (K7, K8)";
      return v;
    }
  std::vector<YAML::Node> docs;
  try {
    docs = YAML::LoadAll(std::string(text));
    v.yamlcpp_ok = true;
  } catch (const std::exception& e) {
    v.yamlcpp_error = e.what();
  }
  if (!v.halint_ok || !v.yamlcpp_ok) return v;
  v.documents = h.documents.size();
  if (h.documents.size() != docs.size()) {
    v.compared = true;
    v.mismatch = "halint has " + std::to_string(h.documents.size()) + " documents, yaml-cpp " +
                 std::to_string(docs.size());
    return v;
  }
  for (size_t i = 0; i < docs.size(); ++i) {
    auto theirs = from_yamlcpp(docs[i], budget);
    if (!theirs) return v;  // too large to expand: not compared
    std::string d = diff(from_halint(h.documents[i].root), *theirs);
    if (!d.empty()) {
      v.compared = true;
      v.mismatch = "document " + std::to_string(i) + ": " + d;
      return v;
    }
  }
  v.compared = true;
  return v;
}

}  // namespace halint::yaml::oracle
