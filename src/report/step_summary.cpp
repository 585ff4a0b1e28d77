// The Markdown appended to $GITHUB_STEP_SUMMARY: what a reviewer reads on the run's page
// before opening the annotations.
#include <algorithm>
#include <map>

#include "report/report.h"

namespace halint::report {
namespace {

constexpr size_t kTopFindings = 20;

const char* badge(Severity s) {
  switch (s) {
    case Severity::Error: return "🔴 error";
    case Severity::Warning: return "🟡 warning";
    case Severity::Info: return "🔵 info";
  }
  return "";
}

// Inside a table cell: no line breaks, no column separators, no raw HTML.
std::string cell(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '|': out += "\\|"; break;
      case '\n': out += "<br>"; break;
      case '\r': break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace

void write_step_summary(const ReportInput& in, std::ostream& out, const SummaryLinks& links) {
  const Analysis& a = in.analysis;
  out << "### halint\n\n";
  if (in.findings.empty()) {
    out << "✅ No findings. " << summary_line(in.summary) << "\n\n";
    return;
  }
  out << summary_line(in.summary) << "\n\n";

  // Counts by rule and severity (a rule whose verdict sets the severity, such as HA201
  // without topology, reports both), the most severe and most frequent first.
  std::map<std::pair<std::string, Severity>, size_t> by_rule;
  for (const Finding& f : in.findings) ++by_rule[{f.rule, f.severity}];
  std::vector<std::pair<std::pair<std::string, Severity>, size_t>> rows(by_rule.begin(), by_rule.end());
  std::stable_sort(rows.begin(), rows.end(), [](const auto& x, const auto& y) {
    if (x.first.second != y.first.second) return x.first.second > y.first.second;
    return x.second > y.second;
  });
  out << "| Rule | Severity | Findings | Details |\n|---|---|---:|---|\n";
  for (const auto& [key, n] : rows) {
    const auto& [code, severity] = key;
    const auto* meta = in.catalog.find(code);
    std::string label = code + (meta ? " " + meta->name : "");
    out << "| " << (meta ? "[" + label + "](" + meta->help_uri() + ")" : label) << " | " << badge(severity) << " | "
        << n << " | `halint explain " << code << "` |\n";
  }

  // The top findings: errors first, then in report order (file, line).
  std::vector<const Finding*> top;
  for (const Finding& f : in.findings) top.push_back(&f);
  std::stable_sort(top.begin(), top.end(), [](const Finding* x, const Finding* y) { return x->severity > y->severity; });
  size_t shown = std::min(top.size(), kTopFindings);
  out << "\n#### " << (shown < top.size() ? "Top " + std::to_string(shown) + " findings" : "Findings") << "\n\n";
  out << "| Severity | Where | Rule | Message |\n|---|---|---|---|\n";
  bool can_link = !links.server_url.empty() && !links.repository.empty() && !links.sha.empty();
  for (size_t i = 0; i < shown; ++i) {
    const Finding& f = *top[i];
    std::string where = "(repository)";
    if (f.location.known() && f.location.file < a.files.size()) {
      const SourceFile& file = a.files[f.location.file];
      std::string path = repo_relative_path(file, a);
      uint32_t line = file.locate(f.location.span.begin).line;
      where = "`" + path + ":" + std::to_string(line) + "`";
      if (can_link && path.front() != '/')
        where = "[" + where + "](" + links.server_url + "/" + links.repository + "/blob/" + links.sha + "/" +
                uri_encode_path(path) + "#L" + std::to_string(line) + ")";
    }
    const auto* meta = in.catalog.find(f.rule);
    out << "| " << badge(f.severity) << " | " << where << " | " << f.rule << (meta ? " " + meta->name : "") << " | "
        << cell(f.message) << " |\n";
  }
  if (shown < top.size())
    out << "\n…and " << (top.size() - shown) << " more: run `halint check` locally, or see the annotations.\n";
  if (in.summary.fixable)
    out << "\n" << in.summary.fixable << " of these can be fixed automatically: run `halint fix`.\n";
  if (in.summary.unsafe_fixable)
    out << "\n" << in.summary.unsafe_fixable << (in.summary.unsafe_fixable == 1 ? " has" : " have")
        << " a fix that may change behaviour: review it with `halint fix --unsafe-fixes --diff`.\n";
  out << "\nWhy a rule matters and how to fix it by hand: `halint explain CODE`.\n\n";
}

}  // namespace halint::report
