// Runs the fix engine with synthetic edits of every kind on every file of the real-world
// corpus (../shared/corpus; skipped when absent): each edit must either be applied or be
// refused with a reason. The engine's verdict is not trusted: for every applied edit this
// test works out the intended tree itself (the edit applied to the parsed file, by its
// own code) and compares it with a parse of the bytes the engine would write, with its
// own comparison; a refused edit must write nothing. Prints counts by reason.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <variant>

#include "core/loader.h"
#include "fix/apply.h"
#include "fix/emit.h"
#include "fix/plan.h"
#include "yaml/parser.h"

namespace halint::fix {
namespace {

namespace stdfs = std::filesystem;

struct Picks {
  const yaml::Node* nested_map = nullptr;   // a block map at depth >= 2
  const yaml::Node* scalar_value = nullptr; // a scalar value at depth >= 2
  const yaml::Node* delete_key = nullptr;   // the last key of a map with >= 2 entries
  const yaml::Node* seq = nullptr;          // a sequence
  const yaml::Node* empty_value = nullptr;  // `key:` with nothing
  const yaml::Node* empty_flow = nullptr;   // `{}` or `[]`
  const yaml::Node* block_value = nullptr;  // a block collection that is a map value
};

void pick(const yaml::Node& n, int depth, Picks& p) {
  if (depth > 50 || n.has_flag(yaml::kFromAlias)) return;
  if (n.is_map()) {
    if (depth >= 2 && !p.nested_map) p.nested_map = &n;
    if (depth >= 1 && n.size() >= 2 && !p.delete_key && !n.key_at(n.size() - 1).has_flag(yaml::kFromMerge))
      p.delete_key = &n.key_at(n.size() - 1);
    for (size_t i = 0; i < n.size(); ++i) {
      const auto& v = n.value_at(i);
      if (depth >= 2 && v.is_scalar() && !p.scalar_value && !v.has_flag(yaml::kFromAlias)) p.scalar_value = &v;
      if (v.is_null() && v.origin().span.begin == v.origin().span.end && !p.empty_value) p.empty_value = &v;
      if (!v.is_scalar() && v.empty() && !p.empty_flow && !v.has_flag(yaml::kFromAlias)) p.empty_flow = &v;
      if (depth >= 1 && !v.is_scalar() && !v.empty() && v.style() == yaml::Style::Block && !p.block_value &&
          !v.has_flag(yaml::kFromAlias))
        p.block_value = &v;
      pick(v, depth + 1, p);
    }
  } else if (n.is_seq()) {
    if (!p.seq && depth >= 1) p.seq = &n;
    for (const auto& c : n.items()) pick(c, depth + 1, p);
  }
}

yaml::Node probe_value() {
  yaml::Node m = yaml::Node::map();
  m.set("name", yaml::Node::string("probe"));
  yaml::Node list = yaml::Node::seq();
  list.push_back(yaml::Node::string("yes"));
  list.push_back(yaml::Node::integer(1));
  m.set("values", std::move(list));
  return m;
}

// --- the intended tree, worked out without the fix engine --------------------------------

// The node written at `span` (pre-order: an anchor before the copies its aliases made),
// with its parent and its index among the parent's children.
struct Found {
  yaml::Node* node = nullptr;
  yaml::Node* parent = nullptr;
  size_t index = 0;
};

void find_span(yaml::Node& n, Span span, yaml::Node* parent, size_t index, Found& out, int depth = 0) {
  if (out.node || depth > 200) return;
  if (n.origin().span.begin == span.begin && n.origin().span.end == span.end && !n.has_flag(yaml::kFromAlias)) {
    out = {&n, parent, index};
    return;
  }
  if (n.is_scalar()) return;
  auto kids = n.children();
  for (size_t i = 0; i < kids.size() && !out.node; ++i) find_span(kids[i], span, &n, i, out, depth + 1);
}

// The documents `f` should hold after `e`, or a reason this test cannot tell.
std::variant<std::vector<yaml::Document>, std::string> intended(const SourceFile& f, const Edit& e) {
  std::vector<yaml::Document> docs = f.documents;
  if (e.op == Edit::Op::AppendDocument) {
    yaml::Document d;
    d.root = e.value;
    d.has_content = true;
    docs.push_back(std::move(d));
    return docs;
  }
  Found at;
  for (auto& d : docs)
    if (d.has_content && !at.node) find_span(d.root, e.target.span, nullptr, 0, at);
  if (!at.node) return std::string("target not found");
  yaml::Node& n = *at.node;
  switch (e.op) {
    case Edit::Op::InsertEntry:
      if (!n.is_map()) return std::string("insert into a non-map");
      n.set(yaml::Node::string(e.key), e.value);
      break;
    case Edit::Op::ReplaceValue:
      n = e.value;
      break;
    case Edit::Op::DeleteEntry:
      if (!at.parent || !at.parent->is_map() || at.index % 2) return std::string("delete of a non-key");
      at.parent->erase_children(at.index, 2);
      break;
    case Edit::Op::RenameKey:
      n = yaml::Node::string(e.key);
      break;
    case Edit::Op::AppendItem:
      if (!n.is_seq()) return std::string("append to a non-sequence");
      n.push_back(e.value);
      break;
    default:
      return std::string("op not modelled");
  }
  return docs;
}

// Equality as the API server reads it, written here apart from fix::same_tree: `a` is
// parsed from the written text, `b` the intended tree. A plain string that YAML 1.1 (the
// Kubernetes decoder) reads as a bool or number is fine only where the file had it so.
bool equivalent(const yaml::Node& a, const yaml::Node& b) {
  if (a.kind() != b.kind()) return false;
  if (a.is_scalar()) {
    if (a.scalar_type() != b.scalar_type()) return false;
    if (a.is_null()) return true;
    if (a.scalar_type() == yaml::ScalarType::Bool) return a.as_bool() == b.as_bool();
    auto yaml11 = [](const yaml::Node& n) {
      return n.is_string() && n.style() == yaml::Style::Plain && yaml11_not_a_string(n.str());
    };
    if (yaml11(a) && !(b.origin().file == 0 && yaml11(b))) return false;
    return a.str() == b.str();
  }
  auto x = a.children(), y = b.children();
  if (x.size() != y.size()) return false;
  for (size_t i = 0; i < x.size(); ++i)
    if (!equivalent(x[i], y[i])) return false;
  return true;
}

// Why `after` (the bytes the engine would write for `e`) is not `f` with `e` applied, or
// nothing when it is.
std::optional<std::string> independent_check(const SourceFile& f, const Edit& e, const std::string& after) {
  auto want = intended(f, e);
  if (auto* why = std::get_if<std::string>(&want)) return "cannot model the edit: " + *why;
  const auto& docs = std::get<std::vector<yaml::Document>>(want);
  auto got = yaml::parse(after, kNoFile);
  if (got.error) return "written text does not parse: " + got.error->reason;
  if (got.duplicates.size() != f.duplicates.size()) return "written text has another number of duplicate keys";
  if (got.documents.size() != docs.size())
    return "written text has " + std::to_string(got.documents.size()) + " documents, not " + std::to_string(docs.size());
  for (size_t i = 0; i < docs.size(); ++i) {
    if (got.documents[i].has_content != docs[i].has_content) return "document " + std::to_string(i + 1) + " emptiness";
    if (docs[i].has_content && !equivalent(got.documents[i].root, docs[i].root))
      return "document " + std::to_string(i + 1) + " is not the intended tree: " +
             yaml::to_flow(got.documents[i].root, 200) + " vs " + yaml::to_flow(docs[i].root, 200);
  }
  return std::nullopt;
}

// --- the verifier on real files: written bytes spoiled on purpose must be refused -------

// `after` with one more change the edit did not mean, of kind `k` (0: a scalar value
// gains a character, 1: the first top-level line is written twice, a duplicate key,
// 2: one more document), or nothing when this file offers no place for it.
std::optional<std::string> spoil(const std::string& after, int k) {
  auto parsed = yaml::parse(after, kNoFile);
  if (parsed.error) return std::nullopt;
  if (k == 2) return after + (after.empty() || after.back() == '\n' ? "" : "\n") + "---\nhalintSpoiled: 1\n";
  for (const auto& d : parsed.documents) {
    if (!d.has_content || !d.root.is_map() || d.root.style() != yaml::Style::Block) continue;
    for (size_t i = 0; i < d.root.size(); ++i) {
      const yaml::Node& key = d.root.key_at(i);
      const yaml::Node& v = d.root.value_at(i);
      if (key.has_flag(yaml::kFromMerge) || key.has_flag(yaml::kFromAlias) || v.has_flag(yaml::kFromAlias)) continue;
      if (k == 0 && v.is_string() && v.style() == yaml::Style::Plain && !v.str().empty())
        return after.substr(0, v.origin().span.end) + "x" + after.substr(v.origin().span.end);
      if (k == 1 && v.is_scalar() && !v.str().empty()) {
        uint32_t b = key.origin().span.begin;
        if (b != 0 && after[b - 1] != '\n') continue;  // the key opens its line
        size_t eol = after.find('\n', b);
        if (eol == std::string::npos || eol < v.origin().span.end) continue;
        std::string line = after.substr(b, eol + 1 - b);
        return after.substr(0, b) + line + after.substr(b);
      }
    }
  }
  return std::nullopt;
}

TEST(FixCorpus, SyntheticEditsVerifyOrAreRefused) {
  stdfs::path corpus = stdfs::path(HALINT_SOURCE_DIR) / ".." / "shared" / "corpus";
  if (!stdfs::is_directory(corpus)) GTEST_SKIP() << "corpus not found at " << corpus;
  std::map<std::string, size_t> outcome;
  size_t files = 0, edits = 0;
  std::vector<std::string> suspicious, wrong;
  size_t applied = 0, spoiled = 0;
  for (auto it = stdfs::recursive_directory_iterator(corpus); it != stdfs::recursive_directory_iterator(); ++it) {
    if (!it->is_regular_file()) continue;
    auto ext = it->path().extension();
    if (ext != ".yaml" && ext != ".yml") continue;
    auto sf = load_file(it->path().string(), 0);
    if (sf->read_error || sf->syntax_error || sf->documents.empty()) continue;
    ++files;
    FileTable table;
    table.add(std::move(sf));
    const SourceFile& f = table[0];
    std::vector<Fix> fixes;
    auto add = [&](Edit::Op op, const yaml::Node* target, std::string key, yaml::Node value) {
      if (!target) return;
      Edit e;
      e.op = op;
      e.target = Origin{0, target->origin().span};
      e.key = std::move(key);
      e.value = std::move(value);
      Fix fx;
      fx.edits.push_back(std::move(e));
      fixes.push_back(std::move(fx));
    };
    for (const auto& d : f.documents) {
      if (!d.has_content) continue;
      Picks p;
      pick(d.root, 0, p);
      if (d.root.is_map()) add(Edit::Op::InsertEntry, &d.root, "halintProbe", probe_value());
      add(Edit::Op::InsertEntry, p.nested_map, "halintProbe", probe_value());
      add(Edit::Op::ReplaceValue, p.scalar_value, "", yaml::Node::string("0755"));
      add(Edit::Op::DeleteEntry, p.delete_key, "", {});
      add(Edit::Op::AppendItem, p.seq, "", probe_value());
      if (p.delete_key) add(Edit::Op::RenameKey, p.delete_key, "halintRenamed", {});
      add(Edit::Op::ReplaceValue, p.empty_value, "", probe_value());
      add(Edit::Op::ReplaceValue, p.scalar_value, "", probe_value());
      add(Edit::Op::ReplaceValue, p.block_value, "", yaml::Node::integer(7));
      add(Edit::Op::ReplaceValue, p.block_value, "", probe_value());
      if (p.empty_flow && p.empty_flow->is_map()) add(Edit::Op::InsertEntry, p.empty_flow, "halintProbe", probe_value());
      if (p.empty_flow && p.empty_flow->is_seq()) add(Edit::Op::AppendItem, p.empty_flow, "", probe_value());
    }
    add(Edit::Op::AppendDocument, &f.documents.back().root, "", probe_value());
    // One fix at a time, as the worst case for each edit.
    for (const auto& fx : fixes) {
      ++edits;
      PassResult pr = run_pass(table, {&fx});
      const Outcome& o = pr.outcomes[0];
      std::string key = o.status == Outcome::Status::Applied ? "applied" : "refused: " + o.reason;
      // Document numbers make reasons unique: group them.
      if (auto pos = key.find("(document "); pos != std::string::npos) key = key.substr(0, pos) + "(document N)";
      if (auto pos = key.find(" at line "); pos != std::string::npos) key = key.substr(0, pos) + ")";
      ++outcome[key];
      // The engine's verdict, checked: an applied edit's bytes parse back to the tree this
      // test expects; a refused one writes nothing.
      std::string what = f.path + " op " + std::to_string(static_cast<int>(fx.edits[0].op));
      if (o.status == Outcome::Status::Applied) {
        ++applied;
        if (pr.files.size() != 1 || pr.files[0].file != 0)
          wrong.push_back(what + ": applied, but writes " + std::to_string(pr.files.size()) + " files");
        else if (auto bad = independent_check(f, fx.edits[0], pr.files[0].after))
          wrong.push_back(what + ": " + *bad);
        // And the verifier itself: the same edit, spoiled, must be refused.
        auto plan = plan_fix(table, fx);
        if (auto* p = std::get_if<FixPlan>(&plan); p && p->files.size() == 1) {
          int kind = static_cast<int>(applied % 3);
          if (auto worse = spoil(pr.files[0].after, kind)) {
            ++spoiled;
            if (!verify(f, *worse, p->files[0].tree))
              wrong.push_back(what + ": the verifier accepts it spoiled (kind " + std::to_string(kind) + ")");
          }
        }
      } else if (!pr.files.empty()) {
        wrong.push_back(what + ": refused (" + o.reason + "), but writes a file");
      }
      if (getenv("HALINT_STRESS_VERBOSE") && o.status != Outcome::Status::Applied && (o.reason.find("duplicate") != std::string::npos || o.reason.find("cannot find") != std::string::npos)) std::cout << "  " << f.path << " op " << static_cast<int>(fx.edits[0].op) << ": " << o.reason << "\n";
      if (o.status != Outcome::Status::Applied &&
          (o.reason.find("would not") != std::string::npos || o.reason.find("internal") != std::string::npos ||
           o.reason.find("documents instead") != std::string::npos))
        suspicious.push_back(f.path + " op " + std::to_string(static_cast<int>(fx.edits[0].op)) + ": " + o.reason);
    }
  }
  std::cout << files << " files, " << edits << " synthetic edits, " << spoiled << " spoiled copies verified\n";
  for (const auto& [k, n] : outcome) std::cout << "  " << n << "  " << k << "\n";
  for (size_t i = 0; i < suspicious.size() && i < 30; ++i) std::cout << "  suspicious: " << suspicious[i] << "\n";
  for (size_t i = 0; i < wrong.size() && i < 30; ++i) std::cout << "  WRONG: " << wrong[i] << "\n";
  // Verification failures are the engine's own mistakes caught before writing: keep them rare.
  EXPECT_LE(suspicious.size() * 200, edits) << suspicious.size() << " edits failed verification";
  // Every applied edit is what was meant; and most edits do apply (a verifier that
  // refused everything would pass the check above).
  EXPECT_TRUE(wrong.empty()) << wrong.size() << " applied edits are not what was meant (see WRONG above)";
  EXPECT_GE(applied * 2, edits) << "only " << applied << " of " << edits << " synthetic edits applied";
  EXPECT_GE(files, 1000u) << "the corpus looks truncated";
  EXPECT_GE(spoiled * 2, applied) << "too few spoiled copies: " << spoiled;
}

}  // namespace
}  // namespace halint::fix
