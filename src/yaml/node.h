#pragma once
// halint's YAML document tree. Every node knows the file and byte span it was written at
// (its origin), its style and its resolved scalar type. The parser builds it from libyaml
// events; the renderer copies and merges nodes, keeping their origins, so that findings
// and fixes point at the line that produced a value, whatever render it went through.
// A node's span covers its properties (`&anchor`, `!tag`) when it was written with them.
//
// Nodes are values, but a collection's children are shared between copies until one of
// them changes (copy on write): a render copies every object it includes, several
// hundred times over a repository, and changes a few fields of each. Any non-const
// access to the children (get(), children(), set(), items(), ...) first gives this node
// a private copy of its child list, so a `Node*` or `Node&` obtained from a non-const
// node may be written through; do not keep one across a copy of an ancestor and then
// write through it (the copy would see the write).
#include <atomic>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/source.h"

namespace halint::yaml {

enum class Kind : uint8_t { Scalar, Map, Seq };

// Resolved type of a scalar (YAML 1.2 core schema; quoted scalars are strings).
enum class ScalarType : uint8_t { Null, Bool, Int, Float, String };

enum class Style : uint8_t {
  Plain, SingleQuoted, DoubleQuoted, Literal, Folded,  // scalars
  Block, Flow                                          // collections
};

enum NodeFlags : uint8_t {
  kAnchored = 1,   // this node defines an anchor (&name)
  kFromAlias = 2,  // this node is a copy made for an alias (*name): its origin is the anchor's
  kFromMerge = 4,  // this map entry came from a merge key (<<)
  kTagged = 8,     // written with an explicit tag (!!str, !env_var, ...)
  // Made by a chart model (src/helm/), not written anywhere: its origin is the values
  // entry that caused it, where findings point; a fix must not edit it there.
  kSynthesized = 16,
  // As the parser built it: the text of this node and of every node below it was decoded
  // from the bytes of origin().file within origin().span (so not a collection holding an
  // alias or merged entries). Any change to the node or below it clears it (a change
  // below needs non-const access through this node); a copy keeps it. Lets a pass over
  // many rendered objects skip, by a fact about those bytes (SourceFile::facts), a
  // subtree it would otherwise read through.
  kVerbatim = 32,
};

class Node {
 public:
  Node() = default;  // a null scalar
  static Node scalar(std::string value, Style style = Style::Plain, Origin origin = {});
  static Node string(std::string value, Origin origin = {});  // a string, quoted if needed
  static Node integer(int64_t value, Origin origin = {});
  static Node boolean(bool value, Origin origin = {});
  static Node map(Origin origin = {}, Style style = Style::Block);
  static Node seq(Origin origin = {}, Style style = Style::Block);

  Kind kind() const { return kind_; }
  bool is_map() const { return kind_ == Kind::Map; }
  bool is_seq() const { return kind_ == Kind::Seq; }
  bool is_scalar() const { return kind_ == Kind::Scalar; }
  bool is_null() const { return kind_ == Kind::Scalar && type_ == ScalarType::Null; }
  bool is_string() const { return kind_ == Kind::Scalar && type_ == ScalarType::String; }
  ScalarType scalar_type() const { return type_; }
  Style style() const { return style_; }
  uint8_t flags() const { return flags_; }
  bool has_flag(NodeFlags f) const { return (flags_ & f) != 0; }
  void set_flag(NodeFlags f, bool on = true) { flags_ = on ? (flags_ | f) : (flags_ & ~f); }
  void set_style(Style s) { style_ = s; }
  void set_scalar_type(ScalarType t) { type_ = t; }

  const Origin& origin() const { return origin_; }
  void set_origin(Origin o) {
    origin_ = o;
    flags_ &= ~kVerbatim;
  }
  // Sets this origin on the node and every descendant (used for synthesised trees).
  void set_origin_deep(Origin o);

  // Scalar text as the parser decoded it ("" for collections).
  const std::string& str() const { return text_; }
  void set_str(std::string s) {
    text_ = std::move(s);
    flags_ &= ~kVerbatim;
  }
  // Integer value of an Int scalar (also of a String scalar holding a decimal integer
  // when lenient is true). Empty for anything else.
  std::optional<int64_t> as_int(bool lenient = false) const;
  std::optional<bool> as_bool() const;
  // True when a string scalar holds an unresolved Flux substitution such as ${VAR}.
  bool is_substitution() const;

  // Collections. For a map, children alternate key, value.
  size_t size() const { return kind_ == Kind::Map ? kids().size() / 2 : kids().size(); }
  bool empty() const { return kids().empty(); }

  // Map access (scalar keys only; a complex key never matches).
  const Node* get(std::string_view key) const;
  Node* get(std::string_view key);
  const Node* find_key(std::string_view key) const;  // the key node itself
  // Walks nested maps: path({"spec", "template", "spec"}).
  const Node* path(std::initializer_list<std::string_view> keys) const;
  const Node& key_at(size_t i) const { return kids()[2 * i]; }
  const Node& value_at(size_t i) const { return kids()[2 * i + 1]; }
  Node& key_at(size_t i) { return own_kids()[2 * i]; }
  Node& value_at(size_t i) { return own_kids()[2 * i + 1]; }
  // Sets key to value (replacing an existing entry in place, else appending).
  Node& set(std::string_view key, Node value);
  Node& set(Node key, Node value);
  bool erase(std::string_view key);
  void erase_at(size_t i);  // map entry or seq item i

  // Sequence access.
  const Node& at(size_t i) const { return kids()[i]; }
  Node& at(size_t i) { return own_kids()[i]; }
  std::span<const Node> items() const { return kids(); }
  std::span<Node> items() { return own_kids(); }
  void push_back(Node n);

  // Raw children (for code that walks any collection: builder, copier, comparer).
  std::span<const Node> children() const { return kids(); }
  std::span<Node> children() { return own_kids(); }
  // Replaces the children with these nodes (moved from; they must not be this node's).
  void assign_children(std::span<Node> nodes);
  void assign_children(std::vector<Node>&& nodes) { assign_children(std::span<Node>(nodes)); }
  // Inserts before child `at` (at == child count appends); erases `count` children from `first`.
  void insert_child(size_t at, Node n);
  void insert_children(size_t at, std::vector<Node> nodes);
  void erase_children(size_t first, size_t count);
  // True when both nodes hold the very same child list (a copy not changed since).
  bool shares_children_with(const Node& other) const { return kids_ && kids_ == other.kids_; }
  // Gives each child list below this node that no other node shares exactly the room it
  // uses (a list built by appending keeps up to twice that); shared lists, and what is
  // below them, are left as they are. For trees that are finished and kept (rendered and
  // modelled objects): peak memory.
  void compact();
  // Identifies the child list (nullptr when none): equal for copies that still share it.
  // Usable as a cache key only while the cache keeps a copy of the node, which keeps the
  // list from being changed in place or freed and its address reused.
  const void* children_id() const { return kids_; }

  // Number of nodes in this subtree (itself included).
  size_t tree_size() const;

  Node(const Node& other) noexcept
      : text_(other.text_), kids_(other.kids_), origin_(other.origin_), kind_(other.kind_), type_(other.type_),
        style_(other.style_), flags_(other.flags_) {
    if (kids_) kids_->refs.fetch_add(1, std::memory_order_relaxed);
  }
  Node(Node&& other) noexcept
      : text_(std::move(other.text_)), kids_(other.kids_), origin_(other.origin_), kind_(other.kind_),
        type_(other.type_), style_(other.style_), flags_(other.flags_) {
    other.kids_ = nullptr;
  }
  Node& operator=(const Node& other) {
    if (this != &other) {
      Node copy(other);  // before releasing ours: `other` may live inside them
      *this = std::move(copy);
    }
    return *this;
  }
  Node& operator=(Node&& other) noexcept {
    if (this != &other) {
      Kids* old = kids_;
      text_ = std::move(other.text_);
      kids_ = other.kids_;
      other.kids_ = nullptr;
      origin_ = other.origin_;
      kind_ = other.kind_;
      type_ = other.type_;
      style_ = other.style_;
      flags_ = other.flags_;
      release(old);  // after the move: `other` may have lived inside them
    }
    return *this;
  }
  ~Node() { release(kids_); }

 private:
  // A child list shared by the copies of a node; changed only while one node holds it.
  // One allocation: this header, then `cap` node slots of which the first `size` live.
  struct Kids {
    std::atomic<uint32_t> refs{1};
    uint32_t size = 0;
    uint32_t cap = 0;
    uint32_t unused = 0;  // keeps the slots 8-byte aligned after a 16-byte header
    Node* data() { return reinterpret_cast<Node*>(this + 1); }
  };
  static Kids* new_kids(size_t cap);
  static void free_kids(Kids* k);  // destroys the live nodes, frees the block
  static void release(Kids* k) {
    if (k && k->refs.fetch_sub(1, std::memory_order_acq_rel) == 1) free_kids(k);
  }
  std::span<const Node> kids() const {
    return kids_ ? std::span<const Node>(kids_->data(), kids_->size) : std::span<const Node>();
  }
  // This node's own child list, copied first when shared (the children themselves are
  // copied shallowly: they share their own lists in turn).
  std::span<Node> own_kids() {
    flags_ &= ~kVerbatim;  // the caller may change what is below
    if (!kids_) return {};
    if (kids_->refs.load(std::memory_order_acquire) != 1) unshare(kids_->size);
    return {kids_->data(), kids_->size};
  }
  // Makes the list this node's own with room for `cap` children.
  void unshare(size_t cap);
  void reserve_kids(size_t n);

  std::string text_;
  Kids* kids_ = nullptr;
  Origin origin_;
  Kind kind_ = Kind::Scalar;
  ScalarType type_ = ScalarType::Null;
  Style style_ = Style::Plain;
  uint8_t flags_ = 0;
};

// Resolves the type of a plain scalar per the YAML 1.2 core schema.
ScalarType resolve_plain(std::string_view text);

// Structural equality: kinds, scalar types and texts, map order. Origins and styles of
// collections are ignored; depth is bounded by the parser's nesting cap.
bool equal(const Node& a, const Node& b);

// Human-readable one-line rendering, for messages ("{app: web}").
std::string to_flow(const Node& n, size_t max_len = 120);

}  // namespace halint::yaml
