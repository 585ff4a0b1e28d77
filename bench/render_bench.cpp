// Render benchmark (SPEC §9): builds every kustomize root of ../shared/corpus in one
// process with halint's native renderer, then runs `kubectl kustomize` on the same roots
// one after another, and prints both times and the ratio. Not a test: run by hand.
//   build/bench/render_bench [CORPUS_DIR] [--no-kubectl] [--repeat N]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "core/file_table.h"
#include "render/file_access.h"
#include "render/kustomization.h"

namespace stdfs = std::filesystem;
using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
  std::string corpus = std::string(HALINT_SOURCE_DIR) + "/../shared/corpus";
  bool kubectl = true;
  int repeat = 1;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--no-kubectl") kubectl = false;
    else if (a == "--repeat" && i + 1 < argc) repeat = std::max(1, std::atoi(argv[++i]));
    else corpus = a;
  }
  std::error_code ec;
  if (!stdfs::is_directory(corpus, ec)) {
    std::cout << "SKIP: corpus " << corpus << " not found\n";
    return 0;
  }
  corpus = stdfs::canonical(corpus).string();
  std::vector<std::string> roots;
  for (auto it = stdfs::recursive_directory_iterator(corpus, ec); !ec && it != stdfs::recursive_directory_iterator();
       it.increment(ec)) {
    if (it->is_directory() && it->path().filename() == ".git") {
      it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file() && it->path().filename() == "kustomization.yaml")
      roots.push_back(it->path().parent_path().string());
  }
  std::sort(roots.begin(), roots.end());

  // halint: one process, every root; each file is read and parsed once.
  size_t objects = 0, errors = 0;
  double halint_s = 1e9;
  for (int r = 0; r < repeat; ++r) {
    auto t0 = Clock::now();
    halint::FileTable table;
    halint::render::FileAccess files(table);
    halint::render::KustomizeBuilder builder(files);
    objects = errors = 0;
    for (const auto& root : roots) {
      auto out = builder.build(root);
      objects += out.resources.size();
      errors += out.errors.empty() ? 0 : 1;
    }
    halint_s = std::min(halint_s, std::chrono::duration<double>(Clock::now() - t0).count());
  }
  std::printf("roots: %zu\nhalint render: %.3f s (%zu objects, %zu roots with build errors)\n", roots.size(), halint_s,
              objects, errors);
  if (!kubectl) return 0;

  auto t1 = Clock::now();
  size_t failed = 0;
  for (const auto& root : roots) {
    std::string cmd = "kubectl kustomize --load-restrictor LoadRestrictionsNone '" + root + "' >/dev/null 2>&1";
    if (std::system(cmd.c_str()) != 0) ++failed;
  }
  double kubectl_s = std::chrono::duration<double>(Clock::now() - t1).count();
  std::printf("kubectl kustomize: %.3f s (%zu roots failed)\nratio: %.1fx (target >= 50x)\n", kubectl_s, failed,
              kubectl_s / halint_s);
  return 0;
}
