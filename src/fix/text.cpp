#include "fix/text.h"

#include <map>

namespace halint::fix {

Text::Text(std::string_view s) : s_(s) {
  if (s.substr(0, 3) == "\xEF\xBB\xBF") bom_ = 3;
}

uint32_t Text::line_start(uint32_t p) const {
  if (p > size()) p = size();
  while (p > 0 && s_[p - 1] != '\n') --p;
  return p == 0 ? bom_ : p;
}

uint32_t Text::line_end(uint32_t p) const {
  while (p < size() && s_[p] != '\n') ++p;
  if (p < size() && p > 0 && s_[p - 1] == '\r') return p - 1;
  return p;
}

uint32_t Text::next_line(uint32_t p) const {
  while (p < size() && s_[p] != '\n') ++p;
  return p < size() ? p + 1 : size();
}

bool Text::blank_line(uint32_t ls) const {
  for (uint32_t p = ls; p < size() && s_[p] != '\n'; ++p)
    if (s_[p] != ' ' && s_[p] != '\t' && s_[p] != '\r') return false;
  return true;
}

bool Text::comment_line(uint32_t ls, uint32_t* indent) const {
  uint32_t p = ls;
  while (p < size() && (s_[p] == ' ' || s_[p] == '\t')) ++p;
  if (p < size() && s_[p] == '#') {
    if (indent) *indent = p - ls;
    return true;
  }
  return false;
}

bool Text::tab_indented(uint32_t begin, uint32_t end, uint32_t cols) const {
  for (uint32_t ls = line_start(begin); ls < end && ls < size(); ls = next_line(ls)) {
    for (uint32_t p = ls; p < size() && p - ls < cols && (s_[p] == ' ' || s_[p] == '\t'); ++p)
      if (s_[p] == '\t') return true;
    if (next_line(ls) == ls) break;
  }
  return false;
}

namespace {

// Counts indent habits over block mappings nested in block mappings.
struct StyleCounter {
  const Text& t;
  std::map<int, int> steps, seq_steps;
  int compact = 0, indented = 0;

  void walk(const yaml::Node& n, int depth) {
    if (depth > 200 || n.has_flag(yaml::kFromAlias)) return;
    if (n.is_map() && n.style() == yaml::Style::Block) {
      for (size_t i = 0; i < n.size(); ++i) {
        const auto& k = n.key_at(i);
        const auto& v = n.value_at(i);
        if (!k.is_scalar() || v.empty() || v.style() != yaml::Style::Block || v.has_flag(yaml::kFromMerge)) continue;
        int kc = static_cast<int>(t.column(k.origin().span.begin));
        if (v.is_map()) {
          int d = static_cast<int>(t.column(v.key_at(0).origin().span.begin)) - kc;
          if (d > 0) ++steps[d];
        } else if (v.is_seq()) {
          // The sequence starts at its first `-` unless it carries an anchor or tag.
          uint32_t b = v.origin().span.begin;
          if (b < t.size() && t.str()[b] != '-') continue;
          int d = static_cast<int>(t.column(b)) - kc;
          if (d == 0) ++compact;
          else if (d > 0) ++indented, ++seq_steps[d];
        }
      }
    }
    for (const auto& c : n.children()) walk(c, depth + 1);
  }
};

int most_common(const std::map<int, int>& m, int fallback) {
  int best = fallback, count = 0;
  for (auto [k, c] : m)
    if (c > count) best = k, count = c;
  return best;
}

}  // namespace

FileStyle detect_style(const Text& text, const std::vector<yaml::Document>& docs) {
  FileStyle st;
  size_t nl = text.str().find('\n');
  if (nl != std::string_view::npos && nl > 0 && text.str()[nl - 1] == '\r') st.eol = "\r\n";
  StyleCounter c{text, {}, {}};
  for (const auto& d : docs)
    if (d.has_content) c.walk(d.root, 0);
  st.step = most_common(c.steps, 2);
  st.seq_indent = most_common(c.seq_steps, st.step);
  st.compact_seq = c.compact > c.indented;
  return st;
}

const yaml::Node& last_descendant(const yaml::Node& n) {
  const yaml::Node* cur = &n;
  while (!cur->is_scalar() && !cur->children().empty() && cur->style() != yaml::Style::Flow)
    cur = &cur->children().back();
  return *cur;
}

BlockHeader block_header(const Text& t, const yaml::Node& scalar) {
  BlockHeader h;
  uint32_t p = scalar.origin().span.begin;
  auto s = t.str();
  // Skip an anchor or tag before the indicator.
  while (p < t.size() && s[p] != '|' && s[p] != '>' && s[p] != '\n') ++p;
  h.indicator = p;
  uint32_t q = p + 1;
  while (q < t.size() && (s[q] == '-' || s[q] == '+' || (s[q] >= '1' && s[q] <= '9'))) {
    if (s[q] == '-' || s[q] == '+') h.chomp = s[q];
    ++q;
  }
  h.end = q;
  return h;
}

namespace {

// The last child written in the text and, for a map, its key. Null when the last child is
// an alias in a sequence (its position is unknown).
struct LastChild {
  const yaml::Node* key = nullptr;
  const yaml::Node* node = nullptr;
};

LastChild last_child(const yaml::Node& n) {
  const auto& kids = n.children();
  if (n.is_map()) {
    for (size_t i = n.size(); i-- > 0;)
      if (!kids[2 * i].has_flag(yaml::kFromMerge)) return {&kids[2 * i], &kids[2 * i + 1]};
    return {};
  }
  if (kids.back().has_flag(yaml::kFromAlias)) return {};
  return {nullptr, &kids.back()};
}

bool ends_in_text(const yaml::Node& n) {
  return n.is_scalar() || n.style() == yaml::Style::Flow || n.children().empty();
}

}  // namespace

const yaml::Node* last_written(const yaml::Node& n) {
  const yaml::Node* cur = &n;
  for (int depth = 0; depth < 1100; ++depth) {
    if (cur->has_flag(yaml::kFromAlias)) return nullptr;
    if (ends_in_text(*cur)) return cur;
    LastChild lc = last_child(*cur);
    if (!lc.node) return nullptr;
    cur = lc.node;
  }
  return nullptr;
}

static uint32_t walk_written_end(const Text& t, const yaml::Node& n, const yaml::Node* key);

uint32_t written_end(const Text& t, const yaml::Node& n, const yaml::Node* key) {
  uint32_t e = walk_written_end(t, n, key);
  // The parser records where a block collection's text ends even when its last child is
  // an alias (`- *name`) the tree cannot place: use it when the walk cannot tell.
  if (e == kUnknown && !n.is_scalar() && n.style() == yaml::Style::Block && !n.has_flag(yaml::kFromAlias) &&
      n.origin().span.end > n.origin().span.begin && n.origin().span.end <= t.size())
    return n.origin().span.end;
  return e;
}

static uint32_t walk_written_end(const Text& t, const yaml::Node& n, const yaml::Node* key) {
  const yaml::Node* cur = &n;
  for (int depth = 0; depth < 1100; ++depth) {
    if (cur->has_flag(yaml::kFromAlias)) {
      // `key: *name` (or `key: &a *name`): the alias token follows the key on its line.
      if (!key) return kUnknown;
      auto s = t.str();
      uint32_t p = key->origin().span.end;
      uint32_t le = t.line_end(p);
      while (p < le && s[p] != '*') ++p;
      if (p == le) return kUnknown;
      while (p < le && s[p] != ' ' && s[p] != '\t' && s[p] != ',' && s[p] != '#') ++p;
      return p;
    }
    if (ends_in_text(*cur)) return cur->origin().span.end;
    LastChild lc = last_child(*cur);
    if (!lc.node) return kUnknown;
    key = lc.key;
    cur = lc.node;
  }
  return kUnknown;
}

uint32_t entry_end(const Text& t, const yaml::Node& value, uint32_t col, const yaml::Node* key) {
  uint32_t e = written_end(t, value, key);
  if (e == kUnknown) return kUnknown;
  const yaml::Node* lastp = last_written(value);
  bool block_scalar = lastp && lastp->is_scalar() &&
                      (lastp->style() == yaml::Style::Literal || lastp->style() == yaml::Style::Folded);
  if (e > 0 && t.str()[e - 1] == '\n') {
    // A block scalar ends at the start of the line after its content.
    if (block_scalar && block_header(t, *lastp).chomp != '+') {
      while (e > lastp->origin().span.begin) {
        uint32_t prev = t.line_start(e - 1);
        if (prev <= lastp->origin().span.begin || !t.blank_line(prev)) break;
        e = prev;
      }
    }
  } else {
    e = t.next_line(e);
  }
  // Comment lines below, indented deeper than the entry, annotate it.
  uint32_t indent = 0;
  while (e < t.size() && t.comment_line(e, &indent) && indent > col) e = t.next_line(e);
  return e;
}

}  // namespace halint::fix
