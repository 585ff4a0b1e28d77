#include "yaml/node.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <new>

namespace halint::yaml {

Node::Kids* Node::new_kids(size_t cap) {
  void* block = ::operator new(sizeof(Kids) + cap * sizeof(Node));
  Kids* k = new (block) Kids;
  k->cap = static_cast<uint32_t>(cap);
  return k;
}

void Node::free_kids(Kids* k) {
  Node* d = k->data();
  for (uint32_t i = 0; i < k->size; ++i) d[i].~Node();
  k->~Kids();
  ::operator delete(static_cast<void*>(k));
}

void Node::unshare(size_t cap) {
  size_t n = kids_ ? kids_->size : 0;
  Kids* fresh = new_kids(std::max(cap, n));
  if (kids_) {
    Node* from = kids_->data();
    Node* to = fresh->data();
    bool sole = kids_->refs.load(std::memory_order_acquire) == 1;
    // A list of our own is moved over (growth); a shared one is copied (copy on write).
    for (size_t i = 0; i < n; ++i) {
      if (sole) new (to + i) Node(std::move(from[i]));
      else new (to + i) Node(from[i]);
      fresh->size = static_cast<uint32_t>(i + 1);
    }
    release(kids_);
  }
  kids_ = fresh;
}

void Node::reserve_kids(size_t n) {
  flags_ &= ~kVerbatim;
  bool sole = kids_ && kids_->refs.load(std::memory_order_acquire) == 1;
  if (sole && kids_->cap >= n) return;
  // A list of our own that is full doubles (appends stay amortised O(1)). A shared list is
  // being copied because one writer changes it (a render's patch, a chart model's field):
  // room for one more map entry, not twice the list: most such copies never grow again,
  // and doubling each of them cost a tenth of the peak memory on the corpus.
  size_t cap = sole ? std::max<size_t>(n, kids_->cap * 2) : kids_ ? n + 1 : n;
  unshare(std::max<size_t>(cap, 2));
}

void Node::compact() {
  // Iterative: trees may be deep. A sole list's children are this tree's alone, so
  // moving them (unshare) and descending into them changes nothing another node sees.
  std::vector<Node*> todo{this};
  while (!todo.empty()) {
    Node* n = todo.back();
    todo.pop_back();
    if (!n->kids_ || n->kids_->refs.load(std::memory_order_acquire) != 1) continue;
    if (n->kids_->cap > n->kids_->size) n->unshare(n->kids_->size);
    Node* d = n->kids_->data();
    for (uint32_t i = 0; i < n->kids_->size; ++i) todo.push_back(d + i);
  }
}

void Node::push_back(Node n) {
  size_t size = kids_ ? kids_->size : 0;
  reserve_kids(size + 1);
  new (kids_->data() + size) Node(std::move(n));
  ++kids_->size;
}

void Node::assign_children(std::span<Node> nodes) {
  flags_ &= ~kVerbatim;
  Kids* fresh = nullptr;
  if (!nodes.empty()) {
    fresh = new_kids(nodes.size());
    for (size_t i = 0; i < nodes.size(); ++i) {
      new (fresh->data() + i) Node(std::move(nodes[i]));
      fresh->size = static_cast<uint32_t>(i + 1);
    }
  }
  release(kids_);
  kids_ = fresh;
}

void Node::insert_child(size_t at, Node n) {
  std::vector<Node> one;
  one.push_back(std::move(n));
  insert_children(at, std::move(one));
}

void Node::insert_children(size_t at, std::vector<Node> nodes) {
  size_t k = nodes.size();
  size_t n = kids_ ? kids_->size : 0;
  if (k == 0) return;
  at = std::min(at, n);
  reserve_kids(n + k);
  Node* d = kids_->data();
  // The tail [at, n) moves to [at + k, n + k), from the back; slots at or past n are raw.
  for (size_t i = n; i-- > at;) {
    if (i + k >= n) new (d + i + k) Node(std::move(d[i]));
    else d[i + k] = std::move(d[i]);
  }
  for (size_t j = 0; j < k; ++j) {
    if (at + j < n) d[at + j] = std::move(nodes[j]);
    else new (d + at + j) Node(std::move(nodes[j]));
  }
  kids_->size = static_cast<uint32_t>(n + k);
}

void Node::erase_children(size_t first, size_t count) {
  std::span<Node> d = own_kids();
  if (first >= d.size() || count == 0) return;
  count = std::min(count, d.size() - first);
  for (size_t i = first + count; i < d.size(); ++i) d[i - count] = std::move(d[i]);
  for (size_t i = d.size() - count; i < d.size(); ++i) d[i].~Node();
  kids_->size = static_cast<uint32_t>(d.size() - count);
}

Node Node::scalar(std::string value, Style style, Origin origin) {
  Node n;
  n.type_ = (style == Style::Plain) ? resolve_plain(value) : ScalarType::String;
  n.text_ = std::move(value);
  n.style_ = style;
  n.origin_ = origin;
  return n;
}

Node Node::string(std::string value, Origin origin) {
  // A string that would read back as another type must be quoted.
  Style style = resolve_plain(value) == ScalarType::String ? Style::Plain : Style::DoubleQuoted;
  Node n = scalar(std::move(value), style, origin);
  n.type_ = ScalarType::String;
  return n;
}

Node Node::integer(int64_t value, Origin origin) { return scalar(std::to_string(value), Style::Plain, origin); }
Node Node::boolean(bool value, Origin origin) { return scalar(value ? "true" : "false", Style::Plain, origin); }

Node Node::map(Origin origin, Style style) {
  Node n;
  n.kind_ = Kind::Map;
  n.style_ = style;
  n.origin_ = origin;
  return n;
}

Node Node::seq(Origin origin, Style style) {
  Node n;
  n.kind_ = Kind::Seq;
  n.style_ = style;
  n.origin_ = origin;
  return n;
}

void Node::set_origin_deep(Origin o) {
  origin_ = o;
  for (auto& k : own_kids()) k.set_origin_deep(o);
}

std::optional<int64_t> Node::as_int(bool lenient) const {
  if (kind_ != Kind::Scalar) return std::nullopt;
  if (type_ != ScalarType::Int && !(lenient && type_ == ScalarType::String)) return std::nullopt;
  std::string_view s = text_;
  bool neg = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    neg = s[0] == '-';
    s.remove_prefix(1);
  }
  int base = 10;
  if (type_ == ScalarType::Int && s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'o')) {
    base = s[1] == 'x' ? 16 : 8;
    s.remove_prefix(2);
  }
  if (s.empty()) return std::nullopt;
  int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v, base);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return neg ? -v : v;
}

std::optional<bool> Node::as_bool() const {
  if (kind_ != Kind::Scalar || type_ != ScalarType::Bool) return std::nullopt;
  return text_[0] == 't' || text_[0] == 'T';
}

bool Node::is_substitution() const {
  return kind_ == Kind::Scalar && text_.find("${") != std::string::npos;
}

// The value of a scalar key in a key, value, key, value... run (nullptr when absent).
// The hottest loop of a check: every rule and render step looks keys up this way.
static const Node* find_value(const Node* p, const Node* end, std::string_view key) {
  if (key.empty()) {
    for (; p + 1 < end; p += 2)
      if (p->is_scalar() && p->str().empty()) return p + 1;
    return nullptr;
  }
  // Keys of one length are common ("kind", "spec", "name"): the first byte tells most of
  // them apart without a call to memcmp.
  const char first = key[0];
  for (; p + 1 < end; p += 2) {
    if (!p->is_scalar()) continue;
    const std::string& k = p->str();
    if (k.size() == key.size() && k[0] == first && std::memcmp(k.data(), key.data(), key.size()) == 0) return p + 1;
  }
  return nullptr;
}

const Node* Node::get(std::string_view key) const {
  if (kind_ != Kind::Map || !kids_) return nullptr;
  const Node* d = kids_->data();
  return find_value(d, d + kids_->size, key);
}

Node* Node::get(std::string_view key) {
  const Node* found = static_cast<const Node*>(this)->get(key);
  if (!found) return nullptr;  // a miss leaves the children shared
  size_t index = static_cast<size_t>(found - kids().data());
  return &own_kids()[index];
}

const Node* Node::find_key(std::string_view key) const {
  const Node* value = get(key);
  return value ? value - 1 : nullptr;
}

const Node* Node::path(std::initializer_list<std::string_view> keys) const {
  const Node* n = this;
  for (auto k : keys) {
    n = n->get(k);
    if (!n) return nullptr;
  }
  return n;
}

Node& Node::set(std::string_view key, Node value) {
  return set(Node::string(std::string(key)), std::move(value));
}

Node& Node::set(Node key, Node value) {
  kind_ = Kind::Map;
  if (Node* existing = key.kind_ == Kind::Scalar ? get(key.text_) : nullptr) {
    *existing = std::move(value);
    return *existing;
  }
  push_back(std::move(key));
  push_back(std::move(value));
  return kids_->data()[kids_->size - 1];
}

bool Node::erase(std::string_view key) {
  if (kind_ != Kind::Map) return false;
  const Node* found = find_key(key);
  if (!found) return false;
  erase_children(static_cast<size_t>(found - kids().data()), 2);
  return true;
}

void Node::erase_at(size_t i) {
  if (kind_ == Kind::Map) erase_children(2 * i, 2);
  else if (kind_ == Kind::Seq) erase_children(i, 1);
}

size_t Node::tree_size() const {
  size_t n = 1;
  for (const auto& k : kids()) n += k.tree_size();
  return n;
}

static bool is_digits(std::string_view s, bool (*ok)(char)) {
  if (s.empty()) return false;
  for (char c : s)
    if (!ok(c)) return false;
  return true;
}

ScalarType resolve_plain(std::string_view s) {
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return ScalarType::Null;
  if (s == "true" || s == "True" || s == "TRUE" || s == "false" || s == "False" || s == "FALSE")
    return ScalarType::Bool;
  char c = s[0];
  if (!(c == '-' || c == '+' || c == '.' || (c >= '0' && c <= '9'))) return ScalarType::String;
  auto dec = [](char ch) { return ch >= '0' && ch <= '9'; };
  auto oct = [](char ch) { return ch >= '0' && ch <= '7'; };
  auto hex = [](char ch) {
    return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F');
  };
  if (s.size() > 2 && s[0] == '0' && s[1] == 'o' && is_digits(s.substr(2), oct)) return ScalarType::Int;
  if (s.size() > 2 && s[0] == '0' && s[1] == 'x' && is_digits(s.substr(2), hex)) return ScalarType::Int;
  std::string_view body = s;
  if (body[0] == '-' || body[0] == '+') body.remove_prefix(1);
  if (is_digits(body, dec)) return ScalarType::Int;
  if (body == ".inf" || body == ".Inf" || body == ".INF") return ScalarType::Float;
  if (s == ".nan" || s == ".NaN" || s == ".NAN") return ScalarType::Float;
  // [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
  size_t i = 0;
  size_t int_digits = 0, frac_digits = 0;
  while (i < body.size() && dec(body[i])) ++i, ++int_digits;
  if (i < body.size() && body[i] == '.') {
    ++i;
    while (i < body.size() && dec(body[i])) ++i, ++frac_digits;
  }
  if (int_digits == 0 && frac_digits == 0) return ScalarType::String;
  if (i < body.size() && (body[i] == 'e' || body[i] == 'E')) {
    ++i;
    if (i < body.size() && (body[i] == '-' || body[i] == '+')) ++i;
    size_t exp = 0;
    while (i < body.size() && dec(body[i])) ++i, ++exp;
    if (exp == 0) return ScalarType::String;
  }
  return i == body.size() ? ScalarType::Float : ScalarType::String;
}

bool equal(const Node& a, const Node& b) {
  if (a.kind() != b.kind()) return false;
  if (a.is_scalar()) return a.scalar_type() == b.scalar_type() && a.str() == b.str();
  if (a.shares_children_with(b)) return true;
  const auto& x = a.children();
  const auto& y = b.children();
  if (x.size() != y.size()) return false;
  for (size_t i = 0; i < x.size(); ++i)
    if (!equal(x[i], y[i])) return false;
  return true;
}

static void flow(const Node& n, std::string& out, size_t max_len) {
  if (out.size() > max_len) return;
  if (n.is_scalar()) {
    if (n.is_string() && n.style() != Style::Plain)
      out += '"' + n.str() + '"';
    else
      out += n.is_null() && n.str().empty() ? "null" : n.str();
    return;
  }
  out += n.is_map() ? "{" : "[";
  if (n.is_map()) {
    for (size_t i = 0; i < n.size(); ++i) {
      if (i) out += ", ";
      flow(n.key_at(i), out, max_len);
      out += ": ";
      flow(n.value_at(i), out, max_len);
    }
  } else {
    for (size_t i = 0; i < n.size(); ++i) {
      if (i) out += ", ";
      flow(n.at(i), out, max_len);
    }
  }
  out += n.is_map() ? "}" : "]";
}

std::string to_flow(const Node& n, size_t max_len) {
  std::string out;
  flow(n, out, max_len);
  if (out.size() > max_len) out = out.substr(0, max_len) + "…";
  return out;
}

}  // namespace halint::yaml
