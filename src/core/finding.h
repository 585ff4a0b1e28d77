#pragma once
// A diagnostic a rule reports, with an optional fix made of edits on the source tree.
#include <optional>
#include <string>
#include <vector>

#include "core/source.h"
#include "yaml/node.h"

namespace halint {

enum class Severity { Info = 0, Warning = 1, Error = 2 };
const char* severity_name(Severity s);
std::optional<Severity> parse_severity(std::string_view s);

struct ResourceRef {
  std::string api_version;
  std::string kind;
  std::string name_space;  // empty: not namespaced / not set
  std::string name;
};

// One change, expressed on the tree. The fix engine turns it into byte edits on the file
// where `target` was written (a base, a patch, HelmRelease values), never a rendered copy.
struct Edit {
  enum class Op {
    InsertEntry,     // target: a map; add `key: value` (after `after_key` when set, else at the end)
    ReplaceValue,    // target: a value node; replace it with `value`
    DeleteEntry,     // target: the key node of the entry to delete
    RenameKey,       // target: a key node; rename it to `key`
    AppendItem,      // target: a sequence; append `value`
    AppendDocument,  // target: any node of the document to append after (or the file); new document `value`
    CreateFile,      // new file at `path` holding the document `value`; `target`: the kustomization
                     // map whose `resources` list gains the file (file == kNoFile: none)
  };
  Op op = Op::InsertEntry;
  Origin target;
  std::string key;
  std::string after_key;
  std::string path;
  yaml::Node value;
};

struct Fix {
  std::string description;
  bool safe = true;
  std::vector<Edit> edits;
};

struct Finding {
  std::string rule;  // code, e.g. "HA101"
  Severity severity = Severity::Warning;
  std::string message;
  Origin location;
  std::optional<ResourceRef> resource;
  std::vector<std::string> via;  // names of the renders that produced it (empty: the file as written)
  std::optional<Fix> fix;
  std::string help;              // how to fix it by hand, when there is no automatic fix
  // Set by a rule whose verdict changes the severity (HA201 info without topology, HA401
  // warning without topology). Wins over the catalog default; the config still wins over it.
  std::optional<Severity> severity_override;
};

}  // namespace halint
