#include "render/file_access.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "core/loader.h"

namespace halint::render {

namespace stdfs = std::filesystem;

// Lexical normalisation on strings (what path::lexically_normal does, without its
// allocations: renders join paths for every resource they read).
// True when dir + "/" + rel is already lexically normal: the common case, no splitting.
static bool simple_join(const std::string& dir, const std::string& rel) {
  if (dir.empty() || dir[0] != '/' || (dir.size() > 1 && dir.back() == '/')) return false;
  if (rel.empty() || rel[0] == '/' || rel.back() == '/') return false;
  if (dir.find("//") != std::string::npos || dir.find("/.") != std::string::npos) return false;
  // No "." or ".." segment and no empty segment in rel.
  size_t start = 0;
  while (start <= rel.size()) {
    size_t slash = rel.find('/', start);
    if (slash == std::string::npos) slash = rel.size();
    size_t len = slash - start;
    if (len == 0 || (rel[start] == '.' && (len == 1 || (len == 2 && rel[start + 1] == '.')))) return false;
    start = slash + 1;
  }
  return true;
}

std::string join_path(const std::string& dir, const std::string& rel) {
  if (simple_join(dir, rel)) return dir == "/" ? "/" + rel : dir + "/" + rel;
  // "./x" (how most kustomizations list their files) is "x".
  if (rel.size() > 2 && rel[0] == '.' && rel[1] == '/' && rel[2] != '/' && rel[2] != '.') {
    std::string rest = rel.substr(2);
    if (simple_join(dir, rest)) return dir == "/" ? "/" + rest : dir + "/" + rest;
  }
  // Segment by segment into one string ("../base" from an overlay: the usual slow case).
  bool rel_absolute = !rel.empty() && rel[0] == '/';
  bool absolute = rel_absolute || (!dir.empty() && dir[0] == '/');
  std::string out = absolute ? "/" : "";
  out.reserve(dir.size() + rel.size() + 2);
  const size_t root = out.size();
  auto last_is_up = [&] {
    return out.size() >= root + 2 && out.compare(out.size() - 2, 2, "..") == 0 &&
           (out.size() == root + 2 || out[out.size() - 3] == '/');
  };
  auto add = [&](std::string_view path) {
    for (size_t i = 0; i <= path.size();) {
      size_t slash = path.find('/', i);
      if (slash == std::string_view::npos) slash = path.size();
      std::string_view seg = path.substr(i, slash - i);
      i = slash + 1;
      if (seg.empty() || seg == ".") continue;
      if (seg == "..") {
        if (out.size() > root && !last_is_up()) {  // drop the last segment
          size_t cut = out.rfind('/');
          out.resize(cut == std::string::npos || cut < root ? root : cut);
          continue;
        }
        if (absolute) continue;  // above the root is the root
      }
      if (out.size() > root) out += '/';
      out += seg;
    }
  };
  if (!rel_absolute) add(dir);
  add(rel);
  if (out.empty()) out = ".";
  return out;
}

bool is_dir(const std::string& path) {
  std::error_code ec;
  return stdfs::is_directory(path, ec);
}

bool is_file(const std::string& path) {
  std::error_code ec;
  return stdfs::is_regular_file(path, ec);
}

std::string kustomization_file(const std::string& dir) {
  for (const char* n : {"kustomization.yaml", "kustomization.yml", "Kustomization"}) {
    std::string p = dir + "/" + n;
    if (is_file(p)) return p;
  }
  return "";
}

std::string FileAccess::kustomization_file(const std::string& dir) {
  for (const char* n : {"kustomization.yaml", "kustomization.yml", "Kustomization"}) {
    std::string p = dir + "/" + n;
    if (is_file(p)) return p;
  }
  return "";
}

std::optional<FileId> FileAccess::find(const std::string& abs_path) {
  // FileTable::find is a linear scan; renders look files up thousands of times.
  if (indexed_ == 0) index_.reserve(table_.size() * 2);
  for (; indexed_ < table_.size(); ++indexed_) index_.insert_or_assign(table_[indexed_].abs_path, indexed_);
  auto it = index_.find(abs_path);
  if (it == index_.end()) return std::nullopt;
  return it->second;
}

std::optional<FileId> FileAccess::yaml(const std::string& abs_path) {
  if (auto id = find(abs_path)) return id;
  if (unreadable_.count(abs_path)) return std::nullopt;
  // Paths are lexically normal already; resolving symlinks (readlink per component) would
  // cost more than the parse.
  if (is_file(abs_path)) {
    auto f = load_file(abs_path, static_cast<FileId>(table_.size()));
    if (!f->read_error) return table_.add(std::move(f));  // indexed by the next find()
  }
  unreadable_.insert(abs_path);
  return std::nullopt;
}

std::optional<std::string> FileAccess::text(const std::string& abs_path) {
  if (auto id = find(abs_path)) return table_[*id].text;
  std::ifstream in(abs_path, std::ios::binary);
  if (!in || !is_file(abs_path)) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  return std::move(ss).str();
}

}  // namespace halint::render
