// `--format github`: one workflow command per finding, which the Actions runner turns into
// an annotation on the pull request diff.
#include "report/github.h"

#include "report/report.h"

namespace halint::report {
namespace {

const char* command_for(Severity s) {
  switch (s) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Info: return "notice";
  }
  return "warning";
}

std::string escape(std::string_view s, bool property) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '%': out += "%25"; break;
      case '\r': out += "%0D"; break;
      case '\n': out += "%0A"; break;
      case ':': out += property ? "%3A" : ":"; break;
      case ',': out += property ? "%2C" : ","; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace

std::string github_escape_data(std::string_view s) { return escape(s, false); }
std::string github_escape_property(std::string_view s) { return escape(s, true); }

void write_github(const ReportInput& in, std::ostream& out) {
  for (const Finding& f : in.findings) {
    const auto* meta = in.catalog.find(f.rule);
    std::string props;
    if (f.location.known() && f.location.file < in.analysis.files.size()) {
      const SourceFile& file = in.analysis.files[f.location.file];
      // The runner resolves `file` against the repository root (GITHUB_WORKSPACE), not the
      // working directory of the step.
      LineCol b = file.locate(f.location.span.begin);
      LineCol e = file.locate(std::max(f.location.span.begin, f.location.span.end));
      props += "file=" + github_escape_property(repo_relative_path(file, in.analysis));
      props += ",line=" + std::to_string(b.line) + ",col=" + std::to_string(b.column);
      props += ",endLine=" + std::to_string(e.line) + ",endColumn=" + std::to_string(e.column);
      props += ",";
    }
    props += "title=" + github_escape_property(f.rule + (meta ? " " + meta->name : ""));

    // The annotation is all a reviewer sees: add where the finding comes from and how to
    // fix it, as the text format does.
    std::string message = f.message;
    if (!f.via.empty()) {
      message += "\nvia: ";
      for (size_t i = 0; i < f.via.size(); ++i) message += (i ? ", " : "") + f.via[i];
    }
    if (f.fix)
      message += "\nfix: " + f.fix->description + (f.fix->safe ? " (halint fix)" : " (halint fix --unsafe-fixes)");
    else if (!f.help.empty())
      message += "\nhelp: " + f.help;
    message += "\nmore: halint explain " + f.rule;
    out << "::" << command_for(f.severity) << ' ' << props << "::" << github_escape_data(message) << '\n';
  }
}

}  // namespace halint::report
