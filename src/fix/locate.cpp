#include "fix/locate.h"

namespace halint::fix {

bool Located::in_flow() const {
  for (size_t i = 0; i + 1 < chain.size(); ++i)
    if (chain[i]->style() == yaml::Style::Flow) return true;
  return false;
}

namespace {

bool fits(const Located& l, Want want) {
  const yaml::Node& n = l.node();
  switch (want) {
    case Want::Map: return n.is_map();
    case Want::Seq: return n.is_seq();
    case Want::Key: return l.is_key();
    case Want::Value: return !l.is_key();
    case Want::Any: return true;
  }
  return true;
}

struct Finder {
  Span span;
  Want want;
  Located cur;
  std::optional<Located> best;

  void walk(const yaml::Node& n, size_t depth) {
    // Alias copies carry the anchor's origin: the text is the anchored node's.
    if (best || depth > 1100 || n.has_flag(yaml::kFromAlias)) return;
    cur.chain.push_back(&n);
    const Span s = n.origin().span;
    if (s == span && fits(cur, want)) {
      best = cur;
    } else if (!n.is_scalar() && s.begin <= span.begin && (n.style() != yaml::Style::Flow || span.end <= s.end)) {
      // A block collection's span ends at its last descendant, which may be a merged or
      // aliased node written elsewhere: only its start is trusted for pruning.
      const auto& kids = n.children();
      for (size_t i = 0; i < kids.size() && !best; ++i) {
        cur.path.push_back(i);
        walk(kids[i], depth + 1);
        cur.path.pop_back();
      }
    }
    cur.chain.pop_back();
  }
};

void collect_aliased(const yaml::Node& n, bool parent_alias, std::vector<Span>& out, size_t depth) {
  if (depth > 1100) return;
  bool alias = n.has_flag(yaml::kFromAlias);
  if (alias && !parent_alias) out.push_back(n.origin().span);
  for (const auto& k : n.children()) collect_aliased(k, alias, out, depth + 1);
}

}  // namespace

std::optional<Located> locate(const std::vector<yaml::Document>& docs, Span span, Want want) {
  for (size_t d = 0; d < docs.size(); ++d) {
    if (!docs[d].has_content) continue;
    Finder f{span, want, {}, std::nullopt};
    f.cur.doc = d;
    f.walk(docs[d].root, 0);
    if (f.best) return f.best;
  }
  return std::nullopt;
}

std::vector<Span> aliased_spans(const std::vector<yaml::Document>& docs) {
  std::vector<Span> out;
  for (const auto& d : docs)
    if (d.has_content) collect_aliased(d.root, false, out, 0);
  return out;
}

}  // namespace halint::fix
