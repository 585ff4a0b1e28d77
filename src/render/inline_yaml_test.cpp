#include "render/inline_yaml.h"

#include <gtest/gtest.h>

#include "core/loader.h"

namespace halint::render {
namespace {

TEST(InlineYaml, OriginsPointIntoTheEnclosingFile) {
  std::string text = "patches:\n  - patch: |-\n      kind: Deployment\n      spec:\n        replicas: 3\n";
  FileTable table;
  table.add(parse_text("/k.yaml", text, 0));
  const yaml::Node* patch = table[0].documents[0].root.get("patches")->at(0).get("patch");
  std::string err;
  auto docs = parse_inline(*patch, table, err);
  ASSERT_EQ(err, "");
  ASSERT_EQ(docs.size(), 1u);
  const yaml::Node* r = docs[0].root.path({"spec", "replicas"});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->origin().file, 0u);
  EXPECT_EQ(text.substr(r->origin().span.begin, 1), "3");
  LineCol lc = table[0].locate(r->origin().span.begin);
  EXPECT_EQ(lc.line, 5u);
  EXPECT_EQ(lc.column, 19u);
}

}  // namespace
}  // namespace halint::render
