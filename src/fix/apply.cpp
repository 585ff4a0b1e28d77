#include "fix/apply.h"

#include <algorithm>
#include <map>

#include "fix/emit.h"
#include "yaml/parser.h"

namespace halint::fix {

std::string apply_bytes(std::string_view text, const std::vector<ByteEdit>& edits) {
  std::vector<size_t> order(edits.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (edits[a].begin != edits[b].begin) return edits[a].begin < edits[b].begin;
    return edits[a].end < edits[b].end;  // an insertion before a replacement at the same place
  });
  std::string out;
  out.reserve(text.size() + 256);
  uint32_t pos = 0;
  for (size_t i : order) {
    const ByteEdit& e = edits[i];
    if (e.begin < pos) continue;  // overlapping edits are never planned together
    out.append(text.substr(pos, e.begin - pos));
    out += e.text;
    pos = std::max(pos, e.end);
  }
  out.append(text.substr(std::min<size_t>(pos, text.size())));
  return out;
}

namespace {

// A string the Kubernetes decoder would read as a bool or a number, because it is plain.
bool plain_yaml11_other(const yaml::Node& n) {
  return n.is_string() && n.style() == yaml::Style::Plain && yaml11_not_a_string(n.str());
}

}  // namespace

bool same_tree(const yaml::Node& got, const yaml::Node& want, FileId file) {
  if (got.kind() != want.kind()) return false;
  if (got.is_scalar()) {
    if (got.scalar_type() != want.scalar_type()) return false;
    if (got.is_null()) return true;
    if (got.scalar_type() == yaml::ScalarType::Bool) return got.as_bool() == want.as_bool();
    bool written_here = file != kNoFile && want.origin().file == file;
    if (got.is_string() && plain_yaml11_other(got) != (written_here && plain_yaml11_other(want)))
      return false;
    return got.str() == want.str();
  }
  const auto& x = got.children();
  const auto& y = want.children();
  if (x.size() != y.size()) return false;
  for (size_t i = 0; i < x.size(); ++i)
    if (!same_tree(x[i], y[i], file)) return false;
  return true;
}

namespace {

std::optional<std::string> apply_tree(std::vector<yaml::Document>& docs, std::vector<TreeEdit> edits) {
  std::stable_sort(edits.begin(), edits.end(), [](const TreeEdit& a, const TreeEdit& b) { return a.order > b.order; });
  for (auto& e : edits) {
    if (e.kind == TreeEdit::Kind::InsertDocument) {
      yaml::Document d;
      d.root = e.nodes.at(0);
      d.explicit_start = true;
      d.has_content = true;
      docs.insert(docs.begin() + static_cast<std::ptrdiff_t>(std::min(e.index, docs.size())), std::move(d));
      continue;
    }
    if (e.doc >= docs.size()) return "internal: tree edit outside the documents";
    yaml::Node* n = &docs[e.doc].root;
    for (size_t i : e.path) {
      if (i >= n->children().size()) return "internal: tree edit path out of range";
      n = &n->children()[i];
    }
    size_t count = n->children().size();
    switch (e.kind) {
      case TreeEdit::Kind::Insert:
        if (e.index > count) return "internal: insertion out of range";
        n->insert_children(e.index, e.nodes);
        break;
      case TreeEdit::Kind::Erase:
        if (e.index + e.count > count) return "internal: erase out of range";
        n->erase_children(e.index, e.count);
        break;
      case TreeEdit::Kind::Replace:
        *n = e.nodes.at(0);
        break;
      default:
        break;
    }
  }
  return std::nullopt;
}

std::string line_of(std::string_view text, uint32_t offset) {
  size_t line = 1;
  for (uint32_t i = 0; i < offset && i < text.size(); ++i) line += text[i] == '\n';
  return std::to_string(line);
}

std::optional<std::string> verify_created(const FileEdits& fe) {
  auto parsed = yaml::parse(fe.created_text, kNoFile);
  if (parsed.error) return "the new file does not parse: " + parsed.error->reason;
  if (parsed.documents.size() != 1 || !same_tree(parsed.documents[0].root, fe.created_root))
    return "the new file does not read back as intended";
  return std::nullopt;
}

bool conflict(const ByteEdit& a, const ByteEdit& b) {
  bool ai = a.begin == a.end, bi = b.begin == b.end;
  if (ai && bi) return a.begin == b.begin;
  if (ai) return b.begin <= a.begin && a.begin <= b.end;
  if (bi) return a.begin <= b.begin && b.begin <= a.end;
  return a.begin < b.end && b.begin < a.end;
}

// The accepted fixes' edits, merged per file.
struct Merged {
  std::map<std::string, FileEdits> by_path;
};

}  // namespace

std::optional<std::string> verify(const SourceFile& f, const std::string& new_text,
                                  const std::vector<TreeEdit>& tree_edits) {
  std::vector<yaml::Document> want = f.documents;
  if (auto err = apply_tree(want, tree_edits)) return err;
  auto parsed = yaml::parse(new_text, kNoFile);
  if (parsed.error)
    return "the edited file would not parse (" + parsed.error->reason + " at line " +
           line_of(new_text, parsed.error->offset) + ")";
  if (parsed.duplicates.size() > f.duplicates.size()) return "the edit would create a duplicate key";
  if (parsed.documents.size() != want.size())
    return "the edited file would hold " + std::to_string(parsed.documents.size()) + " documents instead of " +
           std::to_string(want.size());
  // The file's id, as its nodes' origins hold it.
  FileId id = kNoFile;
  for (const auto& d : f.documents)
    if (d.has_content && id == kNoFile) id = d.root.origin().file;
  for (size_t i = 0; i < want.size(); ++i) {
    const auto& got = parsed.documents[i];
    if (got.has_content != want[i].has_content || (got.has_content && !same_tree(got.root, want[i].root, id)))
      return "the edited file would not read back as intended (document " + std::to_string(i + 1) + ")";
  }
  return std::nullopt;
}

PassResult run_pass(const FileTable& files, const std::vector<const Fix*>& fixes, const Planner& planner) {
  PassResult result;
  result.outcomes.resize(fixes.size());
  std::vector<std::optional<FixPlan>> plans(fixes.size());

  auto verify_file = [&](const FileEdits& fe) -> std::optional<std::string> {
    if (fe.file == kNoFile) return verify_created(fe);
    const SourceFile& f = files[fe.file];
    return verify(f, apply_bytes(f.text, fe.bytes), fe.tree);
  };

  // Plan and verify each fix alone.
  std::vector<size_t> accepted;
  for (size_t i = 0; i < fixes.size(); ++i) {
    Outcome& out = result.outcomes[i];
    auto planned = planner(files, *fixes[i]);
    if (auto* reason = std::get_if<std::string>(&planned)) {
      out = {Outcome::Status::Refused, *reason};
      continue;
    }
    FixPlan plan = std::get<FixPlan>(std::move(planned));
    std::optional<std::string> bad;
    for (const auto& fe : plan.files)
      if ((bad = verify_file(fe))) break;
    if (bad) {
      out = {Outcome::Status::Refused, *bad};
      continue;
    }
    // Overlap with a fix already kept in this pass: wait for the next pass, which plans
    // it on the new bytes.
    bool overlaps = false;
    for (size_t j : accepted)
      for (const auto& a : plans[j]->files)
        for (const auto& b : plan.files) {
          if (a.abs_path != b.abs_path) continue;
          if (a.file == kNoFile || b.file == kNoFile) overlaps = true;
          for (const auto& x : a.bytes)
            for (const auto& y : b.bytes) overlaps = overlaps || conflict(x, y);
        }
    if (overlaps) {
      out = {Outcome::Status::Deferred, "overlaps another fix applied in the same pass"};
      continue;
    }
    plans[i] = std::move(plan);
    accepted.push_back(i);
    out = {Outcome::Status::Applied, ""};
  }

  // Apply the kept fixes together, file by file; when the combination does not verify,
  // the last fix touching that file waits for the next pass.
  for (;;) {
    std::map<std::string, FileEdits> merged;
    std::map<std::string, size_t> last_fix;
    for (size_t i : accepted)
      for (const auto& fe : plans[i]->files) {
        auto [it, inserted] = merged.emplace(fe.abs_path, FileEdits{fe.file, fe.abs_path, {}, {}, fe.created_text, fe.created_root});
        it->second.bytes.insert(it->second.bytes.end(), fe.bytes.begin(), fe.bytes.end());
        it->second.tree.insert(it->second.tree.end(), fe.tree.begin(), fe.tree.end());
        last_fix[fe.abs_path] = i;
      }
    std::optional<size_t> drop;
    result.files.clear();
    for (auto& [path, fe] : merged) {
      if (fe.file == kNoFile) {
        result.files.push_back({kNoFile, path, "", fe.created_text});
        continue;
      }
      const SourceFile& f = files[fe.file];
      std::string after = apply_bytes(f.text, fe.bytes);
      if (verify(f, after, fe.tree)) {
        drop = last_fix[path];
        break;
      }
      if (after != f.text) result.files.push_back({fe.file, path, f.text, std::move(after)});
    }
    if (!drop) break;
    result.outcomes[*drop] = {Outcome::Status::Deferred, "conflicts with another fix applied in the same pass"};
    std::erase(accepted, *drop);
  }
  return result;
}

}  // namespace halint::fix
