#include "render/envsubst.h"

#include <gtest/gtest.h>

#include "render/test_util.h"

namespace halint::render {
namespace {

TEST(Envsubst, FluxSyntax) {
  Vars v{{"APP", std::string("echo")}, {"EMPTY", std::string("")}, {"SECRET", std::nullopt}};
  EXPECT_EQ(substitute_text("${APP}-x", v).text, "echo-x");
  EXPECT_EQ(substitute_text("${MISSING:=d}", v).text, "d");
  EXPECT_EQ(substitute_text("${MISSING:-d}", v).text, "d");
  EXPECT_EQ(substitute_text("${EMPTY:=d}", v).text, "d");
  EXPECT_EQ(substitute_text("${EMPTY=d}", v).text, "");
  EXPECT_EQ(substitute_text("$${APP}", v).text, "${APP}");
  EXPECT_EQ(substitute_text("${CLAIM:=${APP}-data}", v).text, "echo-data");
  EXPECT_EQ(substitute_text("$HOME and $(x)", v).text, "$HOME and $(x)");
  // A SOPS-encrypted value stays a reference: unknown to the rules.
  EXPECT_EQ(substitute_text("${SECRET}", v).text, "${SECRET}");
  auto u = substitute_text("${NOPE} ${APP}", v);
  EXPECT_EQ(u.text, "${NOPE} echo");
  ASSERT_EQ(u.undefined.size(), 1u);
  EXPECT_EQ(u.undefined[0], "NOPE");
}

TEST(Envsubst, ObjectKeepsOriginsAndRetypesPlainScalars) {
  yaml::Node obj = testing::parse_yaml("spec:\n  replicas: ${N}\n  name: \"${N}\"\n  other: ${X}\n", 4);
  ASSERT_TRUE(obj.path({"spec", "replicas"}));
  Origin before = obj.path({"spec", "replicas"})->origin();
  std::vector<BuildIssue> undefined;
  substitute_object(obj, {{"N", std::string("3")}}, true, undefined);
  const yaml::Node* r = obj.path({"spec", "replicas"});
  EXPECT_EQ(r->str(), "3");
  EXPECT_EQ(r->scalar_type(), yaml::ScalarType::Int);
  EXPECT_EQ(r->origin(), before);
  EXPECT_EQ(obj.path({"spec", "name"})->scalar_type(), yaml::ScalarType::String);
  ASSERT_EQ(undefined.size(), 1u);
  EXPECT_EQ(undefined[0].at.file, 4u);
}

TEST(Envsubst, OptOut) {
  yaml::Node obj =
      testing::parse_yaml("metadata: {annotations: {kustomize.toolkit.fluxcd.io/substitute: disabled}}\n");
  EXPECT_TRUE(substitution_disabled(obj));
  EXPECT_FALSE(substitution_disabled(testing::parse_yaml("metadata: {name: a}\n")));
}

}  // namespace
}  // namespace halint::render
