#include "yaml/node.h"

#include <gtest/gtest.h>

#include <utility>

#include "yaml/parser.h"
#include "yaml/test_util.h"

namespace halint::yaml {
namespace {

Node doc(const char* text) { return testing::first_document(text); }

TEST(NodeCopyOnWrite, CopiesShareChildrenUntilOneChanges) {
  Node a = doc("metadata:\n  name: web\n  labels: {app: web}\nspec: {replicas: 2}\n");
  Node b = a;
  EXPECT_TRUE(a.shares_children_with(b));
  EXPECT_TRUE(std::as_const(a).get("spec")->shares_children_with(*std::as_const(b).get("spec")));

  b.get("metadata")->set("namespace", Node::string("prod"));
  EXPECT_FALSE(a.shares_children_with(b));
  EXPECT_EQ(a.path({"metadata", "namespace"}), nullptr);  // the original is untouched
  EXPECT_EQ(b.path({"metadata", "namespace"})->str(), "prod");
  // What was not written stays shared.
  EXPECT_TRUE(std::as_const(a).get("spec")->shares_children_with(*std::as_const(b).get("spec")));
  EXPECT_FALSE(std::as_const(a).get("metadata")->shares_children_with(*std::as_const(b).get("metadata")));
}

TEST(NodeCopyOnWrite, EveryWritingAccessorUnshares) {
  Node a = doc("m: {k: v}\ns: [1, 2, 3]\n");
  auto check = [&](auto&& write) {
    Node b = a;
    write(b);
    EXPECT_EQ(a.path({"m", "k"})->str(), "v");
    EXPECT_EQ(a.get("s")->size(), 3u);
    EXPECT_EQ(a.get("s")->at(0).str(), "1");
  };
  check([](Node& b) { b.get("m")->get("k")->set_str("x"); });
  check([](Node& b) { b.get("m")->value_at(0).set_str("x"); });
  check([](Node& b) { b.get("m")->key_at(0).set_str("x"); });
  check([](Node& b) { b.get("m")->erase("k"); });
  check([](Node& b) { b.get("s")->erase_at(0); });
  check([](Node& b) { b.get("s")->push_back(Node::integer(4)); });
  check([](Node& b) { b.get("s")->at(0).set_str("9"); });
  check([](Node& b) { b.get("s")->items()[0].set_str("9"); });
  check([](Node& b) { b.get("s")->erase_children(0, 3); });
  check([](Node& b) { b.get("s")->insert_child(1, Node::integer(9)); });
  check([](Node& b) { b.get("s")->assign_children(std::vector<Node>{Node::integer(7)}); });
  check([](Node& b) { b.set_origin_deep(Origin{7, {1, 2}}); });
  check([](Node& b) { b.value_at(1) = Node(); });
}

TEST(NodeCopyOnWrite, AMissDoesNotUnshare) {
  Node a = doc("m: {k: v}\n");
  Node b = a;
  EXPECT_EQ(b.get("absent"), nullptr);
  EXPECT_FALSE(b.erase("absent"));
  EXPECT_TRUE(a.shares_children_with(b));
}

TEST(NodeCopyOnWrite, AssigningADescendantToItsAncestor) {
  Node a = doc("outer:\n  inner: [x, y]\n");
  a = std::as_const(a).path({"outer"})->value_at(0);  // copy-assign from inside itself
  ASSERT_TRUE(a.is_seq());
  EXPECT_EQ(a.at(1).str(), "y");
  Node b = doc("outer:\n  inner: {z: 1}\n");
  b = std::move(*b.get("outer"));  // move-assign from inside itself
  EXPECT_EQ(b.path({"inner", "z"})->str(), "1");
}

TEST(NodeChildren, InsertEraseAssignKeepOrderAndValues) {
  Node s = Node::seq();
  for (int i = 0; i < 5; ++i) s.push_back(Node::integer(i));  // grows past its first capacity
  auto texts = [&] {
    std::string out;
    for (const auto& k : std::as_const(s).children()) out += k.str();
    return out;
  };
  EXPECT_EQ(texts(), "01234");
  s.insert_child(0, Node::integer(9));
  EXPECT_EQ(texts(), "901234");
  s.insert_child(6, Node::integer(8));  // at the end
  EXPECT_EQ(texts(), "9012348");
  s.insert_children(2, {Node::integer(5), Node::integer(6), Node::integer(7)});  // tail shorter than the insert
  EXPECT_EQ(texts(), "9056712348");
  s.erase_children(1, 4);
  EXPECT_EQ(texts(), "912348");
  s.erase_children(4, 10);  // clamped
  EXPECT_EQ(texts(), "9123");
  Node copy = s;
  s.erase_children(0, 1);
  EXPECT_EQ(texts(), "123");
  EXPECT_EQ(copy.size(), 4u);  // the copy kept its list
  std::vector<Node> fresh{Node::string("a"), Node::string("b")};
  s.assign_children(std::move(fresh));
  EXPECT_EQ(texts(), "ab");
  s.assign_children(std::vector<Node>{});
  EXPECT_TRUE(s.empty());
  Node m = Node::map();
  m.set("k", Node::integer(1));
  m.set("k", Node::integer(2));  // replaces in place
  m.set("j", Node::integer(3));
  EXPECT_EQ(m.size(), 2u);
  EXPECT_EQ(m.get("k")->str(), "2");
  EXPECT_EQ(m.key_at(1).str(), "j");
}

TEST(NodeCopyOnWrite, EqualityAndSizes) {
  Node a = doc("a: [1, {b: 2}]\n");
  Node b = a;
  EXPECT_TRUE(equal(a, b));
  EXPECT_EQ(a.tree_size(), b.tree_size());
  b.get("a")->at(1).set("c", Node::integer(3));
  EXPECT_FALSE(equal(a, b));
  EXPECT_EQ(a.tree_size() + 2, b.tree_size());
  Node empty = Node::map();
  EXPECT_TRUE(empty.empty());
  EXPECT_EQ(empty.size(), 0u);
  EXPECT_EQ(std::as_const(empty).children().size(), 0u);
}

}  // namespace
}  // namespace halint::yaml
