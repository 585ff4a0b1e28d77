#include "cli/output_plan.h"

#include <gtest/gtest.h>

namespace halint::cli {
namespace {

OutputPlan ok(std::vector<std::string> formats, std::string output) {
  auto r = plan_outputs(formats, output);
  EXPECT_TRUE(std::holds_alternative<OutputPlan>(r)) << std::get<std::string>(r);
  return std::holds_alternative<OutputPlan>(r) ? std::get<OutputPlan>(r) : OutputPlan{};
}

std::string error(std::vector<std::string> formats, std::string output) {
  auto r = plan_outputs(formats, output);
  return std::holds_alternative<std::string>(r) ? std::get<std::string>(r) : "";
}

TEST(OutputPlan, SingleFormatGoesToOutputOrStdout) {
  auto p = ok({"text"}, "");
  ASSERT_EQ(p.targets.size(), 1u);
  EXPECT_EQ(p.targets[0].file, "");
  p = ok({"text"}, "out.txt");
  EXPECT_EQ(p.targets[0].file, "out.txt");
  p = ok({"sarif"}, "x.sarif");
  EXPECT_EQ(p.targets[0].format, "sarif");
  EXPECT_EQ(p.targets[0].file, "x.sarif");
  p = ok({}, "");
  EXPECT_EQ(p.targets[0].format, "text");
}

TEST(OutputPlan, DocumentToFileTextAndGithubToStdout) {
  auto p = ok({"text", "sarif"}, "halint.sarif");
  ASSERT_EQ(p.targets.size(), 2u);
  EXPECT_EQ(p.targets[0].format, "text");
  EXPECT_EQ(p.targets[0].file, "");
  EXPECT_EQ(p.targets[1].file, "halint.sarif");
  p = ok({"github", "sarif", "text"}, "h.sarif");
  ASSERT_EQ(p.targets.size(), 3u);
  EXPECT_EQ(p.targets[0].file, "");
  EXPECT_EQ(p.targets[1].file, "h.sarif");
  EXPECT_EQ(p.targets[2].file, "");
  p = ok({"text", "github"}, "");
  EXPECT_EQ(p.targets.size(), 2u);
}

TEST(OutputPlan, DuplicatesCollapse) {
  auto p = ok({"sarif", "sarif"}, "a.sarif");
  ASSERT_EQ(p.targets.size(), 1u);
}

TEST(OutputPlan, AmbiguousCombinationsAreUsageErrors) {
  EXPECT_NE(error({"json", "sarif"}, "x"), "");
  EXPECT_NE(error({"text", "json"}, ""), "");
  EXPECT_NE(error({"text", "github"}, "x.txt"), "");
}

}  // namespace
}  // namespace halint::cli
