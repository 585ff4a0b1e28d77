// Fixture-driven rule tests. Every directory testdata/rules/<CODE>/{fire,silent}/<scenario>/
// is a tiny repository that halint checks with only <CODE> selected:
//   fire:   the findings, as (file, line), must equal the lines marked `# expect: <CODE>`
//           (several codes may be listed, comma-separated; other codes are ignored here);
//   silent: no finding of <CODE> at all.
// A `.halint.yaml` in the scenario directory is used as its config (never one above it).
// Adding a scenario is adding a directory: each one is its own test, named
// <CODE>_<fire|silent>_<scenario>.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <tuple>

#include "config/load.h"
#include "engine/check.h"
#include "rules/catalog.h"

namespace halint::rules {
namespace {

namespace stdfs = std::filesystem;

struct Scenario {
  std::string code;
  std::string kind;  // fire | silent
  std::string name;
  std::string dir;
};

void PrintTo(const Scenario& s, std::ostream* os) { *os << s.dir; }

std::vector<Scenario> discover() {
  std::vector<Scenario> out;
  stdfs::path root = stdfs::path(HALINT_SOURCE_DIR) / "testdata" / "rules";
  std::error_code ec;
  for (const auto& code : stdfs::directory_iterator(root, ec)) {
    if (!code.is_directory()) continue;
    for (const char* kind : {"fire", "silent"}) {
      stdfs::path kdir = code.path() / kind;
      if (!stdfs::is_directory(kdir)) continue;
      for (const auto& s : stdfs::directory_iterator(kdir))
        if (s.is_directory())
          out.push_back({code.path().filename().string(), kind, s.path().filename().string(), s.path().string()});
    }
  }
  std::sort(out.begin(), out.end(), [](const Scenario& a, const Scenario& b) { return a.dir < b.dir; });
  return out;
}

using Mark = std::tuple<std::string, uint32_t, std::string>;  // canonical path, line, code

bool is_manifest(const stdfs::path& p) {
  auto ext = p.extension().string();
  return ext == ".yaml" || ext == ".yml" || p.filename() == "Kustomization";
}

std::set<Mark> expectations(const std::string& dir, const std::string& code) {
  static const std::regex marker(R"(#\s*expect:\s*([A-Za-z0-9_, -]+))");
  std::set<Mark> out;
  for (const auto& e : stdfs::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file() || !is_manifest(e.path())) continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::string line;
    uint32_t n = 0;
    std::string path = stdfs::canonical(e.path()).string();
    while (std::getline(in, line)) {
      ++n;
      std::smatch m;
      if (!std::regex_search(line, m, marker)) continue;
      std::stringstream codes(m[1].str());
      std::string c;
      while (std::getline(codes, c, ',')) {
        c.erase(0, c.find_first_not_of(" \t"));
        c.erase(c.find_last_not_of(" \t") + 1);
        if (c == code) out.emplace(path, n, c);
      }
    }
  }
  return out;
}

std::string describe(const std::set<Mark>& marks, const std::string& dir) {
  std::string s;
  for (const auto& [path, line, code] : marks)
    s += "  " + stdfs::relative(path, stdfs::canonical(dir)).string() + ":" + std::to_string(line) + " " + code + "\n";
  return s.empty() ? "  (none)\n" : s;
}

class RuleFixture : public ::testing::TestWithParam<Scenario> {};

TEST_P(RuleFixture, FindingsMatchMarkers) {
  const Scenario& s = GetParam();
  static const Catalog catalog = Catalog::load();
  ASSERT_TRUE(catalog.find(s.code)) << "no rule " << s.code << " in the catalog";

  engine::CheckOptions opt;
  opt.paths = {s.dir};
  opt.jobs = 1;
  opt.select = {s.code};
  std::string cfg = (stdfs::path(s.dir) / ".halint.yaml").string();
  if (stdfs::exists(cfg)) {
    auto loaded = config::load_config(cfg, s.dir);
    ASSERT_TRUE(std::holds_alternative<config::Config>(loaded)) << std::get<config::ConfigError>(loaded).message;
    opt.config = std::get<config::Config>(std::move(loaded));
  }
  engine::CheckResult r = engine::run_check(opt, catalog);
  ASSERT_TRUE(r.errors.empty()) << r.errors.front();

  std::set<Mark> actual;
  std::string messages;
  for (const Finding& f : r.findings) {
    if (f.rule != s.code) continue;
    ASSERT_TRUE(f.location.known()) << f.message;
    const SourceFile& file = r.analysis.files[f.location.file];
    uint32_t line = file.locate(f.location.span.begin).line;
    actual.emplace(file.abs_path, line, f.rule);
    messages += "  line " + std::to_string(line) + ": " + f.message + "\n";
  }

  if (s.kind == "silent") {
    EXPECT_TRUE(actual.empty()) << s.code << " must stay silent here, but reported:\n" << messages;
    return;
  }
  std::set<Mark> expected = expectations(s.dir, s.code);
  ASSERT_FALSE(expected.empty()) << "a fire scenario needs at least one `# expect: " << s.code << "` marker";
  EXPECT_EQ(actual, expected) << "expected:\n"
                              << describe(expected, s.dir) << "actual:\n"
                              << describe(actual, s.dir) << "messages:\n"
                              << messages;
}

std::string test_name(const ::testing::TestParamInfo<Scenario>& info) {
  std::string n = info.param.code + "_" + info.param.kind + "_" + info.param.name;
  for (char& c : n)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return n;
}

INSTANTIATE_TEST_SUITE_P(Rules, RuleFixture, ::testing::ValuesIn(discover()), test_name);

// Guards against the discovery silently finding nothing (a moved directory would make
// every fixture test vanish instead of fail), and against a rule without a case where it
// must fire and one where it must stay silent: every rule of the catalog needs both.
TEST(RuleFixtures, EveryRuleHasFireAndSilentScenarios) {
  auto all = discover();
  const Catalog catalog = Catalog::load();
  ASSERT_GE(catalog.rules().size(), 23u) << "the catalog lost rules";
  for (const auto& rule : catalog.rules()) {
    for (const char* kind : {"fire", "silent"}) {
      bool found = std::any_of(all.begin(), all.end(),
                               [&](const Scenario& s) { return s.code == rule.code && s.kind == kind; });
      EXPECT_TRUE(found) << "no " << kind << " scenario for " << rule.code << " (testdata/rules/" << rule.code << "/"
                         << kind << "/<name>/)";
    }
  }
}

}  // namespace
}  // namespace halint::rules
