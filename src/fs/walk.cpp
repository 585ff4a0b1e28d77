#include "fs/walk.h"

#include <climits>
#include <cstdlib>
#include <cstring>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <system_error>

namespace halint::fs {
namespace stdfs = std::filesystem;

// Deeper trees are not real repositories (and would exhaust the stack).
constexpr int kMaxDepth = 200;

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

// Regular files below dir (symbolic links to directories are not followed, as in the walk).
static size_t count_files(DirCache& cache, const std::string& dir, int depth) {
  if (depth > kMaxDepth) return 0;
  size_t n = 0;
  for (const auto& e : cache.list(dir).entries) {
    if (e.kind == EntryKind::File) ++n;
    else if (e.kind == EntryKind::Directory && !e.symlink) n += count_files(cache, dir + "/" + e.name, depth + 1);
  }
  return n;
}

static bool has_file_named(const Listing& l, std::string_view name) {
  return std::any_of(l.entries.begin(), l.entries.end(),
                     [&](const DirEntry& e) { return e.name == name && e.kind != EntryKind::Missing; });
}

namespace {
struct Walker {
  const WalkOptions& opt;
  DirCache& cache;
  WalkResult& out;

  // dir: absolute canonical directory; rel: its path below the walk root ("" for the root).
  void dir(const std::string& abs, const std::string& rel, int depth) {
    if (depth > kMaxDepth) return;
    const Listing& l = cache.list(abs);  // stays in place while the cache grows
    bool chart = has_file_named(l, "Chart.yaml");
    // Paths are built only for what is walked into or kept (most entries are neither).
    auto child_abs = [&](const DirEntry& e) { return abs == "/" ? "/" + e.name : abs + "/" + e.name; };
    auto child_rel = [&](const DirEntry& e) { return rel.empty() ? e.name : rel + "/" + e.name; };
    for (const auto& e : l.entries) {
      if (e.kind == EntryKind::Directory) {
        if (e.symlink) continue;  // not followed: a link may point outside or loop
        if (e.name == ".git" || (opt.excluded && opt.excluded(child_rel(e) + "/"))) continue;
        // A Helm chart's templates/ are Go templates, not YAML.
        if (e.name == "templates" && chart) {
          out.skipped_helm_templates += count_files(cache, child_abs(e), depth + 1);
          continue;
        }
        dir(child_abs(e), child_rel(e), depth + 1);
        continue;
      }
      if (e.kind != EntryKind::File) continue;
      if (is_jinja(e.name)) {
        ++out.skipped_jinja;
        continue;
      }
      if (!is_manifest_name(e.name)) continue;
      if (opt.excluded && opt.excluded(child_rel(e))) continue;
      std::string path = child_abs(e);
      if (e.symlink) {
        // Reported under the path it resolves to, so that two links to one file are one file.
        char resolved[PATH_MAX];
        if (::realpath(path.c_str(), resolved)) path = resolved;
      }
      out.files.push_back(std::move(path));
    }
  }
};
}  // namespace

WalkResult walk(const std::vector<std::string>& roots, const WalkOptions& opt) {
  WalkResult out;
  DirCache local;
  DirCache& cache = opt.cache ? *opt.cache : local;
  for (const auto& r : roots) {
    std::error_code ec;
    stdfs::path p(r);
    auto st = stdfs::status(p, ec);
    if (ec || !stdfs::exists(st)) {
      out.errors.push_back(r + ": no such file or directory");
      continue;
    }
    // Made canonical once, for the root: below it only symlinked files need resolving.
    std::string canon = stdfs::weakly_canonical(p, ec).string();
    if (ec) canon = stdfs::absolute(p, ec).lexically_normal().string();
    if (canon.size() > 1 && canon.back() == '/') canon.pop_back();
    if (stdfs::is_directory(st)) {
      const Listing& l = cache.list(canon);
      if (!l.ok) {
        out.errors.push_back(r + ": " + std::strerror(l.error));
        continue;
      }
      Walker{opt, cache, out}.dir(canon, "", 0);
    } else {
      out.files.push_back(canon);
    }
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
  // getcwd() directly: std::filesystem::current_path() parses the path into components,
  // a measurable cost when done for every file of a repository.
  char buf[PATH_MAX];
  if (!::getcwd(buf, sizeof buf)) return abs_path;
  return display_path(abs_path, buf);
}

std::string display_path(const std::string& abs_path, std::string_view cwd) {
  if (cwd.empty()) return abs_path;
  if (abs_path.size() > cwd.size() && abs_path.compare(0, cwd.size(), cwd) == 0 && abs_path[cwd.size()] == '/')
    return abs_path.substr(cwd.size() + 1);
  return abs_path;
}

std::string current_dir() {
  char buf[PATH_MAX];
  return ::getcwd(buf, sizeof buf) ? std::string(buf) : std::string();
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

std::string parent_dir(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

}  // namespace halint::fs
