#include "helm/values.h"

namespace halint::helm {

std::string path_text(const ValuesPath& p) {
  std::string out;
  for (const auto& k : p) {
    if (!out.empty()) out += '.';
    out += k;
  }
  return out;
}

void merge_values(yaml::Node& base, const yaml::Node& over) {
  if (!base.is_map() || !over.is_map()) {
    base = over;
    return;
  }
  base.set_origin(over.origin());
  for (size_t i = 0; i < over.size(); ++i) {
    const yaml::Node& k = over.key_at(i);
    const yaml::Node& v = over.value_at(i);
    if (!k.is_scalar()) continue;  // a complex key: Helm's maps have string keys only
    yaml::Node* existing = base.get(k.str());
    if (existing && existing->is_map() && v.is_map()) {
      merge_values(*existing, v);
      continue;
    }
    if (existing) {
      *existing = v;
      // The key as the later source wrote it (its line is the one that wins).
      for (size_t j = 0; j < base.size(); ++j)
        if (base.key_at(j).is_scalar() && base.key_at(j).str() == k.str()) {
          base.key_at(j) = k;
          break;
        }
    } else {
      base.set(k, v);
    }
  }
}

void set_at_path(yaml::Node& root, const ValuesPath& path, yaml::Node value) {
  if (path.empty()) {
    root = std::move(value);
    return;
  }
  yaml::Node* cur = &root;
  for (size_t i = 0; i + 1 < path.size(); ++i) {
    if (!cur->is_map()) *cur = yaml::Node::map(value.origin());
    yaml::Node* next = cur->get(path[i]);
    if (!next || !next->is_map()) next = &cur->set(path[i], yaml::Node::map(value.origin()));
    cur = next;
  }
  if (!cur->is_map()) *cur = yaml::Node::map(value.origin());
  cur->set(path.back(), std::move(value));
}

ValuesPath parse_target_path(std::string_view text) {
  ValuesPath out;
  std::string cur;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\\' && i + 1 < text.size()) {
      cur += text[++i];
    } else if (c == '.') {
      out.push_back(std::move(cur));
      cur.clear();
    } else {
      cur += c;
    }
  }
  out.push_back(std::move(cur));
  return out;
}

const yaml::Node* Values::at(const ValuesPath& path) const {
  const yaml::Node* cur = &root_;
  for (const auto& k : path) {
    if (!cur->is_map()) return nullptr;
    cur = cur->get(k);
    if (!cur) return nullptr;
  }
  return cur;
}

const yaml::Node* Values::at(std::initializer_list<std::string_view> path) const {
  const yaml::Node* cur = &root_;
  for (auto k : path) {
    if (!cur->is_map()) return nullptr;
    cur = cur->get(k);
    if (!cur) return nullptr;
  }
  return cur;
}

bool Values::unknown(const ValuesPath& path) const {
  for (const auto& u : unknown_) {
    // Overlap either way: the unknown subtree holds `path`, or `path` holds it.
    size_t n = std::min(u.size(), path.size());
    bool same = true;
    for (size_t i = 0; i < n && same; ++i) same = u[i] == path[i];
    if (same) return true;
  }
  return false;
}

bool truthy(const yaml::Node* n) {
  if (!n) return false;
  if (n->is_map() || n->is_seq()) return !n->empty();
  switch (n->scalar_type()) {
    case yaml::ScalarType::Null: return false;
    case yaml::ScalarType::Bool: return n->as_bool().value_or(false);
    case yaml::ScalarType::Int: return n->as_int().value_or(1) != 0;
    case yaml::ScalarType::Float: {
      const std::string& s = n->str();
      return s.find_first_not_of("+-0._eE") != std::string::npos;
    }
    case yaml::ScalarType::String: return !n->str().empty();
  }
  return false;
}

bool non_empty(const yaml::Node* n) {
  if (!n || n->is_null()) return false;
  if (n->is_map() || n->is_seq()) return !n->empty();
  if (n->scalar_type() == yaml::ScalarType::String) return !n->str().empty();
  return true;
}

static bool has_template_rec(const yaml::Node& n, int depth) {
  if (depth > 200) return true;  // absurd nesting: treat as unknowable
  if (n.is_scalar()) return n.str().find("{{") != std::string::npos;
  for (const auto& c : n.children())
    if (has_template_rec(c, depth + 1)) return true;
  return false;
}

bool has_template(const yaml::Node& n) { return has_template_rec(n, 0); }

}  // namespace halint::helm
