#pragma once
// Every file halint read in one run, addressed by FileId. Origins refer into it.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/source.h"
#include "yaml/parser.h"

namespace halint {

struct SourceFile {
  std::string path;      // as shown to the user (relative to the working directory when inside it)
  std::string abs_path;  // canonical absolute path
  std::string text;      // the bytes as read
  // Where its lines start: built on first use (most files of a repository never show a
  // line). Not thread-safe: the one thread that reports, suppresses or fixes asks.
  const LineIndex& lines() const {
    if (!lines_) lines_.emplace(text);
    return *lines_;
  }
  std::vector<yaml::Document> documents;
  std::optional<yaml::SyntaxError> syntax_error;
  std::vector<yaml::DuplicateKey> duplicates;
  std::optional<std::string> read_error;  // the file could not be read

  LineCol locate(uint32_t offset) const { return lines().locate(text, offset); }

 private:
  mutable std::optional<LineIndex> lines_;
};

class FileTable {
 public:
  FileId add(std::unique_ptr<SourceFile> f);
  const SourceFile& operator[](FileId id) const { return *files_[id]; }
  SourceFile& operator[](FileId id) { return *files_[id]; }
  size_t size() const { return files_.size(); }
  std::optional<FileId> find(const std::string& abs_path) const;

 private:
  std::vector<std::unique_ptr<SourceFile>> files_;
};

}  // namespace halint
