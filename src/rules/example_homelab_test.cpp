// Golden test of the example repository the README's first command checks, rendered as
// that command renders it: the JSON report of `halint check testdata/example-homelab
// --format json`, reduced to `file:line CODE via RENDERS` lines, must equal
// testdata/example-homelab.expected.txt. The other tests read halint's output too, never
// the golden file alone.
//
// To regenerate after an intended change (then review the diff of the .txt file):
//   HALINT_UPDATE_GOLDEN=1 ./build/halint_tests --gtest_filter='ExampleHomelab.*'
// or by hand, from the source directory:
//   ./build/halint check testdata/example-homelab --format json |
//     python3 -c 'import json,sys; [print("%s:%d %s%s" % (f["file"], f["line"], f["rule"],
//                 " via " + ", ".join(f["via"]).replace("testdata/example-homelab/", "") if f["via"] else ""))
//                 for f in json.load(sys.stdin)["findings"]]' > testdata/example-homelab.expected.txt
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
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

// One line per finding: `file:line CODE via RENDER[, RENDER]` (via names the renders
// that produced it: what the rendered run adds to the objects as written). The JSON
// report is read with yaml-cpp (JSON is YAML).
std::string reduce(const std::string& json) {
  std::string out;
  YAML::Node doc;
  try {
    doc = YAML::Load(json);
  } catch (const std::exception& e) {
    return std::string("not JSON: ") + e.what() + "\n";
  }
  for (const auto& f : doc["findings"]) {
    out += f["file"].as<std::string>() + ":" + f["line"].as<std::string>() + " " + f["rule"].as<std::string>();
    std::string via;
    // Render names are relative to the repository root: this checkout's root, or the
    // example itself where the sources are not a git checkout. Named from the example.
    for (const auto& v : f["via"]) {
      std::string name = v.as<std::string>();
      const std::string prefix = "testdata/example-homelab/";
      if (auto at = name.find(prefix); at != std::string::npos) name.erase(at, prefix.size());
      via += (via.empty() ? "" : ", ") + name;
    }
    out += (via.empty() ? "" : " via " + via) + "\n";
  }
  return out;
}

TEST(ExampleHomelab, FindingsMatchGoldenFile) {
  int status = -1;
  std::string json = run_halint("check testdata/example-homelab --format json", &status);
  EXPECT_EQ(status, 1) << "the example has warnings and errors, so the exit code is 1";
  ASSERT_NE(json.find("\"findings\""), std::string::npos) << json;
  // The README's run renders the repository (Flux and kustomize), which --no-render skips.
  EXPECT_EQ(json.find("\"renders\": 0"), std::string::npos) << "the example should render:\n" << json;
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

// The example exists to teach: halint must keep showing each rule the README promises.
TEST(ExampleHomelab, ShowsEveryFirstRule) {
  int status = -1;
  std::string actual = reduce(run_halint("check testdata/example-homelab --format json", &status));
  for (const char* code : {"HA101", "HA102", "HA201", "HA301", "HA401", "HA402"})
    EXPECT_TRUE(actual.find(std::string(" ") + code + " ") != std::string::npos ||
                actual.find(std::string(" ") + code + "\n") != std::string::npos)
        << code << " no longer appears in halint's report of the example:\n"
        << actual;
}

// The summary's "N fixable with `halint fix`" counts what `halint fix` applies (safe
// fixes); unsafe fixes are counted apart. After `halint fix`, none is left to claim.
TEST(ExampleHomelab, SummaryCountsWhatFixApplies) {
  namespace stdfs = std::filesystem;
  stdfs::path work = stdfs::temp_directory_path() / ("halint-example-summary-" + std::to_string(::getpid()));
  stdfs::remove_all(work);
  stdfs::create_directories(work);
  stdfs::copy(stdfs::path(HALINT_SOURCE_DIR) / "testdata/example-homelab", work / "repo", stdfs::copy_options::recursive);
  stdfs::create_directories(work / "repo/.git");  // its own repository root
  std::string repo = (work / "repo").string();
  int status = -1;
  std::string before = run_halint("check '" + repo + "' --color never", &status);
  EXPECT_NE(before.find("7 fixable with `halint fix` (+2 with `--unsafe-fixes`)"), std::string::npos) << before;
  std::string json = run_halint("check '" + repo + "' --format json", &status);
  EXPECT_NE(json.find("\"fixable\": 7,"), std::string::npos) << json;
  EXPECT_NE(json.find("\"unsafeFixable\": 2"), std::string::npos) << json;

  std::string fixed = run_halint("fix '" + repo + "' --color never 2>&1", &status);
  std::string after = run_halint("check '" + repo + "' --color never", &status);
  EXPECT_EQ(after.find("fixable with `halint fix`,"), std::string::npos) << after;
  EXPECT_EQ(after.find("fixable with `halint fix` "), std::string::npos) << after;
  EXPECT_NE(after.find("2 fixable with `halint fix --unsafe-fixes`"), std::string::npos) << after;
  // And indeed `halint fix` has nothing left to apply.
  std::string again = run_halint("fix --diff '" + repo + "' 2>/dev/null", &status);
  EXPECT_EQ(status, 0) << again;
  EXPECT_EQ(again, "");
  stdfs::remove_all(work);
}

}  // namespace
}  // namespace halint
