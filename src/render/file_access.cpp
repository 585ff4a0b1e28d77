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
  std::string joined = !rel.empty() && rel[0] == '/' ? rel : dir + "/" + rel;
  bool absolute = !joined.empty() && joined[0] == '/';
  std::vector<std::string_view> parts;
  std::string_view view(joined);
  size_t i = 0;
  while (i <= view.size()) {
    size_t slash = view.find('/', i);
    if (slash == std::string_view::npos) slash = view.size();
    std::string_view part = view.substr(i, slash - i);
    if (part.empty() || part == ".") {
      // skip
    } else if (part == "..") {
      if (!parts.empty() && parts.back() != "..") parts.pop_back();
      else if (!absolute) parts.push_back(part);
    } else {
      parts.push_back(part);
    }
    i = slash + 1;
  }
  std::string out = absolute ? "/" : "";
  for (size_t k = 0; k < parts.size(); ++k) {
    if (k) out += '/';
    out += parts[k];
  }
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
  // FileTable::find is a linear scan; renders look files up thousands of times. The
  // table's files are indexed once (and those added since, as they come).
  if (indexed_ == 0) known_.reserve(table_.size() * 2);
  for (; indexed_ < table_.size(); ++indexed_) known_.insert_or_assign(table_[indexed_].abs_path, indexed_);
  auto it = known_.find(abs_path);
  if (it == known_.end()) return std::nullopt;
  return it->second;
}

std::optional<FileId> FileAccess::yaml(const std::string& abs_path) {
  if (auto id = find(abs_path)) return id;
  if (known_.count(abs_path)) return std::nullopt;  // asked before: not a readable file
  std::optional<FileId> result;
  // Paths are lexically normal already; resolving symlinks (readlink per component) would
  // cost more than the parse.
  if (is_file(abs_path)) {
    auto f = load_file(abs_path, static_cast<FileId>(table_.size()));
    if (!f->read_error) result = table_.add(std::move(f));
  }
  if (!result) known_.emplace(abs_path, std::nullopt);
  return result;  // a loaded file is indexed by the next find()
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
