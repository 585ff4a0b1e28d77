#pragma once
// Parses YAML text into halint's tree with libyaml, which accepts and rejects what the
// Kubernetes decoder (go-yaml, a port of libyaml) does. Never throws, never recurses on
// input depth: nesting and alias expansion are capped, so no file can crash or hang it.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/source.h"
#include "yaml/node.h"

namespace halint::yaml {

struct Document {
  Node root;
  Span span;                    // from `---` (or the first content) to the document's end
  bool explicit_start = false;  // written with `---`
  bool has_content = false;     // false for an empty document
};

struct SyntaxError {
  uint32_t offset = 0;  // byte offset of the problem
  std::string reason;   // the parser's words, e.g. "mapping values are not allowed in this context"
};

struct DuplicateKey {
  std::string key;
  Span first;      // the first occurrence of the key
  Span duplicate;  // the repeated key
};

struct ParseLimits {
  size_t max_depth = 1000;              // nesting of collections
  size_t max_alias_nodes = 1'000'000;   // nodes copied for aliases in one file
};

struct ParseResult {
  std::vector<Document> documents;     // every document completed before an error
  std::optional<SyntaxError> error;
  std::vector<DuplicateKey> duplicates;
};

// Buffers a thread reuses from one parse to the next (a repository is thousands of small
// files: growing fresh buffers for each was a measurable share of parsing).
class ParseScratch {
 public:
  std::vector<std::vector<Node>> kids;  // children of the open collection at each depth
};

// `scratch` is optional; without it the parse uses buffers of its own.
ParseResult parse(std::string_view text, FileId file, const ParseLimits& limits = {},
                  ParseScratch* scratch = nullptr);

}  // namespace halint::yaml
