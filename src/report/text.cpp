#include "report/report.h"

#include "report/fingerprint.h"

namespace halint::report {
namespace {

const char* color_of(Severity s) {
  switch (s) {
    case Severity::Error: return "\033[1;31m";
    case Severity::Warning: return "\033[1;33m";
    case Severity::Info: return "\033[1;36m";
  }
  return "";
}

// Text from a file or a message may hold control characters (an escape sequence in a
// manifest would drive the user's terminal): show them as U+FFFD, keep tabs.
std::string printable(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\t') || u == 0x7F) out += "\xEF\xBF\xBD";
    else out += c;
  }
  return out;
}

}  // namespace

void write_text(const ReportInput& in, std::ostream& out, const TextOptions& opt) {
  const char* bold = opt.color ? "\033[1m" : "";
  const char* reset = opt.color ? "\033[0m" : "";
  const char* blue = opt.color ? "\033[1;34m" : "";
  for (const Finding& f : in.findings) {
    Location l = locate(f, in.analysis);
    const auto* meta = in.catalog.find(f.rule);
    std::string name = meta ? meta->name : "";
    out << bold << (l.path.empty() ? "<repository>" : l.path);
    if (!l.path.empty()) out << ':' << l.start.line << ':' << l.start.column;
    out << ": " << reset << (opt.color ? color_of(f.severity) : "") << severity_name(f.severity) << '[' << f.rule
        << ' ' << name << ']' << reset << ": " << bold << printable(f.message) << reset << '\n';
    if (opt.quiet) continue;
    if (!l.path.empty()) {
      const SourceFile& file = in.analysis.files[f.location.file];
      std::string_view src = file.lines().line_text(file.text, l.start.line);
      std::string num = std::to_string(l.start.line);
      std::string pad(num.size(), ' ');
      out << blue << pad << " |" << reset << '\n';
      out << blue << num << " |" << reset << ' ' << printable(src) << '\n';
      // Caret under the span (to the end of the line for multi-line spans).
      uint32_t width = 1;
      if (l.end.line == l.start.line && l.end.column > l.start.column) width = l.end.column - l.start.column;
      std::string indent;
      uint32_t col = 1;
      for (size_t i = 0; i < src.size() && col < l.start.column; ++i) {
        if ((static_cast<unsigned char>(src[i]) & 0xC0) == 0x80) continue;
        indent += src[i] == '\t' ? '\t' : ' ';
        ++col;
      }
      out << blue << pad << " |" << reset << ' ' << indent << (opt.color ? color_of(f.severity) : "")
          << std::string(std::min<uint32_t>(width, 200), '^') << reset << '\n';
    }
    if (!f.via.empty()) {
      out << "  = via: ";
      for (size_t i = 0; i < f.via.size(); ++i) out << (i ? ", " : "") << f.via[i];
      out << '\n';
    }
    if (f.fix)
      out << "  = " << bold << "help" << reset << ": " << (f.fix->safe ? "fix available" : "unsafe fix available")
          << ": " << f.fix->description << (f.fix->safe ? " (halint fix)" : " (halint fix --unsafe-fixes)") << '\n';
    else if (!f.help.empty())
      out << "  = " << bold << "help" << reset << ": " << f.help << '\n';
    else if (meta && !meta->fix_description.empty())
      out << "  = " << bold << "help" << reset << ": "
          << normalize_line(meta->fix_description) << '\n';  // the rule file's wrapped prose, one line
    out << '\n';
  }
  if (!opt.quiet) out << summary_line(in.summary) << '\n';
}

}  // namespace halint::report
