// Edits inside YAML embedded in a literal block scalar (a DeschedulerPolicy in a
// ConfigMap), as HA501's fix makes them: targets are origins in the outer file, as
// yaml::parse_embedded gives them. Complements engine_test.cpp with the shapes HA501
// uses: a rename, a sequence item deleted plus an entry inserted, CRLF.
#include <gtest/gtest.h>

#include "core/loader.h"
#include "fix/apply.h"
#include "yaml/embedded.h"

namespace halint::fix {
namespace {

struct Case {
  FileTable table;
  std::optional<yaml::ParseResult> policy;

  explicit Case(const std::string& text) {
    table.add(parse_text("/tmp/cm.yaml", text, 0));
    const yaml::Node* v = table[0].documents.at(0).root.path({"data", "policy.yaml"});
    policy = yaml::parse_embedded(table[0].text, *v, 0);
  }
  const yaml::Node& root() const { return policy->documents.at(0).root; }
  // Applies one fix made of `edits`; returns the new text or the refusal.
  std::string apply(std::vector<Edit> edits) {
    Fix fx;
    fx.edits = std::move(edits);
    auto r = run_pass(table, {&fx});
    if (r.outcomes.at(0).status != Outcome::Status::Applied) return "refused: " + r.outcomes[0].reason;
    return r.files.at(0).after;
  }
};

Edit edit(Edit::Op op, const yaml::Node& target, std::string key = {}, yaml::Node value = {}) {
  Edit e;
  e.op = op;
  e.target = target.origin();
  e.key = std::move(key);
  e.value = std::move(value);
  return e;
}

const std::string kStory =
    "apiVersion: v1\n"
    "kind: ConfigMap\n"
    "data:\n"
    "  # keep me\n"
    "  policy.yaml: |\n"
    "    kind: DeschedulerPolicy\n"
    "    profiles:\n"
    "      - name: failback\n"
    "        plugins:\n"
    "          balance:\n"
    "            enabled:\n"
    "              - \"RemovePodsViolatingNodeAffinity\"  # here\n"
    "\n"
    "  other: |\n"
    "    untouched\n";

TEST(EmbeddedEdit, RenameKeyInsideConfigMapString) {
  Case c(kStory);
  ASSERT_TRUE(c.policy);
  const yaml::Node* plugins = c.root().get("profiles")->at(0).get("plugins");
  std::string out = c.apply({edit(Edit::Op::RenameKey, *plugins->find_key("balance"), "deschedule")});
  std::string want = kStory;
  want.replace(want.find("balance"), 7, "deschedule");
  EXPECT_EQ(out, want);
}

TEST(EmbeddedEdit, DeleteItemAndInsertEntryKeepBlockIndentation) {
  std::string text =
      "data:\n"
      "  policy.yaml: |\n"
      "    profiles:\n"
      "      - plugins:\n"
      "          balance:\n"
      "            enabled:\n"
      "              - LowNodeUtilization\n"
      "              - RemovePodsViolatingNodeAffinity\n";
  Case c(text);
  const yaml::Node* plugins = c.root().get("profiles")->at(0).get("plugins");
  const yaml::Node& item = plugins->path({"balance", "enabled"})->at(1);
  yaml::Node value = yaml::Node::map();
  yaml::Node list = yaml::Node::seq();
  list.push_back(yaml::Node::string("RemovePodsViolatingNodeAffinity"));
  value.set("enabled", std::move(list));
  std::string out = c.apply({edit(Edit::Op::DeleteEntry, item), edit(Edit::Op::InsertEntry, *plugins, "deschedule", value)});
  EXPECT_EQ(out,
            "data:\n"
            "  policy.yaml: |\n"
            "    profiles:\n"
            "      - plugins:\n"
            "          balance:\n"
            "            enabled:\n"
            "              - LowNodeUtilization\n"
            "          deschedule:\n"
            "            enabled:\n"
            "              - RemovePodsViolatingNodeAffinity\n");
}

TEST(EmbeddedEdit, AppendItemWithCrlf) {
  std::string text =
      "data:\r\n"
      "  policy.yaml: |\r\n"
      "    plugins:\r\n"
      "      deschedule:\r\n"
      "        enabled:\r\n"
      "          - PodLifeTime\r\n"
      "  next: 1\r\n";
  Case c(text);
  const yaml::Node* list = c.root().path({"plugins", "deschedule", "enabled"});
  std::string out = c.apply({edit(Edit::Op::AppendItem, *list, {}, yaml::Node::string("RemoveFailedPods"))});
  EXPECT_EQ(out,
            "data:\r\n"
            "  policy.yaml: |\r\n"
            "    plugins:\r\n"
            "      deschedule:\r\n"
            "        enabled:\r\n"
            "          - PodLifeTime\r\n"
            "          - RemoveFailedPods\r\n"
            "  next: 1\r\n");
}

TEST(EmbeddedEdit, KeptBlockScalarIsRefused) {
  std::string text = "data:\n  policy.yaml: |+\n    a:\n      b: 1\n\n";
  Case c(text);
  ASSERT_TRUE(c.policy && !c.policy->documents.empty());
  std::string out = c.apply({edit(Edit::Op::RenameKey, *c.root().get("a")->find_key("b"), "c")});
  EXPECT_NE(out.find("refused"), std::string::npos) << out;
}

}  // namespace
}  // namespace halint::fix
