// Golden before/after cases for the fix engine with synthetic edits, so every edit kind
// and formatting case is tested whatever rules exist. Each directory of
// testdata/fix/engine/ holds:
//   input.yaml     the file as written
//   edits.yaml     a list of edits, one fix each:
//                    - op: insert|replace|delete|rename|append|document
//                      doc: 0            # document index (default 0)
//                      at: spec.template # dotted path from the root; numbers index sequences
//                      key: name         # insert / rename
//                      after: name       # insert: after this key
//                      value: ...        # insert / replace / append / document
//   expected.yaml  the file after the fix passes, or
//   refused.txt    a substring of the reason every fix is refused with (file unchanged).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/loader.h"
#include "fix/apply.h"

namespace halint::fix {
namespace {

namespace stdfs = std::filesystem;

std::string slurp(const stdfs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct Target {
  const yaml::Node* key = nullptr;
  const yaml::Node* node = nullptr;
};

std::optional<Target> resolve(const yaml::Node& root, const std::string& path) {
  Target t{nullptr, &root};
  std::stringstream ss(path);
  std::string part;
  while (!path.empty() && std::getline(ss, part, '.')) {
    const yaml::Node* n = t.node;
    if (n->is_seq()) {
      size_t i = std::stoul(part);
      if (i >= n->size()) return std::nullopt;
      t = {nullptr, &n->at(i)};
    } else {
      const yaml::Node* k = n->find_key(part);
      if (!k) return std::nullopt;
      t = {k, n->get(part)};
    }
  }
  return t;
}

// Builds the fixes of edits.yaml against the current parse of the file.
std::vector<Fix> make_fixes(const yaml::Node& spec, const SourceFile& f, FileId id, const std::vector<bool>& done,
                           std::string& error) {
  std::vector<Fix> fixes;
  for (size_t n = 0; n < spec.size(); ++n) {
    const yaml::Node& item = spec.at(n);
    if (done[n]) {
      fixes.emplace_back();  // keeps indices aligned; never run
      continue;
    }
    Edit e;
    std::string op = item.get("op") ? item.get("op")->str() : "";
    size_t doc = item.get("doc") ? static_cast<size_t>(*item.get("doc")->as_int()) : 0;
    std::string at = item.get("at") ? item.get("at")->str() : "";
    if (item.get("key")) e.key = item.get("key")->str();
    if (item.get("after")) e.after_key = item.get("after")->str();
    if (item.get("value")) e.value = *item.get("value");
    if (doc >= f.documents.size()) {
      error = "no document " + std::to_string(doc);
      return {};
    }
    auto t = resolve(f.documents[doc].root, at);
    if (!t) {
      error = "path not found: " + at;
      return {};
    }
    const yaml::Node* target = t->node;
    if (op == "insert") e.op = Edit::Op::InsertEntry;
    else if (op == "replace") e.op = Edit::Op::ReplaceValue;
    else if (op == "append") e.op = Edit::Op::AppendItem;
    else if (op == "document") e.op = Edit::Op::AppendDocument;
    else if (op == "delete" || op == "rename") {
      e.op = op == "delete" ? Edit::Op::DeleteEntry : Edit::Op::RenameKey;
      target = t->key;
    } else {
      error = "unknown op " + op;
      return {};
    }
    if (!target) {
      error = "no key at " + at;
      return {};
    }
    e.target = Origin{id, target->origin().span};
    Fix fx;
    fx.description = op + " " + at;
    fx.edits.push_back(std::move(e));
    fixes.push_back(std::move(fx));
  }
  return fixes;
}

class EngineGolden : public ::testing::TestWithParam<std::string> {};

TEST_P(EngineGolden, Matches) {
  stdfs::path dir = stdfs::path(HALINT_SOURCE_DIR) / "testdata/fix/engine" / GetParam();
  std::string text = slurp(dir / "input.yaml");
  auto spec_parse = yaml::parse(slurp(dir / "edits.yaml"), 1);
  ASSERT_FALSE(spec_parse.error) << spec_parse.error->reason;
  const yaml::Node& spec = spec_parse.documents.at(0).root;
  ASSERT_TRUE(spec.is_seq());
  bool expect_refusal = stdfs::exists(dir / "refused.txt");
  std::string refusal = expect_refusal ? slurp(dir / "refused.txt") : "";
  while (!refusal.empty() && (refusal.back() == '\n' || refusal.back() == '\r')) refusal.pop_back();

  // Fixes that wait for a later pass are planned again on the new bytes; a fix that is
  // applied leaves the spec, as a rule would stop reporting it.
  std::vector<bool> done(spec.size(), false);
  for (int pass = 0; pass < 10; ++pass) {
    FileTable table;
    table.add(parse_text((dir / "input.yaml").string(), text, 0));
    std::string error;
    auto fixes = make_fixes(spec, table[0], 0, done, error);
    ASSERT_TRUE(error.empty()) << error;
    std::vector<const Fix*> ptrs;
    std::vector<size_t> index;
    for (size_t i = 0; i < fixes.size(); ++i)
      if (!done[i]) ptrs.push_back(&fixes[i]), index.push_back(i);
    if (ptrs.empty()) break;
    PassResult pr = run_pass(table, ptrs);
    bool deferred = false;
    for (size_t i = 0; i < ptrs.size(); ++i) {
      const Outcome& o = pr.outcomes[i];
      if (expect_refusal) {
        EXPECT_EQ(o.status, Outcome::Status::Refused) << "fix " << index[i];
        EXPECT_NE(o.reason.find(refusal), std::string::npos) << "reason: " << o.reason;
        done[index[i]] = true;
        continue;
      }
      EXPECT_NE(o.status, Outcome::Status::Refused) << "fix " << index[i] << ": " << o.reason;
      if (o.status == Outcome::Status::Applied) done[index[i]] = true;
      if (o.status == Outcome::Status::Deferred) deferred = true;
    }
    if (expect_refusal) {
      EXPECT_TRUE(pr.files.empty());
      return;
    }
    ASSERT_LE(pr.files.size(), 1u);
    if (!pr.files.empty()) text = pr.files[0].after;
    if (!deferred) break;
  }
  if (!stdfs::exists(dir / "expected.yaml") && std::getenv("HALINT_UPDATE_GOLDENS")) {
    // Bootstrap a new case; the result is reviewed by hand before it is committed.
    std::ofstream(dir / "expected.yaml", std::ios::binary) << text;
  }
  std::string expected = slurp(dir / "expected.yaml");
  EXPECT_EQ(text, expected) << "--- got ---\n" << text << "--- expected ---\n" << expected;
}

std::vector<std::string> cases() {
  std::vector<std::string> out;
  stdfs::path root = stdfs::path(HALINT_SOURCE_DIR) / "testdata/fix/engine";
  std::error_code ec;
  for (const auto& e : stdfs::directory_iterator(root, ec))
    if (e.is_directory()) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

INSTANTIATE_TEST_SUITE_P(Cases, EngineGolden, ::testing::ValuesIn(cases()),
                         [](const auto& info) {
                           std::string n = info.param;
                           for (auto& c : n)
                             if (!isalnum(static_cast<unsigned char>(c))) c = '_';
                           return n;
                         });

}  // namespace
}  // namespace halint::fix
