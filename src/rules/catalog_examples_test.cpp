// The examples in rules/<CODE>-<name>.yaml are what `halint explain` teaches: the bad one
// must fire its rule and the good one must not, so the docs cannot drift from the code.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "config/load.h"
#include "engine/check.h"
#include "rules/catalog.h"
#include "rules/registry.h"

namespace halint::rules {
namespace {

namespace stdfs = std::filesystem;

// An example is one file, or several, each introduced by a `# file: PATH` line; the `---`
// line just before such a line separates files, not documents. A `.halint.yaml` among
// them is the example's config (the (topology) rules' examples declare nodes there).
std::vector<std::pair<std::string, std::string>> example_files(const std::string& example) {
  std::vector<std::pair<std::string, std::string>> files;
  std::istringstream in(example);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("# file: ", 0) == 0) {
      if (!files.empty()) {
        std::string& prev = files.back().second;
        if (prev.size() >= 4 && prev.compare(prev.size() - 4, 4, "---\n") == 0) prev.resize(prev.size() - 4);
      }
      files.emplace_back(line.substr(8), line + "\n");
      continue;
    }
    if (files.empty()) files.emplace_back("example.yaml", "");
    files.back().second += line + "\n";
  }
  return files;
}

TEST(CatalogExamples, SplitsFileMarkers) {
  auto files = example_files("# file: .halint.yaml\ncluster: {}\n---\n# file: a/b.yaml\nx: 1\n---\ny: 2\n");
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[0].first, ".halint.yaml");
  EXPECT_EQ(files[0].second, "# file: .halint.yaml\ncluster: {}\n");
  EXPECT_EQ(files[1].first, "a/b.yaml");
  EXPECT_EQ(files[1].second, "# file: a/b.yaml\nx: 1\n---\ny: 2\n");  // documents of one file stay
  auto one = example_files("kind: Deployment\n");
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0].first, "example.yaml");
}

size_t findings_of(const Catalog& catalog, const std::string& code, const std::string& yaml) {
  stdfs::path dir = stdfs::temp_directory_path() / ("halint-example-" + code + "-" + std::to_string(::getpid()));
  stdfs::remove_all(dir);
  stdfs::create_directories(dir / ".git");  // the example is a repository of its own
  for (const auto& [path, text] : example_files(yaml)) {
    stdfs::create_directories((dir / path).parent_path());
    std::ofstream(dir / path) << text;
  }
  engine::CheckOptions opt;
  opt.paths = {dir.string()};
  opt.jobs = 1;
  opt.select = {code};
  if (stdfs::exists(dir / ".halint.yaml")) {
    auto loaded = config::load_config((dir / ".halint.yaml").string(), dir.string(), catalog);
    EXPECT_TRUE(std::holds_alternative<config::Config>(loaded))
        << code << ": " << std::get<config::ConfigError>(loaded).message;
    if (auto* c = std::get_if<config::Config>(&loaded)) opt.config = std::move(*c);
  }
  auto r = engine::run_check(opt, catalog);
  stdfs::remove_all(dir);
  size_t n = 0;
  for (const auto& f : r.findings) n += f.rule == code;
  return n;
}

TEST(CatalogExamples, BadFiresAndGoodStaysSilentForEveryImplementedRule) {
  const Catalog catalog = Catalog::load();
  size_t checked = 0;
  // Rules whose examples are self-contained: one file, or several `# file:` sections (a
  // .halint.yaml declaring the nodes for the topology rules, a Flux Kustomization and its
  // app). HA004's examples show only the files that matter (its kustomization names files
  // the example leaves out); its fixtures test it.
  const std::set<std::string> self_contained = {"HA001", "HA002", "HA005", "HA006", "HA101", "HA102", "HA104",
                                                "HA201", "HA203", "HA204", "HA301", "HA401", "HA402"};
  for (const auto& rule : make_all_rules()) {
    std::string code(rule->code());
    if (!self_contained.count(code)) continue;
    const RuleMeta* meta = catalog.find(code);
    ASSERT_TRUE(meta) << code << " has no rules/ metadata";
    if (meta->example_bad.empty()) continue;
    EXPECT_GE(findings_of(catalog, code, meta->example_bad), 1u) << code << ": the bad example does not fire";
    EXPECT_EQ(findings_of(catalog, code, meta->example_good), 0u) << code << ": the good example fires";
    ++checked;
  }
  EXPECT_GE(checked, 13u);
}

}  // namespace
}  // namespace halint::rules
