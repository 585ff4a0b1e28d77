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

std::string repo_relative_path(const SourceFile& file, const Analysis& a) {
  const std::string& root = a.repository_root;
  const std::string& p = file.abs_path;
  if (root.empty() || p.empty()) return file.path;
  if (root == "/" && p.size() > 1 && p[0] == '/') return p.substr(1);
  if (p.size() > root.size() && p.compare(0, root.size(), root) == 0 && p[root.size()] == '/')
    return p.substr(root.size() + 1);
  return p;
}

std::string uri_encode_path(std::string_view path) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : path) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
        c == '_' || c == '~' || c == '/') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string summary_line(const engine::Summary& s) {
  auto plural = [](size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
  };
  std::string line = plural(s.errors, "error", "errors") + ", " + plural(s.warnings, "warning", "warnings") + ", " +
                     plural(s.infos, "info", "infos") + " in " + plural(s.files, "file", "files") + " (" +
                     plural(s.objects, "object", "objects") + ", " + plural(s.renders, "render", "renders");
  line += ", " + plural(s.workloads, "workload", "workloads");
  // What `halint fix` would apply; unsafe fixes need the flag, so they are counted apart.
  if (s.fixable) line += ", " + std::to_string(s.fixable) + " fixable with `halint fix`";
  if (s.fixable && s.unsafe_fixable) line += " (+" + std::to_string(s.unsafe_fixable) + " with `--unsafe-fixes`)";
  if (!s.fixable && s.unsafe_fixable)
    line += ", " + std::to_string(s.unsafe_fixable) + " fixable with `halint fix --unsafe-fixes`";
  line += ")";
  if (s.helm_releases)
    line += "; HelmReleases: " + std::to_string(s.helm_modelled) + " modelled, " +
            std::to_string(s.helm_releases - s.helm_modelled) + " not";
  if (s.skipped_helm_templates || s.skipped_jinja)
    line += "; skipped " + std::to_string(s.skipped_helm_templates) + " Helm template and " +
            std::to_string(s.skipped_jinja) + " Jinja files";
  return line;
}

}  // namespace halint::report
