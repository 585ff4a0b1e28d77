#pragma once
// Turns one fix (edits on the tree) into byte-range replacements on the files it touches,
// together with the same change applied to the parsed tree: the tree the edited file must
// parse back to. Refusals are values (a reason a user can act on), never exceptions.
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "core/file_table.h"
#include "core/finding.h"

namespace halint::fix {

// Replace [begin, end) of the original bytes with text (an insertion when begin == end).
struct ByteEdit {
  uint32_t begin = 0;
  uint32_t end = 0;
  std::string text;
};

// The tree counterpart of a byte edit, addressed by child indices from a document root.
struct TreeEdit {
  enum class Kind { Insert, Replace, Erase, InsertDocument };
  Kind kind = Kind::Insert;
  size_t doc = 0;
  std::vector<size_t> path;       // the container (Insert, Erase) or the node (Replace)
  size_t index = 0;               // first child affected (Insert, Erase); document index (InsertDocument)
  size_t count = 0;               // children erased
  std::vector<yaml::Node> nodes;  // children inserted, the replacement, or the new document root
  uint32_t order = 0;             // byte offset of the change: tree edits apply from the highest
};

struct FileEdits {
  FileId file = kNoFile;  // kNoFile: a file this fix creates
  std::string abs_path;
  std::vector<ByteEdit> bytes;
  std::vector<TreeEdit> tree;
  // For a created file: its whole text and the tree it must parse to.
  std::string created_text;
  yaml::Node created_root;
};

struct FixPlan {
  std::vector<FileEdits> files;
};

using PlanResult = std::variant<FixPlan, std::string>;  // the plan, or why the fix is refused

// Plans `fix` against the current bytes of the files in `files`.
PlanResult plan_fix(const FileTable& files, const Fix& fix);

}  // namespace halint::fix
