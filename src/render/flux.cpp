#include "render/flux.h"

#include <algorithm>

#include "render/generators.h"

namespace halint::render {
namespace {

std::string scalar(const yaml::Node* n) { return n && n->is_scalar() && !n->is_null() ? n->str() : ""; }

void scan(const std::string& dir, FileAccess& files, yaml::Node& resources, Origin origin, int depth) {
  if (depth > 50) return;
  for (const auto& e : files.entries(dir)) {  // listings stay in place while the cache grows
    std::string p = dir + "/" + e.name;
    const std::string& name = e.name;
    if (name == ".git") continue;
    if (e.kind == fs::EntryKind::Directory) {
      if (!files.kustomization_file(p).empty()) resources.push_back(str_node(p, origin));
      else scan(p, files, resources, origin, depth + 1);
      continue;
    }
    if (!(name.ends_with(".yaml") || name.ends_with(".yml"))) continue;
    // Flux keeps only files that hold Kubernetes objects.
    auto id = files.yaml(p);
    if (id && !files.file(*id).syntax_error && holds_objects(files.file(*id))) resources.push_back(str_node(p, origin));
  }
}

}  // namespace

bool holds_objects(const SourceFile& f) {
  for (const auto& d : f.documents)
    if (d.root.is_map() && d.root.get("apiVersion") && d.root.get("kind")) return true;
  return false;
}

bool is_flux_kustomization(const yaml::Node& doc) {
  if (!doc.is_map()) return false;
  const yaml::Node* kind = doc.get("kind");
  if (!kind || !kind->is_scalar() || kind->str() != "Kustomization") return false;
  const yaml::Node* api = doc.get("apiVersion");
  return api && api->is_scalar() && api->str().starts_with("kustomize.toolkit.fluxcd.io/");
}

yaml::Node generated_kustomization(const std::string& dir, FileAccess& files, Origin origin) {
  yaml::Node k = yaml::Node::map(origin);
  yaml::Node resources = yaml::Node::seq(origin);
  scan(dir, files, resources, origin, 0);
  k.set("resources", std::move(resources));
  return k;
}

FluxBuild build_flux(const yaml::Node& ks, const FluxTarget& target, FileAccess& files, KustomizeBuilder& builder,
                     const VarSourceLookup& lookup) {
  FluxBuild fb;
  if (!target.skipped.empty() || !target.errors.empty()) {
    fb.build.skipped = target.skipped;
    fb.build.errors = target.errors;
    return fb;
  }
  const yaml::Node* spec = ks.get("spec");
  const yaml::Node* path_node = ks.path({"spec", "path"});
  Origin at = path_node ? path_node->origin() : ks.origin();
  fb.path_dir = target.dir;
  // The kustomization Flux builds: the directory's own (with the spec's fields applied
  // over it) or one it generates.
  yaml::Node k;
  if (target.generated) k = *target.generated;
  else if (const yaml::Node* own = builder.load_kustomization(target.dir)) k = *own;
  else k = generated_kustomization(target.dir, files, at);
  if (!k.is_map()) k = yaml::Node::map(at);
  if (spec && spec->is_map()) {
    if (const yaml::Node* tn = spec->get("targetNamespace"); tn && !scalar(tn).empty()) k.set("namespace", *tn);
    for (const char* f : {"namePrefix", "nameSuffix"})
      if (const yaml::Node* v = spec->get(f); v && !scalar(v).empty()) k.set(f, *v);
    for (const char* f : {"patches", "images"})
      if (const yaml::Node* v = spec->get(f); v && v->is_seq() && !v->empty()) {
        yaml::Node* cur = k.get(f);
        if (!cur || !cur->is_seq()) cur = &k.set(f, yaml::Node::seq(v->origin()));
        for (const auto& item : v->items()) cur->push_back(item);
      }
    // In an artifact, components are found where the artifact's paths lead (absolute
    // paths, each node keeping the spec line it was written on); else as written.
    if (const yaml::Node* v = spec->get("components"); v && v->is_seq() && !v->empty()) {
      yaml::Node* cur = k.get("components");
      if (!cur || !cur->is_seq()) cur = &k.set("components", yaml::Node::seq(v->origin()));
      for (size_t i = 0; i < v->size(); ++i)
        cur->push_back(i < target.components.size() ? str_node(target.components[i], v->at(i).origin()) : v->at(i));
    }
  }
  // A generated kustomization of an artifact directory lists absolute paths: the
  // directory it is built in (a path that exists nowhere) only names the build.
  const std::string& build_dir = target.dir.empty() ? target.artifact_dir : target.dir;
  fb.build = builder.build(build_dir, &k);
  fb.build.skipped.insert(fb.build.skipped.begin(), target.partly_skipped.begin(), target.partly_skipped.end());

  // commonMetadata: labels and annotations on every object.
  if (const yaml::Node* cm = ks.path({"spec", "commonMetadata"}))
    for (const char* f : {"labels", "annotations"})
      if (const yaml::Node* m = cm->get(f); m && m->is_map())
        for (auto& r : fb.build.resources)
          for (size_t i = 0; i < m->size(); ++i)
            ensure_map(ensure_map(r.node, "metadata", m->origin()), f, m->origin()).set(m->key_at(i), m->value_at(i));

  const yaml::Node* post = ks.path({"spec", "postBuild"});
  if (!post || !post->is_map()) return fb;
  Vars vars;
  bool complete = true;
  std::string ns = scalar(ks.path({"metadata", "namespace"}));
  if (const yaml::Node* from = post->get("substituteFrom"); from && from->is_seq())
    for (const auto& src : from->items()) {
      auto found = lookup(scalar(src.get("kind")), scalar(src.get("name")), ns);
      if (!found) {
        complete = false;  // its variables are unknown: nothing can be called undefined
        continue;
      }
      for (auto& [k2, v] : *found) vars[k2] = v;
    }
  if (const yaml::Node* sub = post->get("substitute"); sub && sub->is_map())
    for (size_t i = 0; i < sub->size(); ++i) vars[sub->key_at(i).str()] = sub->value_at(i).str();
  for (auto& r : fb.build.resources) {
    if (substitution_disabled(r.node)) continue;
    substitute_object(r.node, vars, complete, fb.unresolved, &files.table());
  }
  return fb;
}

}  // namespace halint::render
