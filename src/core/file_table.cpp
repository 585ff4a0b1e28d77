#include "core/file_table.h"

namespace halint {

FileId FileTable::add(std::unique_ptr<SourceFile> f) {
  files_.push_back(std::move(f));
  return static_cast<FileId>(files_.size() - 1);
}

std::optional<FileId> FileTable::find(const std::string& abs_path) const {
  for (size_t i = 0; i < files_.size(); ++i)
    if (files_[i]->abs_path == abs_path) return static_cast<FileId>(i);
  return std::nullopt;
}

}  // namespace halint
