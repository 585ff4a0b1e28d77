#include "render/replacements.h"

#include <re2/re2.h>

#include <algorithm>

#include "render/path_split.h"
#include "render/resmap.h"

namespace halint::render {
namespace {

std::string scalar(const yaml::Node* n) { return n && n->is_scalar() && !n->is_null() ? n->str() : ""; }

// A replacement's id selector: exact group, version, kind, name and namespace (not regular
// expressions), matched against every id an object had.
struct IdSelector {
  std::string group, version, kind, name, ns;
  bool empty() const { return group.empty() && version.empty() && kind.empty() && name.empty() && ns.empty(); }
};

IdSelector id_selector(const yaml::Node* n) {
  IdSelector s;
  if (!n || !n->is_map()) return s;
  s.group = scalar(n->get("group"));
  s.version = scalar(n->get("version"));
  s.kind = scalar(n->get("kind"));
  s.name = scalar(n->get("name"));
  s.ns = scalar(n->get("namespace"));
  return s;
}

// kustomize's ResId.IsSelectedBy over the ids of a replacement's objects (built without
// cluster scope: a missing namespace is "default" for every kind).
bool selected_by(const Resource& r, const IdSelector& s) {
  auto eff = [](const std::string& ns) { return ns.empty() || ns == kNoNamespace ? std::string(kDefaultNamespace) : ns; };
  auto gvk_ok = [&](const std::string& kind) {
    return (s.group.empty() || s.group == r.group_view()) && (s.version.empty() || s.version == r.version()) &&
           (s.kind.empty() || s.kind == kind);
  };
  auto one = [&](const std::string& kind, const std::string& name, const std::string& ns) {
    return (s.name.empty() || s.name == name) && (s.ns.empty() || eff(s.ns) == eff(ns)) && gvk_ok(kind);
  };
  if (one(r.kind(), r.name(), r.name_space())) return true;
  for (const auto& p : r.prev_ids)
    if (one(p.kind, p.name, p.ns)) return true;
  return false;
}

bool labels_match(const Resource& r, const yaml::Node* sel) {
  if (!sel || !sel->is_map()) return true;
  std::string ls = scalar(sel->get("labelSelector")), as = scalar(sel->get("annotationSelector"));
  if (!ls.empty() && !selector_matches(ls, r.node.path({"metadata", "labels"}))) return false;
  if (!as.empty() && !selector_matches(as, r.node.path({"metadata", "annotations"}))) return false;
  return true;
}

std::vector<std::string> split_path(const std::string& path) { return smarter_split(path); }

bool is_index(const std::string& p) { return !p.empty() && std::all_of(p.begin(), p.end(), ::isdigit); }
bool is_matcher(const std::string& p) { return p.size() >= 2 && p.front() == '[' && p.back() == ']'; }

// What a created path part becomes: a list before an index or matcher, else a map; the
// last one takes the value's kind.
yaml::Node created(const std::string& next, const yaml::Node& value, Origin at) {
  if (next.empty()) {
    if (value.is_map()) return yaml::Node::map(at);
    if (value.is_seq()) return yaml::Node::seq(at);
    return yaml::Node::scalar("", yaml::Style::Plain, at);
  }
  if (is_index(next) || is_matcher(next) || next == "*") return yaml::Node::seq(at);
  return yaml::Node::map(at);
}

// kyaml's PathMatcher: the nodes at `path`, creating what is missing when `create`.
struct PathMatch {
  const std::vector<std::string>& path;
  bool create;
  const yaml::Node& value;
  Origin at;
  std::vector<yaml::Node*> out;
  std::string error;

  void walk(yaml::Node& n, size_t i) {
    if (!error.empty()) return;
    if (i == path.size()) {
      out.push_back(&n);
      return;
    }
    const std::string& p = path[i];
    std::string next = i + 1 < path.size() ? path[i + 1] : "";
    if (is_index(p)) {
      if (!n.is_seq()) return;
      size_t idx = std::stoul(p);
      if (idx == n.size() && create) n.push_back(created(next, value, at));
      if (idx >= n.size()) {
        error = "index " + p + " specified but only " + std::to_string(n.size()) + " elements found";
        return;
      }
      walk(n.at(idx), i + 1);
      return;
    }
    if (is_matcher(p)) {
      if (!n.is_seq()) return;
      std::string inner = p.substr(1, p.size() - 2);
      auto eq = inner.find('=');
      if (eq == std::string::npos) {
        error = "list path element must contain fieldName=fieldValue for element to match";
        return;
      }
      std::string field = inner.substr(0, eq), want = inner.substr(eq + 1);
      RE2 re(want, RE2::Quiet);  // kyaml matches the value as an unanchored regular expression
      if (!re.ok()) {
        error = "error parsing regexp: " + re.error();
        return;
      }
      size_t before = out.size();
      bool any = false;
      for (auto& e : n.items()) {
        const yaml::Node* v = field.empty() ? &e : (e.is_map() ? e.get(field) : nullptr);
        if (!v || !v->is_scalar() || !RE2::PartialMatch(v->str(), re)) continue;
        any = true;
        if (field.empty()) out.push_back(&e);
        else walk(e, i + 1);
      }
      if (!any && create && error.empty() && out.size() == before) {
        yaml::Node elem = field.empty() ? yaml::Node::string(want, at) : yaml::Node::map(at);
        if (!field.empty()) elem.set(field, yaml::Node::string(want, at));
        n.push_back(std::move(elem));
        walk(n, i);
      }
      return;
    }
    if (p == "*") {
      if (!n.is_seq()) return;
      for (auto& e : n.items()) walk(e, i + 1);
      return;
    }
    if (!n.is_map()) return;
    yaml::Node* f = n.get(p);
    if (!f) {
      if (!create) return;
      f = &n.set(p, created(next, value, at));
    }
    walk(*f, i + 1);
  }
};

std::vector<std::string> split(const std::string& s, const std::string& delim) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t p = s.find(delim, start);
    if (p == std::string::npos) {
      out.push_back(s.substr(start));
      return out;
    }
    out.push_back(s.substr(start, p - start));
    start = p + delim.size();
  }
}

std::string join(const std::vector<std::string>& v, const std::string& delim) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) out += (i ? delim : "") + v[i];
  return out;
}

std::string set_value(yaml::Node& target, const yaml::Node& value_in, const yaml::Node* options) {
  yaml::Node value = value_in;
  std::string delim = options ? scalar(options->get("delimiter")) : "";
  if (!delim.empty()) {
    if (!target.is_scalar()) return "delimiter option can only be used with scalar nodes";
    std::vector<std::string> tv = split(target.str(), delim);
    long index = options->get("index") ? options->get("index")->as_int(true).value_or(0) : 0;
    if (index < 0) tv.insert(tv.begin(), value.str());
    else if (static_cast<size_t>(index) >= tv.size()) tv.push_back(value.str());
    else tv[index] = value.str();
    value = yaml::Node::string(join(tv, delim), value.origin());
  }
  if (target.is_scalar() && !target.is_null() && value.is_scalar()) {
    // The target keeps its type (kyaml sets the value only), unless the new text cannot be one.
    yaml::ScalarType t = target.scalar_type();
    Origin o = value.origin();
    bool created = target.str().empty() && t == yaml::ScalarType::String && target.style() == yaml::Style::Plain;
    target.set_str(value.str());
    target.set_origin(o);
    if (created) target.set_scalar_type(yaml::resolve_plain(value.str()));
    else if (t != yaml::ScalarType::String && yaml::resolve_plain(value.str()) != t)
      target.set_scalar_type(yaml::ScalarType::String);
    return "";
  }
  target = value;
  return "";
}

std::string apply_one(std::vector<Resource>& rs, const yaml::Node& r) {
  const yaml::Node* source = r.get("source");
  const yaml::Node* targets = r.get("targets");
  if (!source || !source->is_map() || !targets || !targets->is_seq())
    return "replacements must specify a source and at least one target";
  // The source: exactly one object.
  IdSelector ss = id_selector(source);
  const Resource* from = nullptr;
  for (const auto& res : rs)
    if (selected_by(res, ss)) {
      if (from) return "multiple matches for selector " + yaml::to_flow(*source);
      from = &res;
    }
  if (!from) return "nothing selected by " + yaml::to_flow(*source);
  std::string fp = scalar(source->get("fieldPath"));
  if (fp.empty()) fp = "metadata.name";
  yaml::Node src = from->node;  // a copy: the walk below may not create anything in it
  std::vector<std::string> parts = split_path(fp);
  PathMatch pm{parts, false, src, {}, {}, {}};
  pm.walk(src, 0);
  if (!pm.error.empty()) return "error looking up replacement source: " + pm.error;
  if (pm.out.empty() || pm.out[0]->is_null() || ((pm.out[0]->is_map() || pm.out[0]->is_seq()) && pm.out[0]->empty()))
    return "fieldPath `" + fp + "` is missing for replacement source " + yaml::to_flow(*source);
  yaml::Node value = *pm.out[0];
  if (const yaml::Node* opts = source->get("options"); opts && !scalar(opts->get("delimiter")).empty()) {
    if (!value.is_scalar()) return "delimiter option can only be used with scalar nodes";
    std::vector<std::string> parts2 = split(value.str(), scalar(opts->get("delimiter")));
    long index = opts->get("index") ? opts->get("index")->as_int(true).value_or(0) : 0;
    if (index < 0 || static_cast<size_t>(index) >= parts2.size())
      return "options.index " + std::to_string(index) + " is out of bounds for value " + value.str();
    value.set_str(parts2[index]);
  }
  for (const auto& t : targets->items()) {
    const yaml::Node* sel = t.get("select");
    if (!sel || !sel->is_map()) return "target must specify resources to select";
    IdSelector ts = id_selector(sel);
    std::vector<std::string> paths;
    if (const yaml::Node* fps = t.get("fieldPaths"); fps && fps->is_seq())
      for (const auto& f : fps->items()) paths.push_back(f.str());
    if (paths.empty()) paths.push_back("metadata.name");
    const yaml::Node* rejects = t.get("reject");
    const yaml::Node* options = t.get("options");
    bool create = options && options->get("create") && options->get("create")->as_bool().value_or(false);
    for (auto& res : rs) {
      if (!labels_match(res, sel)) continue;
      bool rejected = false;
      if (rejects && rejects->is_seq())
        for (const auto& rj : rejects->items()) {
          bool by_labels = !scalar(rj.get("labelSelector")).empty() || !scalar(rj.get("annotationSelector")).empty();
          if (by_labels && labels_match(res, &rj)) rejected = true;
          IdSelector rid = id_selector(&rj);
          if (!rid.empty() && selected_by(res, rid)) rejected = true;
        }
      if (rejected || !selected_by(res, ts)) continue;
      for (const auto& p : paths) {
        std::vector<std::string> tp = split_path(p);
        PathMatch m{tp, create, value, value.origin(), {}, {}};
        m.walk(res.node, 0);
        if (!m.error.empty()) return m.error;
        if (m.out.empty())
          return std::string(create ? "unable to find or create field \"" : "unable to find field \"") + p +
                 "\" in replacement target";
        for (yaml::Node* n : m.out)
          if (std::string err = set_value(*n, value, options); !err.empty()) return err;
      }
    }
  }
  return "";
}

}  // namespace

std::string apply_replacements(std::vector<Resource>& rs, const std::vector<yaml::Node>& entries) {
  for (const auto& r : entries) {
    if (!r.is_map()) return "a replacement must be a mapping";
    if (std::string err = apply_one(rs, r); !err.empty()) return err;
  }
  return "";
}

}  // namespace halint::render
