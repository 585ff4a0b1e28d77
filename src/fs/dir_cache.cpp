#include "fs/dir_cache.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace halint::fs {
namespace {

// The kernel's record for getdents64 (glibc declares no type for it).
struct LinuxDirent64 {
  uint64_t d_ino;
  int64_t d_off;
  unsigned short d_reclen;
  unsigned char d_type;
  char d_name[];
};

EntryKind kind_of_mode(mode_t mode) {
  if (S_ISDIR(mode)) return EntryKind::Directory;
  if (S_ISREG(mode)) return EntryKind::File;
  return EntryKind::Other;
}

EntryKind stat_kind(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return EntryKind::Missing;
  return kind_of_mode(st.st_mode);
}

// A path split at its last '/': the directory ("/" at the top) and the entry name.
// Empty name for a path without '/' or ending in one.
struct Split {
  std::string_view dir, name;
};
Split split(std::string_view path) {
  size_t slash = path.rfind('/');
  if (slash == std::string_view::npos) return {};
  return {slash == 0 ? std::string_view("/") : path.substr(0, slash), path.substr(slash + 1)};
}

// The first entry not before `name` in a listing's sorted entries.
template <typename Entries>
auto lower_bound_name(Entries& entries, std::string_view name) {
  return std::lower_bound(entries.begin(), entries.end(), name,
                          [](const DirEntry& e, std::string_view n) { return std::string_view(e.name) < n; });
}

}  // namespace

const Listing& DirCache::list(const std::string& dir) {
  auto [it, inserted] = listings_.try_emplace(dir);
  Listing& l = it->second;
  if (!inserted) return l;
  // open + getdents64 directly: opendir() adds an fstat per directory, a syscall that a
  // walk over a repository's thousand directories pays for nothing.
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    l.error = errno;
    return l;
  }
  std::string full = dir == "/" ? "/" : dir + "/";
  size_t base = full.size();
  alignas(8) char buf[32768];
  for (;;) {
    long got = ::syscall(SYS_getdents64, fd, buf, sizeof buf);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      l.error = errno;
      ::close(fd);
      l.entries.clear();
      return l;
    }
    if (got == 0) break;
    for (long off = 0; off < got;) {
      const auto* e = reinterpret_cast<const LinuxDirent64*>(buf + off);
      off += e->d_reclen;
      add_entry(e->d_name, e->d_type, full, base, l);
    }
  }
  ::close(fd);
  l.ok = true;
  std::sort(l.entries.begin(), l.entries.end(), [](const DirEntry& a, const DirEntry& b) { return a.name < b.name; });
  return l;
}

void DirCache::add_entry(const char* raw_name, unsigned char type, std::string& full, size_t base, Listing& l) {
  std::string_view name = raw_name;
  if (name == "." || name == "..") return;
  DirEntry entry;
  entry.name = name;
  switch (type) {
    case DT_DIR: entry.kind = EntryKind::Directory; break;
    case DT_REG: entry.kind = EntryKind::File; break;
    case DT_LNK:
      entry.symlink = true;
      full.resize(base);
      full += name;
      entry.kind = stat_kind(full);  // what the link points at (Missing when dangling)
      break;
    case DT_UNKNOWN: {  // file systems without d_type
      full.resize(base);
      full += name;
      struct stat st {};
      if (::lstat(full.c_str(), &st) == 0 && S_ISLNK(st.st_mode)) {
        entry.symlink = true;
        entry.kind = stat_kind(full);
      } else {
        entry.kind = kind_of_mode(st.st_mode);
      }
      break;
    }
    default: entry.kind = EntryKind::Other; break;
  }
  l.entries.push_back(std::move(entry));
}

void DirCache::add_file(const std::string& path) {
  Split at = split(path);
  if (at.name.empty()) return;
  std::string dir(at.dir);
  list(dir);
  Listing& l = listings_.find(dir)->second;
  if (!l.ok) return;
  auto it = lower_bound_name(l.entries, at.name);
  if (it != l.entries.end() && it->name == at.name) {
    it->kind = EntryKind::File;
    return;
  }
  l.entries.insert(it, DirEntry{std::string(at.name), EntryKind::File, false});
}

const Listing* DirCache::cached(std::string_view dir) const {
  auto it = listings_.find(dir);
  return it == listings_.end() ? nullptr : &it->second;
}

EntryKind DirCache::kind(const std::string& path) {
  if (path == "/") return EntryKind::Directory;
  auto [parent, name] = split(path);
  if (!name.empty() && name != "." && name != "..") {
    const Listing* known = cached(parent);
    if (!known) {
      std::string p(parent);
      if (kind(p) != EntryKind::Directory) {
        // Known from the grandparent's listing: no directory there, nothing to open.
        listings_[p].error = ENOENT;
        return EntryKind::Missing;
      }
      known = &list(p);
    }
    const Listing& l = *known;
    if (l.ok) {
      auto it = lower_bound_name(l.entries, name);
      return it != l.entries.end() && it->name == name ? it->kind : EntryKind::Missing;
    }
    // No parent directory: nothing below it exists either.
    if (l.error == ENOENT || l.error == ENOTDIR) return EntryKind::Missing;
  }
  // A relative path, or a parent that cannot be listed (no read permission) but may
  // still be searched.
  auto [it, inserted] = stat_cache_.try_emplace(path, EntryKind::Missing);
  if (inserted) it->second = stat_kind(path);
  return it->second;
}

}  // namespace halint::fs
