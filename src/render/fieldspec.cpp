#include "render/fieldspec.h"

#include <string_view>
#include <unordered_map>

#include "render/resid.h"

namespace halint::render {
namespace {

std::string scalar(const yaml::Node* n) { return n && n->is_scalar() && !n->is_null() ? n->str() : ""; }

// A path's segments as views: into the path itself, or into unescaped copies when it
// holds "\/" (rare: annotation keys). No allocation for the usual short paths.
class Segments {
 public:
  explicit Segments(std::string_view path) {
    if (path.find('\\') != std::string_view::npos) {
      owned_ = split_field_path(path);
      for (const auto& s : owned_) push(s);
      return;
    }
    if (path.size() > 1 && path.front() == '/') path.remove_prefix(1);
    for (size_t start = 0;;) {
      size_t slash = path.find('/', start);
      push(path.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start));
      if (slash == std::string_view::npos) break;
      start = slash + 1;
    }
  }
  size_t size() const { return n_; }
  std::string_view operator[](size_t i) const { return i < kInline ? inline_[i] : more_[i - kInline]; }

 private:
  static constexpr size_t kInline = 16;
  void push(std::string_view s) {
    if (n_ < kInline) inline_[n_] = s;
    else more_.push_back(s);
    ++n_;
  }
  std::string_view inline_[kInline];
  size_t n_ = 0;
  std::vector<std::string_view> more_;
  std::vector<std::string> owned_;
};

// What a missing (or null) field becomes: only when creating, and never a list.
enum class Make { None, Scalar, Map, Seq };

struct Step {
  std::string_view field;  // the key, without "[]"
  bool is_seq;
  Make make;
};

Step step(const Segments& segs, size_t i, bool create, CreateKind create_kind) {
  std::string_view seg = segs[i];
  bool is_seq = seg.size() >= 2 && seg.ends_with("[]");
  if (is_seq) seg.remove_suffix(2);
  bool last = i + 1 == segs.size();
  Make make = Make::None;
  if (is_seq) make = Make::Seq;
  else if (create && create_kind != CreateKind::None)
    make = !last ? Make::Map : create_kind == CreateKind::Map ? Make::Map : Make::Scalar;
  return {seg, is_seq, make};
}

// Would the walk below do anything, on a const tree: reach a node `probe` says yes to,
// create a field, or fail? It follows the same steps without writing.
struct Probe {
  const Segments& segs;
  bool create;
  CreateKind create_kind;
  const FieldProbe* probe;  // none: any node found counts

  bool visit(const yaml::Node& n, size_t i, int depth) const {
    if (i == segs.size()) return !probe || (*probe)(n);
    if (depth > 256) return false;
    if (n.is_null()) return false;
    if (n.is_seq()) {
      for (const auto& e : n.items())
        if (visit(e, i, depth + 1)) return true;
      return false;
    }
    if (!n.is_map()) return true;  // an error
    Step s = step(segs, i, create, create_kind);
    if (s.field.empty()) return true;  // an error
    const yaml::Node* field = n.get(s.field);
    if (!field) return !s.is_seq && s.make != Make::None;
    if (field->is_null() && s.make != Make::None) return true;
    return visit(*field, i + 1, depth + 1);
  }
};

struct Walk {
  const Segments& segs;
  bool create;
  CreateKind create_kind;
  Origin origin;
  FieldSetter set;

  std::string visit(yaml::Node& n, size_t i, int depth) {
    if (i == segs.size()) return set(n);
    if (depth > 256) return "";  // bounded by the parser's nesting cap anyway
    if (n.is_null()) return "";
    if (n.is_seq()) {
      for (auto& e : n.items())
        if (std::string err = visit(e, i, depth + 1); !err.empty()) return err;
      return "";
    }
    if (!n.is_map()) return "expected sequence or mapping node";
    Step s = step(segs, i, create, create_kind);
    if (s.field.empty()) return "cannot set or create an empty field name";
    yaml::Node* field = n.get(s.field);
    if (!field) {
      if (s.is_seq || s.make == Make::None) return "";
      field = &n.set(s.field, s.make == Make::Map ? yaml::Node::map(origin)
                                                  : yaml::Node::scalar("", yaml::Style::Plain, origin));
      if (s.make == Make::Scalar) field->set_scalar_type(yaml::ScalarType::String);
    } else if (field->is_null() && s.make != Make::None) {
      if (s.make == Make::Map) *field = yaml::Node::map(origin);
      else if (s.make == Make::Seq) *field = yaml::Node::seq(origin);
      else *field = yaml::Node::string("", field->origin());
    }
    return visit(*field, i + 1, depth + 1);
  }
};

}  // namespace

bool gvk_selected(std::string_view group, std::string_view version, std::string_view kind, const FieldSpec& sel) {
  return (sel.group.empty() || sel.group == group) && (sel.version.empty() || sel.version == version) &&
         (sel.kind.empty() || sel.kind == kind);
}

std::string merge_one(FsSlice& into, const FieldSpec& fs) {
  for (const auto& x : into)
    if (x.path == fs.path && gvk_selected(x.group, x.version, x.kind, fs)) {
      if (x.create != fs.create) return "conflicting fieldspecs";
      return "";
    }
  into.push_back(fs);
  return "";
}

std::string merge_all(FsSlice& into, const FsSlice& from) {
  if (into.size() * from.size() < 4096 || &into == &from) {
    for (const auto& fs : from)
      if (std::string err = merge_one(into, fs); !err.empty()) return err;
    return "";
  }
  // merge_one for each, with `into` indexed by path (a configuration merged into one that
  // holds the defaults compared every pair of a few hundred specs). Positions, not pointers: `into`
  // grows. Each path's positions stay in list order, so the first match is merge_one's.
  std::unordered_map<std::string_view, std::vector<size_t>> by_path;
  auto index = [&](size_t i) { by_path[into[i].path].push_back(i); };
  for (size_t i = 0; i < into.size(); ++i) index(i);
  std::vector<FieldSpec> added;  // appended after the scan, so that views stay valid
  for (const auto& fs : from) {
    const FieldSpec* match = nullptr;
    if (auto it = by_path.find(fs.path); it != by_path.end())
      for (size_t i : it->second) {
        const FieldSpec& x = i < into.size() ? into[i] : added[i - into.size()];
        if (gvk_selected(x.group, x.version, x.kind, fs)) {
          match = &x;
          break;
        }
      }
    if (match) {
      if (match->create != fs.create) return "conflicting fieldspecs";
      continue;
    }
    by_path[fs.path].push_back(into.size() + added.size());
    added.push_back(fs);
  }
  for (auto& fs : added) into.push_back(std::move(fs));
  return "";
}

FsSlice parse_field_specs(const yaml::Node* list, std::string& error, bool strict) {
  FsSlice out;
  if (!list || list->is_null()) return out;
  if (!list->is_seq()) {
    error = "field specs must be a list";
    return out;
  }
  for (const auto& f : list->items()) {
    if (!f.is_map()) {
      error = "a field spec must be a mapping";
      continue;
    }
    FieldSpec fs;
    for (size_t i = 0; i < f.size(); ++i) {
      const std::string& k = f.key_at(i).str();
      const yaml::Node& v = f.value_at(i);
      if (k == "path") fs.path = scalar(&v);
      else if (k == "kind") fs.kind = scalar(&v);
      else if (k == "group") fs.group = scalar(&v);
      else if (k == "version") fs.version = scalar(&v);
      else if (k == "create") fs.create = v.as_bool().value_or(false);
      else if (k == "behavior" || k == "apiVersion") continue;  // accepted and ignored by kustomize's decoder
      else if (strict) error = "json: unknown field \"" + k + "\"";
    }
    out.push_back(std::move(fs));
  }
  return out;
}

std::vector<std::string> split_field_path(std::string_view path) {
  std::vector<std::string> out;
  if (path.size() > 1 && path.front() == '/') path.remove_prefix(1);
  std::string cur;
  for (size_t i = 0; i <= path.size(); ++i) {
    if (i == path.size() || path[i] == '/') {
      if (i < path.size() && !cur.empty() && cur.back() == '\\') {
        cur.back() = '/';
        continue;
      }
      out.push_back(std::move(cur));
      cur.clear();
      continue;
    }
    cur += path[i];
  }
  return out;
}

bool field_spec_selects(const yaml::Node& obj, const FieldSpec& fs) {
  if (fs.group.empty() && fs.version.empty() && fs.kind.empty()) return true;
  const yaml::Node* av = obj.get("apiVersion");
  const yaml::Node* kind = obj.get("kind");
  std::string_view api = av && av->is_scalar() ? std::string_view(av->str()) : std::string_view();
  return gvk_selected(api_group(api), api_version_only(api), kind && kind->is_scalar() ? kind->str() : "", fs);
}

namespace {

std::string apply_path(yaml::Node& obj, const FieldSpec& fs, CreateKind create_kind, Origin create_origin,
                       FieldSetter set, const FieldProbe* probe) {
  Segments segs(fs.path);
  // Looked at first without writing: a write through a shared node copies its child list
  // (yaml/node.h), and most specs find nothing to change in most objects.
  if (!Probe{segs, fs.create, create_kind, probe}.visit(std::as_const(obj), 0, 0)) return "";
  Walk w{segs, fs.create, create_kind, create_origin, set};
  std::string err = w.visit(obj, 0, 0);
  if (!err.empty()) err = "considering field '" + fs.path + "': " + err;
  return err;
}

}  // namespace

std::string apply_field_spec(yaml::Node& obj, const FieldSpec& fs, CreateKind create_kind, Origin create_origin,
                             FieldSetter set) {
  if (!field_spec_selects(std::as_const(obj), fs)) return "";
  return apply_path(obj, fs, create_kind, create_origin, set, nullptr);
}

std::string apply_field_spec(yaml::Node& obj, const FieldSpec& fs, CreateKind create_kind, Origin create_origin,
                             FieldSetter set, FieldProbe probe) {
  if (!field_spec_selects(std::as_const(obj), fs)) return "";
  return apply_path(obj, fs, create_kind, create_origin, set, &probe);
}

std::string apply_field_path(yaml::Node& obj, const FieldSpec& fs, CreateKind create_kind, Origin create_origin,
                             FieldSetter set, FieldProbe probe) {
  return apply_path(obj, fs, create_kind, create_origin, set, &probe);
}

}  // namespace halint::render
