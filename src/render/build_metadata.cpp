#include "render/build_metadata.h"

#include "yaml/quote.h"

namespace halint::render {
namespace {

// A YAML scalar as kyaml writes it: plain when it reads back as the same string.
std::string text(const std::string& s) {
  if (!s.empty() && yaml::resolve_plain(s) == yaml::ScalarType::String && s.find(": ") == std::string::npos &&
      s.find(" #") == std::string::npos && std::string("-?:,[]{}#&*!|>'\"%@` ").find(s[0]) == std::string::npos)
    return s;
  return yaml::double_quoted(s);
}

void lines(const BuildOrigin& o, const std::string& first, const std::string& rest, std::string& out) {
  bool at_first = true;
  auto line = [&](const std::string& l) {
    out += (at_first ? first : rest) + l + "\n";
    at_first = false;
  };
  if (!o.path.empty()) line("path: " + text(o.path));
  if (!o.configured_in.empty()) line("configuredIn: " + text(o.configured_in));
  if (!o.by_api_version.empty() || !o.by_kind.empty() || !o.by_name.empty() || !o.by_namespace.empty()) {
    line("configuredBy:");
    if (!o.by_api_version.empty()) line("  apiVersion: " + text(o.by_api_version));
    if (!o.by_kind.empty()) line("  kind: " + text(o.by_kind));
    if (!o.by_name.empty()) line("  name: " + text(o.by_name));
    if (!o.by_namespace.empty()) line("  namespace: " + text(o.by_namespace));
  }
  if (at_first) out += first + "{}\n";
}

}  // namespace

std::string origin_yaml(const BuildOrigin& o) {
  std::string out;
  lines(o, "", "", out);
  return out;
}

std::string transformations_yaml(const std::vector<BuildOrigin>& list) {
  std::string out;
  for (const auto& o : list) lines(o, "- ", "  ", out);
  return out;
}

std::string join_relative(const std::string& base, const std::string& path) {
  std::string joined = base.empty() ? path : path.empty() ? base : base + "/" + path;
  // Clean: drop "." segments and resolve "x/.." where x is not "..".
  std::vector<std::string> segs;
  size_t i = 0;
  while (i <= joined.size()) {
    size_t j = joined.find('/', i);
    if (j == std::string::npos) j = joined.size();
    std::string seg = joined.substr(i, j - i);
    if (seg == "..") {
      if (!segs.empty() && segs.back() != "..") segs.pop_back();
      else segs.push_back(seg);
    } else if (!seg.empty() && seg != ".") {
      segs.push_back(seg);
    }
    i = j + 1;
  }
  std::string out;
  for (size_t k = 0; k < segs.size(); ++k) out += (k ? "/" : "") + segs[k];
  return out.empty() ? "." : out;
}

}  // namespace halint::render
