#pragma once
// Edits whose targets lie inside YAML embedded in a literal block scalar, such as a
// DeschedulerPolicy in a ConfigMap's `data: policy.yaml: |`. Rules express such a target
// as an Origin in the OUTER file: the exact bytes of the embedded node inside the block
// (yaml/embedded.h builds those origins). The engine plans the edits on the embedded
// text as if it were a file of its own, verifies that text, then maps the byte edits
// back through the block's line map, giving every inserted line the block indentation,
// and expects the outer scalar to read back with the new text as its value. The rest of
// the file, the block header and the indentation of untouched lines stay byte-for-byte.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "fix/plan.h"

namespace halint::fix {

// The literal block scalar of `f` whose content strictly contains `span`, or null.
const yaml::Node* enclosing_block_scalar(const SourceFile& f, Span span);

// Plans one edit against a file table (the planner's own plan_edit).
using PlanOne = std::function<std::optional<std::string>(const FileTable&, const Edit&, FixPlan&)>;

// Plans `edits`, all inside the block scalar `scalar` of file `id`, into `plan`.
// Returns the reason when the fix has to be refused.
std::optional<std::string> plan_embedded_edits(const FileTable& files, FileId id, const yaml::Node& scalar,
                                               const std::vector<const Edit*>& edits, FixPlan& plan,
                                               const PlanOne& plan_one);

}  // namespace halint::fix
