// The examples in rules/<CODE>-<name>.yaml are what `halint explain` teaches: the bad one
// must fire its rule and the good one must not, so the docs cannot drift from the code.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "engine/check.h"
#include "rules/catalog.h"
#include "rules/registry.h"

namespace halint::rules {
namespace {

namespace stdfs = std::filesystem;

size_t findings_of(const Catalog& catalog, const std::string& code, const std::string& yaml) {
  stdfs::path dir = stdfs::temp_directory_path() / ("halint-example-" + code + "-" + std::to_string(::getpid()));
  stdfs::create_directories(dir);
  std::ofstream(dir / "example.yaml") << yaml;
  engine::CheckOptions opt;
  opt.paths = {dir.string()};
  opt.jobs = 1;
  opt.select = {code};
  auto r = engine::run_check(opt, catalog);
  stdfs::remove_all(dir);
  size_t n = 0;
  for (const auto& f : r.findings) n += f.rule == code;
  return n;
}

TEST(CatalogExamples, BadFiresAndGoodStaysSilentForEveryImplementedRule) {
  const Catalog catalog = Catalog::load();
  size_t checked = 0;
  // Rules whose examples are one self-contained file (render rules such as HA004 need a
  // kustomization and the files it names, and are tested by their own fixtures).
  const std::set<std::string> single_file = {"HA001", "HA002", "HA101", "HA102", "HA201", "HA301", "HA401", "HA402"};
  for (const auto& rule : make_all_rules()) {
    std::string code(rule->code());
    if (!single_file.count(code)) continue;
    const RuleMeta* meta = catalog.find(code);
    ASSERT_TRUE(meta) << code << " has no rules/ metadata";
    if (meta->example_bad.empty()) continue;
    EXPECT_GE(findings_of(catalog, code, meta->example_bad), 1u) << code << ": the bad example does not fire";
    EXPECT_EQ(findings_of(catalog, code, meta->example_good), 0u) << code << ": the good example fires";
    ++checked;
  }
  EXPECT_GE(checked, 8u);
}

}  // namespace
}  // namespace halint::rules
