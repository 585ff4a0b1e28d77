#pragma once
// Directory listings read once per run. The walk lists every directory it visits; the
// renderer then asks "is this a directory, a file, nothing?" thousands of times about
// paths inside the same tree, and answers from the parent's listing instead of a stat()
// each (stat and path lookup were a tenth of a corpus check). Not thread-safe: one run
// owns one cache.
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace halint::fs {

enum class EntryKind : uint8_t { Missing, File, Directory, Other };

struct DirEntry {
  std::string name;
  EntryKind kind = EntryKind::Other;  // of the target, for a symbolic link
  bool symlink = false;
};

struct Listing {
  bool ok = false;               // false: the directory does not exist or cannot be read
  int error = 0;                 // errno when !ok
  std::vector<DirEntry> entries;  // sorted by name; "." and ".." left out
};

// Lets the maps below be searched with a string_view (no temporary string per question).
struct PathHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

class DirCache {
 public:
  // The listing of an absolute, lexically normal directory path (cached; the reference
  // stays valid for the cache's life).
  const Listing& list(const std::string& dir);
  // What an absolute, lexically normal path is, following symbolic links.
  EntryKind kind(const std::string& path);
  bool is_dir(const std::string& path) { return kind(path) == EntryKind::Directory; }
  // Records a regular file that is not on disk (yet): one a fix pass creates in memory,
  // so that renders of that pass find it. Its directory must exist.
  void add_file(const std::string& path);
  bool is_file(const std::string& path) { return kind(path) == EntryKind::File; }

 private:
  const Listing* cached(std::string_view dir) const;
  // Adds one directory entry (d_type from the kernel; links and unknown types are stat'ed
  // through `full`, the directory's path with a '/' and room after `base`).
  static void add_entry(const char* name, unsigned char type, std::string& full, size_t base, Listing& l);

  std::unordered_map<std::string, Listing, PathHash, std::equal_to<>> listings_;
  std::unordered_map<std::string, EntryKind> stat_cache_;  // paths whose parent cannot be listed
};

}  // namespace halint::fs
