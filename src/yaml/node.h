#pragma once
// halint's YAML document tree. Every node knows the file and byte span it was written at
// (its origin), its style and its resolved scalar type. The parser builds it from libyaml
// events; the renderer copies and merges nodes, keeping their origins, so that findings
// and fixes point at the line that produced a value, whatever render it went through.
// A node's span covers its properties (`&anchor`, `!tag`) when it was written with them.
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
  void set_origin(Origin o) { origin_ = o; }
  // Sets this origin on the node and every descendant (used for synthesised trees).
  void set_origin_deep(Origin o);

  // Scalar text as the parser decoded it ("" for collections).
  const std::string& str() const { return text_; }
  void set_str(std::string s) { text_ = std::move(s); }
  // Integer value of an Int scalar (also of a String scalar holding a decimal integer
  // when lenient is true). Empty for anything else.
  std::optional<int64_t> as_int(bool lenient = false) const;
  std::optional<bool> as_bool() const;
  // True when a string scalar holds an unresolved Flux substitution such as ${VAR}.
  bool is_substitution() const;

  // Collections. For a map, children alternate key, value.
  size_t size() const { return kind_ == Kind::Map ? kids_.size() / 2 : kids_.size(); }
  bool empty() const { return kids_.empty(); }

  // Map access (scalar keys only; a complex key never matches).
  const Node* get(std::string_view key) const;
  Node* get(std::string_view key);
  const Node* find_key(std::string_view key) const;  // the key node itself
  // Walks nested maps: path({"spec", "template", "spec"}).
  const Node* path(std::initializer_list<std::string_view> keys) const;
  const Node& key_at(size_t i) const { return kids_[2 * i]; }
  const Node& value_at(size_t i) const { return kids_[2 * i + 1]; }
  Node& key_at(size_t i) { return kids_[2 * i]; }
  Node& value_at(size_t i) { return kids_[2 * i + 1]; }
  // Sets key to value (replacing an existing entry in place, else appending).
  Node& set(std::string_view key, Node value);
  Node& set(Node key, Node value);
  bool erase(std::string_view key);
  void erase_at(size_t i);  // map entry or seq item i

  // Sequence access.
  const Node& at(size_t i) const { return kids_[i]; }
  Node& at(size_t i) { return kids_[i]; }
  std::span<const Node> items() const { return kids_; }
  std::span<Node> items() { return kids_; }
  void push_back(Node n) { kids_.push_back(std::move(n)); }

  // Raw children (for code that walks any collection: builder, copier, comparer).
  const std::vector<Node>& children() const { return kids_; }
  std::vector<Node>& children() { return kids_; }

  // Number of nodes in this subtree (itself included).
  size_t tree_size() const;

  ~Node();
  Node(const Node&) = default;
  Node(Node&&) noexcept = default;
  Node& operator=(const Node&) = default;
  Node& operator=(Node&&) noexcept = default;

 private:
  std::string text_;
  std::vector<Node> kids_;
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
