#pragma once
// One pass of the fix engine: plan every fix on the current bytes, verify each alone
// (the edited file must parse back to the intended tree), keep those whose byte ranges
// do not meet an already kept one (the others wait for the next pass), then apply the
// kept ones together, back to front, and verify the result once more.
#include <functional>
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

// Turns one fix into byte and tree edits: plan_fix, or (in the verifier's tests) a
// planner that hands run_pass deliberately wrong edits, which it must refuse.
using Planner = std::function<PlanResult(const FileTable&, const Fix&)>;

PassResult run_pass(const FileTable& files, const std::vector<const Fix*>& fixes, const Planner& planner = plan_fix);

// Applies non-overlapping byte edits to text (insertions at one offset keep their order).
std::string apply_bytes(std::string_view text, const std::vector<ByteEdit>& edits);

// Checks that new_text parses to `f`'s documents changed by tree_edits. Returns the
// reason when it does not.
std::optional<std::string> verify(const SourceFile& f, const std::string& new_text,
                                  const std::vector<TreeEdit>& tree_edits);

// Structural equality as the API server sees it: kinds, order, scalar types and values.
// `got` is parsed from the edited text of `file`, `want` is the intended tree. A string
// written plain that YAML 1.1 reads as another type (`on`, `yes`, `1:20`) is what the API
// server reads as that type, so it matches only a string written plain in that file too
// (a node of `want` whose origin is there); nodes a rule made, or copied from another
// file, are written by the emitter, which quotes what needs it.
bool same_tree(const yaml::Node& got, const yaml::Node& want, FileId file = kNoFile);

}  // namespace halint::fix
