#include "render/resmap.h"

#include <gtest/gtest.h>

#include "render/test_util.h"

namespace halint::render {
namespace {

Resource res(const char* text) {
  Resource r;
  r.node = testing::parse_yaml(text);
  return r;
}

TEST(ResMap, SelectorsAreAnchoredAndMatchOriginalOrCurrentNames) {
  std::vector<Resource> rs{res("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: kustomize-controller, "
                               "labels: {a: b}}\n")};
  auto sel = [&](const char* y) {
    std::string err;
    auto out = select(rs, parse_selector(testing::parse_yaml(y)), err);
    EXPECT_EQ(err, "");
    return out.size();
  };
  EXPECT_EQ(sel("{kind: Deployment, name: \"(kustomize|helm)-controller\"}"), 1u);
  EXPECT_EQ(sel("{kind: Deployment, name: kustomize}"), 0u);  // anchored
  EXPECT_EQ(sel("{group: apps, version: v1}"), 1u);
  EXPECT_EQ(sel("{group: \"\"}"), 1u);  // empty means any, as in kustomize
  EXPECT_EQ(sel("{group: batch}"), 0u);
  EXPECT_EQ(sel("{labelSelector: \"a=b\"}"), 1u);
  EXPECT_EQ(sel("{labelSelector: \"a!=b\"}"), 0u);
  EXPECT_EQ(sel("{namespace: default}"), 1u);  // no namespace is "default"
  // After a prefix the original name still selects, an intermediate one does not.
  rs[0].store_previous_id();
  rs[0].node.get("metadata")->get("name")->set_str("a-kustomize-controller");
  rs[0].store_previous_id();
  rs[0].node.get("metadata")->get("name")->set_str("b-a-kustomize-controller");
  EXPECT_EQ(sel("{name: kustomize-controller}"), 1u);
  EXPECT_EQ(sel("{name: b-a-kustomize-controller}"), 1u);
  EXPECT_EQ(sel("{name: a-kustomize-controller}"), 0u);
  EXPECT_TRUE(has_id(rs[0], {"apps", "v1", "Deployment", "a-kustomize-controller", "default"}));
}

TEST(ResMap, LabelSelectorSyntax) {
  yaml::Node labels = testing::parse_yaml("{app: web, tier: front}");
  EXPECT_TRUE(selector_matches("app=web,tier", &labels));
  EXPECT_TRUE(selector_matches("app in (web, api), !missing", &labels));
  EXPECT_FALSE(selector_matches("app notin (web)", &labels));
  EXPECT_FALSE(selector_matches("app==api", &labels));
}

TEST(ResMap, DuplicateIdsRefusedVersionsDiffer) {
  std::vector<Resource> rs{res("apiVersion: v1\nkind: Service\nmetadata: {name: a}\n")};
  std::vector<Resource> more{res("apiVersion: v1\nkind: Service\nmetadata: {name: a, namespace: default}\n")};
  EXPECT_NE(append_all(rs, std::move(more)), "");
  std::vector<Resource> other{res("apiVersion: v2\nkind: Service\nmetadata: {name: a}\n")};
  EXPECT_EQ(append_all(rs, std::move(other)), "");
}

}  // namespace
}  // namespace halint::render
