#include "report/report.h"

namespace halint::report {

Location locate(const Finding& f, const Analysis& a) {
  Location l;
  if (!f.location.known() || f.location.file >= a.files.size()) return l;
  const SourceFile& file = a.files[f.location.file];
  l.path = file.path;
  l.start = file.locate(f.location.span.begin);
  l.end = file.locate(std::max(f.location.span.begin, f.location.span.end));
  return l;
}

std::string summary_line(const engine::Summary& s) {
  auto plural = [](size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
  };
  std::string line = plural(s.errors, "error", "errors") + ", " + plural(s.warnings, "warning", "warnings") + ", " +
                     plural(s.infos, "info", "infos") + " in " + plural(s.files, "file", "files") + " (" +
                     plural(s.objects, "object", "objects") + ", " + plural(s.renders, "render", "renders");
  if (s.fixable) line += ", " + std::to_string(s.fixable) + " fixable with `halint fix`";
  line += ")";
  if (s.skipped_helm_templates || s.skipped_jinja)
    line += "; skipped " + std::to_string(s.skipped_helm_templates) + " Helm template and " +
            std::to_string(s.skipped_jinja) + " Jinja files";
  return line;
}

}  // namespace halint::report
