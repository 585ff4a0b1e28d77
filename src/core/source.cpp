#include "core/source.h"

#include <cstring>

#include <algorithm>

namespace halint {

LineIndex::LineIndex(std::string_view text) {
  // memchr: built for every file read, so it runs at memory speed (SPEC §9).
  const char* base = text.data();
  const char* end = base + text.size();
  // Counted first (memchr again: std::count is a byte loop at -O2), so that the index is
  // one allocation of the exact size, without growth.
  size_t lines = 0;
  for (const char* p = base; p < end; ++lines) {
    const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
    if (!nl) break;
    p = nl + 1;
  }
  starts_.reserve(lines);
  for (const char* p = base; p < end;) {
    const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
    if (!nl) break;
    starts_.push_back(static_cast<uint32_t>(nl - base + 1));
    p = nl + 1;
  }
}

LineCol LineIndex::locate(std::string_view text, uint32_t offset) const {
  offset = std::min<uint32_t>(offset, static_cast<uint32_t>(text.size()));
  auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
  uint32_t line = static_cast<uint32_t>(it - starts_.begin());  // 1-based
  uint32_t start = starts_[line - 1];
  uint32_t col = 1;
  for (uint32_t i = start; i < offset; ++i)
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++col;  // count code points
  // A UTF-8 BOM at the start of the file is not a column.
  if (line == 1 && text.substr(0, 3) == "\xEF\xBB\xBF" && offset >= 3) --col;
  return {line, col};
}

uint32_t LineIndex::line_start(uint32_t line) const {
  if (line == 0) return 0;
  if (line > starts_.size()) return starts_.back();
  return starts_[line - 1];
}

std::string_view LineIndex::line_text(std::string_view text, uint32_t line) const {
  if (line == 0 || line > starts_.size()) return {};
  uint32_t b = starts_[line - 1];
  uint32_t e = line < starts_.size() ? starts_[line] : static_cast<uint32_t>(text.size());
  std::string_view s = text.substr(b, e - b);
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

}  // namespace halint
