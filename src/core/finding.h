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

// One change, expressed on the tree. The fix engine (src/fix/) turns it into byte edits on
// the file where `target` was written (a base, a patch, HelmRelease values), never a
// rendered copy: `target` is the origin of a node as the parser gave it (file + span).
//
// - Values are written in the style of the file (indent step, sequence style, line
//   ending; flow inside flow collections). A string node that would read back as another
//   type is quoted; a node's own quoting style (copied from the file) is kept.
// - Edits of one fix are applied together or not at all; two fixes whose byte ranges meet
//   are applied in successive passes, each planned on the bytes the previous one left.
// - Edits inside a YAML document held in a literal block scalar (a DeschedulerPolicy in a
//   ConfigMap's data): target the embedded node by the origin yaml::parse_embedded
//   (yaml/embedded.h) gives it, a span inside the scalar's content lines. The engine
//   re-parses the scalar, applies the edits to its value, verifies that embedded document
//   and rewrites the scalar's lines with their indentation. All edits of a fix inside one
//   scalar are planned together. Folded (`>`) and `|+` scalars are refused.
// - Refused with a reason (never written): targets not found in the file, files with a
//   syntax error, anchored nodes that an alias or merge key copies, tab-indented blocks,
//   complex (`? `) keys, inserting a key that exists, and any edit whose result does not
//   parse back to the intended tree.
struct Edit {
  enum class Op {
    InsertEntry,     // target: a map; add `key: value` (after `after_key` when set, else at the end)
    ReplaceValue,    // target: a value node; replace it with `value`
    DeleteEntry,     // target: the key node of the entry to delete, or an item of a sequence (removes the item)
    RenameKey,       // target: a key node; rename it to `key`
    AppendItem,      // target: a sequence; append `value`
    AppendDocument,  // target: any node of the document to append after (or the file); new document `value`
    CreateFile,      // new file at `path` holding the document `value`; `target`: the kustomization
                     // map whose `resources` list gains the file (file == kNoFile: none). A
                     // relative `path` is relative to that kustomization's directory (else to
                     // the working directory); an existing file is never overwritten.
  };
  // InsertEntry into `{}` turns it into a block mapping (flow when inside a flow
  // collection); DeleteEntry of the only entry leaves `{}`; DeleteEntry takes the entry's
  // line comment and the comment lines below it indented deeper than its key, and keeps
  // comments above it. ReplaceValue of a block collection by a block collection keeps
  // the key's line and its comment (`key:  # why`). AppendDocument targets any node of the document to append after
  // (a span matching no node: the end of the file).
  //
  // Field use by op: InsertEntry (key, value, after_key), ReplaceValue (value),
  // DeleteEntry (-), RenameKey (key), AppendItem (value), AppendDocument (value),
  // CreateFile (path, value).
  Op op = Op::InsertEntry;
  Origin target;
  std::string key;
  std::string after_key;
  std::string path;
  yaml::Node value;
  // The node of the evaluated object the edit means (not owned; valid during the check
  // that made it). Rules pass it for every edit: a chart model (src/helm/) needs it to
  // turn an edit of an object it modelled into an edit of the HelmRelease's values.
  const yaml::Node* node = nullptr;

  // One constructor per op, naming what each needs. The forms taking a node record it
  // and target its origin; those taking an origin address a file directly.
  static Edit insert_entry(Origin map, std::string key, yaml::Node value, std::string after_key = {}) {
    return Edit{Op::InsertEntry, map, std::move(key), std::move(after_key), {}, std::move(value)};
  }
  static Edit replace_value(Origin value_node, yaml::Node value) {
    return Edit{Op::ReplaceValue, value_node, {}, {}, {}, std::move(value)};
  }
  static Edit delete_entry(Origin key_or_item) { return Edit{Op::DeleteEntry, key_or_item, {}, {}, {}, {}}; }
  static Edit rename_key(Origin key_node, std::string new_key) {
    return Edit{Op::RenameKey, key_node, std::move(new_key), {}, {}, {}};
  }
  static Edit append_item(Origin seq, yaml::Node value) {
    return Edit{Op::AppendItem, seq, {}, {}, {}, std::move(value)};
  }
  static Edit append_document(Origin any_node, yaml::Node document) {
    return Edit{Op::AppendDocument, any_node, {}, {}, {}, std::move(document)};
  }
  static Edit create_file(std::string path, yaml::Node document, Origin kustomization = {}) {
    return Edit{Op::CreateFile, kustomization, {}, {}, std::move(path), std::move(document)};
  }
  static Edit insert_entry(const yaml::Node& map, std::string key, yaml::Node value, std::string after_key = {}) {
    return on(map, insert_entry(map.origin(), std::move(key), std::move(value), std::move(after_key)));
  }
  static Edit replace_value(const yaml::Node& value_node, yaml::Node value) {
    return on(value_node, replace_value(value_node.origin(), std::move(value)));
  }
  static Edit delete_entry(const yaml::Node& key_or_item) { return on(key_or_item, delete_entry(key_or_item.origin())); }
  static Edit rename_key(const yaml::Node& key_node, std::string new_key) {
    return on(key_node, rename_key(key_node.origin(), std::move(new_key)));
  }
  static Edit append_item(const yaml::Node& seq, yaml::Node value) {
    return on(seq, append_item(seq.origin(), std::move(value)));
  }
  static Edit append_document(const yaml::Node& any_node, yaml::Node document) {
    return on(any_node, append_document(any_node.origin(), std::move(document)));
  }

 private:
  static Edit on(const yaml::Node& n, Edit e) {
    e.node = &n;
    return e;
  }
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
