#include "render/flux.h"

#include <algorithm>

#include "render/generators.h"

namespace halint::render {
namespace {

std::string scalar(const yaml::Node* n) { return n && n->is_scalar() && !n->is_null() ? n->str() : ""; }

bool has_object(const SourceFile& f) {
  for (const auto& d : f.documents)
    if (d.root.is_map() && d.root.get("apiVersion") && d.root.get("kind")) return true;
  return false;
}

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
    if (id && !files.file(*id).syntax_error && has_object(files.file(*id))) resources.push_back(str_node(p, origin));
  }
}

std::string spec_path(const yaml::Node& ks, const std::string& repo_root) {
  std::string p = scalar(ks.path({"spec", "path"}));
  if (p.empty()) p = "./";
  return join_path(repo_root, p[0] == '/' ? p.substr(1) : p);
}

// A Kustomization building the whole root of a source other than the repository's own
// (flux-system): a chart's or vendor's repository, whose files are not here.
bool external_root(const yaml::Node& ks) {
  std::string p = scalar(ks.path({"spec", "path"}));
  bool root = p.empty() || p == "." || p == "./" || p == "/";
  return root && scalar(ks.path({"spec", "sourceRef", "name"})) != "flux-system";
}

}  // namespace

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

std::vector<std::string> flux_dirs(const yaml::Node& ks, const std::string& repo_root, FileAccess& files) {
  std::vector<std::string> out;
  if (!ks.path({"spec", "sourceRef"})) return out;
  if (external_root(ks)) return out;
  std::string dir = spec_path(ks, repo_root);
  if (!files.is_dir(dir)) return out;
  out.push_back(dir);
  if (files.kustomization_file(dir).empty()) {
    yaml::Node gen = generated_kustomization(dir, files, {});
    for (const auto& r : gen.get("resources")->items())
      if (files.is_dir(r.str())) out.push_back(r.str());
  }
  if (const yaml::Node* comps = ks.path({"spec", "components"}); comps && comps->is_seq())
    for (const auto& c : comps->items()) out.push_back(join_path(dir, c.str()));
  return out;
}

FluxBuild build_flux(const yaml::Node& ks, const std::string& repo_root, FileAccess& files, KustomizeBuilder& builder,
                     const VarSourceLookup& lookup) {
  FluxBuild fb;
  const yaml::Node* spec = ks.get("spec");
  const yaml::Node* path_node = ks.path({"spec", "path"});
  Origin at = path_node ? path_node->origin() : ks.origin();
  std::string dir = spec_path(ks, repo_root);
  if (external_root(ks)) {
    // No path (or "./"): the root of a source that is most likely another repository (a chart's
    // CRDs): building this repository's root instead would be wrong.
    fb.build.skipped.push_back({"no spec.path: the root of source '" + scalar(ks.path({"spec", "sourceRef", "name"})) +
                                    "' (another repository)",
                                ks.origin()});
    return fb;
  }
  if (!files.is_dir(dir)) {
    std::string src = scalar(ks.path({"spec", "sourceRef", "kind"}));
    fb.build.skipped.push_back({"spec.path '" + scalar(path_node) + "' is not a directory of this repository" +
                                    (src.empty() ? std::string() : " (source: " + src + ")"),
                                at});
    return fb;
  }
  fb.path_dir = dir;
  // The kustomization Flux builds: the directory's own (with the spec's fields applied
  // over it) or one it generates.
  yaml::Node k;
  if (const yaml::Node* own = builder.load_kustomization(dir)) k = *own;
  else k = generated_kustomization(dir, files, at);
  if (!k.is_map()) k = yaml::Node::map(at);
  if (spec && spec->is_map()) {
    if (const yaml::Node* tn = spec->get("targetNamespace"); tn && !scalar(tn).empty()) k.set("namespace", *tn);
    for (const char* f : {"namePrefix", "nameSuffix"})
      if (const yaml::Node* v = spec->get(f); v && !scalar(v).empty()) k.set(f, *v);
    for (const char* f : {"patches", "images", "components"})
      if (const yaml::Node* v = spec->get(f); v && v->is_seq() && !v->empty()) {
        yaml::Node* cur = k.get(f);
        if (!cur || !cur->is_seq()) cur = &k.set(f, yaml::Node::seq(v->origin()));
        for (const auto& item : v->items()) cur->push_back(item);
      }
  }
  fb.build = builder.build(dir, &k);

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
    substitute_object(r.node, vars, complete, fb.unresolved);
  }
  return fb;
}

}  // namespace halint::render
