#include "core/file_table.h"

#include <algorithm>

namespace halint {

FileId FileTable::add(std::unique_ptr<SourceFile> f) {
  files_.push_back(std::move(f));
  return static_cast<FileId>(files_.size() - 1);
}

bool TextFacts::dollar_in(uint32_t begin, uint32_t end) const {
  if (!dollar) return false;
  if (dollar_at.empty()) return true;  // not known where
  auto it = std::lower_bound(dollar_at.begin(), dollar_at.end(), begin);
  return it != dollar_at.end() && *it < end;
}

std::optional<FileId> FileTable::find(const std::string& abs_path) const {
  for (size_t i = 0; i < files_.size(); ++i)
    if (files_[i]->abs_path == abs_path) return static_cast<FileId>(i);
  return std::nullopt;
}

}  // namespace halint
