#pragma once
// YAML written inside a string scalar of another YAML file: a DeschedulerPolicy in a
// ConfigMap's `data: policy.yaml: |`, for instance. We parse the string and give every
// node of the embedded tree an origin in the OUTER file, so that findings point at the
// real line and column, and fixes edit the real bytes.
//
// How embedded origins are expressed (for the fix engine): an embedded node's Origin is
// {outer file id, byte span in the outer file's text}. For a literal block scalar (`|`,
// `|-`, `|+`) the embedded text is the scalar's content lines with the block indentation
// removed, so an embedded (line, column) is the file line of that content line, at the
// column plus the block indentation: spans are exact bytes of the file, and an edit at
// them, indented like its siblings' file columns, keeps the block scalar valid as long
// as it adds at least the block indentation (which sibling-relative indentation does).
// Only `precise` results may be edited; other styles (folded, quoted) map every node to
// the whole scalar, good enough for a finding's line but never a target for edits.
#include <memory>
#include <optional>
#include <vector>

#include "core/source.h"
#include "yaml/node.h"
#include "yaml/parser.h"

namespace halint::yaml {

// The content of a literal block scalar (`|`, `|-`, `|+`) as the embedded document sees
// it, with the map between its offsets and the outer file's.
struct BlockText {
  std::string text;                     // content lines without the block indentation, each ending in '\n'
  uint32_t indent = 0;                  // the block indentation
  char chomp = 0;                       // '-', '+' or 0 (clip)
  std::vector<uint32_t> emb_start;      // embedded offset of each content line
  std::vector<uint32_t> line_start;     // file offset of each line (column 0)
  std::vector<uint32_t> content_start;  // file offset of each line's content (after the indentation)
  uint32_t file_end = 0;                // file offset just after the last line

  // The file offset of the character at embedded offset `off` (node origins).
  uint32_t to_file(uint32_t off) const;
  // For edits: an embedded line start maps to column 0 of the file line (so an edit that
  // deletes or inserts whole lines takes the indentation with it), the end of the text to
  // file_end; any other offset as to_file.
  uint32_t to_file_edit(uint32_t off) const;
  // The embedded offset of a file offset inside the content; nullopt in the indentation
  // or outside the block.
  std::optional<uint32_t> to_embedded(uint32_t file_off) const;
};

// nullopt when `scalar` is not a literal block whose bytes we can map (explicit
// indentation indicator, tab indentation, content that does not match the parsed value).
std::optional<BlockText> literal_block_text(const Node& scalar, std::string_view file_text);

struct EmbeddedYaml {
  std::vector<Document> documents;  // origins already mapped into the outer file
  bool precise = false;             // true: origins are exact byte spans of the outer file
  bool ok = false;                  // parsed without a syntax error
};

// Parses the string value of `scalar`, written in `file_text` (the outer file, id
// `file`). Never throws; an unparsable string gives ok == false.
EmbeddedYaml parse_embedded(const Node& scalar, std::string_view file_text, FileId file);

}  // namespace halint::yaml
