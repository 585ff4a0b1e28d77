// The fix verifier, attacked directly: edited bytes that change more than the fix meant
// to (a scalar, a key, a style the API server reads, what an alias copies, the number of
// documents, a duplicate key) must be refused with a reason, and run_pass must then write
// nothing. Each refusal is paired with an edit that differs only in being right, which
// must be accepted, so a verifier that refuses everything fails here too.
#include <gtest/gtest.h>

#include "core/loader.h"
#include "fix/apply.h"

namespace halint::fix {
namespace {

using yaml::Node;

std::unique_ptr<SourceFile> source(std::string_view text) {
  auto f = parse_text("/verify/x.yaml", std::string(text), 0);
  EXPECT_FALSE(f->syntax_error) << text;
  return f;
}

// Inserts `key: value` as entry `entry` of the map at `path` in document 0.
// `at`: the byte offset of the insertion (tree edits apply from the highest).
TreeEdit insert_entry(std::vector<size_t> path, size_t entry, std::string key, Node value, uint32_t at = 0) {
  TreeEdit e;
  e.order = at;
  e.kind = TreeEdit::Kind::Insert;
  e.path = std::move(path);
  e.index = 2 * entry;
  e.nodes = {Node::string(std::move(key)), std::move(value)};
  return e;
}

// Replaces the node at `path` (child indices: a map's children alternate key, value).
TreeEdit replace(std::vector<size_t> path, Node value) {
  TreeEdit e;
  e.kind = TreeEdit::Kind::Replace;
  e.path = std::move(path);
  e.nodes = {std::move(value)};
  return e;
}

// The verifier's verdict on `after` as the edit of `before` that `tree` describes.
std::optional<std::string> verdict(std::string_view before, const std::string& after, std::vector<TreeEdit> tree = {}) {
  auto f = source(before);
  return verify(*f, after, tree);
}

#define EXPECT_REFUSED(result, words)                                            \
  do {                                                                           \
    auto r_ = (result);                                                          \
    ASSERT_TRUE(r_) << "accepted, but it must be refused";                       \
    EXPECT_NE(r_->find(words), std::string::npos) << "reason: " << *r_;          \
  } while (0)
#define EXPECT_ACCEPTED(result)                                   \
  do {                                                            \
    auto r_ = (result);                                           \
    EXPECT_FALSE(r_) << "refused: " << (r_ ? *r_ : std::string()); \
  } while (0)

// --- scalars ---------------------------------------------------------------------------

TEST(FixVerifier, RefusesAnEditThatAlsoChangesAScalar) {
  const char* before = "a: 1\nb: web\n";
  auto add_c = [] { return std::vector<TreeEdit>{insert_entry({}, 2, "c", Node::integer(3))}; };
  EXPECT_ACCEPTED(verdict(before, "a: 1\nb: web\nc: 3\n", add_c()));
  EXPECT_REFUSED(verdict(before, "a: 2\nb: web\nc: 3\n", add_c()), "read back as intended");   // an int
  EXPECT_REFUSED(verdict(before, "a: 1\nb: wep\nc: 3\n", add_c()), "read back as intended");   // a string
  EXPECT_REFUSED(verdict(before, "a: 1\nb: web\nc: 4\n", add_c()), "read back as intended");   // the new value
  EXPECT_REFUSED(verdict("a: true\n", "a: false\n"), "read back as intended");                 // a bool
  EXPECT_REFUSED(verdict("a: 1.5\n", "a: 1.25\n"), "read back as intended");                   // a float
  EXPECT_REFUSED(verdict("a: \"\"\n", "a: \" \"\n"), "read back as intended");                 // blanks count
}

TEST(FixVerifier, RefusesAReplacementWrittenWithAnotherValue) {
  const char* before = "spec:\n  replicas: 3\n  name: web\n";
  auto to_two = [] { return std::vector<TreeEdit>{replace({1, 1}, Node::integer(2))}; };
  EXPECT_ACCEPTED(verdict(before, "spec:\n  replicas: 2\n  name: web\n", to_two()));
  EXPECT_REFUSED(verdict(before, "spec:\n  replicas: 3\n  name: web\n", to_two()), "read back as intended");
  EXPECT_REFUSED(verdict(before, "spec:\n  replicas: 20\n  name: web\n", to_two()), "read back as intended");
  EXPECT_REFUSED(verdict(before, "spec:\n  replicas: \"2\"\n  name: web\n", to_two()), "read back as intended");
}

TEST(FixVerifier, SameTreeComparesScalarValuesKeysAndOrder) {
  auto t = [](std::string_view text) { return parse_text("/t.yaml", std::string(text), 0)->documents.at(0).root; };
  EXPECT_TRUE(same_tree(t("a: 1\nb: [p, q]\n"), t("a: 1\nb:\n  - p\n  - q\n")));
  // Written plain in the same file (0), `y` reads the same on both sides.
  EXPECT_TRUE(same_tree(t("a: y\n"), t("a: y\n"), 0));
  EXPECT_FALSE(same_tree(t("a: y\n"), t("a: y\n")));  // a rule-made `y` must be quoted
  EXPECT_FALSE(same_tree(t("a: 1\n"), t("a: 2\n")));
  EXPECT_FALSE(same_tree(t("a: x\n"), t("a: y\n")));
  EXPECT_FALSE(same_tree(t("a: 1\n"), t("b: 1\n")));
  EXPECT_FALSE(same_tree(t("a: 1\nb: 2\n"), t("b: 2\na: 1\n")));
  EXPECT_FALSE(same_tree(t("[x, y]\n"), t("[y, x]\n")));
  EXPECT_FALSE(same_tree(t("a: 1\n"), t("a: \"1\"\n")));
  EXPECT_FALSE(same_tree(t("a: {}\n"), t("a: []\n")));
  EXPECT_FALSE(same_tree(t("a: [x]\n"), t("a: [x, x]\n")));
}

// --- keys ------------------------------------------------------------------------------

TEST(FixVerifier, RefusesAnEditThatChangesAKey) {
  const char* before = "metadata:\n  name: web\n  labels:\n    app: web\n";
  auto add_ns = [] { return std::vector<TreeEdit>{insert_entry({1}, 1, "namespace", Node::string("apps"))}; };
  EXPECT_ACCEPTED(verdict(before, "metadata:\n  name: web\n  namespace: apps\n  labels:\n    app: web\n", add_ns()));
  EXPECT_REFUSED(verdict(before, "metadata:\n  nane: web\n  namespace: apps\n  labels:\n    app: web\n", add_ns()),
                 "read back as intended");
  EXPECT_REFUSED(verdict(before, "metadata:\n  name: web\n  namespace: apps\n  labels:\n    App: web\n", add_ns()),
                 "read back as intended");
  EXPECT_REFUSED(verdict(before, "metadata:\n  name: web\n  nameSpace: apps\n  labels:\n    app: web\n", add_ns()),
                 "read back as intended");
  // A key moved to another level.
  EXPECT_REFUSED(verdict(before, "metadata:\n  name: web\n  namespace: apps\n  labels:\n  app: web\n", add_ns()),
                 "read back as intended");
}

// --- styles ----------------------------------------------------------------------------

TEST(FixVerifier, RefusesAStyleChangeThatChangesWhatIsRead) {
  // Quotes that make a string of a number, and their loss.
  EXPECT_REFUSED(verdict("a: \"1\"\n", "a: 1\n"), "read back as intended");
  EXPECT_REFUSED(verdict("a: 1\n", "a: '1'\n"), "read back as intended");
  EXPECT_REFUSED(verdict("a: \"null\"\n", "a: null\n"), "read back as intended");
  EXPECT_REFUSED(verdict("a: \"true\"\n", "a: true\n"), "read back as intended");
  // The Kubernetes decoder reads YAML 1.1: unquoted, `on` and `yes` are booleans there.
  EXPECT_REFUSED(verdict("a: \"on\"\n", "a: on\n"), "read back as intended");
  EXPECT_REFUSED(verdict("a: 'yes'\n", "a: yes\n"), "read back as intended");
  EXPECT_REFUSED(verdict("a: \"1:20\"\n", "a: 1:20\n"), "read back as intended");
  EXPECT_REFUSED(verdict("a: on\n", "a: \"on\"\n"), "read back as intended");
  // Block scalars: chomping and folding change the value.
  EXPECT_REFUSED(verdict("a: |\n  x\n", "a: |-\n  x\n"), "read back as intended");
  EXPECT_REFUSED(verdict("a: |\n  x\n  y\n", "a: >\n  x\n  y\n"), "read back as intended");
  EXPECT_REFUSED(verdict("a: |\n  x\n", "a: |+\n  x\n\n"), "read back as intended");
  // Styles that change nothing that is read.
  EXPECT_ACCEPTED(verdict("a: 'x'\n", "a: \"x\"\n"));
  EXPECT_ACCEPTED(verdict("a: x\n", "a: \"x\"\n"));
  EXPECT_ACCEPTED(verdict("a: {b: 1}\n", "a:\n  b: 1\n"));
  EXPECT_ACCEPTED(verdict("a: ~\n", "a: null\n"));
  EXPECT_ACCEPTED(verdict("a: |\n  x\n", "a: \"x\\n\"\n"));
  EXPECT_ACCEPTED(verdict("on: push\n", "on: push\nb: 1\n", {insert_entry({}, 1, "b", Node::integer(1))}));
}

TEST(FixVerifier, AStringARuleAddsMustBeWrittenSoYaml11ReadsAString) {
  // Node::string("yes") has no style yet: the emitter must quote it.
  auto add = [] { return std::vector<TreeEdit>{insert_entry({}, 1, "enabled", Node::string("yes"))}; };
  EXPECT_ACCEPTED(verdict("a: 1\n", "a: 1\nenabled: \"yes\"\n", add()));
  EXPECT_REFUSED(verdict("a: 1\n", "a: 1\nenabled: yes\n", add()), "read back as intended");
  auto port = [] { return std::vector<TreeEdit>{insert_entry({}, 1, "port", Node::string("1:80"))}; };
  EXPECT_REFUSED(verdict("a: 1\n", "a: 1\nport: 1:80\n", port()), "read back as intended");
  // A node copied from another file, where it was written plain, is written by the
  // emitter here: quoted.
  auto other = parse_text("/verify/other.yaml", "v: y\n", 7);
  auto copied = [&] { return std::vector<TreeEdit>{insert_entry({}, 1, "c", other->documents[0].root.value_at(0))}; };
  EXPECT_ACCEPTED(verdict("a: 1\n", "a: 1\nc: \"y\"\n", copied()));
  EXPECT_REFUSED(verdict("a: 1\n", "a: 1\nc: y\n", copied()), "read back as intended");
}

// --- anchors and aliases ---------------------------------------------------------------

TEST(FixVerifier, RefusesAnEditThatAlsoChangesWhatAnAliasCopies) {
  const char* before = "base: &b\n  k: 1\nuse: *b\n";
  // Meant: base.k = 2 only. Written on the anchored node, the alias copies it too.
  auto base_k = [] { return std::vector<TreeEdit>{replace({1, 1}, Node::integer(2))}; };
  EXPECT_REFUSED(verdict(before, "base: &b\n  k: 2\nuse: *b\n", base_k()), "read back as intended");
  // Written so that the alias keeps its value, it is what was meant.
  EXPECT_ACCEPTED(verdict(before, "base:\n  k: 2\nuse:\n  k: 1\n", base_k()));
  // Dropping the anchor leaves the alias undefined.
  EXPECT_REFUSED(verdict(before, "base:\n  k: 1\nuse: *b\n"), "would not parse");
  // Redefining the anchor before the alias changes what the alias reads.
  EXPECT_REFUSED(verdict("a: &x 1\nb: &y 2\nc: *x\n", "a: &x 1\nb: &x 2\nc: *x\n"), "read back as intended");
  // Pointing the alias at another anchor.
  EXPECT_REFUSED(verdict("a: &x 1\nb: &y 2\nc: *x\n", "a: &x 1\nb: &y 2\nc: *y\n"), "read back as intended");
  // An anchor and alias written out as their values read the same: accepted.
  EXPECT_ACCEPTED(verdict("a: &x 1\nc: *x\n", "a: 1\nc: 1\n"));
}

TEST(FixVerifier, RefusesAnEditThatChangesWhatAMergeKeyBrings) {
  const char* before = "base: &b\n  k: 1\nm:\n  <<: *b\n  j: 2\n";
  // An explicit key wins over the merged one: writing `k` into m changes m's k.
  EXPECT_REFUSED(verdict(before, "base: &b\n  k: 1\nm:\n  <<: *b\n  j: 2\n  k: 5\n"), "read back as intended");
  EXPECT_REFUSED(verdict(before, "base: &b\n  k: 1\nm:\n  j: 2\n"), "read back as intended");
}

// --- documents -------------------------------------------------------------------------

TEST(FixVerifier, RefusesAnEditThatChangesTheNumberOfDocuments) {
  EXPECT_REFUSED(verdict("a: 1\nb: 2\n", "a: 1\n---\nb: 2\n"), "documents instead of");
  EXPECT_REFUSED(verdict("a: 1\n", "a: 1\n---\nb: 2\n"), "documents instead of");
  EXPECT_REFUSED(verdict("a: 1\n---\nb: 2\n", "a: 1\n"), "documents instead of");
  EXPECT_REFUSED(verdict("a: 1\n---\nb: 2\n", "a: 1\nb: 2\n"), "documents instead of");
  EXPECT_REFUSED(verdict("a: 1\n", "a: 1\n---\n"), "documents instead of");
  // The second document's content changed while the count holds.
  EXPECT_REFUSED(verdict("a: 1\n---\nb: 2\n", "a: 1\n---\nb: 3\n"), "document 2");
  // An empty document that gains content.
  EXPECT_REFUSED(verdict("a: 1\n---\n---\nb: 2\n", "a: 1\n---\nx: 0\n---\nb: 2\n"), "document 2");
  // A document meant to be appended is accepted.
  TreeEdit doc;
  doc.kind = TreeEdit::Kind::InsertDocument;
  doc.index = 1;
  Node root = Node::map();
  root.set("b", Node::integer(2));
  doc.nodes = {root};
  EXPECT_ACCEPTED(verdict("a: 1\n", "a: 1\n---\nb: 2\n", {doc}));
}

// --- duplicate keys --------------------------------------------------------------------

TEST(FixVerifier, RefusesAnEditThatCreatesADuplicateKey) {
  // The decoder keeps the later of two equal keys, so this reads back as the intended
  // {a: 1, b: 2}; only the duplicate itself tells: the API server's strict decoding
  // rejects the object.
  EXPECT_REFUSED(verdict("a: 1\nb: 2\n", "a: 0\na: 1\nb: 2\n"), "duplicate key");
  EXPECT_REFUSED(verdict("a: 1\nb: 2\n", "a: 1\na: 1\nb: 2\n"), "duplicate key");
  EXPECT_REFUSED(verdict("m:\n  a: 1\n", "m:\n  a: 1\n  a: 1\n"), "duplicate key");
  // A file that already holds one keeps it; a second is still refused.
  EXPECT_ACCEPTED(verdict("a: 1\na: 1\nb: 2\n", "a: 1\na: 1\nb: 2\nc: 3\n", {insert_entry({}, 2, "c", Node::integer(3))}));
  EXPECT_REFUSED(verdict("a: 1\na: 1\nb: 2\n", "a: 1\na: 1\nb: 2\nb: 2\n"), "duplicate key");
}

TEST(FixVerifier, RefusesTextThatDoesNotParse) {
  EXPECT_REFUSED(verdict("a: 1\n", "a: [1\n"), "would not parse");
  EXPECT_REFUSED(verdict("a:\n  b: 1\n", "a:\n  b: 1\n c: 2\n"), "would not parse");
  EXPECT_REFUSED(verdict("a: 1\n", "a: \"1\n"), "would not parse");
}

// --- run_pass: a refused edit is reported and never written ----------------------------

// A planner that hands run_pass fixed edits instead of planning the fix.
Planner fixed_plan(FileEdits fe) {
  return [fe](const FileTable&, const Fix&) -> PlanResult { return FixPlan{{fe}}; };
}

FileEdits edits_of(const FileTable& t, FileId id, std::vector<ByteEdit> bytes, std::vector<TreeEdit> tree = {}) {
  FileEdits fe;
  fe.file = id;
  fe.abs_path = t[id].abs_path;
  fe.bytes = std::move(bytes);
  fe.tree = std::move(tree);
  return fe;
}

TEST(FixVerifier, RunPassRefusesAndWritesNothingForEachKindOfBadEdit) {
  FileTable table;
  table.add(parse_text("/verify/web.yaml",
                       "a: &x 1\n"        // 0..8
                       "b: web\n"         // 8..15
                       "c: *x\n",         // 15..21
                       0));
  struct Case {
    const char* what;
    std::vector<ByteEdit> bytes;
    std::vector<TreeEdit> tree;
    const char* reason;
  };
  std::vector<Case> cases = {
      {"a scalar", {{11, 14, "wep"}}, {}, "read back as intended"},
      {"a key", {{8, 9, "B"}}, {}, "read back as intended"},
      {"a style the decoder reads", {{11, 14, "on"}}, {replace({3}, Node::string("on"))}, "read back as intended"},
      {"what an alias copies", {{6, 7, "2"}}, {replace({1}, Node::integer(2))}, "read back as intended"},
      {"the documents", {{21, 21, "---\nd: 1\n"}}, {}, "documents instead of"},
      {"a duplicate key", {{8, 8, "b: web\n"}}, {}, "duplicate key"},
      {"the syntax", {{15, 15, "x: [\n"}}, {}, "would not parse"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    Fix fx{"synthetic", true, {}};
    PassResult pr = run_pass(table, {&fx}, fixed_plan(edits_of(table, 0, c.bytes, c.tree)));
    ASSERT_EQ(pr.outcomes.size(), 1u);
    EXPECT_EQ(pr.outcomes[0].status, Outcome::Status::Refused);
    EXPECT_NE(pr.outcomes[0].reason.find(c.reason), std::string::npos) << pr.outcomes[0].reason;
    EXPECT_TRUE(pr.files.empty()) << "a refused edit must not be written: " << pr.files[0].after;
  }
  // The same pass with a correct edit writes it.
  Fix fx{"synthetic", true, {}};
  PassResult ok = run_pass(table, {&fx}, fixed_plan(edits_of(table, 0, {{11, 14, "api"}}, {replace({3}, Node::string("api"))})));
  ASSERT_EQ(ok.outcomes[0].status, Outcome::Status::Applied) << ok.outcomes[0].reason;
  ASSERT_EQ(ok.files.size(), 1u);
  EXPECT_EQ(ok.files[0].after, "a: &x 1\nb: api\nc: *x\n");
}

TEST(FixVerifier, RunPassWritesTheGoodFixAndNotTheBadOneBesideIt) {
  FileTable table;
  table.add(parse_text("/verify/good.yaml", "a: 1\n", 0));
  table.add(parse_text("/verify/bad.yaml", "a: 1\n", 1));
  Fix good{"good", true, {}}, bad{"bad", true, {}};
  Planner planner = [&](const FileTable& t, const Fix& f) -> PlanResult {
    if (&f == &good) return FixPlan{{edits_of(t, 0, {{3, 4, "2"}}, {replace({1}, Node::integer(2))})}};
    return FixPlan{{edits_of(t, 1, {{3, 4, "3"}}, {replace({1}, Node::integer(2))})}};  // writes 3, means 2
  };
  PassResult pr = run_pass(table, {&good, &bad}, planner);
  EXPECT_EQ(pr.outcomes[0].status, Outcome::Status::Applied) << pr.outcomes[0].reason;
  EXPECT_EQ(pr.outcomes[1].status, Outcome::Status::Refused);
  ASSERT_EQ(pr.files.size(), 1u);
  EXPECT_EQ(pr.files[0].abs_path, "/verify/good.yaml");
  EXPECT_EQ(pr.files[0].after, "a: 2\n");
}

TEST(FixVerifier, RunPassVerifiesTheCombinationOfFixesThatEachVerifyAlone) {
  // Each fix alone inserts `c` once; together they insert it twice. The second waits.
  FileTable table;
  table.add(parse_text("/verify/pair.yaml", "a: 1\nb: 2\n", 0));
  Fix first{"first", true, {}}, second{"second", true, {}};
  Planner planner = [&](const FileTable& t, const Fix& f) -> PlanResult {
    if (&f == &first) return FixPlan{{edits_of(t, 0, {{5, 5, "c: 3\n"}}, {insert_entry({}, 1, "c", Node::integer(3), 5)})}};
    return FixPlan{{edits_of(t, 0, {{10, 10, "c: 3\n"}}, {insert_entry({}, 2, "c", Node::integer(3), 10)})}};
  };
  PassResult pr = run_pass(table, {&first, &second}, planner);
  EXPECT_EQ(pr.outcomes[0].status, Outcome::Status::Applied) << pr.outcomes[0].reason;
  EXPECT_EQ(pr.outcomes[1].status, Outcome::Status::Deferred) << pr.outcomes[1].reason;
  ASSERT_EQ(pr.files.size(), 1u);
  EXPECT_EQ(pr.files[0].after, "a: 1\nc: 3\nb: 2\n");
}

TEST(FixVerifier, ACreatedFileMustReadBackAsIntended) {
  FileTable table;
  Fix fx{"create", true, {}};
  Node want = Node::map();
  want.set("enabled", Node::string("yes"));
  auto created = [&](std::string text) {
    FileEdits fe;
    fe.abs_path = "/verify/new.yaml";
    fe.created_text = std::move(text);
    fe.created_root = want;
    return run_pass(table, {&fx}, fixed_plan(fe));
  };
  PassResult ok = created("enabled: \"yes\"\n");
  EXPECT_EQ(ok.outcomes[0].status, Outcome::Status::Applied) << ok.outcomes[0].reason;
  EXPECT_EQ(ok.files.size(), 1u);
  for (const char* bad : {"enabled: yes\n", "enabled: \"no\"\n", "enabled: \"yes\"\n---\nx: 1\n", "enabled: [\n"}) {
    PassResult pr = created(bad);
    EXPECT_EQ(pr.outcomes[0].status, Outcome::Status::Refused) << bad;
    EXPECT_TRUE(pr.files.empty()) << bad;
  }
}

}  // namespace
}  // namespace halint::fix
