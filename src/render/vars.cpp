#include "render/vars.h"

#include <algorithm>
#include <map>

#include "render/path_split.h"
#include "render/resmap.h"

namespace halint::render {
namespace {

std::string scalar(const yaml::Node* n) { return n && n->is_scalar() && !n->is_null() ? n->str() : ""; }

// kustomize's SmarterPathSplitter on '.', then "ports[0]" as "ports", "0".
std::vector<std::string> split_dotted(const std::string& path) {
  std::vector<std::string> joined = smarter_split(path, true);
  std::vector<std::string> out;
  for (auto& s : joined) {
    size_t open = s.rfind('[');
    if (!s.empty() && s.back() == ']' && open != std::string::npos && open + 1 < s.size() - 1 &&
        std::all_of(s.begin() + open + 1, s.end() - 1, ::isdigit) && s.front() != '[') {
      out.push_back(s.substr(0, open));
      out.push_back(s.substr(open + 1, s.size() - open - 2));
      continue;
    }
    out.push_back(s);
  }
  return out;
}

const yaml::Node* lookup(const yaml::Node& n, const std::string& seg) {
  if (n.is_map()) return n.get(seg);
  if (!n.is_seq()) return nullptr;
  if (!seg.empty() && std::all_of(seg.begin(), seg.end(), ::isdigit)) {
    size_t i = std::stoul(seg);
    return i < n.size() ? &n.at(i) : nullptr;
  }
  if (seg.size() > 2 && seg.front() == '[' && seg.back() == ']') {
    std::string inner = seg.substr(1, seg.size() - 2);
    auto eq = inner.find('=');
    if (eq == std::string::npos) return nullptr;
    std::string k = inner.substr(0, eq), v = inner.substr(eq + 1);
    for (const auto& e : n.items())
      if (e.is_map() && e.get(k) && e.get(k)->is_scalar() && e.get(k)->str() == v) return &e;
  }
  return nullptr;
}

// `$(NAME)` expansion as kustomize does it: `$$` is a literal `$`; a field that is
// exactly one reference takes the value's type.
struct Expander {
  const std::map<std::string, yaml::Node>& values;

  // Returns true when `n` changed.
  bool expand(yaml::Node& n) const {
    const std::string& in = n.str();
    if (in.find('$') == std::string::npos) return false;
    std::string out;
    size_t checkpoint = 0;
    for (size_t cur = 0; cur < in.size(); ++cur) {
      if (in[cur] != '$' || cur + 1 >= in.size()) continue;
      out.append(in, checkpoint, cur - checkpoint);
      char next = in[cur + 1];
      size_t advance = 1;
      if (next == '$') {
        out += '$';
      } else if (next == '(') {
        size_t close = in.find(')', cur + 2);
        if (close == std::string::npos) {
          out += "$(";
        } else {
          std::string name = in.substr(cur + 2, close - cur - 2);
          advance = close - cur;
          auto it = values.find(name);
          if (it != values.end() && in.size() == name.size() + 3) {
            Origin o = n.origin();
            n = it->second;
            n.set_origin(o);
            return true;
          }
          out += it != values.end() ? it->second.str() : "$(" + name + ")";
        }
      } else {
        out += '$';
        out += next;
      }
      cur += advance;
      checkpoint = cur + 1;
    }
    out.append(in, std::min(checkpoint, in.size()), std::string::npos);
    if (out == in) return false;
    n.set_str(out);
    n.set_scalar_type(yaml::ScalarType::String);
    return true;
  }

  std::string visit(yaml::Node& n) const {
    if (n.is_null()) return "";
    if (n.is_scalar()) {
      if (n.is_string()) expand(n);
      return "";
    }
    if (n.is_map()) {
      for (size_t i = 0; i < n.size(); ++i)
        if (n.value_at(i).is_string()) expand(n.value_at(i));
      return "";
    }
    for (auto& e : n.items()) {
      if (!e.is_string()) return "invalid value type expect a string";
      expand(e);
    }
    return "";
  }
};

}  // namespace

const yaml::Node* field_at(const yaml::Node& obj, const std::string& path) {
  const yaml::Node* n = &obj;
  for (const auto& seg : split_dotted(path)) {
    if (seg.empty()) continue;
    n = lookup(*n, seg);
    if (!n) return nullptr;
  }
  return n;
}

std::vector<Var> parse_vars(const yaml::Node* list) {
  std::vector<Var> out;
  if (!list || !list->is_seq()) return out;
  for (const auto& v : list->items()) {
    if (!v.is_map()) continue;
    Var var;
    var.name = scalar(v.get("name"));
    if (const yaml::Node* o = v.get("objref")) {
      var.kind = scalar(o->get("kind"));
      var.object = scalar(o->get("name"));
      var.ns = scalar(o->get("namespace"));
      var.group = scalar(o->get("group"));
      var.version = scalar(o->get("version"));
      if (std::string av = scalar(o->get("apiVersion")); !av.empty()) {
        auto slash = av.find('/');
        if (slash == std::string::npos) var.version = av;
        else {
          var.group = av.substr(0, slash);
          var.version = av.substr(slash + 1);
        }
      }
    }
    if (std::string fp = scalar(v.path({"fieldref", "fieldpath"})); !fp.empty()) var.fieldpath = fp;
    if (std::string fp = scalar(v.path({"fieldref", "fieldPath"})); !fp.empty()) var.fieldpath = fp;
    var.at = v.origin();
    out.push_back(std::move(var));
  }
  return out;
}

std::string attach_vars(std::vector<Resource>& rs, const std::vector<Var>& vars) {
  for (const auto& v : vars) {
    std::vector<Resource*> matched;
    for (auto& r : rs) {
      if (r.group_view() != v.group || r.version() != v.version) continue;
      auto same = [&](const std::string& kind, const std::string& name, const std::string& ns) {
        return kind == v.kind && name == v.object && (v.ns.empty() || ns == (v.ns.empty() ? "default" : v.ns));
      };
      bool hit = same(r.kind(), r.name(), r.effective_ns());
      for (const auto& p : r.prev_ids) hit = hit || same(p.kind, p.name, p.ns);
      if (hit) matched.push_back(&r);
    }
    if (matched.size() > 1)
      return "found " + std::to_string(matched.size()) + " resId matches for var " + v.name + " (unable to disambiguate)";
    if (matched.size() == 1) matched[0]->ref_vars.push_back(v.name);
  }
  return "";
}

std::string resolve_vars(std::vector<Resource>& rs, const std::vector<Var>& vars_in, const FsSlice& var_reference) {
  if (vars_in.empty()) return "";
  std::vector<Var> vars = vars_in;
  std::sort(vars.begin(), vars.end(), [](const Var& a, const Var& b) { return a.name < b.name; });
  std::map<std::string, yaml::Node> values;
  for (const auto& v : vars) {
    const Resource* target = nullptr;
    for (const auto& r : rs) {
      if (std::find(r.ref_vars.begin(), r.ref_vars.end(), v.name) != r.ref_vars.end()) {
        target = &r;
        break;
      }
    }
    if (!target) return "var '" + v.name + "' cannot be mapped to a field in the set of known resources";
    const yaml::Node* f = field_at(target->node, v.fieldpath);
    if (!f) return "field specified in var '" + v.name + "' not found in corresponding resource";
    if (!f->is_scalar()) continue;  // a map or list value: kustomize leaves $(NAME) as it is
    yaml::Node value = *f;
    if (value.is_null()) value = yaml::Node::string(value.str(), value.origin());
    values[v.name] = value;
  }
  Expander ex{values};
  for (auto& r : rs)
    for (const auto& fs : var_reference) {
      std::string err = apply_field_spec(r.node, fs, CreateKind::None, {}, [&](yaml::Node& n) { return ex.visit(n); });
      if (!err.empty()) return err;
    }
  return "";
}

}  // namespace halint::render
