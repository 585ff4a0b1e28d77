#pragma once
// The renderer's view of the file system: YAML files come from the analysis' file table
// (parsed once; a file no walk found is read and added), other files (generator sources)
// are read raw. Paths are absolute and normalised.
#include <map>
#include <optional>
#include <string>

#include "core/file_table.h"

namespace halint::render {

class FileAccess {
 public:
  explicit FileAccess(FileTable& table) : table_(table) {}
  // The parsed file, or nullopt when it does not exist or cannot be read.
  std::optional<FileId> yaml(const std::string& abs_path);
  // The bytes of a file, or nullopt.
  std::optional<std::string> text(const std::string& abs_path);
  const SourceFile& file(FileId id) const { return table_[id]; }
  // Cached stat(): renders ask about the same paths over and over.
  bool is_dir(const std::string& path);
  bool is_file(const std::string& path);
  std::string kustomization_file(const std::string& dir);
  FileTable& table() { return table_; }

 private:
  FileTable& table_;
  std::optional<FileId> find(const std::string& abs_path);
  std::map<std::string, std::optional<FileId>> cache_;
  std::map<std::string, FileId> index_;
  std::map<std::string, int> kinds_;  // 0 missing, 1 file, 2 directory  // abs_path -> id of the table's files (built once)
  size_t indexed_ = 0;
};

// Normalised absolute path of `rel` relative to directory `dir`.
std::string join_path(const std::string& dir, const std::string& rel);
bool is_dir(const std::string& path);
bool is_file(const std::string& path);
// The kustomization file of a directory (kustomization.yaml, .yml, Kustomization), or "".
std::string kustomization_file(const std::string& dir);

}  // namespace halint::render
