// Inserting into a mapping that holds an anchored node (an alias elsewhere copies it)
// leaves the anchor as it is: applied. Inserting into a mapping that is itself the
// anchored node, or at a point inside one, would change every copy: refused.
#include <gtest/gtest.h>

#include "core/loader.h"
#include "fix/apply.h"

namespace halint::fix {
namespace {

PassResult insert(const std::string& text, const std::string& map_key, const char* key) {
  FileTable table;
  table.add(parse_text("/tmp/halint-alias-insert.yaml", text, 0));
  const yaml::Node* m = table[0].documents[0].root.get(map_key);
  EXPECT_NE(m, nullptr);
  Fix fx;
  fx.edits.push_back(Edit::insert_entry(m->origin(), key, yaml::Node::integer(2)));
  return run_pass(table, {&fx});
}

TEST(FixAliases, InsertNextToAnAnchoredValue) {
  std::string text = "a:\n  port: &port 80\n  x: 1\nb:\n  p: *port\n";
  PassResult pr = insert(text, "a", "replicas");
  ASSERT_EQ(pr.outcomes[0].status, Outcome::Status::Applied) << pr.outcomes[0].reason;
  ASSERT_EQ(pr.files.size(), 1u);
  EXPECT_EQ(pr.files[0].after, "a:\n  port: &port 80\n  x: 1\n  replicas: 2\nb:\n  p: *port\n");
}

TEST(FixAliases, InsertAfterAnAnchoredLastValue) {
  std::string text = "a:\n  x: 1\n  probe: &probe\n    path: /\nb: *probe\n";
  PassResult pr = insert(text, "a", "replicas");
  ASSERT_EQ(pr.outcomes[0].status, Outcome::Status::Applied) << pr.outcomes[0].reason;
  EXPECT_EQ(pr.files[0].after, "a:\n  x: 1\n  probe: &probe\n    path: /\n  replicas: 2\nb: *probe\n");
}

TEST(FixAliases, InsertIntoAnAliasedMappingIsRefused) {
  std::string text = "a: &shared\n  x: 1\nb: *shared\n";
  PassResult pr = insert(text, "a", "replicas");
  EXPECT_EQ(pr.outcomes[0].status, Outcome::Status::Refused);
  EXPECT_NE(pr.outcomes[0].reason.find("alias"), std::string::npos) << pr.outcomes[0].reason;
  EXPECT_TRUE(pr.files.empty());
}

}  // namespace
}  // namespace halint::fix
