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
#include <vector>

#include "core/source.h"
#include "yaml/node.h"
#include "yaml/parser.h"

namespace halint::yaml {

struct EmbeddedYaml {
  std::vector<Document> documents;  // origins already mapped into the outer file
  bool precise = false;             // true: origins are exact byte spans of the outer file
  bool ok = false;                  // parsed without a syntax error
};

// Parses the string value of `scalar`, written in `file_text` (the outer file, id
// `file`). Never throws; an unparsable string gives ok == false.
EmbeddedYaml parse_embedded(const Node& scalar, std::string_view file_text, FileId file);

}  // namespace halint::yaml
