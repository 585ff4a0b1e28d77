#include "yaml/embedded.h"

#include <algorithm>
#include <functional>
#include <optional>

namespace halint::yaml {
namespace {

std::string_view trim_newlines(std::string_view s) {
  while (!s.empty() && s.back() == '\n') s.remove_suffix(1);
  return s;
}

}  // namespace

uint32_t BlockText::to_file(uint32_t off) const {
  auto it = std::upper_bound(emb_start.begin(), emb_start.end(), off);
  size_t i = it == emb_start.begin() ? 0 : static_cast<size_t>(it - emb_start.begin()) - 1;
  return content_start[i] + (off - emb_start[i]);
}

uint32_t BlockText::to_file_edit(uint32_t off) const {
  if (off >= text.size()) return file_end;
  auto it = std::lower_bound(emb_start.begin(), emb_start.end(), off);
  if (it != emb_start.end() && *it == off) return line_start[static_cast<size_t>(it - emb_start.begin())];
  return to_file(off);
}

std::optional<uint32_t> BlockText::to_embedded(uint32_t file_off) const {
  for (size_t i = 0; i < line_start.size(); ++i) {
    uint32_t next = i + 1 < line_start.size() ? line_start[i + 1] : file_end;
    if (file_off < line_start[i] || file_off >= next) continue;
    if (file_off < content_start[i]) return std::nullopt;
    return emb_start[i] + (file_off - content_start[i]);
  }
  return std::nullopt;
}

std::optional<BlockText> literal_block_text(const Node& scalar, std::string_view text) {
  if (!scalar.is_scalar() || scalar.style() != Style::Literal || !scalar.origin().known()) return std::nullopt;
  Span span = scalar.origin().span;
  size_t b = span.begin, e = std::min<size_t>(span.end, text.size());
  if (b >= e || text[b] != '|') return std::nullopt;
  BlockText out;
  size_t p = b + 1;
  while (p < e && (text[p] == '-' || text[p] == '+')) out.chomp = text[p++];
  if (p < e && text[p] >= '1' && text[p] <= '9') return std::nullopt;  // explicit indentation: rare, not mapped
  size_t nl = text.find('\n', p);
  if (nl == std::string_view::npos || nl >= e) return std::nullopt;

  std::vector<std::pair<size_t, size_t>> lines;  // [start, end) without the line break
  size_t pos = nl + 1;
  while (pos < e) {
    size_t end = text.find('\n', pos);
    size_t next = end + 1;
    if (end == std::string_view::npos || end >= e) end = next = e;
    size_t content_end = end;
    if (content_end > pos && text[content_end - 1] == '\r') --content_end;
    lines.emplace_back(pos, content_end);
    pos = next;
  }
  out.file_end = static_cast<uint32_t>(pos);
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
  out.indent = static_cast<uint32_t>(indent);

  for (auto [s, t] : lines) {
    out.emb_start.push_back(static_cast<uint32_t>(out.text.size()));
    out.line_start.push_back(static_cast<uint32_t>(s));
    if (t - s <= indent) {
      for (size_t k = s; k < t; ++k)
        if (text[k] != ' ') return std::nullopt;
      out.content_start.push_back(static_cast<uint32_t>(t));
    } else {
      for (size_t k = s; k < s + indent; ++k)
        if (text[k] != ' ') return std::nullopt;
      out.content_start.push_back(static_cast<uint32_t>(s + indent));
      out.text.append(text.substr(s + indent, t - s - indent));
    }
    out.text.push_back('\n');
  }
  if (trim_newlines(out.text) != trim_newlines(scalar.str())) return std::nullopt;
  return out;
}

namespace {

template <class Map>
void remap(Node& n, const Map& to_file, FileId file) {
  Origin o = n.origin();
  o.file = file;
  o.span.begin = to_file(o.span.begin);
  o.span.end = std::max(o.span.begin, to_file(o.span.end));
  n.set_origin(o);
  for (auto& k : n.children()) remap(k, to_file, file);
}

}  // namespace

EmbeddedYaml parse_embedded(const Node& scalar, std::string_view file_text, FileId file) {
  EmbeddedYaml out;
  if (!scalar.is_scalar()) return out;
  const std::string& value = scalar.str();
  const Origin& where = scalar.origin();

  std::string text = value;
  std::function<uint32_t(uint32_t)> to_file;
  std::optional<BlockText> block;
  if (where.known() && where.span.end <= file_text.size()) {
    std::string_view raw = file_text.substr(where.span.begin, where.span.end - where.span.begin);
    if (raw == value) {
      // Written verbatim (a file read whole by a generator): offsets shift by the start.
      uint32_t by = where.span.begin;
      to_file = [by](uint32_t off) { return off + by; };
    } else if ((block = literal_block_text(scalar, file_text))) {
      text = block->text;
      to_file = [&block](uint32_t off) { return block->to_file(off); };
    }
  }

  ParseResult parsed = parse(text, file);
  out.ok = !parsed.error.has_value();
  out.precise = static_cast<bool>(to_file);
  for (auto& d : parsed.documents) {
    if (to_file) {
      remap(d.root, to_file, file);
      d.span.begin = to_file(d.span.begin);
      d.span.end = std::max(d.span.begin, to_file(d.span.end));
    } else {
      d.root.set_origin_deep(where);
      d.span = where.span;
    }
    out.documents.push_back(std::move(d));
  }
  return out;
}

}  // namespace halint::yaml
