#include "render/json6902.h"

#include <vector>

namespace halint::render {
namespace {

std::vector<std::string> split_pointer(const std::string& p, bool& ok) {
  std::vector<std::string> out;
  ok = true;
  if (p.empty()) return out;
  if (p[0] != '/') {
    ok = false;
    return out;
  }
  size_t i = 1;
  while (true) {
    size_t j = p.find('/', i);
    std::string tok = p.substr(i, j == std::string::npos ? std::string::npos : j - i);
    std::string dec;
    for (size_t k = 0; k < tok.size(); ++k) {
      if (tok[k] == '~' && k + 1 < tok.size() && (tok[k + 1] == '0' || tok[k + 1] == '1')) {
        dec += tok[k + 1] == '0' ? '~' : '/';
        ++k;
      } else {
        dec += tok[k];
      }
    }
    out.push_back(dec);
    if (j == std::string::npos) break;
    i = j + 1;
  }
  return out;
}

bool index_of(const std::string& tok, size_t size, size_t& idx, bool allow_end) {
  if (tok == "-" && allow_end) {
    idx = size;
    return true;
  }
  if (tok.empty() || tok.find_first_not_of("0123456789") != std::string::npos) return false;
  idx = std::stoul(tok);
  return allow_end ? idx <= size : idx < size;
}

yaml::Node* resolve(yaml::Node& root, const std::vector<std::string>& toks, size_t count) {
  yaml::Node* n = &root;
  for (size_t i = 0; i < count; ++i) {
    if (n->is_map()) {
      n = n->get(toks[i]);
    } else if (n->is_seq()) {
      size_t idx;
      if (!index_of(toks[i], n->items().size(), idx, false)) return nullptr;
      n = &n->at(idx);
    } else {
      return nullptr;
    }
    if (!n) return nullptr;
  }
  return n;
}

std::string remove_at(yaml::Node& root, const std::vector<std::string>& toks, yaml::Node* removed) {
  if (toks.empty()) return "cannot remove the root";
  yaml::Node* parent = resolve(root, toks, toks.size() - 1);
  if (!parent) return "path not found";
  if (parent->is_map()) {
    yaml::Node* v = parent->get(toks.back());
    if (!v) return "path not found";
    if (removed) *removed = *v;
    parent->erase(toks.back());
    return "";
  }
  if (parent->is_seq()) {
    size_t idx;
    if (!index_of(toks.back(), parent->items().size(), idx, false)) return "index out of range";
    if (removed) *removed = parent->at(idx);
    parent->erase_at(idx);
    return "";
  }
  return "path not found";
}

std::string add_at(yaml::Node& root, const std::vector<std::string>& toks, yaml::Node value, bool replace) {
  if (toks.empty()) {
    root = std::move(value);
    return "";
  }
  yaml::Node* parent = resolve(root, toks, toks.size() - 1);
  if (!parent) return "path not found";
  if (parent->is_map() || (parent->is_null() && !replace)) {
    if (replace && !parent->get(toks.back())) return "path not found";
    if (yaml::Node* cur = parent->get(toks.back())) {
      *cur = std::move(value);
    } else {
      parent->set(toks.back(), std::move(value));
    }
    return "";
  }
  if (parent->is_seq()) {
    size_t idx;
    if (replace) {
      if (!index_of(toks.back(), parent->items().size(), idx, false)) return "index out of range";
      parent->at(idx) = std::move(value);
      return "";
    }
    if (!index_of(toks.back(), parent->items().size(), idx, true)) return "index out of range";
    parent->insert_child(idx, std::move(value));
    return "";
  }
  return "path not found";
}

}  // namespace

std::string apply_json6902(yaml::Node& target, const yaml::Node& ops) {
  if (!ops.is_seq()) return "JSON patch is not a list of operations";
  for (const auto& op : ops.items()) {
    if (!op.is_map()) return "JSON patch operation is not a mapping";
    const yaml::Node* o = op.get("op");
    const yaml::Node* p = op.get("path");
    if (!o || !p) return "JSON patch operation without op or path";
    bool ok;
    auto toks = split_pointer(p->str(), ok);
    if (!ok) return "bad JSON pointer '" + p->str() + "'";
    const std::string& name = o->str();
    std::string err;
    if (name == "add" || name == "replace") {
      const yaml::Node* v = op.get("value");
      if (!v) return "'" + name + "' without value";
      err = add_at(target, toks, *v, name == "replace");
    } else if (name == "remove") {
      err = remove_at(target, toks, nullptr);
    } else if (name == "move" || name == "copy") {
      const yaml::Node* f = op.get("from");
      if (!f) return "'" + name + "' without from";
      auto from = split_pointer(f->str(), ok);
      if (!ok) return "bad JSON pointer '" + f->str() + "'";
      yaml::Node value;
      if (name == "move") {
        err = remove_at(target, from, &value);
      } else {
        const yaml::Node* src = resolve(target, from, from.size());
        if (!src) err = "path not found";
        else value = *src;
      }
      if (err.empty()) err = add_at(target, toks, std::move(value), false);
    } else if (name == "test") {
      const yaml::Node* cur = resolve(target, toks, toks.size());
      const yaml::Node* v = op.get("value");
      if (!cur || !v || !yaml::equal(*cur, *v)) err = "test failed";
    } else {
      return "unknown JSON patch operation '" + name + "'";
    }
    if (!err.empty()) return name + " " + p->str() + ": " + err;
  }
  return "";
}

}  // namespace halint::render
