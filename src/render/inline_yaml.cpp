#include "render/inline_yaml.h"

#include <algorithm>

namespace halint::render {
namespace {

// Offsets in the decoded text of a block scalar -> offsets in the file, line by line.
struct LineMap {
  std::vector<uint32_t> decoded_start, file_start;
  uint32_t map(uint32_t off) const {
    // The last line starting at or before off (line 0 starts at 0).
    size_t i = static_cast<size_t>(std::upper_bound(decoded_start.begin(), decoded_start.end(), off) -
                                   decoded_start.begin());
    i = i == 0 ? 0 : i - 1;
    return file_start[i] + (off - decoded_start[i]);
  }
};

void remap(yaml::Node& n, const LineMap& m, FileId file, int depth) {
  if (depth > 1000) return;
  Origin o = n.origin();
  o.file = file;
  o.span.begin = m.map(o.span.begin);
  o.span.end = m.map(o.span.end);
  n.set_origin(o);
  for (auto& k : n.children()) remap(k, m, file, depth + 1);
}

}  // namespace

std::vector<yaml::Document> parse_inline(const yaml::Node& scalar, const FileTable& table, std::string& error) {
  Origin at = scalar.origin();
  auto parsed = yaml::parse(scalar.str(), at.file);
  if (parsed.error) error = parsed.error->reason;
  bool block = scalar.style() == yaml::Style::Literal || scalar.style() == yaml::Style::Folded;
  if (!at.known() || !block) {
    for (auto& d : parsed.documents) d.root.set_origin_deep(at);
    return std::move(parsed.documents);
  }
  // Block scalar: content starts on the line after the `|` header, every line carrying the
  // block's indentation.
  std::string_view text = table[at.file].text;
  uint32_t pos = at.span.begin;
  while (pos < text.size() && text[pos] != '\n') ++pos;
  ++pos;
  uint32_t indent = UINT32_MAX;
  for (uint32_t p = pos; p < at.span.end && p < text.size();) {
    uint32_t q = p, ind = 0;
    while (q < text.size() && text[q] == ' ') ++q, ++ind;
    if (q < text.size() && text[q] != '\n' && text[q] != '\r') {
      indent = ind;
      break;
    }
    while (p < text.size() && text[p] != '\n') ++p;
    ++p;
  }
  if (indent == UINT32_MAX) indent = 0;
  LineMap m;
  const std::string& dec = scalar.str();
  uint32_t d = 0, f = pos;
  while (d <= dec.size() && f <= text.size()) {
    m.decoded_start.push_back(d);
    // Skip the indentation (blank lines may hold less).
    uint32_t skip = 0;
    while (skip < indent && f + skip < text.size() && text[f + skip] == ' ') ++skip;
    m.file_start.push_back(f + skip);
    size_t nl = dec.find('\n', d);
    if (nl == std::string::npos) break;
    d = static_cast<uint32_t>(nl + 1);
    while (f < text.size() && text[f] != '\n') ++f;
    ++f;
  }
  if (m.decoded_start.empty()) {
    m.decoded_start.push_back(0);
    m.file_start.push_back(pos);
  }
  for (auto& doc : parsed.documents) remap(doc.root, m, at.file, 0);
  return std::move(parsed.documents);
}

}  // namespace halint::render
