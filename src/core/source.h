#pragma once
// A file halint read: its bytes, where its lines start, and its parsed documents.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace halint {

using FileId = uint32_t;
inline constexpr FileId kNoFile = UINT32_MAX;

// Half-open byte range [begin, end) in a file's bytes.
struct Span {
  uint32_t begin = 0;
  uint32_t end = 0;
  bool operator==(const Span&) const = default;
};

// Where a node was written. file == kNoFile for nodes halint synthesised.
struct Origin {
  FileId file = kNoFile;
  Span span;
  bool known() const { return file != kNoFile; }
  bool operator==(const Origin&) const = default;
};

// 1-based line and column (column counts code points, as editors do).
struct LineCol {
  uint32_t line = 1;
  uint32_t column = 1;
};

// Maps byte offsets to line/column and back.
class LineIndex {
 public:
  LineIndex() = default;
  explicit LineIndex(std::string_view text);
  LineCol locate(std::string_view text, uint32_t offset) const;
  uint32_t line_start(uint32_t line) const;  // 1-based line -> byte offset
  uint32_t line_count() const { return static_cast<uint32_t>(starts_.size()); }
  // The text of a 1-based line without its line break.
  std::string_view line_text(std::string_view text, uint32_t line) const;

 private:
  std::vector<uint32_t> starts_{0};
};

}  // namespace halint
