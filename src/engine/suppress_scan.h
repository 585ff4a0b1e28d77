#pragma once
// Finds the suppressions written in a repository (SPEC §6): `# halint:ignore` and
// `# halint:ignore-file` comments, and `halint.io/ignore` annotations on objects and their
// pod templates. Matching them against findings is suppress.h's job.
#include <string>
#include <vector>

#include "core/analysis.h"
#include "rules/catalog.h"

namespace halint::engine {

// One rule named by a suppression, where it is written.
struct RuleToken {
  std::string text;  // as written: "HA101", "missing-pdb", "all"
  std::string code;  // resolved code; "*" for all; "" when unknown
  Origin at;         // the token itself (for warnings)
};

struct Suppression {
  enum class Scope {
    Line,        // findings located on `line`
    Object,      // findings located within [span.begin, span.end) of the file (a document / List item)
    File,        // every finding located in the file
    Annotation,  // findings about `resource`
  };
  Scope scope = Scope::Line;
  FileId file = kNoFile;  // Line/Object/File: the file the comment is in
  uint32_t line = 0;      // Line: 1-based
  Span span;              // Object
  ResourceRef resource;   // Annotation
  std::string directive;  // "halint:ignore", "halint:ignore-file", "halint.io/ignore" (for messages)
  std::vector<RuleToken> rules;
};

// A problem in a suppression that must not pass silently (unknown directive).
struct ScanProblem {
  Origin at;
  std::string message;
};

// Comments of one file. Comments are told from `#` inside scalars with the parsed tree.
void scan_comments(const SourceFile& file, FileId id, const rules::Catalog& catalog, std::vector<Suppression>& out,
                   std::vector<ScanProblem>& problems);

// Annotations of every object the run evaluates (rendered ones carry their annotations).
// One suppression per distinct (object, annotation origin).
void scan_annotations(const Analysis& a, const rules::Catalog& catalog, std::vector<Suppression>& out);

// Splits "HA101, missing-pdb" / "HA101 HA102" into tokens; `base` is the file offset of
// text[0] (kNoFile file: offsets are not meaningful).
std::vector<RuleToken> parse_rule_list(std::string_view text, Origin base, const rules::Catalog& catalog);

}  // namespace halint::engine
