// Unit tests of the fix engine's pieces that the golden cases do not reach: new files
// listed in a kustomization, the emitter's quoting, diffs, atomic writes, refusals.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/loader.h"
#include "fix/apply.h"
#include "fix/diff.h"
#include "fix/emit.h"
#include "fix/write.h"
#include "yaml/embedded.h"

namespace halint::fix {
namespace {

namespace stdfs = std::filesystem;

stdfs::path scratch(const std::string& name) {
  stdfs::path p = stdfs::temp_directory_path() / ("halint-fix-test-" + name + "-" + std::to_string(::getpid()));
  stdfs::remove_all(p);
  stdfs::create_directories(p);
  return p;
}

std::string slurp(const stdfs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

yaml::Node pdb() {
  yaml::Node n = yaml::Node::map();
  n.set("apiVersion", yaml::Node::string("policy/v1"));
  n.set("kind", yaml::Node::string("PodDisruptionBudget"));
  yaml::Node spec = yaml::Node::map();
  spec.set("maxUnavailable", yaml::Node::integer(1));
  n.set("spec", std::move(spec));
  return n;
}

TEST(FixEngine, CreateFileListsItInTheKustomization) {
  auto dir = scratch("create");
  std::string kust = "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - deploy.yaml\n";
  FileTable table;
  table.add(parse_text((dir / "kustomization.yaml").string(), kust, 0));
  Fix fx;
  Edit e;
  e.op = Edit::Op::CreateFile;
  e.target = Origin{0, table[0].documents[0].root.origin().span};
  e.path = "pdb-web.yaml";
  e.value = pdb();
  fx.edits.push_back(e);
  PassResult pr = run_pass(table, {&fx});
  ASSERT_EQ(pr.outcomes[0].status, Outcome::Status::Applied) << pr.outcomes[0].reason;
  ASSERT_EQ(pr.files.size(), 2u);
  for (const auto& f : pr.files) {
    if (f.file == kNoFile) {
      EXPECT_EQ(f.abs_path, (dir / "pdb-web.yaml").string());
      EXPECT_EQ(f.after, "apiVersion: policy/v1\nkind: PodDisruptionBudget\nspec:\n  maxUnavailable: 1\n");
    } else {
      EXPECT_EQ(f.after, kust + "  - pdb-web.yaml\n");
    }
  }
  // Without a resources list, one is added.
  FileTable t2;
  t2.add(parse_text((dir / "kustomization.yaml").string(), "kind: Kustomization\n", 0));
  e.target = Origin{0, t2[0].documents[0].root.origin().span};
  fx.edits = {e};
  pr = run_pass(t2, {&fx});
  ASSERT_EQ(pr.outcomes[0].status, Outcome::Status::Applied) << pr.outcomes[0].reason;
  for (const auto& f : pr.files) {
    if (f.file != kNoFile) {
      EXPECT_EQ(f.after, "kind: Kustomization\nresources:\n  - pdb-web.yaml\n");
    }
  }
  // An existing file is never overwritten.
  std::ofstream(dir / "pdb-web.yaml") << "x: 1\n";
  pr = run_pass(t2, {&fx});
  EXPECT_EQ(pr.outcomes[0].status, Outcome::Status::Refused);
  EXPECT_NE(pr.outcomes[0].reason.find("already exists"), std::string::npos);
  stdfs::remove_all(dir);
}

TEST(FixEngine, RefusesWhatItCannotLocateOrParse) {
  FileTable table;
  table.add(parse_text("/nonexistent/a.yaml", "a: [1\n", 0));
  table.add(parse_text("/nonexistent/b.yaml", "a: 1\n", 1));
  Fix fx;
  Edit e;
  e.op = Edit::Op::InsertEntry;
  e.key = "k";
  e.target = Origin{0, Span{0, 1}};
  fx.edits = {e};
  auto pr = run_pass(table, {&fx});
  EXPECT_EQ(pr.outcomes[0].status, Outcome::Status::Refused);
  EXPECT_NE(pr.outcomes[0].reason.find("syntax error"), std::string::npos);
  fx.edits[0].target = Origin{1, Span{3, 4}};  // the scalar 1: not a mapping
  pr = run_pass(table, {&fx});
  EXPECT_NE(pr.outcomes[0].reason.find("not of the kind"), std::string::npos);
  fx.edits[0].target = Origin{kNoFile, Span{}};
  pr = run_pass(table, {&fx});
  EXPECT_NE(pr.outcomes[0].reason.find("no source location"), std::string::npos);
  // Inserting a key that exists would create a duplicate.
  fx.edits[0].target = Origin{1, table[1].documents[0].root.origin().span};
  fx.edits[0].key = "a";
  pr = run_pass(table, {&fx});
  EXPECT_NE(pr.outcomes[0].reason.find("already has"), std::string::npos);
}

TEST(FixEngine, VerificationCatchesATreeMismatch) {
  auto f = parse_text("/x.yaml", "a: 1\n", 0);
  EXPECT_FALSE(verify(*f, "a: 1\n", {}));
  auto bad = verify(*f, "a: \"1\"\n", {});
  ASSERT_TRUE(bad);
  EXPECT_NE(bad->find("read back"), std::string::npos);
  EXPECT_TRUE(verify(*f, "a: [\n", {}));
  EXPECT_TRUE(verify(*f, "a: 1\n---\nb: 2\n", {}));
}

TEST(FixEngine, SameTreeIsSemanticForNullsAndBools) {
  auto a = yaml::parse("a: ~\nb: True\n", 0), b = yaml::parse("a: null\nb: true\n", 0);
  EXPECT_TRUE(same_tree(a.documents[0].root, b.documents[0].root));
  auto c = yaml::parse("a: ~\nb: \"true\"\n", 0);
  EXPECT_FALSE(same_tree(a.documents[0].root, c.documents[0].root));
}

TEST(Emitter, QuotesStringsThatWouldChangeType) {
  for (const char* s : {"yes", "no", "on", "off", "y", "0755", "1.10", "~", "null", "true", "12", "1e3", "0x1F",
                        "2024-01-01", "1:20", "", " lead", "trail ", "a: b", "x #y", "-dash", "*star", "&amp",
                        "!tag", "{brace", "[bracket", "@at", "`tick", "%pct"})
    EXPECT_TRUE(needs_quotes(s, false)) << s;
  for (const char* s : {"web", "kubernetes.io/hostname", "ScheduleAnyway", "512Mi", "v1.2.3", "a-b", "${VAR}", "a:b"})
    EXPECT_FALSE(needs_quotes(s, false)) << s;
  EXPECT_TRUE(needs_quotes("a,b", true));
  EXPECT_TRUE(needs_quotes("${VAR}", true));
  Emitter em(FileStyle{});
  EXPECT_EQ(em.scalar(yaml::Node::string("say \"hi\"\n")), "\"say \\\"hi\\\"\\n\"");
  yaml::Node single = yaml::Node::scalar("it's", yaml::Style::SingleQuoted);
  EXPECT_EQ(em.scalar(single), "'it''s'");
}

TEST(Emitter, FollowsTheFileStyle) {
  yaml::Node v = yaml::Node::seq();
  yaml::Node item = yaml::Node::map();
  item.set("a", yaml::Node::integer(1));
  item.set("b", yaml::Node::seq());
  v.push_back(item);
  EXPECT_EQ(Emitter(FileStyle{"\n", 2, 2, false}).after_key(v, 2), "\n    - a: 1\n      b: []");
  EXPECT_EQ(Emitter(FileStyle{"\n", 2, 2, true}).after_key(v, 2), "\n  - a: 1\n    b: []");
  EXPECT_EQ(Emitter(FileStyle{"\r\n", 4, 4, false}).after_key(v, 0), "\r\n    - a: 1\r\n      b: []");
}

TEST(Diff, UnifiedFormat) {
  std::string a = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n";
  std::string b = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n10\n11\n";
  EXPECT_EQ(unified_diff("f.yaml", a, b),
            "--- a/f.yaml\n+++ b/f.yaml\n@@ -2,9 +2,10 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n 9\n 10\n+11\n");
  EXPECT_EQ(unified_diff("f.yaml", a, a), "");
  EXPECT_EQ(unified_diff("n.yaml", "", "x: 1\n", true), "--- /dev/null\n+++ b/n.yaml\n@@ -0,0 +1 @@\n+x: 1\n");
  EXPECT_EQ(unified_diff("e.yaml", "a\nb", "a\nb\nc\n"),
            "--- a/e.yaml\n+++ b/e.yaml\n@@ -1,2 +1,3 @@\n a\n-b\n\\ No newline at end of file\n+b\n+c\n");
}

TEST(Write, AtomicReplaceKeepsPermissionsAndRefusesChangedFiles) {
  auto dir = scratch("write");
  auto p = (dir / "a.yaml").string();
  std::ofstream(p) << "a: 1\n";
  ::chmod(p.c_str(), 0640);
  EXPECT_FALSE(replace_file(p, "a: 1\n", "a: 2\n"));
  EXPECT_EQ(slurp(p), "a: 2\n");
  struct stat st {};
  ::stat(p.c_str(), &st);
  EXPECT_EQ(st.st_mode & 07777, 0640u);
  EXPECT_TRUE(replace_file(p, "a: 1\n", "a: 3\n"));  // changed since read
  EXPECT_EQ(slurp(p), "a: 2\n");
  EXPECT_FALSE(create_file((dir / "sub/new.yaml").string(), "b: 1\n"));
  EXPECT_EQ(slurp(dir / "sub/new.yaml"), "b: 1\n");
  EXPECT_TRUE(create_file((dir / "sub/new.yaml").string(), "c: 1\n"));
  EXPECT_EQ(slurp(dir / "sub/new.yaml"), "b: 1\n");
  size_t entries = 0;
  for (auto& e : stdfs::recursive_directory_iterator(dir)) entries += e.is_regular_file();
  EXPECT_EQ(entries, 2u);  // no temporary file left behind
  stdfs::remove_all(dir);
}

}  // namespace
}  // namespace halint::fix

namespace halint::fix {
namespace {

// HA501's fix edits a DeschedulerPolicy held in a ConfigMap string: the targets are nodes
// of the embedded document, located by the file offsets yaml::parse_embedded gives them.
TEST(FixEngine, EditsInsideALiteralBlockScalar) {
  std::string text =
      "apiVersion: v1\r\n"
      "kind: ConfigMap\r\n"
      "data:\r\n"
      "  policy.yaml: |\r\n"
      "    apiVersion: descheduler/v1alpha2\r\n"
      "    kind: DeschedulerPolicy\r\n"
      "    profiles:\r\n"
      "      - name: default\r\n"
      "        plugins:\r\n"
      "          balance:\r\n"
      "            enabled:\r\n"
      "              - RemoveDuplicates\r\n"
      "              - RemovePodsViolatingNodeAffinity  # misplaced\r\n"
      "          deschedule:\r\n"
      "            enabled:\r\n"
      "              - PodLifeTime\r\n"
      "\r\n"
      "  other: x\r\n";
  FileTable table;
  table.add(parse_text("/cm.yaml", text, 0));
  const yaml::Node* scalar = table[0].documents[0].root.path({"data", "policy.yaml"});
  ASSERT_TRUE(scalar);
  auto inner = yaml::parse_embedded(table[0].text, *scalar, 0);
  ASSERT_TRUE(inner);
  ASSERT_FALSE(inner->error);
  const yaml::Node& policy = inner->documents[0].root;
  const yaml::Node& plugins = *policy.get("profiles")->at(0).get("plugins");
  const yaml::Node& balance = *plugins.path({"balance", "enabled"});
  const yaml::Node& deschedule = *plugins.path({"deschedule", "enabled"});
  // The embedded node's origin is where it is written in the file.
  LineCol lc = table[0].locate(balance.at(1).origin().span.begin);
  EXPECT_EQ(lc.line, 13u);
  EXPECT_EQ(lc.column, 17u);

  Fix fx;
  Edit keep;
  keep.op = Edit::Op::ReplaceValue;
  keep.target = balance.origin();
  keep.value = yaml::Node::seq();
  keep.value.push_back(yaml::Node::string("RemoveDuplicates"));
  Edit move;
  move.op = Edit::Op::AppendItem;
  move.target = deschedule.origin();
  move.value = yaml::Node::string("RemovePodsViolatingNodeAffinity");
  fx.edits = {keep, move};
  PassResult pr = run_pass(table, {&fx});
  ASSERT_EQ(pr.outcomes[0].status, Outcome::Status::Applied) << pr.outcomes[0].reason;
  ASSERT_EQ(pr.files.size(), 1u);
  EXPECT_EQ(pr.files[0].after,
            "apiVersion: v1\r\n"
            "kind: ConfigMap\r\n"
            "data:\r\n"
            "  policy.yaml: |\r\n"
            "    apiVersion: descheduler/v1alpha2\r\n"
            "    kind: DeschedulerPolicy\r\n"
            "    profiles:\r\n"
            "      - name: default\r\n"
            "        plugins:\r\n"
            "          balance:\r\n"
            "            enabled:\r\n"
            "              - RemoveDuplicates\r\n"
            "          deschedule:\r\n"
            "            enabled:\r\n"
            "              - PodLifeTime\r\n"
            "              - RemovePodsViolatingNodeAffinity\r\n"
            "\r\n"
            "  other: x\r\n");
}

TEST(FixEngine, RefusesEditsInFoldedScalars) {
  std::string text = "data:\n  p: >\n    a: 1\n";
  FileTable table;
  table.add(parse_text("/f.yaml", text, 0));
  Fix fx;
  Edit e;
  e.op = Edit::Op::ReplaceValue;
  e.target = Origin{0, Span{static_cast<uint32_t>(text.find("1")), static_cast<uint32_t>(text.find("1") + 1)}};
  e.value = yaml::Node::integer(2);
  fx.edits = {e};
  PassResult pr = run_pass(table, {&fx});
  EXPECT_EQ(pr.outcomes[0].status, Outcome::Status::Refused);
  EXPECT_NE(pr.outcomes[0].reason.find("block scalar"), std::string::npos) << pr.outcomes[0].reason;
}

}  // namespace
}  // namespace halint::fix
