// `halint fix`: apply fixes (safe ones, unsafe ones with --unsafe-fixes) until nothing
// changes, then write the files atomically (or print a unified diff with --diff) and
// report what remains as `check` does.
#include <algorithm>
#include <iostream>

#include "cli/commands.h"
#include "fix/diff.h"
#include "fix/loop.h"
#include "fix/write.h"
#include "fs/walk.h"

namespace halint::cli {

namespace {

std::string plural(size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

void print_summary(const fix::LoopResult& r, size_t files_changed, bool diff, std::ostream& os) {
  os << (diff ? "would apply " : "applied ") << plural(r.applied, "fix", "fixes") << ", "
     << plural(r.refused.size(), "fix", "fixes") << " not applied, " << plural(files_changed, "file", "files")
     << (diff ? " would change" : " changed");
  if (r.unsafe_skipped) os << " (" << plural(r.unsafe_skipped, "unsafe fix", "unsafe fixes") << " available with --unsafe-fixes)";
  os << '\n';
  for (const auto& x : r.refused) os << x.where << ": " << x.rule << " fix not applied: " << x.reason << '\n';
}

}  // namespace

int cmd_fix(FixArgs args, const rules::Catalog& catalog) {
  if (!prepare_run(args.config_path, args.options, args.fail_on, catalog)) return 2;
  fix::LoopResult r = fix::fix_loop(args.options, catalog, args.unsafe_fixes);
  for (const auto& e : r.errors) std::cerr << "halint: " << e << '\n';
  if (!r.errors.empty()) return 2;

  size_t changed = 0;
  for (const auto& [path, after] : r.edited) {
    const auto& before = r.originals.at(path);
    if (!before || *before != after) ++changed;
  }

  if (args.diff) {
    for (const auto& [path, after] : r.edited) {
      const auto& before = r.originals.at(path);
      std::cout << fix::unified_diff(fs::display_path(path), before.value_or(""), after, !before);
    }
    print_summary(r, changed, true, std::cerr);
    return changed ? 1 : 0;
  }

  bool write_failed = false;
  for (const auto& [path, after] : r.edited) {
    const auto& before = r.originals.at(path);
    auto err = before ? fix::replace_file(path, *before, after) : fix::create_file(path, after);
    if (err) {
      std::cerr << "halint: " << *err << '\n';
      write_failed = true;
    }
  }
  // Suppression problems (unknown rules, unused with --report-unused-ignores), as check.
  for (const auto& w : r.final.warnings) std::cerr << w << '\n';
  if (!emit_reports(r.final, args.out, catalog)) return 2;
  print_summary(r, changed, false, std::cout);
  if (write_failed) return 2;
  int code = engine::exit_code_for(r.final.findings, args.fail_on);
  return r.final.unused_suppressions > 0 ? std::max(code, 1) : code;
}

}  // namespace halint::cli
