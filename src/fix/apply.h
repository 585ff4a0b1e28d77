#pragma once
// One pass of the fix engine: plan every fix on the current bytes, verify each alone
// (the edited file must parse back to the intended tree), keep those whose byte ranges
// do not meet an already kept one (the others wait for the next pass), then apply the
// kept ones together, back to front, and verify the result once more.
#include <optional>
#include <string>
#include <vector>

#include "core/file_table.h"
#include "core/finding.h"
#include "fix/plan.h"

namespace halint::fix {

struct Outcome {
  enum class Status { Applied, Refused, Deferred };
  Status status = Status::Refused;
  std::string reason;  // why it was refused or deferred
};

struct FileResult {
  FileId file = kNoFile;  // kNoFile: created
  std::string abs_path;
  std::string before;     // empty for a created file
  std::string after;
};

struct PassResult {
  std::vector<Outcome> outcomes;   // one per fix, in order
  std::vector<FileResult> files;   // files whose bytes change
};

PassResult run_pass(const FileTable& files, const std::vector<const Fix*>& fixes);

// Applies non-overlapping byte edits to text (insertions at one offset keep their order).
std::string apply_bytes(std::string_view text, const std::vector<ByteEdit>& edits);

// Checks that new_text parses to `f`'s documents changed by tree_edits. Returns the
// reason when it does not.
std::optional<std::string> verify(const SourceFile& f, const std::string& new_text,
                                  const std::vector<TreeEdit>& tree_edits);

// Structural equality as the API server sees it: kinds, order, scalar types and values.
bool same_tree(const yaml::Node& a, const yaml::Node& b);

}  // namespace halint::fix
