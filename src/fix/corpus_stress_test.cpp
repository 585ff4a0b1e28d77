// Runs the fix engine with synthetic edits of every kind on every file of the real-world
// corpus (../shared/corpus; skipped when absent): each edit must either verify or be
// refused with a reason, and the engine must never produce text that fails its own
// verification for a reason other than a deliberate refusal. Prints counts by reason.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "core/loader.h"
#include "fix/apply.h"

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

TEST(FixCorpus, SyntheticEditsVerifyOrAreRefused) {
  stdfs::path corpus = stdfs::path(HALINT_SOURCE_DIR) / ".." / "shared" / "corpus";
  if (!stdfs::is_directory(corpus)) GTEST_SKIP() << "corpus not found at " << corpus;
  std::map<std::string, size_t> outcome;
  size_t files = 0, edits = 0;
  std::vector<std::string> suspicious;
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
      if (getenv("HALINT_STRESS_VERBOSE") && o.status != Outcome::Status::Applied && (o.reason.find("duplicate") != std::string::npos || o.reason.find("cannot find") != std::string::npos)) std::cout << "  " << f.path << " op " << static_cast<int>(fx.edits[0].op) << ": " << o.reason << "\n";
      if (o.status != Outcome::Status::Applied &&
          (o.reason.find("would not") != std::string::npos || o.reason.find("internal") != std::string::npos ||
           o.reason.find("documents instead") != std::string::npos))
        suspicious.push_back(f.path + " op " + std::to_string(static_cast<int>(fx.edits[0].op)) + ": " + o.reason);
    }
  }
  std::cout << files << " files, " << edits << " synthetic edits\n";
  for (const auto& [k, n] : outcome) std::cout << "  " << n << "  " << k << "\n";
  for (size_t i = 0; i < suspicious.size() && i < 30; ++i) std::cout << "  suspicious: " << suspicious[i] << "\n";
  // Verification failures are the engine's own mistakes caught before writing: keep them rare.
  EXPECT_LE(suspicious.size() * 200, edits) << suspicious.size() << " edits failed verification";
}

}  // namespace
}  // namespace halint::fix
