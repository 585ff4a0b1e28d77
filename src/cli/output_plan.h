#pragma once
// Which report goes where when several --format are given in one run (so CI lints once):
//   - one format: to --output FILE when given, else stdout;
//   - several: the document format (json or sarif, at most one) goes to --output FILE,
//     which is then required; text and github go to stdout (the runner reads workflow
//     commands there, people read text there).
// `halint check --format github --format sarif --output halint.sarif` annotates and writes
// SARIF from one analysis.
#include <string>
#include <variant>
#include <vector>

namespace halint::cli {

struct OutputTarget {
  std::string format;
  std::string file;  // empty: stdout
};

struct OutputPlan {
  std::vector<OutputTarget> targets;  // in the order given, duplicates removed
};

// An error message (a usage error, exit 2) or the plan.
std::variant<OutputPlan, std::string> plan_outputs(const std::vector<std::string>& formats, const std::string& output);

}  // namespace halint::cli
