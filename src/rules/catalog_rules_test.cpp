// Tests for the rules of the catalog issue (HA003, HA103, HA202, HA302, HA304, HA305,
// HA501) beyond their fixtures (which fixtures_test.cpp runs): the shape of their fixes
// and the truth of their `halint explain` examples.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "engine/check.h"

namespace fs = std::filesystem;

namespace halint {
namespace {

std::vector<Finding> findings_in(const std::string& rel, const std::string& code, engine::CheckResult& keep) {
  static const rules::Catalog catalog = rules::Catalog::load();
  engine::CheckOptions opt;
  opt.paths = {std::string(HALINT_SOURCE_DIR) + "/testdata/rules/" + rel};
  opt.jobs = 1;
  opt.select = {code};
  keep = engine::run_check(opt, catalog);
  return keep.findings;
}

std::string bytes_at(const engine::CheckResult& r, const Origin& o) {
  const auto& text = r.analysis.files[o.file].text;
  return text.substr(o.span.begin, o.span.end - o.span.begin);
}

// The failover story: a ConfigMap policy enabling RemovePodsViolatingNodeAffinity under
// `balance`. The fix's edits target the bytes inside the block scalar.
TEST(CatalogRuleFixes, Ha501MovesPluginInsideConfigMapString) {
  engine::CheckResult r;
  auto fs = findings_in("HA501/fire/configmap-node-affinity-under-balance", "HA501", r);
  ASSERT_EQ(fs.size(), 1u);
  const Finding& f = fs[0];
  EXPECT_EQ(r.analysis.files[f.location.file].locate(f.location.span.begin).line, 21u);
  EXPECT_EQ(r.analysis.files[f.location.file].locate(f.location.span.begin).column, 17u);
  ASSERT_TRUE(f.fix);
  EXPECT_TRUE(f.fix->safe);
  // `balance` holds only this plugin and `deschedule` is absent: one rename moves it.
  ASSERT_EQ(f.fix->edits.size(), 1u);
  EXPECT_EQ(f.fix->edits[0].op, Edit::Op::RenameKey);
  EXPECT_EQ(bytes_at(r, f.fix->edits[0].target), "balance");
  EXPECT_EQ(f.fix->edits[0].key, "deschedule");
}

TEST(CatalogRuleFixes, Ha501MovesOneItemToExistingList) {
  engine::CheckResult r;
  auto fs = findings_in("HA501/fire/object-unknown-plugin-and-bad-type", "HA501", r);
  const Finding* moved = nullptr;
  for (const auto& f : fs)
    if (f.fix) moved = &f;
  ASSERT_TRUE(moved);
  ASSERT_EQ(moved->fix->edits.size(), 2u);
  EXPECT_EQ(moved->fix->edits[0].op, Edit::Op::DeleteEntry);
  EXPECT_EQ(bytes_at(r, moved->fix->edits[0].target), "RemoveDuplicates");  // a sequence item
  EXPECT_EQ(moved->fix->edits[1].op, Edit::Op::InsertEntry);
  EXPECT_EQ(moved->fix->edits[1].key, "balance");
}

TEST(CatalogRuleFixes, Ha302RenamesMinAvailable) {
  engine::CheckResult r;
  auto fs = findings_in("HA302/fire/min-available-equals-replicas", "HA302", r);
  ASSERT_EQ(fs.size(), 1u);
  ASSERT_TRUE(fs[0].fix);
  EXPECT_FALSE(fs[0].fix->safe);
  ASSERT_EQ(fs[0].fix->edits.size(), 2u);
  EXPECT_EQ(fs[0].fix->edits[0].op, Edit::Op::RenameKey);
  EXPECT_EQ(bytes_at(r, fs[0].fix->edits[0].target), "minAvailable");
  EXPECT_EQ(fs[0].fix->edits[1].op, Edit::Op::ReplaceValue);
  EXPECT_EQ(bytes_at(r, fs[0].fix->edits[1].target), "2");
  EXPECT_EQ(fs[0].fix->edits[1].value.str(), "1");
}

TEST(CatalogRuleFixes, Ha003RenamesMisspelledField) {
  engine::CheckResult r;
  auto fs = findings_in("HA003/fire/misspelled-fields", "HA003", r);
  ASSERT_EQ(fs.size(), 2u);
  for (const auto& f : fs) {
    ASSERT_TRUE(f.fix);
    EXPECT_FALSE(f.fix->safe);
    ASSERT_EQ(f.fix->edits.size(), 1u);
    EXPECT_EQ(f.fix->edits[0].op, Edit::Op::RenameKey);
  }
  EXPECT_EQ(bytes_at(r, fs[0].fix->edits[0].target), "requiredDuringSchedulingIgnoreDuringExecution");
  EXPECT_EQ(fs[0].fix->edits[0].key, "requiredDuringSchedulingIgnoredDuringExecution");
  EXPECT_EQ(fs[1].fix->edits[0].key, "topologySpreadConstraints");
}

TEST(CatalogRuleFixes, Ha103AddsScheduleAnywayWhenOmitted) {
  engine::CheckResult r;
  auto fs = findings_in("HA103/fire/when-unsatisfiable-omitted", "HA103", r);
  ASSERT_EQ(fs.size(), 1u);
  ASSERT_TRUE(fs[0].fix);
  EXPECT_EQ(fs[0].fix->edits[0].op, Edit::Op::InsertEntry);
  EXPECT_EQ(fs[0].fix->edits[0].key, "whenUnsatisfiable");
  EXPECT_EQ(fs[0].fix->edits[0].after_key, "topologyKey");
  EXPECT_EQ(fs[0].fix->edits[0].value.str(), "ScheduleAnyway");
}

}  // namespace
}  // namespace halint

namespace halint {
namespace {

// `halint explain` shows each rule's failing and passing example: they must be true.
TEST(CatalogRuleExamples, BadFiresGoodIsSilent) {
  static const rules::Catalog catalog = rules::Catalog::load();
  for (std::string code : {"HA003", "HA103", "HA202", "HA302", "HA304", "HA305", "HA501"}) {
    const rules::RuleMeta* meta = catalog.find(code);
    ASSERT_TRUE(meta) << code;
    for (bool bad : {true, false}) {
      SCOPED_TRACE(code + (bad ? " bad" : " good"));
      fs::path dir = fs::temp_directory_path() / ("halint-example-" + code + (bad ? "-bad" : "-good"));
      fs::create_directories(dir);
      std::ofstream(dir / "example.yaml") << (bad ? meta->example_bad : meta->example_good);
      engine::CheckOptions opt;
      opt.paths = {dir.string()};
      opt.jobs = 1;
      opt.select = {code};
      auto result = engine::run_check(opt, catalog);
      if (bad) EXPECT_FALSE(result.findings.empty());
      else EXPECT_TRUE(result.findings.empty()) << result.findings.front().message;
      fs::remove_all(dir);
    }
  }
}

}  // namespace
}  // namespace halint
