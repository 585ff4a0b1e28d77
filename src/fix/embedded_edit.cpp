#include "fix/embedded_edit.h"

#include "fix/apply.h"
#include "fix/locate.h"
#include "yaml/embedded.h"

namespace halint::fix {
namespace {

const yaml::Node* find_block(const yaml::Node& n, Span span, size_t depth) {
  if (depth > 1100 || n.has_flag(yaml::kFromAlias)) return nullptr;
  const Span s = n.origin().span;
  if (n.is_scalar())
    return n.style() == yaml::Style::Literal && s.begin < span.begin && span.end <= s.end ? &n : nullptr;
  for (const auto& k : n.children())
    if (const auto* found = find_block(k, span, depth + 1)) return found;
  return nullptr;
}

// A file offset of a target span as an embedded offset: content bytes map one to one; a
// line start or the end of the block (where a collection's span may end) maps to the
// embedded line start or the end of the text.
std::optional<uint32_t> embedded_offset(const yaml::BlockText& b, uint32_t off) {
  if (auto e = b.to_embedded(off)) return e;
  for (size_t i = 0; i < b.line_start.size(); ++i)
    if (b.line_start[i] == off) return b.emb_start[i];
  if (off == b.file_end) return static_cast<uint32_t>(b.text.size());
  return std::nullopt;
}

bool embedded_line_start(const yaml::BlockText& b, uint32_t off) {
  if (off >= b.text.size()) return true;
  for (uint32_t s : b.emb_start)
    if (s == off) return true;
  return false;
}

// Inserted text as it must be written in the file: each line that starts inside the
// block gets the block indentation (blank lines need none), line breaks as the file
// writes them.
std::string indent_text(const std::string& text, bool starts_line, bool followed_mid_line, uint32_t indent,
                        const std::string& eol) {
  std::string ind(indent, ' ');
  std::string out;
  bool line_begin = starts_line;
  for (char ch : text) {
    if (line_begin && ch != '\n' && ch != '\r') out += ind;
    line_begin = false;
    if (ch == '\n') {
      out += eol;
      line_begin = true;
    } else if (ch != '\r') {
      out += ch;
    }
  }
  // The rest of an edited line follows the insertion: it needs its indentation back.
  if (line_begin && followed_mid_line) out += ind;
  return out;
}

FileEdits& edits_of(FixPlan& plan, FileId id, const std::string& abs_path) {
  for (auto& fe : plan.files)
    if (fe.file == id) return fe;
  plan.files.push_back(FileEdits{id, abs_path, {}, {}, {}, {}});
  return plan.files.back();
}

}  // namespace

const yaml::Node* enclosing_block_scalar(const SourceFile& f, Span span) {
  for (const auto& d : f.documents)
    if (d.has_content)
      if (const auto* s = find_block(d.root, span, 0)) return s;
  return nullptr;
}

std::optional<std::string> plan_embedded_edits(const FileTable& files, FileId id, const yaml::Node& scalar,
                                               const std::vector<const Edit*>& edits, FixPlan& plan,
                                               const PlanOne& plan_one) {
  const SourceFile& f = files[id];
  auto block = yaml::literal_block_text(scalar, f.text);
  if (!block) return "the target is inside a block scalar whose lines halint cannot map";
  if (block->chomp == '+') return "the target is inside a `|+` block scalar, which halint does not edit";

  // The embedded text as a file of its own.
  FileTable inner;
  {
    auto vf = std::make_unique<SourceFile>();
    vf->path = f.path;
    vf->abs_path = f.abs_path;
    vf->text = block->text;
    vf->lines = LineIndex(vf->text);
    auto parsed = yaml::parse(vf->text, 0);
    if (parsed.error) return "the YAML inside the block scalar does not parse";
    vf->documents = std::move(parsed.documents);
    inner.add(std::move(vf));
  }
  FixPlan sub;
  for (const Edit* e : edits) {
    auto b = embedded_offset(*block, e->target.span.begin);
    auto en = embedded_offset(*block, e->target.span.end);
    if (!b || !en) return "the target does not map into the block scalar's text";
    Edit ve = *e;
    ve.target = Origin{0, Span{*b, *en}};
    if (auto err = plan_one(inner, ve, sub)) return "inside the block scalar: " + *err;
  }
  if (sub.files.size() != 1 || sub.files[0].file != 0) return "the edits inside the block scalar touch other files";
  const FileEdits& in = sub.files[0];
  std::string new_text = apply_bytes(block->text, in.bytes);
  if (auto err = verify(inner[0], new_text, in.tree)) return "inside the block scalar: " + *err;

  std::string eol = f.text.find("\r\n") != std::string::npos ? "\r\n" : "\n";
  FileEdits& out = edits_of(plan, id, f.abs_path);
  for (const ByteEdit& be : in.bytes) {
    ByteEdit mapped;
    mapped.begin = block->to_file_edit(be.begin);
    mapped.end = be.end == be.begin ? mapped.begin : block->to_file_edit(be.end);
    mapped.text = indent_text(be.text, embedded_line_start(*block, be.begin), !embedded_line_start(*block, be.end),
                              block->indent, eol);
    out.bytes.push_back(std::move(mapped));
  }

  // The outer tree changes in one place: the scalar's value, chomped as its header says.
  auto loc = locate(f.documents, scalar.origin().span, Want::Value);
  if (!loc) return "the block scalar was not found in " + f.path;
  std::string value = new_text;
  while (!value.empty() && value.back() == '\n') value.pop_back();
  if (block->chomp != '-' && !value.empty()) value += '\n';
  TreeEdit te;
  te.kind = TreeEdit::Kind::Replace;
  te.doc = loc->doc;
  te.path = loc->path;
  te.nodes.push_back(yaml::Node::scalar(std::move(value), yaml::Style::Literal, scalar.origin()));
  te.order = scalar.origin().span.begin;
  out.tree.push_back(std::move(te));
  return std::nullopt;
}

}  // namespace halint::fix
