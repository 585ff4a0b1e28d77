#include "render/json6902.h"

#include <gtest/gtest.h>

#include "render/test_util.h"

namespace halint::render {
namespace {

using testing::at;
using testing::parse_yaml;

TEST(Json6902, AddReplaceRemoveMoveCopyTest) {
  yaml::Node d = parse_yaml("spec: {replicas: 1, args: [a, b], m: {x: 1}}");
  yaml::Node ops = parse_yaml(R"(- {op: replace, path: /spec/replicas, value: 3}
- {op: add, path: /spec/args/-, value: c}
- {op: add, path: /spec/args/0, value: z}
- {op: remove, path: /spec/m/x}
- {op: add, path: /metadata/labels~1x, value: v}
- {op: copy, from: /spec/replicas, path: /spec/copied}
- {op: move, from: /spec/copied, path: /spec/moved}
- {op: test, path: /spec/moved, value: 3}
)");
  // /metadata does not exist: the add fails and reports it.
  std::string err = apply_json6902(d, ops);
  EXPECT_NE(err.find("path not found"), std::string::npos);

  yaml::Node d2 = parse_yaml("metadata: {labels: {}}\nspec: {replicas: 1, args: [a, b]}");
  yaml::Node ops2 = parse_yaml(R"(- {op: replace, path: /spec/replicas, value: 3}
- {op: add, path: /spec/args/-, value: c}
- {op: add, path: /spec/args/0, value: z}
- {op: add, path: /metadata/labels/a~1b, value: v}
- {op: copy, from: /spec/replicas, path: /spec/copied}
- {op: move, from: /spec/copied, path: /spec/moved}
- {op: test, path: /spec/moved, value: 3}
)");
  ASSERT_EQ(apply_json6902(d2, ops2), "");
  EXPECT_EQ(at(d2, {"spec", "replicas"}), "3");
  const yaml::Node* args = d2.path({"spec", "args"});
  ASSERT_EQ(args->items().size(), 4u);
  EXPECT_EQ(args->at(0).str(), "z");
  EXPECT_EQ(args->at(3).str(), "c");
  EXPECT_EQ(d2.path({"metadata", "labels"})->get("a/b")->str(), "v");
  EXPECT_EQ(at(d2, {"spec", "moved"}), "3");
  EXPECT_EQ(d2.path({"spec", "copied"}), nullptr);
}

TEST(Json6902, ErrorsAreValues) {
  yaml::Node d = parse_yaml("spec: {}");
  EXPECT_NE(apply_json6902(d, parse_yaml("- {op: remove, path: /spec/nope}")), "");
  EXPECT_NE(apply_json6902(d, parse_yaml("- {op: frobnicate, path: /spec}")), "");
  EXPECT_NE(apply_json6902(d, parse_yaml("- {op: replace, path: /spec/x, value: 1}")), "");
  EXPECT_NE(apply_json6902(d, parse_yaml("{op: add}")), "");
}

}  // namespace
}  // namespace halint::render
