#pragma once
// Every file halint read in one run, addressed by FileId. Origins refer into it.
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <cstdint>
#include <vector>

#include "core/source.h"
#include "yaml/parser.h"

namespace halint {

// What a file's bytes may hold, found when it is read (its text is in cache then): later
// passes over every file, or over the nodes parsed from one (yaml::kVerbatim), skip what
// cannot hold what they look for. A decoded scalar holds a character or word its file's
// bytes lack only when an escape made it, so a backslash in the file counts as "may".
// Defaults: unknown, look.
struct TextFacts {
  bool dollar = true;        // '$' (or an escape): Flux substitutions
  // Where: the offsets of every '$' and '\\' (ascending), to tell whether one node's text
  // may hold a '$' without reading it. Empty and `dollar` set: unknown.
  std::vector<uint32_t> dollar_at;
  bool dollar_in(uint32_t begin, uint32_t end) const;
  bool halint_bytes = true;  // "halint" in the bytes themselves: suppression comments
  bool halint = true;        // "halint" (or an escape): suppression annotations
  bool descheduler = true;   // "DeschedulerPolicy" (or an escape)
};
TextFacts text_facts(std::string_view text);

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
  TextFacts facts;
  // Each document's kind (its `kind` scalar, "" when none), read by the loader while the
  // tree is in cache: passes over every document that want a few kinds ask here first.
  // Empty when not known (a SourceFile made otherwise).
  std::vector<std::string> kinds;

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
