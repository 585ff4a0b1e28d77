#include "render/vars.h"

#include <gtest/gtest.h>

#include "render/test_util.h"

namespace halint::render {
namespace {

TEST(Vars, ReplacesContainerFieldsWithTheCurrentName) {
  std::vector<Resource> rs(2);
  rs[0].node = testing::parse_yaml(R"y(apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      containers:
      - name: c
        args: ["--db=$(DB)", "$(UNKNOWN)"]
        env:
        - name: X
          value: $(DB)
)y");
  rs[1].node = testing::parse_yaml("apiVersion: v1\nkind: Service\nmetadata: {name: demo-mysql}\n");
  rs[1].orig_name = "mysql";
  yaml::Node list = testing::parse_yaml("[{name: DB, objref: {kind: Service, name: mysql, apiVersion: v1}}]");
  auto vars = parse_vars(&list);
  std::vector<BuildIssue> errors;
  resolve_vars(rs, vars, errors);
  EXPECT_TRUE(errors.empty());
  const yaml::Node& c = rs[0].node.path({"spec", "template", "spec", "containers"})->at(0);
  EXPECT_EQ(c.get("args")->at(0).str(), "--db=demo-mysql");
  EXPECT_EQ(c.get("args")->at(1).str(), "$(UNKNOWN)");
  EXPECT_EQ(c.get("env")->at(0).get("value")->str(), "demo-mysql");
}

}  // namespace
}  // namespace halint::render
