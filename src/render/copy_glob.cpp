#include "render/copy_glob.h"

#include "fs/walk.h"
#include "render/file_access.h"

namespace halint::render {

bool has_glob_chars(std::string_view pattern) { return pattern.find_first_of("*?[]") != std::string_view::npos; }

namespace {

// One character class at pattern[pi] == '[': whether c is in it, and where it ends.
// nullopt: malformed.
std::optional<bool> class_match(std::string_view p, size_t& pi, char c) {
  ++pi;  // '['
  bool negate = pi < p.size() && p[pi] == '^';
  if (negate) ++pi;
  bool matched = false;
  for (size_t n = 0;; ++n) {
    if (pi >= p.size()) return std::nullopt;
    if (p[pi] == ']' && n > 0) {
      ++pi;
      break;
    }
    auto take = [&]() -> std::optional<char> {
      if (pi >= p.size()) return std::nullopt;
      if (p[pi] == '\\') {
        if (++pi >= p.size()) return std::nullopt;
      } else if (p[pi] == '-' || p[pi] == ']') {
        return std::nullopt;  // Go: a range or class may not start with these unescaped
      }
      return p[pi++];
    };
    auto lo = take();
    if (!lo) return std::nullopt;
    char hi = *lo;
    if (pi < p.size() && p[pi] == '-') {
      ++pi;
      auto h = take();
      if (!h) return std::nullopt;
      hi = *h;
    }
    if (*lo <= c && c <= hi) matched = true;
  }
  return matched != negate;
}

std::optional<bool> match_from(std::string_view p, size_t pi, std::string_view s, size_t si) {
  while (pi < p.size()) {
    char c = p[pi];
    if (c == '*') {
      while (pi < p.size() && p[pi] == '*') ++pi;
      if (pi == p.size()) return true;  // the rest of a segment
      for (size_t k = si; k <= s.size(); ++k) {
        auto m = match_from(p, pi, s, k);
        if (!m) return std::nullopt;
        if (*m) return true;
      }
      return false;
    }
    if (si >= s.size()) {
      // Go still reports a malformed class that input ran out before.
      if (c == '[') {
        size_t probe = pi;
        if (!class_match(p, probe, '\0')) return std::nullopt;
      }
      return false;
    }
    if (c == '?') {
      ++pi, ++si;
      continue;
    }
    if (c == '[') {
      auto in = class_match(p, pi, s[si]);
      if (!in) return std::nullopt;
      if (!*in) return false;
      ++si;
      continue;
    }
    if (c == '\\') {
      if (++pi >= p.size()) return std::nullopt;
      c = p[pi];
    }
    if (c != s[si]) return false;
    ++pi, ++si;
  }
  return si == s.size();
}

bool excluded_by(const std::string& path, const std::vector<std::string>& patterns) {
  std::string name = path.substr(path.rfind('/') == std::string::npos ? 0 : path.rfind('/') + 1);
  for (const auto& p : patterns) {
    if (fs::glob_match(p, path)) return true;
    if (p.find('/') == std::string::npos && fs::glob_match(p, name)) return true;
  }
  return false;
}

}  // namespace

std::optional<bool> segment_match(std::string_view pattern, std::string_view name) {
  return match_from(pattern, 0, name, 0);
}

std::string clean_relative(std::string_view path) {
  // As a path below a root: ".." never climbs above it (join_path's rule for "/").
  return join_path("/", std::string(path)).substr(1);
}

std::string literal_prefix(std::string_view pattern) {
  std::string clean = clean_relative(pattern);
  std::string out;
  for (size_t i = 0; i <= clean.size();) {
    size_t slash = clean.find('/', i);
    if (slash == std::string::npos) slash = clean.size();
    std::string_view seg = std::string_view(clean).substr(i, slash - i);
    i = slash + 1;
    if (seg.empty() || has_glob_chars(seg)) break;
    if (!out.empty()) out += '/';
    out += seg;
  }
  return out.empty() ? "." : out;
}

bool copy_excluded(const std::string& path, const std::string& base, const std::vector<std::string>& patterns) {
  if (patterns.empty()) return false;
  if (excluded_by(path, patterns)) return true;
  if (base.empty() || base == ".") return false;
  if (path.size() <= base.size() || path.compare(0, base.size(), base) != 0 || path[base.size()] != '/') return false;
  return excluded_by(path.substr(base.size() + 1), patterns);
}

}  // namespace halint::render
