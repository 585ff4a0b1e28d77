#include "fs/walk.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

namespace halint::fs {
namespace stdfs = std::filesystem;

bool is_manifest_name(const std::string& name) {
  auto ends = [&](const char* suf) {
    size_t n = std::char_traits<char>::length(suf);
    return name.size() > n && name.compare(name.size() - n, n, suf) == 0;
  };
  return ends(".yaml") || ends(".yml") || name == "Kustomization";
}

static bool is_jinja(const std::string& name) {
  return name.size() > 3 && name.compare(name.size() - 3, 3, ".j2") == 0;
}

static size_t count_files(const stdfs::path& dir) {
  size_t n = 0;
  std::error_code ec;
  for (stdfs::recursive_directory_iterator it(dir, stdfs::directory_options::skip_permission_denied, ec), end;
       !ec && it != end; it.increment(ec))
    if (it->is_regular_file(ec)) ++n;
  return n;
}

static void walk_dir(const stdfs::path& root, const WalkOptions& opt, WalkResult& out) {
  std::error_code ec;
  // Paths are made canonical once, for the root: the iterator does not follow directory
  // symlinks, so below a canonical root only a symlinked file needs resolving. Resolving
  // every path (weakly_canonical, relative) was a third of a corpus check in readlink().
  stdfs::path canon_root = stdfs::weakly_canonical(root, ec);
  if (ec) canon_root = stdfs::absolute(root, ec);
  stdfs::recursive_directory_iterator it(root, stdfs::directory_options::skip_permission_denied, ec), end;
  if (ec) {
    out.errors.push_back(root.string() + ": " + ec.message());
    return;
  }
  for (; it != end; it.increment(ec)) {
    if (ec) break;
    const stdfs::path& p = it->path();
    std::string name = p.filename().string();
    std::error_code fec;
    bool is_dir = it->is_directory(fec) && !it->is_symlink(fec);
    std::string rel = p.lexically_relative(root).generic_string();
    if (is_dir) {
      if (name == ".git" || (opt.excluded && opt.excluded(rel + "/"))) {
        it.disable_recursion_pending();
        continue;
      }
      // A Helm chart's templates/ are Go templates, not YAML.
      if (name == "templates" && stdfs::exists(p.parent_path() / "Chart.yaml", fec)) {
        out.skipped_helm_templates += count_files(p);
        it.disable_recursion_pending();
      }
      continue;
    }
    if (!it->is_regular_file(fec)) continue;
    if (is_jinja(name)) {
      ++out.skipped_jinja;
      continue;
    }
    if (!is_manifest_name(name)) continue;
    if (opt.excluded && opt.excluded(rel)) continue;
    out.files.push_back(it->is_symlink(fec) ? stdfs::weakly_canonical(p, fec).string()
                                            : (canon_root / p.lexically_relative(root)).string());
  }
}

WalkResult walk(const std::vector<std::string>& roots, const WalkOptions& opt) {
  WalkResult out;
  for (const auto& r : roots) {
    std::error_code ec;
    stdfs::path p(r);
    auto st = stdfs::status(p, ec);
    if (ec || !stdfs::exists(st)) {
      out.errors.push_back(r + ": no such file or directory");
      continue;
    }
    if (stdfs::is_directory(st))
      walk_dir(p, opt, out);
    else
      out.files.push_back(stdfs::weakly_canonical(p, ec).string());
  }
  std::sort(out.files.begin(), out.files.end());
  out.files.erase(std::unique(out.files.begin(), out.files.end()), out.files.end());
  return out;
}

std::string repository_root(const std::string& path) {
  std::error_code ec;
  stdfs::path p = stdfs::weakly_canonical(path, ec);
  if (!stdfs::is_directory(p, ec)) p = p.parent_path();
  for (stdfs::path cur = p; !cur.empty(); cur = cur.parent_path()) {
    if (stdfs::exists(cur / ".git", ec)) return cur.string();
    if (cur == cur.root_path()) break;
  }
  return p.string();
}

std::string display_path(const std::string& abs_path) {
  std::error_code ec;
  stdfs::path cwd = stdfs::current_path(ec);
  if (ec) return abs_path;
  std::string c = cwd.string();
  if (abs_path.size() > c.size() && abs_path.compare(0, c.size(), c) == 0 && abs_path[c.size()] == '/')
    return abs_path.substr(c.size() + 1);
  return abs_path;
}

static bool glob_at(const std::string& pat, size_t pi, const std::string& s, size_t si) {
  while (pi < pat.size()) {
    if (pat.compare(pi, 2, "**") == 0) {
      size_t next = pi + 2;
      if (next < pat.size() && pat[next] == '/') ++next;
      for (size_t k = si; k <= s.size(); ++k)
        if ((k == si || s[k - 1] == '/' || next == pi + 2) && glob_at(pat, next, s, k)) return true;
      return false;
    }
    if (si >= s.size()) return false;
    char c = pat[pi];
    if (c == '*') {
      for (size_t k = si; k <= s.size(); ++k) {
        if (glob_at(pat, pi + 1, s, k)) return true;
        if (k < s.size() && s[k] == '/') break;
      }
      return false;
    }
    if (c != '?' && c != s[si]) return false;
    if (c == '?' && s[si] == '/') return false;
    ++pi, ++si;
  }
  return si == s.size();
}

bool glob_match(const std::string& pattern, const std::string& path) {
  return glob_at(pattern, 0, path, 0);
}

}  // namespace halint::fs
