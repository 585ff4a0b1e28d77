#pragma once
// Stable identities of findings, for SARIF partialFingerprints: code scanning matches a
// result across commits by them, so they must not move when unrelated lines are added
// or removed above the finding. Line numbers are therefore never part of them.
#include <cstdint>
#include <string>
#include <string_view>

#include "core/finding.h"

namespace halint::report {

// Whitespace trimmed at both ends and runs of blanks collapsed to one space, so that a
// re-indented line keeps its identity.
std::string normalize_line(std::string_view line);

// 64-bit FNV-1a as 16 hex digits: deterministic on every platform and build, unlike
// std::hash.
std::string hex_hash(std::string_view data);

// Hash of rule + repository-relative path + resource identity (kind, namespace, name)
// + the normalized text of the finding's first line.
std::string finding_fingerprint(const Finding& f, std::string_view path, std::string_view line_text);

}  // namespace halint::report
