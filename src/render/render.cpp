#include "render/render.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "core/base64.h"
#include "fs/walk.h"
#include "render/file_access.h"
#include "render/flux.h"
#include "render/flux_sources.h"
#include "render/generators.h"
#include "render/kustomization.h"

namespace halint::render {
namespace {

std::string scalar(const yaml::Node* n) { return n && n->is_scalar() && !n->is_null() ? n->str() : ""; }

using fs::parent_dir;

bool is_kustomization_name(const std::string& path) {
  std::string_view name = path;
  if (size_t slash = name.rfind('/'); slash != std::string_view::npos) name.remove_prefix(slash + 1);
  return name == "kustomization.yaml" || name == "kustomization.yml" || name == "Kustomization";
}

std::string rel_to(const std::string& path, const std::string& root) {
  if (path == root) return ".";
  if (path.size() > root.size() && path.compare(0, root.size(), root) == 0 && path[root.size()] == '/')
    return path.substr(root.size() + 1);
  return path;
}

// Variables of the ConfigMaps/Secrets written in the repository, for substituteFrom.
// Indexed by kind and name; their data is read only when a Flux Kustomization asks for
// them (most are never asked for, and some hold whole dashboards).
struct VarIndex {
  struct Entry {
    std::string ns;
    const yaml::Node* doc;
    const std::string& file;  // where it is written (the table's path)
  };
  std::map<std::pair<std::string, std::string>, std::vector<Entry>> by_kind_name;

  void add(const yaml::Node& doc, const std::string& file) {
    const yaml::Node* kind = doc.get("kind");
    if (!kind || !kind->is_scalar() || (kind->str() != "ConfigMap" && kind->str() != "Secret")) return;
    by_kind_name[{kind->str(), scalar(doc.path({"metadata", "name"}))}].push_back(
        {scalar(doc.path({"metadata", "namespace"})), &doc, file});
  }

  static Vars vars_of(const yaml::Node& doc) {
    Vars vars;
    bool secret = scalar(doc.get("kind")) == "Secret";
    bool sops = doc.get("sops") != nullptr;
    for (const char* field : {"data", "stringData"})
      if (const yaml::Node* d = doc.get(field); d && d->is_map())
        for (size_t i = 0; i < d->size(); ++i) {
          const std::string& key = d->key_at(i).str();
          if (sops) vars[key] = std::nullopt;  // encrypted: the key is known, not its value
          else if (secret && std::string(field) == "data") vars[key] = base64_decode(d->value_at(i).str());
          else vars[key] = d->value_at(i).str();
        }
    return vars;
  }

  // The one nearest `near` (a file path) among those of the namespace (else among all:
  // written without namespace, placed by a kustomization): a repository of several
  // clusters has one cluster-settings per cluster.
  std::optional<Vars> find(const std::string& kind, const std::string& name, const std::string& ns,
                           const std::string& near) const {
    auto it = by_kind_name.find({kind, name});
    if (it == by_kind_name.end()) return std::nullopt;
    const Entry* best = nullptr;
    size_t best_len = 0;
    for (bool any_ns : {false, true}) {
      for (const auto& e : it->second) {
        if (!any_ns && e.ns != ns) continue;
        size_t len = common_dir_prefix(e.file, near);
        if (!best || len > best_len) best = &e, best_len = len;
      }
      if (best) break;
    }
    return vars_of(*best->doc);
  }

  static size_t common_dir_prefix(const std::string& a, const std::string& b) {
    size_t n = 0, dir = 0;
    while (n < a.size() && n < b.size() && a[n] == b[n]) {
      if (a[n] == '/') dir = n;
      ++n;
    }
    return dir;
  }
};

// The document holding a byte offset (documents are in file order: found by halving, as
// a file of many documents is asked once per object a render takes from it).
uint32_t document_of(const SourceFile& f, uint32_t offset) {
  auto after = std::upper_bound(f.documents.begin(), f.documents.end(), offset,
                                [](uint32_t off, const yaml::Document& d) { return off < d.span.begin; });
  if (after == f.documents.begin()) return 0;
  auto d = std::prev(after);
  return offset < d->span.end ? static_cast<uint32_t>(d - f.documents.begin()) : 0;
}

// Whether two versions of a Flux Kustomization take the same path of the same source.
bool same_source(const yaml::Node& a, const yaml::Node& b) {
  for (auto p : {std::initializer_list<std::string_view>{"spec", "path"}, {"spec", "sourceRef", "kind"},
                 {"spec", "sourceRef", "name"}, {"spec", "sourceRef", "namespace"}, {"metadata", "namespace"}})
    if (scalar(a.path(p)) != scalar(b.path(p))) return false;
  // Components are resolved in an artifact's layout: located again rather than compared.
  return !a.path({"spec", "components"}) && !b.path({"spec", "components"});
}

Finding make_finding(const char* rule, Severity sev, std::string message, Origin at, const std::string& render) {
  Finding f;
  f.rule = rule;
  f.severity = sev;
  f.message = std::move(message);
  f.location = at;
  if (!render.empty()) f.via.push_back(render);
  return f;
}

struct Collector {
  Analysis& a;
  std::vector<bool> covered;  // by FileId: files some render included
  void cover(FileId f) {
    if (f >= covered.size()) covered.resize(f + 1, false);
    covered[f] = true;
  }
  // Flux Kustomizations as a render produced them (patched, substituted), by the place
  // they are written: the controller reconciles that version, not the file's.
  std::map<std::pair<FileId, uint32_t>, std::shared_ptr<const yaml::Node>> rendered_flux;

  void add(const std::string& render, Origin fallback, BuildOutput& out, std::vector<BuildIssue>* unresolved,
           const std::string& dir = {}, FileId kustomization = kNoFile) {
    a.renders.push_back({render, fallback.file, dir, kustomization});
    for (auto& e : out.errors)
      a.render_findings.push_back(make_finding("HA004", Severity::Error, e.message,
                                               e.at.known() ? e.at : fallback, render));
    if (!out.skipped.empty()) {
      std::string what;
      for (size_t i = 0; i < out.skipped.size(); ++i) what += (i ? ", " : "") + out.skipped[i].message;
      Origin at = out.skipped.front().at.known() ? out.skipped.front().at : fallback;
      a.render_findings.push_back(
          make_finding("HA005", Severity::Info, "not analysed: " + what, at, render));
    }
    if (unresolved)
      for (auto& u : *unresolved)
        a.render_findings.push_back(make_finding("HA006", Severity::Error, u.message, u.at, render));
    for (FileId f : out.patch_files) cover(f);
    for (auto& r : out.resources) {
      Origin o = r.node.origin();
      r.node.compact();  // kept to the end of the run: no spare room in what the render built
      auto node = std::make_shared<yaml::Node>(std::move(r.node));
      if (is_flux_kustomization(*node) && o.known()) rendered_flux.emplace(std::make_pair(o.file, o.span.begin), node);
      uint32_t doc = 0;
      if (o.known() && o.file < a.files.size()) {
        doc = document_of(a.files[o.file], o.span.begin);
        if (!r.generated) cover(o.file);
      }
      if (auto obj = model::make_object(node, o.file, doc, render)) a.objects.push_back(std::move(*obj));
    }
  }
};

}  // namespace

void render_repository(Analysis& analysis, const RenderOptions& options) {
  Analysis& a = analysis;
  if (!options.enabled) {
    for (FileId id : a.linted_files)
      for (auto& o : model::objects_in_file(a.files[id], id)) a.objects.push_back(std::move(o));
    return;
  }
  std::string repo_root = a.repository_root;
  FileAccess files(a.files, options.dirs);
  KustomizeBuilder builder(files);

  std::vector<std::string> kdirs;
  struct FluxRef {
    FileId file;
    const yaml::Node* node;
  };
  std::vector<FluxRef> fluxes;
  VarIndex vars;
  FluxSources sources(files, repo_root,
                      options.flux_source_roots ? *options.flux_source_roots : std::map<std::string, std::string>{});
  for (FileId id : a.linted_files) {
    const SourceFile& f = a.files[id];
    if (is_kustomization_name(f.abs_path)) {
      kdirs.push_back(parent_dir(f.abs_path));
      continue;
    }
    bool kinds_known = f.kinds.size() == f.documents.size();
    for (size_t di = 0; di < f.documents.size(); ++di) {
      const auto& d = f.documents[di];
      // This pass sees every document of the repository, long after it was parsed (out
      // of cache): the kind the loader noted says which few are read further.
      const yaml::Node* kind = kinds_known ? nullptr : d.root.is_map() ? d.root.get("kind") : nullptr;
      if (!kinds_known && (!kind || !kind->is_scalar())) continue;
      const std::string& k = kinds_known ? f.kinds[di] : kind->str();
      if (k == "Kustomization" || k == "ArtifactGenerator") {
        if (is_flux_kustomization(d.root) && d.root.path({"spec", "sourceRef"})) fluxes.push_back({id, &d.root});
        sources.add(d.root, f.abs_path);
      } else if (k == "ConfigMap" || k == "Secret") {
        vars.add(d.root, f.abs_path);
      } else if (k == "List") {
        if (const yaml::Node* items = d.root.get("items"); items && items->is_seq())
          for (const auto& i : items->items()) vars.add(i, f.abs_path);
      }
    }
  }
  // The kinds the loader noted served this pass only: released (peak memory comes later).
  for (FileId id : a.linted_files) std::vector<std::string>().swap(a.files[id].kinds);

  // Roots: kustomizations no other kustomization or Flux Kustomization includes, and that
  // are not components.
  std::unordered_set<std::string> included, components;
  for (const auto& dir : kdirs) {
    const yaml::Node* k = builder.load_kustomization(dir);
    if (!k) continue;
    if (scalar(k->get("kind")) == "Component") components.insert(dir);
    for (const char* field : {"resources", "bases", "components"})
      if (const yaml::Node* list = k->get(field); list && list->is_seq())
        for (const auto& r : list->items()) {
          std::string s = scalar(&r);
          if (s.empty() || is_remote(s)) continue;
          std::string p = join_path(dir, s);
          if (p != dir && files.is_dir(p)) included.insert(p);
        }
  }
  // Where each Flux Kustomization's spec.path is, as written (a render may patch it).
  std::vector<FluxTarget> targets(fluxes.size());
  for (size_t i = 0; i < fluxes.size(); ++i) {
    targets[i] = sources.locate(*fluxes[i].node, a.files[fluxes[i].file].abs_path);
    for (const auto& d : targets[i].dirs) included.insert(d);
  }

  Collector c{a, {}, {}};
  std::unordered_set<std::string> built;
  auto build_root = [&](const std::string& dir) {
    FileId kf = kNoFile;
    builder.load_kustomization(dir, &kf);
    BuildOutput out = builder.build(dir);
    built.insert(out.dirs.begin(), out.dirs.end());
    c.add("kustomize " + rel_to(dir, repo_root), Origin{kf, {}}, out, nullptr, dir, kf);
  };
  for (const auto& dir : kdirs)
    if (!included.count(dir) && !components.count(dir)) build_root(dir);
  std::string building;  // the file of the Flux Kustomization being built
  auto lookup = [&](const std::string& kind, const std::string& name, const std::string& ns) {
    return vars.find(kind, name, ns, building);
  };
  // A Flux Kustomization written inside another render's path is built from the version
  // that render produces; so parents go first. Passes until no progress, then the rest as
  // written.
  std::vector<bool> done(fluxes.size(), false);
  // For each Flux Kustomization, the others whose path holds its file (found once, by
  // the file's ancestors, instead of comparing every pair on every pass). A path that is
  // the whole source is no nesting hint.
  std::unordered_map<std::string, std::vector<size_t>> by_dir;
  for (size_t j = 0; j < fluxes.size(); ++j) {
    std::string p = scalar(fluxes[j].node->path({"spec", "path"}));
    if (p.empty() || p == "." || p == "./") continue;
    if (!targets[j].dir.empty()) by_dir[targets[j].dir].push_back(j);
    else
      for (const auto& d : targets[j].dirs) by_dir[d].push_back(j);
  }
  std::vector<std::vector<size_t>> enclosing(fluxes.size());
  for (size_t i = 0; i < fluxes.size(); ++i)
    for (std::string d = parent_dir(a.files[fluxes[i].file].abs_path);; d = parent_dir(d)) {
      if (auto it = by_dir.find(d); it != by_dir.end())
        for (size_t j : it->second)
          if (j != i) enclosing[i].push_back(j);
      if (d == "/" || d == ".") break;
    }
  for (bool progress = true, force = false; progress || !force;) {
    if (!progress) force = true;
    progress = false;
    for (size_t i = 0; i < fluxes.size(); ++i) {
      if (done[i]) continue;
      const yaml::Node& written = *fluxes[i].node;
      auto key = std::make_pair(fluxes[i].file, written.origin().span.begin);
      auto it = c.rendered_flux.find(key);
      if (it == c.rendered_flux.end() && !force) {
        // Wait while a pending render may still produce this one.
        bool waiting = std::any_of(enclosing[i].begin(), enclosing[i].end(), [&](size_t j) { return !done[j]; });
        if (waiting) continue;
      }
      const yaml::Node& ks = it != c.rendered_flux.end() ? *it->second : written;
      done[i] = true;
      progress = true;
      std::string name = scalar(ks.path({"metadata", "namespace"}));
      name = "flux " + (name.empty() ? "" : name + "/") + scalar(ks.path({"metadata", "name"}));
      // The rendered version may point elsewhere (a patched or substituted path or source).
      if (&ks != &written && !same_source(ks, written))
        targets[i] = sources.locate(ks, a.files[fluxes[i].file].abs_path, &written);
      building = a.files[fluxes[i].file].abs_path;
      FluxBuild fb = build_flux(ks, targets[i], files, builder, lookup);
      built.insert(fb.build.dirs.begin(), fb.build.dirs.end());
      FileId own = kNoFile;
      if (!fb.path_dir.empty()) builder.load_kustomization(fb.path_dir, &own);
      c.add(name, written.origin(), fb.build, &fb.unresolved, fb.path_dir, own);
    }
    if (force && !progress) break;
  }
  // Kustomizations that only include each other (a cycle) have no root: build them so
  // that the cycle is reported.
  for (const auto& dir : kdirs)
    if (!built.count(dir) && !components.count(dir) && included.count(dir)) build_root(dir);

  // Objects that no render includes are evaluated as written.
  for (FileId id : a.linted_files) {
    if (id < c.covered.size() && c.covered[id]) continue;
    for (auto& o : model::objects_in_file(a.files[id], id)) a.objects.push_back(std::move(o));
  }
}

}  // namespace halint::render
