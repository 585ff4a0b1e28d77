#include "yaml/embedded.h"

#include <algorithm>
#include <optional>

namespace halint::yaml {
namespace {

// For each line of the embedded text: where it starts in the embedded text and where
// the same character sits in the outer file.
struct LineMap {
  std::vector<uint32_t> emb_start;
  std::vector<uint32_t> file_start;

  uint32_t to_file(uint32_t off) const {
    auto it = std::upper_bound(emb_start.begin(), emb_start.end(), off);
    size_t i = it == emb_start.begin() ? 0 : static_cast<size_t>(it - emb_start.begin()) - 1;
    return file_start[i] + (off - emb_start[i]);
  }
};

std::string_view trim_newlines(std::string_view s) {
  while (!s.empty() && s.back() == '\n') s.remove_suffix(1);
  return s;
}

// Rebuilds the content of a literal block scalar from the file bytes (its lines minus
// the block indentation), with the line map. nullopt when the bytes are not a plain
// literal block we understand (explicit indentation indicator, tabs, a mismatch with
// the parser's value): the caller then falls back to coarse positions.
std::optional<std::pair<std::string, LineMap>> literal_block(std::string_view text, Span span,
                                                             std::string_view value) {
  size_t b = span.begin, e = std::min<size_t>(span.end, text.size());
  if (b >= e || text[b] != '|') return std::nullopt;
  size_t p = b + 1;
  while (p < e && (text[p] == '-' || text[p] == '+')) ++p;
  if (p < e && text[p] >= '1' && text[p] <= '9') return std::nullopt;  // explicit indentation: rare, not mapped
  size_t nl = text.find('\n', p);
  if (nl == std::string_view::npos || nl >= e) return std::nullopt;

  std::vector<std::pair<size_t, size_t>> lines;  // [start, end) without the line break
  for (size_t pos = nl + 1; pos < e;) {
    size_t end = text.find('\n', pos);
    size_t next = end + 1;
    if (end == std::string_view::npos || end >= e) end = next = e;
    size_t content_end = end;
    if (content_end > pos && text[content_end - 1] == '\r') --content_end;
    lines.emplace_back(pos, content_end);
    pos = next;
  }
  size_t indent = std::string_view::npos;
  for (auto [s, t] : lines) {
    size_t k = s;
    while (k < t && text[k] == ' ') ++k;
    if (k < t) {
      indent = k - s;
      break;
    }
  }
  if (indent == std::string_view::npos || indent == 0) return std::nullopt;

  std::string out;
  LineMap map;
  for (auto [s, t] : lines) {
    map.emb_start.push_back(static_cast<uint32_t>(out.size()));
    if (t - s <= indent) {
      for (size_t k = s; k < t; ++k)
        if (text[k] != ' ') return std::nullopt;
      map.file_start.push_back(static_cast<uint32_t>(t));
    } else {
      for (size_t k = s; k < s + indent; ++k)
        if (text[k] != ' ') return std::nullopt;
      map.file_start.push_back(static_cast<uint32_t>(s + indent));
      out.append(text.substr(s + indent, t - s - indent));
    }
    out.push_back('\n');
  }
  if (trim_newlines(out) != trim_newlines(value)) return std::nullopt;
  return std::make_pair(std::move(out), std::move(map));
}

void remap(Node& n, const LineMap& map, FileId file) {
  Origin o = n.origin();
  o.file = file;
  o.span.begin = map.to_file(o.span.begin);
  o.span.end = std::max(o.span.begin, map.to_file(o.span.end));
  n.set_origin(o);
  for (auto& k : n.children()) remap(k, map, file);
}

}  // namespace

EmbeddedYaml parse_embedded(const Node& scalar, std::string_view file_text, FileId file) {
  EmbeddedYaml out;
  if (!scalar.is_scalar()) return out;
  const std::string& value = scalar.str();
  const Origin& where = scalar.origin();

  std::string text = value;
  std::optional<LineMap> map;
  if (where.known() && where.span.end <= file_text.size()) {
    std::string_view raw = file_text.substr(where.span.begin, where.span.end - where.span.begin);
    if (raw == value) {
      // Written verbatim (a file read whole by a generator): offsets shift by the start.
      LineMap m;
      m.emb_start.push_back(0);
      m.file_start.push_back(where.span.begin);
      map = std::move(m);
    } else if (scalar.style() == Style::Literal) {
      if (auto lit = literal_block(file_text, where.span, value)) {
        text = std::move(lit->first);
        map = std::move(lit->second);
      }
    }
  }

  ParseResult parsed = parse(text, file);
  out.ok = !parsed.error.has_value();
  out.precise = map.has_value();
  for (auto& d : parsed.documents) {
    if (map) {
      remap(d.root, *map, file);
      d.span.begin = map->to_file(d.span.begin);
      d.span.end = std::max(d.span.begin, map->to_file(d.span.end));
    } else {
      d.root.set_origin_deep(where);
      d.span = where.span;
    }
    out.documents.push_back(std::move(d));
  }
  return out;
}

}  // namespace halint::yaml
