#pragma once
// The fix loop: check -> apply -> check again, until no fix applies (at most 10 passes).
// Nothing is written here: the edited bytes are kept as an overlay that each new check
// reads instead of the disk, and the caller writes (or diffs) them at the end.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/check.h"
#include "rules/catalog.h"

namespace halint::fix {

struct Refusal {
  std::string rule;
  std::string where;   // path:line:col of the finding
  std::string reason;
};

struct LoopResult {
  engine::CheckResult final;                             // the check after the last pass
  std::map<std::string, std::optional<std::string>> originals;  // abs path -> bytes before (nullopt: created)
  std::map<std::string, std::string> edited;             // abs path -> bytes after
  size_t applied = 0;
  size_t passes = 0;
  size_t unsafe_skipped = 0;       // unsafe fixes left for --unsafe-fixes at the end
  std::vector<Refusal> refused;    // fixes that could not be applied (at the fixed point)
  std::vector<std::string> errors; // check errors of the first pass (exit 2)
};

LoopResult fix_loop(engine::CheckOptions options, const rules::Catalog& catalog, bool unsafe_fixes,
                    size_t max_passes = 10);

// A key identifying what a fix changes (the same fix reported through two renders is one).
std::string fix_signature(const Fix& f);

}  // namespace halint::fix
