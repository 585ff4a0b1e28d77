#include "yaml/parser.h"

#include <yaml.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <map>
#include <unordered_map>
#include <unordered_set>
#include <utility>

namespace halint::yaml {
namespace {

// Eight bytes at a time: this runs over every byte of every file.
bool all_ascii(std::string_view t) {
  const char* p = t.data();
  size_t i = 0;
  for (; i + 8 <= t.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, p + i, 8);
    if (w & 0x8080808080808080ull) return false;
  }
  for (; i < t.size(); ++i)
    if (p[i] & 0x80) return false;
  return true;
}

// libyaml marks count code points (a BOM excluded, CRLF as two); convert them to bytes.
class CodepointToByte {
 public:
  explicit CodepointToByte(std::string_view text) : text_(text) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") bom_ = 3;
    last_byte_ = bom_;
    ascii_ = all_ascii(text);
    if (!ascii_) {
      uint32_t cp = 0;
      for (uint32_t i = bom_; i < text.size(); ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
        if (cp % kStride == 0) checkpoints_.push_back(i);
        ++cp;
      }
    }
  }

  uint32_t operator()(size_t index) {
    if (ascii_) return static_cast<uint32_t>(std::min(index + bom_, text_.size()));
    // Marks mostly move forward a little: go on from the previous answer when it is
    // close behind, else from the nearest checkpoint.
    size_t from;
    uint32_t b;
    if (index >= last_index_ && index - last_index_ < kStride) {
      from = last_index_;
      b = last_byte_;
    } else {
      size_t cp_block = index / kStride;
      if (cp_block >= checkpoints_.size()) return static_cast<uint32_t>(text_.size());
      from = cp_block * kStride;
      b = checkpoints_[cp_block];
    }
    for (size_t remaining = index - from; remaining > 0 && b < text_.size(); --remaining) {
      ++b;
      while (b < text_.size() && (static_cast<unsigned char>(text_[b]) & 0xC0) == 0x80) ++b;
    }
    last_index_ = index;
    last_byte_ = b;
    return b;
  }

 private:
  static constexpr size_t kStride = 64;
  std::string_view text_;
  uint32_t bom_ = 0;
  bool ascii_ = true;
  std::vector<uint32_t> checkpoints_;
  size_t last_index_ = 0;  // the previous question (code point index) and its answer
  uint32_t last_byte_ = 0;
};

struct Frame {
  Node node;
  std::string anchor;
  bool flow = false;
  // End of the last child as written in this file: an alias child ends at `*name`, not
  // at its anchor, and merged entries (<<) are appended after the map's own keys, so the
  // last node of the finished tree cannot tell where a block collection ends.
  uint32_t last_end = 0;
  // Every child so far is verbatim and lies within this collection's text (no alias copy).
  bool verbatim = true;
};

ScalarType resolve_tagged(std::string_view tag, const std::string& value, Style style) {
  if (tag == "tag:yaml.org,2002:str") return ScalarType::String;
  if (tag == "tag:yaml.org,2002:int") return ScalarType::Int;
  if (tag == "tag:yaml.org,2002:bool") return ScalarType::Bool;
  if (tag == "tag:yaml.org,2002:float") return ScalarType::Float;
  if (tag == "tag:yaml.org,2002:null") return ScalarType::Null;
  if (style != Style::Plain) return ScalarType::String;
  if (tag == "!") return ScalarType::String;  // the non-specific tag on a plain scalar
  return resolve_plain(value);                // a custom tag (!env_var): keep the value
}

// Expands merge keys (<<) the way the Kubernetes decoder does: explicit keys win, then
// the merged maps in order. Entries that came from a merge are flagged.
// Returns whether the map had any.
bool expand_merge_keys(Node& map) {
  std::span<Node> kids = map.children();
  bool has_merge = false;
  for (size_t i = 0; i + 1 < kids.size(); i += 2)
    if (kids[i].is_scalar() && kids[i].str() == "<<" && kids[i].style() == Style::Plain) has_merge = true;
  if (!has_merge) return false;
  std::vector<Node> own, merged_sources;
  for (size_t i = 0; i + 1 < kids.size(); i += 2) {
    if (kids[i].is_scalar() && kids[i].str() == "<<" && kids[i].style() == Style::Plain) {
      Node& v = kids[i + 1];
      if (v.is_map()) merged_sources.push_back(std::move(v));
      else if (v.is_seq())
        for (auto& item : v.children())
          if (item.is_map()) merged_sources.push_back(std::move(item));
    } else {
      own.push_back(std::move(kids[i]));
      own.push_back(std::move(kids[i + 1]));
    }
  }
  std::unordered_set<std::string> seen;
  for (size_t i = 0; i < own.size(); i += 2)
    if (own[i].is_scalar()) seen.insert(own[i].str());
  for (auto& src : merged_sources) {
    std::span<Node> sk = src.children();
    for (size_t i = 0; i + 1 < sk.size(); i += 2) {
      if (sk[i].is_scalar() && !seen.insert(sk[i].str()).second) continue;
      sk[i].set_flag(kFromMerge);
      sk[i + 1].set_flag(kFromMerge);
      own.push_back(std::move(sk[i]));
      own.push_back(std::move(sk[i + 1]));
    }
  }
  map.assign_children(std::move(own));
  return true;
}

class Builder {
 public:
  Builder(std::string_view text, FileId file, const ParseLimits& limits, ParseScratch& scratch)
      : text_(text), file_(file), limits_(limits), to_byte_(text), scratch_(scratch.kids) {
    for (auto& k : scratch_) k.clear();  // a parse that failed may have left some
  }

  ParseResult run() {
    // Offsets are computed for UTF-8; go-yaml reads UTF-16 too, but no manifest repository does.
    if (text_.starts_with("\xFF\xFE") || text_.starts_with("\xFE\xFF")) {
      result_.error = SyntaxError{0, "UTF-16 encoded file: halint reads UTF-8"};
      return std::move(result_);
    }
    yaml_parser_t parser;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char*>(text_.data()), text_.size());
    bool done = false;
    while (!done && !result_.error) {
      yaml_event_t ev;
      if (!yaml_parser_parse(&parser, &ev)) {
        result_.error = SyntaxError{error_offset(parser), describe(parser)};
        break;
      }
      done = ev.type == YAML_STREAM_END_EVENT;
      handle(ev);
      yaml_event_delete(&ev);
    }
    yaml_parser_delete(&parser);
    return std::move(result_);
  }

 private:
  static std::string describe(const yaml_parser_t& p) {
    std::string reason = p.problem ? p.problem : "invalid YAML";
    if (p.context) reason = std::string(p.context) + ": " + reason;
    // Reader errors (bad UTF-8, control characters such as NUL) name the offending byte.
    if (p.error == YAML_READER_ERROR && p.problem_value >= 0) {
      char hex[16];
      std::snprintf(hex, sizeof hex, " (#x%X)", static_cast<unsigned>(p.problem_value));
      reason += hex;
    }
    return reason;
  }

  // Reader errors carry a raw byte offset (problem_offset) and no mark; the other errors
  // a mark counted in code points.
  uint32_t error_offset(const yaml_parser_t& p) {
    if (p.error == YAML_READER_ERROR)
      return static_cast<uint32_t>(std::min<size_t>(p.problem_offset, text_.size()));
    return to_byte_(p.problem_mark.index);
  }

  Origin origin(const yaml_mark_t& b, const yaml_mark_t& e) {
    return Origin{file_, Span{to_byte_(b.index), to_byte_(e.index)}};
  }

  void fail(uint32_t offset, std::string reason) {
    if (!result_.error) result_.error = SyntaxError{offset, std::move(reason)};
  }

  void handle(const yaml_event_t& ev) {
    switch (ev.type) {
      case YAML_DOCUMENT_START_EVENT:
        doc_ = Document{};
        doc_.explicit_start = !ev.data.document_start.implicit;
        doc_.span.begin = to_byte_(ev.start_mark.index);
        anchors_.clear();
        break;
      case YAML_DOCUMENT_END_EVENT:
        doc_.span.end = to_byte_(ev.end_mark.index);
        result_.documents.push_back(std::move(doc_));
        break;
      case YAML_SCALAR_EVENT: {
        const auto& s = ev.data.scalar;
        Style style = Style::Plain;
        switch (s.style) {
          case YAML_SINGLE_QUOTED_SCALAR_STYLE: style = Style::SingleQuoted; break;
          case YAML_DOUBLE_QUOTED_SCALAR_STYLE: style = Style::DoubleQuoted; break;
          case YAML_LITERAL_SCALAR_STYLE: style = Style::Literal; break;
          case YAML_FOLDED_SCALAR_STYLE: style = Style::Folded; break;
          default: break;
        }
        std::string value(reinterpret_cast<const char*>(s.value), s.length);
        Origin where = origin(ev.start_mark, ev.end_mark);
        Node n = Node::scalar(std::move(value), style, where);
        if (s.tag) {
          std::string_view tag = reinterpret_cast<const char*>(s.tag);
          n.set_scalar_type(resolve_tagged(tag, n.str(), style));
          n.set_flag(kTagged);
        }
        std::string_view anchor = s.anchor ? reinterpret_cast<const char*>(s.anchor) : "";
        if (!anchor.empty()) n.set_flag(kAnchored);
        n.set_flag(kVerbatim);
        add(std::move(n), anchor, where.span.end);
        break;
      }
      case YAML_ALIAS_EVENT: {
        std::string name = reinterpret_cast<const char*>(ev.data.alias.anchor);
        auto it = anchors_.find(name);
        if (it == anchors_.end()) {
          fail(to_byte_(ev.start_mark.index), "found undefined alias *" + name);
          return;
        }
        alias_nodes_ += it->second.size;
        if (alias_nodes_ > limits_.max_alias_nodes) {
          fail(to_byte_(ev.start_mark.index), "document contains excessive aliasing (more than " +
                                                   std::to_string(limits_.max_alias_nodes) + " nodes)");
          return;
        }
        Node copy = it->second.node;
        mark_alias(copy);
        add(std::move(copy), "", to_byte_(ev.end_mark.index));
        break;
      }
      case YAML_SEQUENCE_START_EVENT:
      case YAML_MAPPING_START_EVENT: {
        bool is_map = ev.type == YAML_MAPPING_START_EVENT;
        if (stack_.size() >= limits_.max_depth) {
          fail(to_byte_(ev.start_mark.index),
               "nesting deeper than " + std::to_string(limits_.max_depth) + " levels");
          return;
        }
        bool flow = is_map ? ev.data.mapping_start.style == YAML_FLOW_MAPPING_STYLE
                           : ev.data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE;
        Origin o = origin(ev.start_mark, ev.start_mark);
        Frame f{is_map ? Node::map(o, flow ? Style::Flow : Style::Block)
                       : Node::seq(o, flow ? Style::Flow : Style::Block),
                "", flow};
        const yaml_char_t* anchor = is_map ? ev.data.mapping_start.anchor : ev.data.sequence_start.anchor;
        const yaml_char_t* tag = is_map ? ev.data.mapping_start.tag : ev.data.sequence_start.tag;
        if (anchor) {
          f.anchor = reinterpret_cast<const char*>(anchor);
          f.node.set_flag(kAnchored);
        }
        if (tag) f.node.set_flag(kTagged);
        stack_.push_back(std::move(f));
        if (scratch_.size() < stack_.size()) scratch_.emplace_back();
        break;
      }
      case YAML_SEQUENCE_END_EVENT:
      case YAML_MAPPING_END_EVENT: {
        if (stack_.empty()) return;
        Frame f = std::move(stack_.back());
        // The children were collected in this depth's scratch buffer: one allocation of
        // the exact size, instead of growth reallocations plus slack (the trees live for
        // the whole run; SPEC §9 budgets time and memory).
        auto& kids = scratch_[stack_.size() - 1];
        if (!kids.empty())  // an empty collection allocates nothing
          f.node.assign_children(std::span<Node>(kids));
        kids.clear();
        stack_.pop_back();
        Span span = f.node.origin().span;
        if (f.flow)
          span.end = to_byte_(ev.end_mark.index);
        else  // libyaml's END marks of block collections point at the next token
          span.end = f.node.empty() ? span.begin : f.last_end;
        f.node.set_origin(Origin{file_, span});
        bool merged = false;
        if (f.node.is_map() && !f.node.empty()) {
          check_duplicates(f.node);
          merged = expand_merge_keys(f.node);
        }
        // Verbatim when all below is too and lies within this span: an alias copy or a
        // merged entry holds text written elsewhere in the file.
        if (f.verbatim && !merged) f.node.set_flag(kVerbatim);
        add(std::move(f.node), f.anchor, span.end);
        break;
      }
      default:
        break;
    }
  }

  void mark_alias(Node& n) {
    bool verbatim = n.has_flag(kVerbatim);
    n.set_flag(kFromAlias);
    if (!n.empty())
      for (auto& k : n.children()) mark_alias(k);
    if (verbatim) n.set_flag(kVerbatim);  // still the anchor's text (children() cleared it)
  }

  static bool has_duplicate_key(std::span<const Node> kids) {
    for (size_t i = 2; i < kids.size(); i += 2) {
      const Node& k = kids[i];
      if (!k.is_scalar()) continue;
      for (size_t j = 0; j < i; j += 2) {
        const Node& e = kids[j];
        if (e.is_scalar() && e.str() == k.str()) return true;  // (<< pairs are sorted out after)
      }
    }
    return false;
  }

  void check_duplicates(Node& map) {
    std::span<Node> kids = map.children();
    if (kids.size() < 4) return;
    auto plain_merge = [](const Node& k) { return k.str() == "<<" && k.style() == Style::Plain; };
    // For each scalar key, the index of its previous occurrence (or npos). Most maps have
    // a handful of keys: compare pairwise there, hash only the big ones.
    if (kids.size() <= 64 && !has_duplicate_key(kids)) return;  // the usual case: nothing allocated
    constexpr size_t npos = SIZE_MAX;
    std::vector<size_t> prev(kids.size() / 2, npos);
    bool any = false;
    if (kids.size() <= 64) {
      for (size_t i = 2; i < kids.size(); i += 2) {
        const Node& k = kids[i];
        if (!k.is_scalar() || plain_merge(k)) continue;
        for (size_t j = i; j >= 2; j -= 2) {
          const Node& e = kids[j - 2];
          if (e.is_scalar() && e.str() == k.str() && !plain_merge(e)) {
            prev[i / 2] = j - 2;
            any = true;
            break;
          }
        }
      }
    } else {
      std::unordered_map<std::string_view, size_t> last;
      for (size_t i = 0; i < kids.size(); i += 2) {
        const Node& k = kids[i];
        if (!k.is_scalar() || plain_merge(k)) continue;
        auto [it, inserted] = last.emplace(k.str(), i);
        if (!inserted) {
          prev[i / 2] = it->second;
          it->second = i;
          any = true;
        }
      }
    }
    if (!any) return;
    std::vector<size_t> drop;
    for (size_t i = 0; i < kids.size(); i += 2) {
      if (prev[i / 2] == npos) continue;
      const Node& k = kids[i];
      // Reported against the first occurrence; an alias copy is not a key the user wrote twice.
      size_t first = prev[i / 2];
      while (prev[first / 2] != npos) first = prev[first / 2];
      if (!k.has_flag(kFromAlias)) result_.duplicates.push_back({k.str(), kids[first].origin().span, k.origin().span});
      drop.push_back(prev[i / 2]);  // the later occurrence wins, as in the lenient decoder
    }
    std::sort(drop.rbegin(), drop.rend());
    for (size_t i : drop) map.erase_children(i, 2);
  }

  // Attaches a finished node to its parent; `written_end` is where its text ends here.
  void add(Node&& n, std::string_view anchor, uint32_t written_end) {
    if (!anchor.empty()) anchors_[std::string(anchor)] = Anchored{n, n.tree_size()};  // a redefinition wins
    if (stack_.empty()) {
      doc_.root = std::move(n);
      doc_.has_content = true;
      return;
    }
    Frame& parent = stack_.back();
    parent.verbatim = parent.verbatim && n.has_flag(kVerbatim) && !n.has_flag(kFromAlias);
    scratch_[stack_.size() - 1].push_back(std::move(n));
    parent.last_end = written_end;
  }

  struct Anchored {
    Node node;
    size_t size;
  };

  std::string_view text_;
  FileId file_;
  ParseLimits limits_;
  CodepointToByte to_byte_;
  ParseResult result_;
  Document doc_;
  std::vector<Frame> stack_;
  std::vector<std::vector<Node>>& scratch_;  // children of the open collection at each depth
  std::unordered_map<std::string, Anchored> anchors_;
  size_t alias_nodes_ = 0;
};

}  // namespace

ParseResult parse(std::string_view text, FileId file, const ParseLimits& limits, ParseScratch* scratch) {
  ParseScratch own;
  return Builder(text, file, limits, scratch ? *scratch : own).run();
}

}  // namespace halint::yaml
