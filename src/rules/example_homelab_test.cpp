// Golden test of the example repository the README's first command checks: the JSON
// report of `halint check testdata/example-homelab --format json --no-render`, reduced to
// `file:line CODE` lines, must equal testdata/example-homelab.expected.txt.
//
// To regenerate after an intended change (then review the diff of the .txt file):
//   HALINT_UPDATE_GOLDEN=1 ./build/halint_tests --gtest_filter='ExampleHomelab.*'
// or by hand, from the source directory:
//   ./build/halint check testdata/example-homelab --format json --no-render |
//     python3 -c 'import json,sys; [print("%s:%d %s" % (f["file"], f["line"], f["rule"]))
//                 for f in json.load(sys.stdin)["findings"]]' > testdata/example-homelab.expected.txt
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>

namespace halint {
namespace {

std::string run_halint(const std::string& args, int* status) {
  std::string cmd = "cd '" HALINT_SOURCE_DIR "' && '" HALINT_BINARY "' " + args;
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  int rc = pclose(p);
  *status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  return out;
}

// The writer emits "rule", ..., "file", "line" in this order inside each finding; the
// resource and fix objects carry none of these keys.
std::string reduce(const std::string& json) {
  static const std::regex field(R"re("(rule|file|line)": ("([^"\\]|\\.)*"|\d+))re");
  std::string rule, file, out;
  for (auto it = std::sregex_iterator(json.begin(), json.end(), field); it != std::sregex_iterator(); ++it) {
    std::string key = (*it)[1], value = (*it)[2];
    if (value.front() == '"') value = value.substr(1, value.size() - 2);
    if (key == "rule") rule = value;
    else if (key == "file") file = value;
    else if (key == "line") out += file + ":" + value + " " + rule + "\n";
  }
  return out;
}

TEST(ExampleHomelab, FindingsMatchGoldenFile) {
  int status = -1;
  std::string json = run_halint("check testdata/example-homelab --format json --no-render", &status);
  EXPECT_EQ(status, 1) << "the example has warnings and errors, so the exit code is 1";
  ASSERT_NE(json.find("\"findings\""), std::string::npos) << json;
  std::string actual = reduce(json);

  std::string golden_path = std::string(HALINT_SOURCE_DIR) + "/testdata/example-homelab.expected.txt";
  if (std::getenv("HALINT_UPDATE_GOLDEN")) {
    std::ofstream(golden_path, std::ios::binary) << actual;
    GTEST_SKIP() << "rewrote " << golden_path;
  }
  std::ifstream in(golden_path, std::ios::binary);
  ASSERT_TRUE(in) << "missing " << golden_path;
  std::stringstream expected;
  expected << in.rdbuf();
  EXPECT_EQ(actual, expected.str()) << "regenerate with HALINT_UPDATE_GOLDEN=1 if the change is intended";
}

// The example exists to teach: it must keep showing each rule the README promises.
TEST(ExampleHomelab, ShowsEveryFirstRule) {
  std::ifstream in(std::string(HALINT_SOURCE_DIR) + "/testdata/example-homelab.expected.txt");
  std::stringstream s;
  s << in.rdbuf();
  for (const char* code : {"HA101", "HA102", "HA201", "HA301", "HA401", "HA402"})
    EXPECT_NE(s.str().find(code), std::string::npos) << code << " no longer appears in the example";
}

}  // namespace
}  // namespace halint
