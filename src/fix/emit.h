#pragma once
// Writes halint trees as YAML text in the style of the file they go into: its indent
// step, sequence style and line ending. Strings that would read back as another type
// (`yes`, `0755`, `1.10`, `~`) or as other syntax are quoted; everything else is plain.
#include <string>

#include "fix/text.h"
#include "yaml/node.h"

namespace halint::fix {

class Emitter {
 public:
  explicit Emitter(FileStyle style) : st_(std::move(style)) {}

  // A scalar as it would be written in block (flow=false) or flow context.
  std::string scalar(const yaml::Node& n, bool flow = false) const;
  // A whole node on one line: `{a: 1, b: [x]}`.
  std::string flow(const yaml::Node& n) const;
  // What follows `key:` for an entry whose key is at column `col`: " 1", " {}", or a
  // line break and the nested block ("\n  a: 1\n  b: 2"), without a final line break.
  std::string after_key(const yaml::Node& value, int col) const;
  // What follows `-` for an item whose dash is at column `col`: " x" or " a: 1\n    b: 2".
  std::string after_dash(const yaml::Node& value, int col) const;
  // `key: value` for a mapping entry at column col (the first line not indented, the
  // rest indented as nested lines), without a final line break.
  std::string entry(const yaml::Node& key, const yaml::Node& value, int col) const;
  // The entries of a block map at column col, the first line not indented, lines joined
  // by the file's line break, without a final one.
  std::string block_map_body(const yaml::Node& map, int col) const;
  // A document holding `root`, each line ended by the file's line break.
  std::string document(const yaml::Node& root) const;

  const FileStyle& style() const { return st_; }

 private:
  std::string nl(int col) const { return st_.eol + std::string(static_cast<size_t>(col), ' '); }
  FileStyle st_;
};

// True when a string written plain would not read back as the same string.
bool needs_quotes(std::string_view s, bool flow);

// True when YAML 1.1 (the Kubernetes decoder, go-yaml) may read this text, written plain,
// as something other than a string (`yes`, `on`, `1:20`, `1_000`), though YAML 1.2 reads
// a string. needs_quotes() is true for all of them.
bool yaml11_not_a_string(std::string_view s);

}  // namespace halint::fix
