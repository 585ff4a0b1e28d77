#include "render/fieldspec.h"

#include "render/resid.h"

namespace halint::render {
namespace {

std::string scalar(const yaml::Node* n) { return n && n->is_scalar() && !n->is_null() ? n->str() : ""; }

struct Walk {
  const std::vector<std::string>& segs;
  bool create;
  CreateKind create_kind;
  Origin origin;
  const FieldSetter& set;

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
    std::string_view seg = segs[i];
    bool is_seq = seg.size() >= 2 && seg.ends_with("[]");
    if (is_seq) seg.remove_suffix(2);
    if (seg.empty()) return "cannot set or create an empty field name";
    bool last = i + 1 == segs.size();
    yaml::Node* field = n.get(seg);
    // What a missing (or null) field becomes: only when creating, and never a list.
    enum { kNone, kScalar, kMap, kSeq } make = kNone;
    if (is_seq) make = kSeq;
    else if (create && create_kind != CreateKind::None) make = !last ? kMap : create_kind == CreateKind::Map ? kMap : kScalar;
    if (!field) {
      if (is_seq || make == kNone) return "";
      field = &n.set(seg, make == kMap ? yaml::Node::map(origin) : yaml::Node::scalar("", yaml::Style::Plain, origin));
      if (make == kScalar) field->set_scalar_type(yaml::ScalarType::String);
    } else if (field->is_null() && make != kNone) {
      if (make == kMap) *field = yaml::Node::map(origin);
      else if (make == kSeq) *field = yaml::Node::seq(origin);
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
  for (const auto& fs : from)
    if (std::string err = merge_one(into, fs); !err.empty()) return err;
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

std::string apply_field_spec(yaml::Node& obj, const FieldSpec& fs, CreateKind create_kind, Origin create_origin,
                             const FieldSetter& set) {
  const yaml::Node* av = obj.get("apiVersion");
  const yaml::Node* kind = obj.get("kind");
  std::string_view api = av && av->is_scalar() ? std::string_view(av->str()) : std::string_view();
  if (!gvk_selected(api_group(api), api_version_only(api), kind && kind->is_scalar() ? kind->str() : "", fs))
    return "";
  std::vector<std::string> segs = split_field_path(fs.path);
  Walk w{segs, fs.create, create_kind, create_origin, set};
  std::string err = w.visit(obj, 0, 0);
  if (!err.empty()) err = "considering field '" + fs.path + "': " + err;
  return err;
}

}  // namespace halint::render
