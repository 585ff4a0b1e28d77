#include "core/loader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <optional>
#include <thread>

#include "fs/walk.h"

namespace halint {

namespace {

std::unique_ptr<SourceFile> parse_text_in(std::string abs_path, std::string text, FileId id, std::string_view cwd,
                                          yaml::ParseScratch* scratch) {
  auto f = std::make_unique<SourceFile>();
  f->abs_path = std::move(abs_path);
  f->path = fs::display_path(f->abs_path, cwd);
  f->text = std::move(text);
  f->facts = text_facts(f->text);  // while the bytes are in cache
  if (f->text.size() > UINT32_MAX / 2) {
    f->syntax_error = yaml::SyntaxError{0, "file too large (over 2 GiB)"};
    return f;
  }
  auto parsed = yaml::parse(f->text, id, {}, scratch);
  f->documents = std::move(parsed.documents);
  f->kinds.reserve(f->documents.size());
  for (const auto& d : f->documents) {
    const yaml::Node* kind = d.root.is_map() ? d.root.get("kind") : nullptr;
    f->kinds.push_back(kind && kind->is_scalar() ? kind->str() : std::string());
  }
  f->syntax_error = std::move(parsed.error);
  f->duplicates = std::move(parsed.duplicates);
  return f;
}

// Reads a regular file whole, or says why not. Opened non-blocking and checked with
// fstat first, so that a FIFO or device named *.yaml cannot block the run; one read()
// into a buffer sized from fstat (no stream copies: reading is a measurable share of a
// check, SPEC §9).
std::optional<std::string> read_whole(const std::string& path, std::string& out) {
  int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return std::string(std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    std::string why = S_ISDIR(st.st_mode) ? "is a directory" : "not a regular file";
    ::close(fd);
    return why;
  }
  // The size fstat saw is what is read: stopping there saves the read() that would see
  // end-of-file (a syscall per file, SPEC §9). A file that grows meanwhile is read as
  // it was at fstat; one that shrinks ends at its end.
  size_t want = static_cast<size_t>(st.st_size);
  out.resize(want);
  size_t got = 0;
  while (got < want) {
    ssize_t n = ::read(fd, out.data() + got, want - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      std::string why = std::strerror(errno);
      ::close(fd);
      return why;
    }
    if (n == 0) break;
    got += static_cast<size_t>(n);
  }
  out.resize(got);
  // The text lives for the whole run (SPEC §9 memory budget): no slack.
  if (out.capacity() > got + 64) out.shrink_to_fit();
  ::close(fd);
  return std::nullopt;
}

std::unique_ptr<SourceFile> load_file_in(const std::string& abs_path, FileId id, std::string_view cwd,
                                         yaml::ParseScratch* scratch) {
  std::string text;
  if (auto err = read_whole(abs_path, text)) {
    auto f = std::make_unique<SourceFile>();
    f->abs_path = abs_path;
    f->path = fs::display_path(abs_path, cwd);
    f->read_error = "cannot read file: " + *err;
    return f;
  }
  return parse_text_in(abs_path, std::move(text), id, cwd, scratch);
}

}  // namespace

std::unique_ptr<SourceFile> parse_text(std::string abs_path, std::string text, FileId id) {
  return parse_text_in(std::move(abs_path), std::move(text), id, fs::current_dir(), nullptr);
}

std::unique_ptr<SourceFile> load_file(const std::string& abs_path, FileId id) {
  return load_file_in(abs_path, id, fs::current_dir(), nullptr);
}

void load_files(const std::vector<std::string>& paths, FileTable& table, unsigned jobs) {
  if (jobs == 0) jobs = std::max(1u, std::thread::hardware_concurrency());
  size_t base = table.size();
  std::vector<std::unique_ptr<SourceFile>> loaded(paths.size());
  std::atomic<size_t> next{0};
  const std::string cwd = fs::current_dir();  // once, not per file
  auto worker = [&] {
    yaml::ParseScratch scratch;  // this thread's, reused for each of its files
    for (size_t i; (i = next.fetch_add(1)) < paths.size();)
      loaded[i] = load_file_in(paths[i], static_cast<FileId>(base + i), cwd, &scratch);
  };
  unsigned n = std::min<unsigned>(jobs, static_cast<unsigned>(std::max<size_t>(1, paths.size())));
  if (n <= 1) {
    worker();
  } else {
    std::vector<std::thread> threads;
    for (unsigned t = 0; t < n; ++t) threads.emplace_back(worker);
    for (auto& t : threads) t.join();
  }
  for (auto& f : loaded) table.add(std::move(f));
}

}  // namespace halint
