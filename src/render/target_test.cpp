#include "render/target.h"

#include <gtest/gtest.h>

#include "render/test_util.h"

namespace halint::render {
namespace {

Resource res(const char* text) {
  Resource r;
  r.node = testing::parse_yaml(text);
  r.orig_name = r.name();
  return r;
}

TEST(Target, AnchoredRegexNamesAndGroups) {
  Resource d = res("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: kustomize-controller, labels: {a: b}}\n");
  auto t = [](const char* y) { return parse_target(testing::parse_yaml(y)); };
  EXPECT_TRUE(target_matches(t("{kind: Deployment, name: \"(kustomize|helm)-controller\"}"), d));
  EXPECT_FALSE(target_matches(t("{kind: Deployment, name: kustomize}"), d));  // anchored
  EXPECT_TRUE(target_matches(t("{group: apps, version: v1}"), d));
  EXPECT_TRUE(target_matches(t("{group: \"\"}"), d));  // empty means any, as in kustomize
  EXPECT_FALSE(target_matches(t("{group: batch}"), d));
  EXPECT_TRUE(target_matches(t("{labelSelector: \"a=b\"}"), d));
  EXPECT_FALSE(target_matches(t("{labelSelector: \"a!=b\"}"), d));
}

TEST(Target, LabelSelectorSyntax) {
  yaml::Node labels = testing::parse_yaml("{app: web, tier: front}");
  EXPECT_TRUE(selector_matches("app=web,tier", &labels));
  EXPECT_TRUE(selector_matches("app in (web, api), !missing", &labels));
  EXPECT_FALSE(selector_matches("app notin (web)", &labels));
  EXPECT_FALSE(selector_matches("app==api", &labels));
}

}  // namespace
}  // namespace halint::render
