#pragma once
// Finds the node an edit targets, by its origin, in the tree parsed from the file where
// it was written, with the chain of its ancestors (edits need the parent's style and
// column), and the spans that aliases copy (editing them would change every alias).
#include <cstddef>
#include <optional>
#include <vector>

#include "core/file_table.h"

namespace halint::fix {

// What kind of node an edit wants when several share a span (a block map and its first key).
enum class Want { Map, Seq, Key, Value, Any };

struct Located {
  size_t doc = 0;
  std::vector<const yaml::Node*> chain;  // document root .. target
  std::vector<size_t> path;              // children() indices from the root to the target
  const yaml::Node& node() const { return *chain.back(); }
  const yaml::Node* parent() const { return chain.size() >= 2 ? chain[chain.size() - 2] : nullptr; }
  const yaml::Node* grandparent() const { return chain.size() >= 3 ? chain[chain.size() - 3] : nullptr; }
  bool is_key() const { return parent() && parent()->is_map() && path.back() % 2 == 0; }
  // Any ancestor (the target itself excluded) is a flow collection.
  bool in_flow() const;
};

std::optional<Located> locate(const std::vector<yaml::Document>& docs, Span span, Want want);

// Spans of anchored nodes that an alias (or a merge key) in the file copies.
std::vector<Span> aliased_spans(const std::vector<yaml::Document>& docs);

}  // namespace halint::fix
