#pragma once
// Line-level facts about a YAML file's bytes that the fix engine needs to place edits:
// line starts and ends, columns, comment lines, where a mapping entry or sequence item
// ends (its trailing comment and the indented comment lines it owns included), and the
// file's formatting habits (line ending, indent step, sequence style).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "yaml/parser.h"

namespace halint::fix {

class Text {
 public:
  explicit Text(std::string_view s);
  std::string_view str() const { return s_; }
  uint32_t size() const { return static_cast<uint32_t>(s_.size()); }
  uint32_t bom() const { return bom_; }
  // Start of the line holding p (after a BOM on the first line).
  uint32_t line_start(uint32_t p) const;
  // Offset of the line break ('\r' of CRLF, or '\n') ending the line holding p, or size().
  uint32_t line_end(uint32_t p) const;
  // Start of the next line (size() on the last line).
  uint32_t next_line(uint32_t p) const;
  uint32_t column(uint32_t p) const { return p - line_start(p); }
  // The line starting at ls holds only spaces/tabs.
  bool blank_line(uint32_t ls) const;
  // The line starting at ls holds only a comment; indent receives its column.
  bool comment_line(uint32_t ls, uint32_t* indent) const;
  // Some line in [begin, end) has a tab in its leading whitespace within its first
  // `cols` bytes (the indentation that places the edited block; tabs deeper, such as a
  // Makefile inside a block scalar, are content).
  bool tab_indented(uint32_t begin, uint32_t end, uint32_t cols = UINT32_MAX) const;
  bool ends_with_newline() const { return !s_.empty() && s_.back() == '\n'; }

 private:
  std::string_view s_;
  uint32_t bom_ = 0;
};

// How the file writes YAML, so inserted text looks like its neighbours.
struct FileStyle {
  std::string eol = "\n";
  int step = 2;              // indent of a nested mapping
  int seq_indent = 2;        // indent of `-` under its key when sequences are indented
  bool compact_seq = false;  // `-` in the column of its parent key
};
FileStyle detect_style(const Text& text, const std::vector<yaml::Document>& docs);

// The deepest last node of a subtree in text order (itself for scalars and flow collections).
const yaml::Node& last_descendant(const yaml::Node& n);

// Header indicators of a block scalar (`|`, `>-`, `|+2`): offset of `|`/`>` and the chomping.
struct BlockHeader {
  uint32_t indicator = 0;  // offset of '|' or '>'
  uint32_t end = 0;        // offset after the indicators
  char chomp = 0;          // '-', '+' or 0 (clip)
};
BlockHeader block_header(const Text& t, const yaml::Node& scalar);

// Where the text of a node ends. For a block collection that is its last descendant in
// the text, which the tree does not always hold: an alias copy carries the anchor's span
// (its `*name` token is found on its key's line), and entries from a merge key (`<<`)
// are not where the map is written (they are skipped). kUnknown when it cannot be told.
inline constexpr uint32_t kUnknown = UINT32_MAX;
// `key`: the key of the entry whose value n is, if any (locates a top-level alias).
uint32_t written_end(const Text& t, const yaml::Node& n, const yaml::Node* key = nullptr);
// The deepest last written node (what written_end measures), or null when unknown.
const yaml::Node* last_written(const yaml::Node& n);

// Where the text of an entry (or sequence item) whose value is `value` ends: after the
// line holding the value's end (a comment beside it included), after the comment lines
// below it indented deeper than `col` (they annotate it), before blank lines and
// anything else. A clipped or stripped block scalar ends before its trailing blank
// lines; a kept one (`|+`) owns them. kUnknown when the value's end cannot be told.
uint32_t entry_end(const Text& t, const yaml::Node& value, uint32_t col, const yaml::Node* key = nullptr);

}  // namespace halint::fix
