#include "render/vars.h"

#include <gtest/gtest.h>

#include "render/test_util.h"
#include "render/transformer_config.h"

namespace halint::render {
namespace {

TEST(Vars, ReplacesReferencedFieldsWithTheCurrentNameAndKeepsTypes) {
  std::vector<Resource> rs(3);
  rs[0].node = testing::parse_yaml(R"y(apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      containers:
      - name: c
        args: ["--db=$(DB)", "$(UNKNOWN)", "$$(DB)"]
        env:
        - name: X
          value: $(DB)
)y");
  rs[1].node = testing::parse_yaml("apiVersion: v1\nkind: Service\nmetadata: {name: mysql}\n"
                                   "spec: {ports: [{port: 3306}]}\n");
  rs[1].store_previous_id();
  rs[1].node.get("metadata")->get("name")->set_str("demo-mysql");
  rs[2].node = testing::parse_yaml("apiVersion: v1\nkind: Service\nmetadata: {name: web}\n"
                                   "spec: {ports: [{port: $(PORT)}]}\n");
  yaml::Node list = testing::parse_yaml(
      "[{name: DB, objref: {kind: Service, name: mysql, apiVersion: v1}},"
      " {name: PORT, objref: {kind: Service, name: mysql, apiVersion: v1}, fieldref: {fieldpath: \"spec.ports[0].port\"}}]");
  auto vars = parse_vars(&list);
  ASSERT_EQ(attach_vars(rs, vars), "");
  EXPECT_EQ(resolve_vars(rs, vars, TransformerConfig::defaults().var_reference), "");
  const yaml::Node& c = rs[0].node.path({"spec", "template", "spec", "containers"})->at(0);
  EXPECT_EQ(c.get("args")->at(0).str(), "--db=demo-mysql");
  EXPECT_EQ(c.get("args")->at(1).str(), "$(UNKNOWN)");
  EXPECT_EQ(c.get("args")->at(2).str(), "$(DB)");  // $$ escapes
  EXPECT_EQ(c.get("env")->at(0).get("value")->str(), "demo-mysql");
  const yaml::Node& port = *rs[2].node.path({"spec", "ports"})->at(0).get("port");
  EXPECT_EQ(port.str(), "3306");
  EXPECT_EQ(port.scalar_type(), yaml::ScalarType::Int);
}

TEST(Vars, MissingObjectIsAnError) {
  std::vector<Resource> rs(1);
  rs[0].node = testing::parse_yaml("apiVersion: v1\nkind: Service\nmetadata: {name: a}\n");
  yaml::Node list = testing::parse_yaml("[{name: X, objref: {kind: Service, name: b, apiVersion: v1}}]");
  auto vars = parse_vars(&list);
  ASSERT_EQ(attach_vars(rs, vars), "");
  EXPECT_NE(resolve_vars(rs, vars, TransformerConfig::defaults().var_reference), "");
}

TEST(Vars, FieldPaths) {
  yaml::Node n = testing::parse_yaml("metadata: {labels: {app.kubernetes.io/name: x}}\nspec: {ports: [{name: a, port: 1}]}\n");
  ASSERT_TRUE(field_at(n, "metadata.labels.[app.kubernetes.io/name]"));
  EXPECT_EQ(field_at(n, "metadata.labels.[app.kubernetes.io/name]")->str(), "x");
  EXPECT_EQ(field_at(n, "spec.ports[0].port")->str(), "1");
  EXPECT_EQ(field_at(n, "spec.ports.[name=a].port")->str(), "1");
  EXPECT_EQ(field_at(n, "spec.missing"), nullptr);
}

}  // namespace
}  // namespace halint::render
