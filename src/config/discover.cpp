#include "config/discover.h"

#include <filesystem>
#include <system_error>

#include "fs/walk.h"

namespace halint::config {

namespace stdfs = std::filesystem;

std::optional<std::string> discover_config(const std::string& start) {
  std::error_code ec;
  stdfs::path dir = stdfs::weakly_canonical(start.empty() ? "." : start, ec);
  if (ec) return std::nullopt;
  if (!stdfs::is_directory(dir, ec)) dir = dir.parent_path();
  // repository_root() falls back to the directory itself outside a git repository, so
  // a config above an unversioned tree is never picked up by accident.
  stdfs::path root = fs::repository_root(dir.string());
  for (stdfs::path cur = dir;; cur = cur.parent_path()) {
    for (const char* name : {".halint.yaml", ".halint.yml"}) {
      stdfs::path candidate = cur / name;
      if (stdfs::is_regular_file(candidate, ec)) return candidate.string();
    }
    if (cur == root || cur == cur.root_path() || cur.empty()) break;
  }
  return std::nullopt;
}

}  // namespace halint::config
