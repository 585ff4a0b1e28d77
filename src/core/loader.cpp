#include "core/loader.h"

#include <atomic>
#include <fstream>
#include <sstream>
#include <thread>

#include "fs/walk.h"

namespace halint {

std::unique_ptr<SourceFile> parse_text(std::string abs_path, std::string text, FileId id) {
  auto f = std::make_unique<SourceFile>();
  f->abs_path = std::move(abs_path);
  f->path = fs::display_path(f->abs_path);
  f->text = std::move(text);
  f->lines = LineIndex(f->text);
  if (f->text.size() > UINT32_MAX / 2) {
    f->syntax_error = yaml::SyntaxError{0, "file too large (over 2 GiB)"};
    return f;
  }
  auto parsed = yaml::parse(f->text, id);
  f->documents = std::move(parsed.documents);
  f->syntax_error = std::move(parsed.error);
  f->duplicates = std::move(parsed.duplicates);
  return f;
}

std::unique_ptr<SourceFile> load_file(const std::string& abs_path, FileId id) {
  std::ifstream in(abs_path, std::ios::binary);
  if (!in) {
    auto f = std::make_unique<SourceFile>();
    f->abs_path = abs_path;
    f->path = fs::display_path(abs_path);
    f->read_error = "cannot read file";
    return f;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return parse_text(abs_path, std::move(ss).str(), id);
}

void load_files(const std::vector<std::string>& paths, FileTable& table, unsigned jobs) {
  if (jobs == 0) jobs = std::max(1u, std::thread::hardware_concurrency());
  size_t base = table.size();
  std::vector<std::unique_ptr<SourceFile>> loaded(paths.size());
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t i; (i = next.fetch_add(1)) < paths.size();)
      loaded[i] = load_file(paths[i], static_cast<FileId>(base + i));
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
