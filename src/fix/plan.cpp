#include "fix/plan.h"

#include <filesystem>
#include <optional>

#include "core/loader.h"
#include "fix/apply.h"
#include "fix/emit.h"
#include "fix/locate.h"
#include "fix/text.h"
#include "yaml/embedded.h"

namespace halint::fix {
namespace {

using yaml::Node;
using yaml::Style;
constexpr uint32_t kNone = UINT32_MAX;

// Everything the planner knows about one file it edits.
struct FileCtx {
  const SourceFile& f;
  FileId id;
  Text t;
  FileStyle st;
  Emitter em;
  std::vector<Span> aliased;

  FileCtx(const SourceFile& file, FileId fid)
      : f(file), id(fid), t(file.text), st(detect_style(t, file.documents)), em(st), aliased(aliased_spans(file.documents)) {}
};

std::string spaces(uint32_t n) { return std::string(n, ' '); }

// A node's span with the end its text really has (see written_end).
Span written_span(const FileCtx& c, const Node& n) {
  uint32_t e = written_end(c.t, n);
  Span s = n.origin().span;
  return Span{s.begin, e == kUnknown || e < s.begin ? s.begin + 1 : e};
}

// True when s lies within an anchored node an alias copies (an edit there changes every
// copy), or inserting at a point strictly inside one (the new text would join it).
bool inside_alias(const FileCtx& c, Span s) {
  for (const Span& a : c.aliased) {
    if (a.begin == a.end) continue;
    if (s.begin >= a.begin && s.end <= a.end && !(s.begin == s.end && (s.begin == a.begin || s.begin == a.end)))
      return true;
  }
  return false;
}

bool touches_alias(const FileCtx& c, Span s) {
  for (const Span& a : c.aliased) {
    if (a.begin == a.end) continue;
    if ((s.begin < a.end && a.begin < s.end) || (s.begin >= a.begin && s.end <= a.end)) return true;
  }
  return false;
}

// Offset just after the ':' that follows a key, or kNone.
uint32_t after_colon(const Text& t, const Node& key) {
  uint32_t p = key.origin().span.end;
  auto s = t.str();
  while (p < t.size() && (s[p] == ' ' || s[p] == '\t')) ++p;
  return p < t.size() && s[p] == ':' ? p + 1 : kNone;
}

// The `-` introducing the item that starts at p, or kNone.
uint32_t dash_before(const Text& t, uint32_t p) {
  auto s = t.str();
  while (p > 0 && (s[p - 1] == ' ' || s[p - 1] == '\t')) --p;
  if (p > 0 && s[p - 1] == '-') return p - 1;
  if (p == 0 || s[p - 1] != '\n' || p < 2) return kNone;
  // The item starts on the line after its dash: `-` alone, or `- # comment`.
  uint32_t ls = t.line_start(p - 2);
  uint32_t q = ls;
  while (q < p && (s[q] == ' ' || s[q] == '\t')) ++q;
  if (q >= p || s[q] != '-') return kNone;
  uint32_t r = q + 1;
  while (r < p && (s[r] == ' ' || s[r] == '\t' || s[r] == '\r')) ++r;
  return (s[r] == '\n' || s[r] == '#') ? q : kNone;
}

// A key written with the explicit `? ` indicator, or not a scalar: halint does not edit those.
bool complex_key(const Text& t, const Node& key) {
  if (!key.is_scalar()) return true;
  auto s = t.str();
  uint32_t p = key.origin().span.begin;
  while (p > 0 && (s[p - 1] == ' ' || s[p - 1] == '\t')) --p;
  return p > 0 && s[p - 1] == '?';
}

bool at_line_start(const Text& t, uint32_t p) {
  uint32_t ls = t.line_start(p);
  for (uint32_t i = ls; i < p; ++i)
    if (t.str()[i] != ' ') return false;
  return true;
}

// Text inserted at the very end of a file without a final line break starts with one;
// a block scalar that ended the file would then gain that line break, so it is
// switched to strip chomping (`|` -> `|-`), which keeps its value.
void at_end_of_file(const FileCtx& c, uint32_t at, std::string& text, FileEdits& fe) {
  if (at != c.t.size() || c.t.ends_with_newline() || c.t.size() == c.t.bom()) return;
  text = c.st.eol + text;
  const auto& docs = c.f.documents;
  for (size_t d = docs.size(); d-- > 0;) {
    if (!docs[d].has_content) continue;
    const Node* lastp = last_written(docs[d].root);
    if (!lastp) break;
    const Node& last = *lastp;
    if (last.is_scalar() && (last.style() == Style::Literal || last.style() == Style::Folded) &&
        last.origin().span.end == c.t.size()) {
      BlockHeader h = block_header(c.t, last);
      if (h.chomp == '-') break;
      if (h.chomp == '+') {
        for (uint32_t p = h.indicator + 1; p < h.end; ++p)
          if (c.t.str()[p] == '+') fe.bytes.push_back({p, p + 1, "-"});
      } else {
        fe.bytes.push_back({h.end, h.end, "-"});
      }
    }
    break;
  }
}

Node key_node(const std::string& key) { return Node::string(key); }

// Where an entry (or item) inserted after child `i` of a block collection goes.
uint32_t after_child(const FileCtx& c, const Node& coll, size_t i, uint32_t col) {
  if (coll.is_map()) return entry_end(c.t, coll.value_at(i), col, &coll.key_at(i));
  return entry_end(c.t, coll.at(i), col);
}

// Replaces an empty flow collection `{}`/`[]` (the target) by `filled`, in block style
// when its context is block.
std::optional<std::string> fill_empty_flow(const FileCtx& c, const Located& loc, const Node& filled, FileEdits& fe) {
  const Node& n = loc.node();
  Span s = n.origin().span;
  const Node* p = loc.parent();
  if (loc.in_flow() || !p) {
    std::string text = !p ? (filled.is_map() ? c.em.block_map_body(filled, 0) : c.em.document(filled)) : c.em.flow(filled);
    if (!p && !filled.is_map()) {
      // document() ends with a line break; the original text after `{}` keeps its own.
      text.resize(text.size() - c.st.eol.size());
    }
    fe.bytes.push_back({s.begin, s.end, std::move(text)});
    return std::nullopt;
  }
  if (p->is_map()) {
    const Node& key = p->key_at(loc.path.back() / 2);
    uint32_t colon = after_colon(c.t, key);
    if (colon == kNone || colon > s.begin) return "cannot find the ':' of the entry";
    if (n.has_flag(yaml::kAnchored) || n.has_flag(yaml::kTagged)) return "the empty collection has an anchor or tag";
    fe.bytes.push_back({colon, s.end, c.em.after_key(filled, static_cast<int>(c.t.column(key.origin().span.begin)))});
    return std::nullopt;
  }
  uint32_t dash = dash_before(c.t, s.begin);
  if (dash == kNone) return "cannot find the '-' of the item";
  std::string body = c.em.after_dash(filled, static_cast<int>(c.t.column(dash)));
  fe.bytes.push_back({s.begin, s.end, body.substr(1)});
  return std::nullopt;
}

std::optional<std::string> insert_entry(const FileCtx& c, const Located& loc, const Edit& e, FileEdits& fe) {
  const Node& m = loc.node();
  if (!m.is_map()) return "the target is not a mapping";
  if (e.key.empty()) return "no key to insert";
  if (m.get(e.key)) return "the mapping already has \"" + e.key + "\"";
  // A new entry leaves the anchored nodes inside the mapping as they are: only a mapping
  // that is itself (inside) an aliased anchor is refused, and an insertion point inside one.
  if (inside_alias(c, written_span(c, m))) return "the mapping is anchored and an alias uses it: the edit would change every alias";
  Node key = key_node(e.key);

  // Entries written in the map (merged ones come after them in the tree).
  size_t own = 0;
  while (own < m.size() && !m.key_at(own).has_flag(yaml::kFromMerge)) ++own;
  size_t pos = own;  // insert before child entry `pos`
  if (!e.after_key.empty()) {
    for (size_t i = 0; i < own; ++i)
      if (m.key_at(i).is_scalar() && m.key_at(i).str() == e.after_key) pos = i + 1;
  }
  TreeEdit te{TreeEdit::Kind::Insert, loc.doc, loc.path, 2 * pos, 0, {key, e.value}, 0};

  if (m.empty()) {
    Node filled = Node::map();
    filled.set(key, e.value);
    if (auto err = fill_empty_flow(c, loc, filled, fe)) return err;
    te.order = m.origin().span.begin;
    fe.tree.push_back(std::move(te));
    return std::nullopt;
  }
  if (pos == 0) return "the mapping holds only merged entries";
  if (m.style() == Style::Flow) {
    if (c.t.tab_indented(m.origin().span.begin, m.origin().span.end, c.t.column(m.origin().span.begin) + 1)) return "the mapping is indented with tabs";
    uint32_t at = m.value_at(pos - 1).origin().span.end;
    if (inside_alias(c, Span{at, at})) return "the insertion point is inside an anchored node that an alias uses";
    fe.bytes.push_back({at, at, ", " + c.em.flow(key) + ": " + c.em.flow(e.value)});
    te.order = at;
    fe.tree.push_back(std::move(te));
    return std::nullopt;
  }
  const Node& first = m.key_at(0);
  uint32_t col = c.t.column(first.origin().span.begin);
  if (complex_key(c.t, m.key_at(pos - 1))) return "the entry before the insertion point has a complex key";
  uint32_t at = after_child(c, m, pos - 1, col);
  if (at == kUnknown) return "the mapping ends with an alias whose position is unknown";
  if (inside_alias(c, Span{at, at})) return "the insertion point is inside an anchored node that an alias uses";
  if (c.t.tab_indented(first.origin().span.begin, at, col + 1)) return "the mapping is indented with tabs";
  std::string text = spaces(col) + c.em.entry(key, e.value, static_cast<int>(col)) + c.st.eol;
  at_end_of_file(c, at, text, fe);
  fe.bytes.push_back({at, at, std::move(text)});
  te.order = at;
  fe.tree.push_back(std::move(te));
  return std::nullopt;
}

std::optional<std::string> append_item(const FileCtx& c, const Located& loc, const Edit& e, FileEdits& fe) {
  const Node& s = loc.node();
  if (!s.is_seq()) return "the target is not a sequence";
  if (touches_alias(c, written_span(c, s))) return "the sequence is anchored and an alias uses it: the edit would change every alias";
  TreeEdit te{TreeEdit::Kind::Insert, loc.doc, loc.path, s.size(), 0, {e.value}, 0};
  if (s.empty()) {
    Node filled = Node::seq();
    filled.push_back(e.value);
    if (auto err = fill_empty_flow(c, loc, filled, fe)) return err;
    te.order = s.origin().span.begin;
    fe.tree.push_back(std::move(te));
    return std::nullopt;
  }
  if (s.style() == Style::Flow) {
    uint32_t at = s.at(s.size() - 1).origin().span.end;
    fe.bytes.push_back({at, at, ", " + c.em.flow(e.value)});
    te.order = at;
    fe.tree.push_back(std::move(te));
    return std::nullopt;
  }
  uint32_t dash = dash_before(c.t, s.at(0).origin().span.begin);
  if (dash == kNone) return "cannot find the '-' of the first item";
  uint32_t col = c.t.column(dash);
  uint32_t at = after_child(c, s, s.size() - 1, col);
  if (at == kUnknown) return "the sequence ends with an alias whose position is unknown";
  if (c.t.tab_indented(dash, at, col + 1)) return "the sequence is indented with tabs";
  std::string text = spaces(col) + "-" + c.em.after_dash(e.value, static_cast<int>(col)) + c.st.eol;
  at_end_of_file(c, at, text, fe);
  fe.bytes.push_back({at, at, std::move(text)});
  te.order = at;
  fe.tree.push_back(std::move(te));
  return std::nullopt;
}

bool is_block_scalar(const Node& n) {
  return n.is_scalar() && (n.style() == Style::Literal || n.style() == Style::Folded);
}

std::optional<std::string> replace_value(const FileCtx& c, const Located& loc, const Edit& e, FileEdits& fe) {
  const Node& n = loc.node();
  if (loc.is_key()) return "the target is a key (rename it instead)";
  const Node* p = loc.parent();
  Span s = n.origin().span;
  if (touches_alias(c, written_span(c, n))) return "the value is anchored and an alias uses it: the edit would change every alias";
  if (n.has_flag(yaml::kFromMerge)) return "the value comes from a merge key";
  const Node* key = (p && p->is_map()) ? &p->key_at(loc.path.back() / 2) : nullptr;
  if (key && complex_key(c.t, *key)) return "the entry has a complex key";
  Node value = e.value;
  // A string replacing a quoted string keeps its quotes.
  if (value.is_string() && value.style() == Style::Plain && n.is_string() &&
      (n.style() == Style::SingleQuoted || n.style() == Style::DoubleQuoted))
    value.set_style(n.style());
  TreeEdit te{TreeEdit::Kind::Replace, loc.doc, loc.path, 0, 0, {e.value}, s.begin};

  bool inline_old = (n.is_scalar() && !is_block_scalar(n)) || n.style() == Style::Flow;
  bool inline_new = value.is_scalar() || value.empty() || value.style() == Style::Flow;
  if (loc.in_flow()) {
    fe.bytes.push_back({s.begin, s.end, c.em.flow(value)});
  } else if (inline_old && inline_new) {
    std::string text = value.is_scalar() ? c.em.scalar(value) : c.em.flow(value);
    // An empty value (`key:` or `-` alone) needs a space before what replaces it.
    if (s.begin == s.end && s.begin > 0 && (c.t.str()[s.begin - 1] == ':' || c.t.str()[s.begin - 1] == '-'))
      text = " " + text;
    fe.bytes.push_back({s.begin, s.end, std::move(text)});
  } else if (inline_old && key && c.t.line_end(s.begin) >= s.end) {
    // An inline value becomes a block: the value goes, the line keeps its comment, and
    // the block follows that line.
    uint32_t colon = after_colon(c.t, *key);
    if (colon == kNone) return "cannot find the ':' of the entry";
    uint32_t le = c.t.line_end(s.end);
    uint32_t cut = s.end;
    while (cut < le && (c.t.str()[cut] == ' ' || c.t.str()[cut] == '\t')) ++cut;
    if (cut == le) fe.bytes.push_back({colon, le, ""});
    else fe.bytes.push_back({colon, s.end, ""});
    std::string text = c.em.after_key(value, static_cast<int>(c.t.column(key->origin().span.begin)));
    fe.bytes.push_back({le, le, std::move(text)});
  } else {
    // A block value is involved: rewrite everything after the entry's ':' (or item's '-').
    uint32_t end = written_end(c.t, n, key);
    if (end == kUnknown) return "the value ends with an alias whose position is unknown";
    // A comment beside the last line of a replaced block collection described what goes.
    if (!n.is_scalar() && n.style() != Style::Flow && !(end > 0 && c.t.str()[end - 1] == '\n')) {
      uint32_t le = c.t.line_end(end);
      uint32_t p2 = end;
      while (p2 < le && (c.t.str()[p2] == ' ' || c.t.str()[p2] == '\t')) ++p2;
      if (p2 < le && c.t.str()[p2] == '#') end = le;
    }
    bool ends_line = end > 0 && c.t.str()[end - 1] == '\n';
    uint32_t start;
    std::string text;
    if (key) {
      start = after_colon(c.t, *key);
      if (start == kNone) return "cannot find the ':' of the entry";
      text = c.em.after_key(value, static_cast<int>(c.t.column(key->origin().span.begin)));
      // A block replacing a block that starts below its key: the key's line stays as it is,
      // with its comment (`key:  # why`); the rewrite starts at that line's end.
      if (!inline_new && !inline_old) {
        uint32_t key_line_end = c.t.line_end(start);
        uint32_t q = start;
        while (q < key_line_end && (c.t.str()[q] == ' ' || c.t.str()[q] == '\t')) ++q;
        if (key_line_end < s.begin && (q == key_line_end || c.t.str()[q] == '#')) start = key_line_end;
      }
    } else if (p) {
      start = dash_before(c.t, s.begin);
      if (start == kNone) return "cannot find the '-' of the item";
      text = c.em.after_dash(value, static_cast<int>(c.t.column(start)));
      ++start;
    } else {
      start = s.begin;
      text = c.em.document(value);
      text.resize(text.size() - c.st.eol.size());
    }
    if (c.t.tab_indented(start, end, c.t.column(s.begin) + 1)) return "the value is indented with tabs";
    if (ends_line) text += c.st.eol;
    fe.bytes.push_back({start, end, std::move(text)});
  }
  fe.tree.push_back(std::move(te));
  return std::nullopt;
}

// DeleteEntry whose target is an item of a sequence (not a map key): removes the item,
// its `- ` line(s) in a block sequence, or the item and its comma in a flow one. The
// last item is refused: what an empty list should be is the rule's decision.
std::optional<std::string> delete_item(const FileCtx& c, const Located& loc, FileEdits& fe) {
  const Node& it = loc.node();
  const Node& s = *loc.parent();
  size_t j = loc.path.back();
  if (s.size() < 2) return "deleting the only item of a sequence";
  TreeEdit te{TreeEdit::Kind::Erase, loc.doc, std::vector<size_t>(loc.path.begin(), loc.path.end() - 1), j, 1, {}, it.origin().span.begin};
  Span is = it.origin().span;
  if (s.style() == Style::Flow) {
    if (touches_alias(c, is)) return "the item is anchored and an alias uses it";
    if (j + 1 < s.size()) fe.bytes.push_back({is.begin, s.at(j + 1).origin().span.begin, ""});
    else fe.bytes.push_back({s.at(j - 1).origin().span.end, is.end, ""});
    fe.tree.push_back(std::move(te));
    return std::nullopt;
  }
  uint32_t dash = dash_before(c.t, is.begin);
  if (dash == kNone || !at_line_start(c.t, dash)) return "unexpected layout of the sequence item";
  uint32_t ls = c.t.line_start(dash);
  uint32_t end = entry_end(c.t, it, c.t.column(dash));
  if (c.t.tab_indented(ls, end, c.t.column(dash) + 1)) return "the sequence is indented with tabs";
  if (touches_alias(c, Span{dash, end})) return "the item holds an anchor that an alias uses";
  fe.bytes.push_back({ls, end, ""});
  fe.tree.push_back(std::move(te));
  return std::nullopt;
}

std::optional<std::string> delete_entry(const FileCtx& c, const Located& loc, const Edit& e, FileEdits& fe) {
  if (!loc.is_key()) return "the target is not the key of a mapping entry";
  const Node& k = loc.node();
  const Node& m = *loc.parent();
  size_t j = loc.path.back() / 2;
  const Node& v = m.value_at(j);
  if (complex_key(c.t, k)) return "the entry has a complex key";
  if (k.has_flag(yaml::kFromMerge)) return "the entry comes from a merge key";
  TreeEdit te{TreeEdit::Kind::Erase, loc.doc, std::vector<size_t>(loc.path.begin(), loc.path.end() - 1), 2 * j, 2, {}, k.origin().span.begin};
  // Entries written in the map.
  size_t own = 0;
  for (size_t i = 0; i < m.size(); ++i)
    if (!m.key_at(i).has_flag(yaml::kFromMerge)) ++own;

  if (m.style() == Style::Flow) {
    Span ks = k.origin().span;
    uint32_t vend = v.origin().span.end;
    if (touches_alias(c, Span{ks.begin, vend})) return "the entry is anchored and an alias uses it";
    if (m.size() == 1) fe.bytes.push_back({ks.begin, vend, ""});
    else if (j + 1 < m.size()) fe.bytes.push_back({ks.begin, m.key_at(j + 1).origin().span.begin, ""});
    else fe.bytes.push_back({m.value_at(j - 1).origin().span.end, vend, ""});
    fe.tree.push_back(std::move(te));
    return std::nullopt;
  }
  uint32_t col = c.t.column(k.origin().span.begin);
  uint32_t end = entry_end(c.t, v, col, &k);
  if (end == kUnknown) return "the entry ends with an alias whose position is unknown";
  uint32_t ls = c.t.line_start(k.origin().span.begin);
  if (c.t.tab_indented(ls, end, col + 1)) return "the mapping is indented with tabs";
  if (touches_alias(c, Span{k.origin().span.begin, end})) return "the entry holds an anchor that an alias uses";
  if (own == 1) {
    // The mapping becomes empty: it is written `{}`.
    if (m.has_flag(yaml::kAnchored) || m.has_flag(yaml::kTagged)) return "deleting the only entry of an anchored or tagged mapping";
    const Node* gp = loc.grandparent();
    if (own != m.size()) return "deleting the only written entry of a mapping with merged entries";
    if (gp && gp->is_map()) {
      if (!at_line_start(c.t, k.origin().span.begin)) return "unexpected layout of the mapping";
      const Node& gkey = gp->key_at(loc.path[loc.path.size() - 2] / 2);
      uint32_t colon = after_colon(c.t, gkey);
      if (colon == kNone) return "cannot find the ':' of the parent entry";
      fe.bytes.push_back({colon, colon, " {}"});
      fe.bytes.push_back({ls, end, ""});
    } else {
      uint32_t b = gp ? k.origin().span.begin : ls;
      fe.bytes.push_back({b, end, "{}" + c.st.eol});
    }
    fe.tree.push_back(std::move(te));
    return std::nullopt;
  }
  if (at_line_start(c.t, k.origin().span.begin)) {
    fe.bytes.push_back({ls, end, ""});
  } else {
    // The first entry of a map on the line of its `- ` (or after an anchor): the next
    // entry moves up to take its place.
    if (j + 1 >= m.size() || m.key_at(j + 1).has_flag(yaml::kFromMerge)) return "unexpected layout of the mapping";
    fe.bytes.push_back({k.origin().span.begin, m.key_at(j + 1).origin().span.begin, ""});
  }
  fe.tree.push_back(std::move(te));
  return std::nullopt;
}

std::optional<std::string> rename_key(const FileCtx& c, const Located& loc, const Edit& e, FileEdits& fe) {
  if (!loc.is_key()) return "the target is not the key of a mapping entry";
  const Node& k = loc.node();
  const Node& m = *loc.parent();
  if (complex_key(c.t, k)) return "the entry has a complex key";
  if (k.has_flag(yaml::kFromMerge)) return "the entry comes from a merge key";
  if (e.key.empty()) return "no new key name";
  if (m.get(e.key)) return "the mapping already has \"" + e.key + "\"";
  if (touches_alias(c, k.origin().span)) return "the key is anchored and an alias uses it";
  Node nk = key_node(e.key);
  if (k.style() == Style::SingleQuoted || k.style() == Style::DoubleQuoted) nk.set_style(k.style());
  Span s = k.origin().span;
  fe.bytes.push_back({s.begin, s.end, c.em.scalar(nk, loc.in_flow() || m.style() == Style::Flow)});
  fe.tree.push_back({TreeEdit::Kind::Replace, loc.doc, loc.path, 0, 0, {nk}, s.begin});
  return std::nullopt;
}

std::optional<std::string> append_document(const FileCtx& c, std::optional<size_t> doc, const Edit& e, FileEdits& fe) {
  const auto& docs = c.f.documents;
  size_t d = doc.value_or(docs.empty() ? 0 : docs.size() - 1);
  if (!e.value.is_map() && !e.value.is_seq()) return "a new document must be a mapping or a sequence";
  std::string body = c.em.document(e.value);
  uint32_t at;
  std::string text;
  if (docs.empty() || d + 1 >= docs.size()) {
    at = c.t.size();
    text = "---" + c.st.eol + body;
    at_end_of_file(c, at, text, fe);
  } else {
    const auto& next = docs[d + 1];
    at = c.t.line_start(next.span.begin);
    text = "---" + c.st.eol + body;
    if (!next.explicit_start) text += "---" + c.st.eol;
  }
  fe.bytes.push_back({at, at, std::move(text)});
  fe.tree.push_back({TreeEdit::Kind::InsertDocument, d, {}, docs.empty() ? 0 : d + 1, 0, {e.value}, at});
  return std::nullopt;
}

FileEdits& edits_for(FixPlan& plan, FileId id, const std::string& abs) {
  for (auto& fe : plan.files)
    if (fe.file == id && fe.abs_path == abs) return fe;
  plan.files.push_back(FileEdits{id, abs, {}, {}, {}, {}});
  return plan.files.back();
}

Want want_for(Edit::Op op) {
  switch (op) {
    case Edit::Op::InsertEntry: return Want::Map;
    case Edit::Op::AppendItem: return Want::Seq;
    case Edit::Op::DeleteEntry:
    case Edit::Op::RenameKey: return Want::Key;
    case Edit::Op::ReplaceValue: return Want::Value;
    case Edit::Op::AppendDocument: return Want::Any;
    case Edit::Op::CreateFile: return Want::Map;
  }
  return Want::Any;
}

std::optional<std::string> plan_edit(const FileTable& files, const Edit& e, FixPlan& plan);

// The literal block scalar whose text holds `span` (an edit inside an embedded document).
const Node* enclosing_block_scalar(const Node& n, Span span, size_t depth = 0) {
  if (depth > 1100 || n.has_flag(yaml::kFromAlias)) return nullptr;
  Span s = n.origin().span;
  if (n.is_scalar())
    return (n.style() == Style::Literal || n.style() == Style::Folded) && s.begin < span.begin && span.end <= s.end
               ? &n
               : nullptr;
  for (const auto& k : n.children())
    if (const Node* hit = enclosing_block_scalar(k, span, depth + 1)) return hit;
  return nullptr;
}

const Node* embedding_scalar(const SourceFile& f, Span span) {
  for (const auto& d : f.documents)
    if (d.has_content)
      if (const Node* n = enclosing_block_scalar(d.root, span)) return n;
  return nullptr;
}

// Edits inside the YAML document a literal block scalar holds: they are planned on the
// scalar's value as a file of its own, verified there, and the scalar's content lines are
// rewritten with their indentation (its header, and so its chomping, stay as written).
std::optional<std::string> plan_embedded(const FileTable& files, FileId id, const Node& scalar,
                                         const std::vector<const Edit*>& edits, FixPlan& plan) {
  const SourceFile& f = files[id];
  FileCtx c(f, id);
  auto loc = locate(f.documents, scalar.origin().span, Want::Value);
  if (!loc) return "the block scalar holding the target was not found";
  auto map = yaml::EmbeddedMap::make(f.text, scalar);
  if (!map) return "the target is inside a block scalar halint cannot rewrite (not literal, or with an indentation indicator)";
  if (block_header(c.t, scalar).chomp == '+') return "the target is inside a `|+` block scalar";
  if (touches_alias(c, scalar.origin().span)) return "the block scalar is anchored and an alias uses it";
  const std::string& value = scalar.str();
  FileTable vt;
  vt.add(parse_text(f.abs_path, value, 0));
  if (vt[0].syntax_error) return "the YAML inside the block scalar has a syntax error";
  FixPlan inner;
  for (const Edit* e : edits) {
    auto b = map->to_value(e->target.span.begin), en = map->to_value(e->target.span.end);
    if (!b || !en) return "the target does not fall on the content of the block scalar";
    Edit ie = *e;
    ie.target = Origin{0, Span{*b, *en}};
    if (ie.op == Edit::Op::CreateFile) return "cannot create a file from inside a block scalar";
    if (auto err = plan_edit(vt, ie, inner)) return "inside the block scalar: " + *err;
  }
  if (inner.files.size() != 1) return "internal: embedded edits outside the scalar";
  const FileEdits& ife = inner.files[0];
  std::string nv = apply_bytes(value, ife.bytes);
  if (auto bad = verify(vt[0], nv, ife.tree)) return "inside the block scalar: " + *bad;
  // The header's chomping decides the final line breaks of the value.
  while (!nv.empty() && nv.back() == '\n') nv.pop_back();
  if (map->ends_with_newline()) nv += '\n';
  std::string text;
  size_t b = 0;
  std::string_view body(nv);
  if (!body.empty() && body.back() == '\n') body.remove_suffix(1);
  while (b <= body.size()) {
    size_t e = body.find('\n', b);
    if (e == std::string_view::npos) e = body.size();
    std::string_view line = body.substr(b, e - b);
    if (!line.empty()) text += spaces(map->indent()) + std::string(line);
    b = e + 1;
    if (b <= body.size()) text += c.st.eol;
  }
  Span content = map->content();
  if (content.end > content.begin && f.text[content.end - 1] == '\n') text += c.st.eol;
  FileEdits& fe = edits_for(plan, id, f.abs_path);
  fe.bytes.push_back({content.begin, content.end, std::move(text)});
  fe.tree.push_back({TreeEdit::Kind::Replace, loc->doc, loc->path, 0, 0, {Node::scalar(nv, Style::Literal)}, scalar.origin().span.begin});
  return std::nullopt;
}

std::optional<std::string> create_file(const FileTable& files, const Edit& e, FixPlan& plan) {
  namespace stdfs = std::filesystem;
  if (e.path.empty()) return "no path for the new file";
  stdfs::path p(e.path);
  stdfs::path base = e.target.known() && e.target.file < files.size()
                         ? stdfs::path(files[e.target.file].abs_path).parent_path()
                         : stdfs::current_path();
  stdfs::path abs = (p.is_absolute() ? p : base / p).lexically_normal();
  std::error_code ec;
  if (stdfs::exists(abs, ec)) return "the file to create already exists: " + abs.string();
  for (const auto& fe : plan.files)
    if (fe.abs_path == abs.string()) return "the fix creates the same file twice";
  FileStyle st;
  if (e.target.known() && e.target.file < files.size()) {
    Text t(files[e.target.file].text);
    st = detect_style(t, files[e.target.file].documents);
  }
  FileEdits fe;
  fe.abs_path = abs.string();
  fe.created_text = Emitter(st).document(e.value);
  fe.created_root = e.value;
  plan.files.push_back(std::move(fe));
  if (!e.target.known()) return std::nullopt;
  // List the new file in the kustomization's resources.
  std::string rel = abs.lexically_relative(base).generic_string();
  const SourceFile& kf = files[e.target.file];
  auto loc = locate(kf.documents, e.target.span, Want::Map);
  if (!loc) return "the kustomization to list the new file in was not found";
  Edit list;
  list.target = e.target;
  if (const Node* res = loc->node().get("resources"); res && res->is_seq()) {
    list.op = Edit::Op::AppendItem;
    list.target.span = res->origin().span;
    list.value = Node::string(rel);
  } else if (res && !res->is_null()) {
    return "the kustomization's resources is not a list";
  } else if (res) {
    return "the kustomization's resources is empty (null)";
  } else {
    list.op = Edit::Op::InsertEntry;
    list.key = "resources";
    list.value = Node::seq();
    list.value.push_back(Node::string(rel));
  }
  return plan_edit(files, list, plan);
}

std::optional<std::string> plan_edit(const FileTable& files, const Edit& e, FixPlan& plan) {
  if (e.op == Edit::Op::CreateFile) return create_file(files, e, plan);
  if (!e.target.known() || e.target.file >= files.size()) return "the target has no source location";
  const SourceFile& f = files[e.target.file];
  if (f.read_error) return "the file could not be read";
  if (f.syntax_error) return "the file has a YAML syntax error";
  FileCtx c(f, e.target.file);
  FileEdits& fe = edits_for(plan, e.target.file, f.abs_path);
  auto loc = locate(f.documents, e.target.span, want_for(e.op));
  if (e.op == Edit::Op::AppendDocument) {
    std::optional<size_t> doc;
    if (loc) doc = loc->doc;
    return append_document(c, doc, e, fe);
  }
  if (!loc && e.op == Edit::Op::DeleteEntry) {
    auto item = locate(f.documents, e.target.span, Want::Value);
    if (item && item->parent() && item->parent()->is_seq()) return delete_item(c, *item, fe);
  }
  if (!loc) {
    if (locate(f.documents, e.target.span, Want::Any))
      return "the target node is not of the kind this edit needs";
    return "the target node was not found in " + f.path;
  }
  switch (e.op) {
    case Edit::Op::InsertEntry: return insert_entry(c, *loc, e, fe);
    case Edit::Op::AppendItem: return append_item(c, *loc, e, fe);
    case Edit::Op::ReplaceValue: return replace_value(c, *loc, e, fe);
    case Edit::Op::DeleteEntry: return delete_entry(c, *loc, e, fe);
    case Edit::Op::RenameKey: return rename_key(c, *loc, e, fe);
    default: return "unsupported edit";
  }
}

}  // namespace

PlanResult plan_fix(const FileTable& files, const Fix& fix) {
  FixPlan plan;
  if (fix.edits.empty()) return std::string("the fix has no edits");
  // Edits aimed inside a block scalar's embedded document are planned together, per scalar.
  std::vector<std::pair<const Node*, FileId>> scalars;
  std::vector<std::vector<const Edit*>> groups;
  for (const auto& e : fix.edits) {
    if (e.op != Edit::Op::CreateFile && e.target.known() && e.target.file < files.size()) {
      const SourceFile& f = files[e.target.file];
      if (!f.syntax_error && !locate(f.documents, e.target.span, Want::Any))
        if (const Node* sc = embedding_scalar(f, e.target.span)) {
          size_t i = 0;
          while (i < scalars.size() && scalars[i].first != sc) ++i;
          if (i == scalars.size()) scalars.push_back({sc, e.target.file}), groups.emplace_back();
          groups[i].push_back(&e);
          continue;
        }
    }
    if (auto err = plan_edit(files, e, plan)) return *err;
  }
  for (size_t i = 0; i < scalars.size(); ++i)
    if (auto err = plan_embedded(files, scalars[i].second, *scalars[i].first, groups[i], plan)) return *err;
  return plan;
}

}  // namespace halint::fix
