#include "fix/write.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

namespace halint::fix {
namespace {

std::string err(const std::string& what, const std::string& path) { return what + " " + path + ": " + std::strerror(errno); }

// Writes text to a new temporary file beside `target`; returns its path or an error.
std::optional<std::string> write_temp(const std::string& target, const std::string& text, mode_t mode,
                                      std::string& tmp_path) {
  std::filesystem::path t(target);
  std::string tmpl = (t.parent_path() / ("." + t.filename().string() + ".halint-XXXXXX")).string();
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  int fd = mkstemp(buf.data());
  if (fd < 0) return err("cannot create a temporary file for", target);
  tmp_path = buf.data();
  size_t off = 0;
  while (off < text.size()) {
    ssize_t n = ::write(fd, text.data() + off, text.size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      auto e = err("cannot write", tmp_path);
      ::close(fd);
      ::unlink(tmp_path.c_str());
      return e;
    }
    off += static_cast<size_t>(n);
  }
  if (::fchmod(fd, mode) != 0 || ::fsync(fd) != 0) {
    auto e = err("cannot finish", tmp_path);
    ::close(fd);
    ::unlink(tmp_path.c_str());
    return e;
  }
  ::close(fd);
  return std::nullopt;
}

}  // namespace

std::optional<std::string> replace_file(const std::string& abs_path, const std::string& expected, const std::string& text) {
  struct stat st {};
  if (::stat(abs_path.c_str(), &st) != 0) return err("cannot stat", abs_path);
  {
    std::ifstream in(abs_path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    if (!in.good() && !in.eof()) return "cannot read " + abs_path;
    if (ss.str() != expected) return abs_path + " changed since halint read it; left untouched";
  }
  std::string tmp;
  if (auto e = write_temp(abs_path, text, st.st_mode & 07777, tmp)) return e;
  if (::rename(tmp.c_str(), abs_path.c_str()) != 0) {
    auto e = err("cannot replace", abs_path);
    ::unlink(tmp.c_str());
    return e;
  }
  return std::nullopt;
}

std::optional<std::string> create_file(const std::string& abs_path, const std::string& text) {
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(abs_path).parent_path(), ec);
  if (ec) return "cannot create the directory of " + abs_path + ": " + ec.message();
  mode_t mask = ::umask(0);
  ::umask(mask);
  std::string tmp;
  if (auto e = write_temp(abs_path, text, 0666 & ~mask, tmp)) return e;
  // link(2) fails when the target exists: a file created meanwhile is never overwritten.
  if (::link(tmp.c_str(), abs_path.c_str()) != 0) {
    auto e = err("cannot create", abs_path);
    ::unlink(tmp.c_str());
    return e;
  }
  ::unlink(tmp.c_str());
  return std::nullopt;
}

}  // namespace halint::fix
