#include "cli/output_plan.h"

#include <algorithm>

namespace halint::cli {

static bool is_document(const std::string& f) { return f == "json" || f == "sarif"; }

std::variant<OutputPlan, std::string> plan_outputs(const std::vector<std::string>& formats, const std::string& output) {
  std::vector<std::string> fmts;
  for (const auto& f : formats.empty() ? std::vector<std::string>{"text"} : formats)
    if (std::find(fmts.begin(), fmts.end(), f) == fmts.end()) fmts.push_back(f);

  OutputPlan plan;
  if (fmts.size() == 1) {
    plan.targets.push_back({fmts[0], output});
    return plan;
  }
  size_t documents = std::count_if(fmts.begin(), fmts.end(), is_document);
  if (documents > 1) return std::string("--format json and --format sarif cannot be combined: --output takes one report");
  if (documents == 1 && output.empty())
    return std::string("with several formats, the json or sarif report needs --output FILE (stdout is for text and github)");
  if (documents == 0 && !output.empty())
    return std::string("with several formats, --output takes the json or sarif report; text and github go to stdout");
  for (const auto& f : fmts) plan.targets.push_back({f, is_document(f) ? output : ""});
  return plan;
}

}  // namespace halint::cli
