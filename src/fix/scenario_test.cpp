// The three scenarios halint exists for, end to end (testdata/scenarios/<name>/):
// `check` fails at the default --fail-on, `fix --diff` prints the golden expected.diff,
// `fix` repairs the repository, `check` then passes and a second `fix` changes nothing.
// `rule` names the rule whose fix the scenario needs and `args` extra fix flags. When
// that rule stops reporting, or reports no fix, the scenario fails: it exists to show it.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace {

namespace stdfs = std::filesystem;

std::string slurp(const stdfs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  std::string s = ss.str();
  return s;
}

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ' || s.back() == '\r')) s.pop_back();
  return s;
}

struct Cmd {
  int status = -1;
  std::string out;
};

Cmd run(const stdfs::path& dir, const std::string& args) {
  std::string cmd = "cd '" + dir.string() + "' && '" + HALINT_BINARY + "' " + args + " 2>/dev/null";
  Cmd r;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  int st = pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

// Whether the JSON report holds a finding of `rule`, and whether one has a fix.
void scan(const std::string& json, const std::string& rule, bool& found, bool& fixable) {
  found = fixable = false;
  std::string tag = "\"rule\": \"" + rule + "\"";
  for (size_t p = json.find(tag); p != std::string::npos; p = json.find(tag, p + 1)) {
    found = true;
    size_t next = json.find("\"rule\": ", p + 1);
    std::string block = json.substr(p, next == std::string::npos ? std::string::npos : next - p);
    if (block.find("\"available\": true") != std::string::npos) fixable = true;
  }
}

class Scenario : public ::testing::TestWithParam<std::string> {};

TEST_P(Scenario, CheckFixCheck) {
  stdfs::path dir = stdfs::path(HALINT_SOURCE_DIR) / "testdata/scenarios" / GetParam();
  std::string rule = trim(slurp(dir / "rule"));
  std::string args = stdfs::exists(dir / "args") ? trim(slurp(dir / "args")) : "";
  stdfs::path work = stdfs::temp_directory_path() / ("halint-scenario-" + GetParam() + "-" + std::to_string(getpid()));
  stdfs::remove_all(work);
  stdfs::copy(dir / "input", work, stdfs::copy_options::recursive);

  Cmd before = run(work, "check . --format json");
  bool found = false, fixable = false;
  scan(before.out, rule, found, fixable);
  if (!found || !fixable) {
    stdfs::remove_all(work);
    FAIL() << rule << (found ? " reports no fix" : " does not report") << " on this scenario; it exists to show that fix\n"
           << before.out;
  }
  EXPECT_EQ(before.status, 1) << "check should fail before the fix";

  Cmd diff = run(work, "fix --diff " + args + " .");
  EXPECT_EQ(diff.status, 1);
  stdfs::path golden = dir / "expected.diff";
  if (!stdfs::exists(golden) && std::getenv("HALINT_UPDATE_GOLDENS")) std::ofstream(golden, std::ios::binary) << diff.out;
  EXPECT_EQ(diff.out, slurp(golden)) << "--- got ---\n" << diff.out;

  Cmd fixed = run(work, "fix " + args + " .");
  EXPECT_EQ(fixed.status, 0) << fixed.out;
  Cmd after = run(work, "check .");
  EXPECT_EQ(after.status, 0) << after.out;
  Cmd again = run(work, "fix --diff " + args + " .");
  EXPECT_EQ(again.status, 0);
  EXPECT_EQ(again.out, "");
  stdfs::remove_all(work);
}

INSTANTIATE_TEST_SUITE_P(Scenarios, Scenario, ::testing::Values("stacked-pods", "coredns-rollout", "failover"),
                         [](const auto& info) {
                           std::string n = info.param;
                           for (auto& c : n)
                             if (c == '-') c = '_';
                           return n;
                         });

}  // namespace
