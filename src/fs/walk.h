#pragma once
// Finds the files halint reads under the given paths (SPEC §2): *.yaml, *.yml and files
// named Kustomization; never .git/; Helm chart templates and Jinja files are counted and
// skipped; paths matching an exclude glob are skipped.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "fs/dir_cache.h"

namespace halint::fs {

struct WalkOptions {
  // Returns true for a path (relative to the walk root, '/'-separated) to skip.
  std::function<bool(const std::string& rel_path)> excluded;
  // Listings are kept here for later questions about the same tree (the renderer's);
  // a walk without one uses its own.
  DirCache* cache = nullptr;
};

struct WalkResult {
  std::vector<std::string> files;   // absolute canonical paths, sorted, unique
  size_t skipped_helm_templates = 0;
  size_t skipped_jinja = 0;
  std::vector<std::string> errors;  // "PATH: reason" for paths that do not exist or cannot be read
};

WalkResult walk(const std::vector<std::string>& roots, const WalkOptions& options);

// True when a file name is one halint reads.
bool is_manifest_name(const std::string& filename);

// The repository root of a path: the nearest ancestor holding .git, else the path's
// own directory.
std::string repository_root(const std::string& path);

// The directory of a path ("/" for a top-level entry, "." for a bare name); string
// operations only, no file system access.
std::string parent_dir(const std::string& path);

// Path shown to users: relative to the working directory when inside it.
std::string display_path(const std::string& abs_path);
// The same against a working directory asked for once (current_dir(); "" if unknown).
std::string display_path(const std::string& abs_path, std::string_view cwd);
std::string current_dir();

// Shell-style glob with ** (any number of directories), * and ? (not crossing '/').
bool glob_match(const std::string& pattern, const std::string& path);

}  // namespace halint::fs
