// Fixture test for the rules of the catalog issue (HA003, HA103, HA202, HA302, HA304,
// HA305, HA501), until the generic fixture test (fixtures_test.cpp) covers every rule:
// each testdata/rules/<CODE>/{fire,silent}/<scenario>/ directory is checked with only
// <CODE> selected; the (file, line) of its findings must be exactly the lines carrying a
// `# expect: <CODE>` comment (none for silent scenarios).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "engine/check.h"

namespace halint {
namespace {

namespace fs = std::filesystem;
using Lines = std::set<std::pair<std::string, uint32_t>>;

Lines expected_lines(const fs::path& dir, const std::string& code) {
  Lines out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    std::ifstream in(e.path());
    std::string line;
    uint32_t n = 0;
    while (std::getline(in, line)) {
      ++n;
      auto at = line.find("# expect:");
      if (at != std::string::npos && line.find(code, at) != std::string::npos)
        out.insert({fs::weakly_canonical(e.path()).string(), n});
    }
  }
  return out;
}

void check_scenario(const fs::path& dir, const std::string& code, bool fire) {
  SCOPED_TRACE(dir.string());
  static const rules::Catalog catalog = rules::Catalog::load();
  engine::CheckOptions opt;
  opt.paths = {dir.string()};
  opt.jobs = 1;
  opt.select = {code};
  auto result = engine::run_check(opt, catalog);
  Lines got;
  for (const auto& f : result.findings) {
    ASSERT_TRUE(f.location.known()) << f.message;
    const auto& file = result.analysis.files[f.location.file];
    got.insert({file.abs_path, file.locate(f.location.span.begin).line});
  }
  Lines want = expected_lines(dir, code);
  if (fire) EXPECT_FALSE(want.empty()) << "a fire scenario needs `# expect: " << code << "` lines";
  else EXPECT_TRUE(want.empty());
  std::ostringstream msg;
  for (const auto& f : result.findings) {
    const auto& file = result.analysis.files[f.location.file];
    msg << file.path << ":" << file.locate(f.location.span.begin).line << ": " << f.message << "\n";
  }
  EXPECT_EQ(got, want) << msg.str();
}

TEST(CatalogRuleFixtures, FireAndSilentScenarios) {
  fs::path root = fs::path(HALINT_SOURCE_DIR) / "testdata" / "rules";
  size_t scenarios = 0;
  for (std::string code : {"HA003", "HA103", "HA202", "HA302", "HA304", "HA305", "HA501"}) {
    for (std::string kind : {"fire", "silent"}) {
      fs::path dir = root / code / kind;
      if (!fs::is_directory(dir)) continue;
      for (const auto& s : fs::directory_iterator(dir)) {
        if (!s.is_directory()) continue;
        check_scenario(s.path(), code, kind == "fire");
        ++scenarios;
      }
    }
  }
  EXPECT_GT(scenarios, 0u);
}

}  // namespace
}  // namespace halint
