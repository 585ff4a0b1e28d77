#pragma once
// YAML documents written inside a literal block scalar of another file (a DeschedulerPolicy
// in a ConfigMap's `data`, a Talos patch in a Flux Kustomization...). The value of a
// literal scalar is its content lines with their indentation removed, so every byte of the
// value has a byte in the file: parse_embedded gives the embedded nodes origins in the
// outer file, so findings point at the right line and fixes can edit them (the fix engine
// recognises a target inside a literal block scalar and rewrites the scalar's lines).
#include <optional>
#include <string>
#include <vector>

#include "core/source.h"
#include "yaml/parser.h"

namespace halint::yaml {

// Maps offsets in a literal block scalar's value to offsets in the file holding it.
class EmbeddedMap {
 public:
  // Nullopt unless `scalar` is a literal (`|`) block scalar of `text` without an explicit
  // indentation indicator whose content lines give back its value.
  static std::optional<EmbeddedMap> make(std::string_view text, const Node& scalar);

  uint32_t to_file(uint32_t value_offset) const;
  // Nullopt for a file offset outside the content (indentation, line breaks excluded).
  std::optional<uint32_t> to_value(uint32_t file_offset) const;

  uint32_t indent() const { return indent_; }
  // The file bytes of the content lines (first content line start .. after the last
  // non-blank line's line break): what rewriting the value replaces.
  Span content() const { return content_; }
  bool ends_with_newline() const { return value_newline_; }

 private:
  struct Line {
    uint32_t value_begin;  // offset of the line in the value
    uint32_t file_begin;   // offset of its first value byte in the file
    uint32_t length;       // bytes of value on this line (line break excluded)
  };
  std::vector<Line> lines_;
  uint32_t indent_ = 0;
  Span content_;
  bool value_newline_ = false;
};

// Parses the value of a literal block scalar; node origins are offsets in the outer file
// (`file`). Nullopt when the scalar is not a literal block scalar (see EmbeddedMap::make).
std::optional<ParseResult> parse_embedded(std::string_view text, const Node& scalar, FileId file);

// Rewrites every origin of a tree from value offsets to file offsets.
void map_origins(Node& n, const EmbeddedMap& map, FileId file);

}  // namespace halint::yaml
