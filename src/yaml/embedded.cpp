#include "yaml/embedded.h"

#include <algorithm>

namespace halint::yaml {

std::optional<EmbeddedMap> EmbeddedMap::make(std::string_view text, const Node& scalar) {
  if (!scalar.is_scalar() || scalar.style() != Style::Literal) return std::nullopt;
  Span s = scalar.origin().span;
  if (s.end > text.size() || s.begin >= s.end) return std::nullopt;
  // The header: `|`, chomping, no indentation digit; then the rest of the line.
  uint32_t p = s.begin;
  while (p < s.end && text[p] != '|') ++p;
  uint32_t q = p + 1;
  while (q < s.end && (text[q] == '-' || text[q] == '+')) ++q;
  if (q < s.end && text[q] >= '1' && text[q] <= '9') return std::nullopt;
  while (q < s.end && text[q] != '\n') ++q;
  if (q >= s.end) return std::nullopt;
  uint32_t first = q + 1;

  EmbeddedMap m;
  // Indentation: that of the first non-blank content line.
  bool found = false;
  for (uint32_t ls = first; ls < s.end && !found;) {
    uint32_t i = ls;
    while (i < s.end && text[i] == ' ') ++i;
    if (i < s.end && text[i] != '\n' && text[i] != '\r') {
      m.indent_ = i - ls;
      found = true;
    }
    uint32_t nl = static_cast<uint32_t>(text.find('\n', ls));
    if (nl == std::string_view::npos || nl >= s.end) break;
    ls = nl + 1;
  }
  if (!found || m.indent_ == 0) return std::nullopt;

  std::string rebuilt;
  uint32_t last_content_end = first;
  for (uint32_t ls = first; ls < s.end;) {
    size_t nl_pos = text.find('\n', ls);
    uint32_t nl = nl_pos == std::string_view::npos || nl_pos >= s.end ? s.end : static_cast<uint32_t>(nl_pos);
    uint32_t le = nl > ls && text[nl - 1] == '\r' ? nl - 1 : nl;
    uint32_t vb = std::min(ls + m.indent_, le);
    for (uint32_t i = ls; i < vb; ++i)
      if (text[i] != ' ') return std::nullopt;  // less indented: not part of the content
    m.lines_.push_back({static_cast<uint32_t>(rebuilt.size()), vb, le - vb});
    rebuilt.append(text.substr(vb, le - vb));
    if (le > vb) last_content_end = nl < text.size() ? nl + 1 : nl;
    if (nl >= s.end) break;
    rebuilt += '\n';
    ls = nl + 1;
  }
  // The value is the content up to its chomping: it must be a prefix of what the lines hold.
  const std::string& v = scalar.str();
  if (rebuilt.compare(0, v.size(), v) != 0) {
    // Trailing line breaks kept by `|+` beyond the content lines are the only other case.
    std::string trimmed = v;
    while (!trimmed.empty() && trimmed.back() == '\n') trimmed.pop_back();
    if (rebuilt.compare(0, trimmed.size(), trimmed) != 0) return std::nullopt;
  }
  m.content_ = Span{first, last_content_end};
  m.value_newline_ = !v.empty() && v.back() == '\n';
  return m;
}

uint32_t EmbeddedMap::to_file(uint32_t v) const {
  auto it = std::upper_bound(lines_.begin(), lines_.end(), v,
                             [](uint32_t x, const Line& l) { return x < l.value_begin; });
  if (it == lines_.begin()) return lines_.empty() ? 0 : lines_.front().file_begin;
  --it;
  return it->file_begin + std::min(v - it->value_begin, it->length);
}

std::optional<uint32_t> EmbeddedMap::to_value(uint32_t f) const {
  for (const auto& l : lines_)
    if (f >= l.file_begin && f <= l.file_begin + l.length) return l.value_begin + (f - l.file_begin);
  return std::nullopt;
}

void map_origins(Node& n, const EmbeddedMap& map, FileId file) {
  Span s = n.origin().span;
  n.set_origin(Origin{file, Span{map.to_file(s.begin), map.to_file(s.end)}});
  for (auto& k : n.children()) map_origins(k, map, file);
}

std::optional<ParseResult> parse_embedded(std::string_view text, const Node& scalar, FileId file) {
  auto map = EmbeddedMap::make(text, scalar);
  if (!map) return std::nullopt;
  ParseResult r = parse(scalar.str(), file);
  for (auto& d : r.documents) {
    if (d.has_content) map_origins(d.root, *map, file);
    d.span = Span{map->to_file(d.span.begin), map->to_file(d.span.end)};
  }
  if (r.error) r.error->offset = map->to_file(r.error->offset);
  for (auto& dup : r.duplicates) {
    dup.first = Span{map->to_file(dup.first.begin), map->to_file(dup.first.end)};
    dup.duplicate = Span{map->to_file(dup.duplicate.begin), map->to_file(dup.duplicate.end)};
  }
  return r;
}

}  // namespace halint::yaml
