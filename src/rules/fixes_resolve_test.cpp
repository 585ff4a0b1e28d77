// End to end through the real binary: for every fire scenario of a rule with fixes,
// `halint fix --unsafe-fixes` on a copy must resolve every finding that offered a fix,
// leave the others, and a second `halint fix` must change nothing.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

namespace halint::rules {
namespace {

namespace stdfs = std::filesystem;

struct Case {
  std::string code;
  std::string name;
  std::string dir;
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.dir; }

std::vector<Case> fire_scenarios() {
  std::vector<Case> out;
  for (const char* code : {"HA101", "HA102", "HA201", "HA301", "HA401", "HA402"}) {
    stdfs::path dir = stdfs::path(HALINT_SOURCE_DIR) / "testdata" / "rules" / code / "fire";
    std::error_code ec;
    for (const auto& s : stdfs::directory_iterator(dir, ec))
      if (s.is_directory()) out.push_back({code, s.path().filename().string(), s.path().string()});
  }
  std::sort(out.begin(), out.end(), [](const Case& a, const Case& b) { return a.dir < b.dir; });
  return out;
}

std::string run(const std::string& dir, const std::string& args) {
  std::string cmd = "cd '" + dir + "' && '" HALINT_BINARY "' " + args + " 2>&1";
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  pclose(p);
  return out;
}

struct Counts {
  int total = 0;
  int fixable = 0;
};

// Findings of `code` in a JSON report, and how many offer a fix (safe or not).
Counts count(const std::string& json, const std::string& code) {
  static const std::regex finding(R"re("rule": "(HA\d+)"[\s\S]*?"fix": \{\s*"available": (true|false))re");
  Counts c;
  for (auto it = std::sregex_iterator(json.begin(), json.end(), finding); it != std::sregex_iterator(); ++it) {
    if ((*it)[1] != code) continue;
    ++c.total;
    c.fixable += (*it)[2] == "true";
  }
  return c;
}

std::map<std::string, std::string> snapshot(const stdfs::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& e : stdfs::recursive_directory_iterator(dir))
    if (e.is_regular_file()) {
      std::ifstream in(e.path(), std::ios::binary);
      std::stringstream s;
      s << in.rdbuf();
      files[e.path().string()] = s.str();
    }
  return files;
}

class FixResolves : public ::testing::TestWithParam<Case> {};

TEST_P(FixResolves, EveryFixableFindingIsGoneAndASecondFixChangesNothing) {
  const Case& c = GetParam();
  stdfs::path work = stdfs::temp_directory_path() / ("halint-resolve-" + std::to_string(::getpid()) + "-" + c.code + "-" + c.name);
  stdfs::remove_all(work);
  stdfs::copy(c.dir, work, stdfs::copy_options::recursive);
  stdfs::create_directories(work / ".git");  // the copy is its own repository

  std::string select = " --select=" + c.code;
  Counts before = count(run(work, "check . --format json" + select), c.code);
  ASSERT_GE(before.total, 1) << "the scenario does not fire";

  std::string fixed = run(work, "fix . --unsafe-fixes" + select);
  Counts after = count(run(work, "check . --format json" + select), c.code);
  EXPECT_EQ(after.fixable, 0) << "a fix did not resolve its finding:\n" << fixed;
  EXPECT_EQ(after.total, before.total - before.fixable) << fixed;

  auto once = snapshot(work);
  run(work, "fix . --unsafe-fixes" + select);
  EXPECT_TRUE(once == snapshot(work)) << "a second `halint fix` changed files";
  stdfs::remove_all(work);
}

std::string case_name(const ::testing::TestParamInfo<Case>& info) {
  std::string n = info.param.code + "_" + info.param.name;
  for (char& ch : n)
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  return n;
}

INSTANTIATE_TEST_SUITE_P(Rules, FixResolves, ::testing::ValuesIn(fire_scenarios()), case_name);

}  // namespace
}  // namespace halint::rules
