#pragma once
// The renderer's view of the file system: YAML files come from the analysis' file table
// (parsed once; a file no walk found is read and added), other files (generator sources)
// are read raw. Paths are absolute and normalised.
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/file_table.h"
#include "fs/dir_cache.h"

namespace halint::render {

class FileAccess {
 public:
  // `dirs` holds the listings the walk made (and gets the ones renders add); without it
  // the accessor keeps its own.
  explicit FileAccess(FileTable& table, fs::DirCache* dirs = nullptr)
      : table_(table), own_dirs_(dirs ? nullptr : std::make_unique<fs::DirCache>()), dirs_(dirs ? *dirs : *own_dirs_) {}
  // The parsed file, or nullopt when it does not exist or cannot be read.
  std::optional<FileId> yaml(const std::string& abs_path);
  // The bytes of a file, or nullopt.
  std::optional<std::string> text(const std::string& abs_path);
  const SourceFile& file(FileId id) const { return table_[id]; }
  // Answered from cached directory listings: renders ask about the same paths over and over.
  bool is_dir(const std::string& path) { return dirs_.is_dir(path); }
  bool is_file(const std::string& path) { return dirs_.is_file(path); }
  // The entries of a directory, sorted by name (empty when it cannot be read).
  const std::vector<fs::DirEntry>& entries(const std::string& dir) { return dirs_.list(dir).entries; }
  std::string kustomization_file(const std::string& dir);
  FileTable& table() { return table_; }

 private:
  FileTable& table_;
  std::optional<FileId> find(const std::string& abs_path);
  // abs_path -> id of the table's files, keyed by views of the table's own strings (they
  // stay in place while the table only grows, as it does during rendering).
  std::unordered_map<std::string_view, FileId> index_;
  size_t indexed_ = 0;                        // table files already in index_
  std::unordered_set<std::string> unreadable_;  // asked for: not a readable YAML file
  std::unique_ptr<fs::DirCache> own_dirs_;
  fs::DirCache& dirs_;
};

// Normalised absolute path of `rel` relative to directory `dir`.
std::string join_path(const std::string& dir, const std::string& rel);
bool is_dir(const std::string& path);
bool is_file(const std::string& path);
// The kustomization file of a directory (kustomization.yaml, .yml, Kustomization), or "".
std::string kustomization_file(const std::string& dir);

}  // namespace halint::render
