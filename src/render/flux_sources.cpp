#include "render/flux_sources.h"

#include <algorithm>

#include "fs/walk.h"
#include "render/copy_glob.h"

namespace halint::render {
namespace {

std::string scalar(const yaml::Node* n) { return n && n->is_scalar() && !n->is_null() ? n->str() : ""; }

using fs::parent_dir;

bool pushed_kind(const std::string& kind) { return kind == "OCIRepository" || kind == "Bucket"; }

bool is_kustomization_name(std::string_view name) {
  return name == "kustomization.yaml" || name == "kustomization.yml" || name == "Kustomization";
}

std::string qualified(const std::string& ns, const std::string& name) { return ns.empty() ? name : ns + "/" + name; }

// A copy rule's literal directories, cut before a pathPattern `{capture}` too.
std::string literal_of(const std::string& pattern) {
  std::string lit = literal_prefix(pattern);
  size_t brace = lit.find('{');
  if (brace == std::string::npos) return lit;
  size_t slash = lit.rfind('/', brace);
  return slash == std::string::npos ? "." : lit.substr(0, slash);
}

// The repository directory holding an artifact directory's kustomization, if it has one.
std::string kustomization_dir(const Artifact& a, const std::string& vdir, FileAccess& files) {
  if (auto r = a.repository_dir(vdir, files)) return files.kustomization_file(*r).empty() ? "" : *r;
  for (const auto& e : a.list(vdir, files))
    if (!e.dir && is_kustomization_name(e.name)) return parent_dir(e.file);
  return "";
}

// Flux's generated kustomization, over an artifact directory: every manifest, and each
// subdirectory with a kustomization as a whole (absolute repository paths).
void scan_artifact(const Artifact& a, const std::string& vdir, FileAccess& files, yaml::Node& resources,
                   std::vector<std::string>& dirs, Origin origin, int depth) {
  if (depth > 50) return;
  for (const auto& e : a.list(vdir, files)) {
    if (e.name == ".git") continue;
    std::string child = vdir.empty() ? e.name : vdir + "/" + e.name;
    if (e.dir) {
      std::string k = kustomization_dir(a, child, files);
      if (!k.empty()) {
        resources.push_back(str_node(k, origin));
        dirs.push_back(k);
      } else {
        scan_artifact(a, child, files, resources, dirs, origin, depth + 1);
      }
      continue;
    }
    if (!(e.name.ends_with(".yaml") || e.name.ends_with(".yml"))) continue;
    auto id = files.yaml(e.file);
    if (id && !files.file(*id).syntax_error && holds_objects(files.file(*id)))
      resources.push_back(str_node(e.file, origin));
  }
}

}  // namespace

FluxSources::FluxSources(FileAccess& files, std::string repo_root, std::map<std::string, std::string> configured)
    : files_(files), repo_root_(std::move(repo_root)), configured_(std::move(configured)) {}

std::vector<std::string> FluxSources::ancestors(const std::string& file) const {
  std::vector<std::string> up;
  for (std::string c = parent_dir(file);; c = parent_dir(c)) {
    up.push_back(c);
    if (c == repo_root_ || c.size() <= repo_root_.size() || c == "/" || c == ".") break;
  }
  return up;
}

std::vector<std::string> FluxSources::holders(const std::string& file, const std::string& rel, bool any_kind,
                                              size_t limit, bool from_top) {
  // The ancestors are prefixes of the file's path: candidates are built from those (rel is
  // clean, so "<prefix>/<rel>" is a normal path), nearest first or from the root down.
  std::vector<size_t> cuts;  // lengths of the ancestor prefixes, nearest first
  for (size_t cut = file.rfind('/'); cut != std::string::npos && cut > 0; cut = file.rfind('/', cut - 1)) {
    cuts.push_back(cut);
    if (cut <= repo_root_.size()) break;
  }
  if (cuts.empty()) cuts.push_back(0);  // a file at "/x": the root
  if (from_top) std::reverse(cuts.begin(), cuts.end());
  std::vector<std::string> out;
  // The first segment decides for most ancestors: asked first, the whole path is looked
  // up (and its missing parents recorded) only where that segment exists.
  std::string_view first = std::string_view(rel).substr(0, rel.find('/'));
  std::string p;
  for (size_t cut : cuts) {
    if (out.size() >= limit) break;
    std::string_view dir = cut == 0 ? std::string_view("/") : std::string_view(file).substr(0, cut);
    if (rel.empty()) {
      out.emplace_back(dir);
      continue;
    }
    p.assign(dir);
    if (p.back() != '/') p += '/';
    p += first;
    bool whole = first.size() == rel.size();
    if (!whole) {
      if (!files_.is_dir(p)) continue;
      p += rel.substr(first.size());
    }
    if (files_.is_dir(p) || (any_kind && files_.is_file(p))) out.emplace_back(dir);
  }
  return out;
}

// Each entry keeps at most two distinct values: one is an answer, two is a disagreement.
// Keyed by the directories of the file that found the value, so that the answer for
// another file is the one found nearest it, in a number of steps that does not grow with
// the repository.
void FluxSources::remember(NearIndex& index, const std::string& key, const std::string& value,
                           const std::string& file) {
  for (const auto& dir : ancestors(file)) {
    auto& v = index[key + '\n' + dir];
    if (v.size() < 2 && std::find(v.begin(), v.end(), value) == v.end()) v.push_back(value);
  }
}

std::optional<std::string> FluxSources::nearest(const NearIndex& index, const std::string& key,
                                                const std::string& file, bool* ambiguous) const {
  for (const auto& dir : ancestors(file)) {
    auto it = index.find(key + '\n' + dir);
    if (it == index.end()) continue;
    if (it->second.size() == 1) return it->second.front();
    if (ambiguous) *ambiguous = true;
    return std::nullopt;
  }
  return std::nullopt;
}

std::string FluxSources::shown(const std::string& dir) const {
  if (dir == repo_root_) return ".";
  if (dir.size() > repo_root_.size() && dir.compare(0, repo_root_.size(), repo_root_) == 0 &&
      dir[repo_root_.size()] == '/')
    return dir.substr(repo_root_.size() + 1);
  return dir;
}

void FluxSources::add(const yaml::Node& doc, const std::string& file) {
  if (is_flux_kustomization(doc)) {
    const yaml::Node* ref = doc.path({"spec", "sourceRef"});
    std::string kind = scalar(ref ? ref->get("kind") : nullptr);
    std::string rel = clean_relative(scalar(doc.path({"spec", "path"})));
    if (!pushed_kind(kind) || rel.empty()) return;
    auto hs = holders(file, rel, false, 2);
    if (hs.size() == 1) remember(votes_, kind + "/" + scalar(ref->get("name")), hs.front(), file);
    return;
  }
  if (!is_artifact_generator(doc)) return;
  generators_.push_back({&doc, file});
  // Its copy rules tell where the sources they read are, as Kustomizations do.
  const yaml::Node* sources = doc.path({"spec", "sources"});
  if (!sources || !sources->is_seq()) return;
  std::vector<std::string> froms;
  if (const yaml::Node* arts = doc.path({"spec", "artifacts"}); arts && arts->is_seq())
    for (const auto& a : arts->items())
      if (const yaml::Node* copies = a.get("copy"); copies && copies->is_seq())
        for (const auto& c : copies->items()) froms.push_back(scalar(c.get("from")));
  froms.push_back(scalar(doc.path({"spec", "pathPattern"})));
  for (const auto& s : sources->items()) {
    std::string kind = scalar(s.get("kind"));
    if (!pushed_kind(kind)) continue;
    std::string prefix = "@" + scalar(s.get("alias")) + "/";
    for (const auto& from : froms) {
      if (!from.starts_with(prefix)) continue;
      std::string lit = literal_of(from.substr(prefix.size()));
      if (lit == ".") continue;
      auto hs = holders(file, lit, true, 2);
      if (hs.size() == 1) remember(votes_, kind + "/" + scalar(s.get("name")), hs.front(), file);
    }
  }
}

FluxSources::Root FluxSources::pushed_root(const std::string& kind, const std::string& ns, const std::string& name,
                                           const std::string& rel, const std::string& file) {
  Root r;
  if (auto it = configured_.find(kind + "/" + ns + "/" + name); it != configured_.end()) {
    r.dir = it->second;
    r.configured = true;
    return r;
  }
  if (ns.empty()) {
    // Written without a namespace (a kustomization places it): a configured source of
    // that kind and name, when there is exactly one.
    const std::string* only = nullptr;
    int n = 0;
    for (const auto& [key, dir] : configured_)
      if (key.starts_with(kind + "/") && key.ends_with("/" + name) &&
          std::count(key.begin(), key.end(), '/') == 2 && ++n == 1)
        only = &dir;
    if (n == 1) {
      r.dir = *only;
      r.configured = true;
      return r;
    }
  }
  std::vector<std::string> hs;
  if (!rel.empty()) hs = holders(file, rel, false, 3);
  if (hs.size() == 1) {
    r.dir = hs.front();
    return r;
  }
  auto voted = nearest(votes_, kind + "/" + name, file, nullptr);
  if (voted && (hs.empty() || std::find(hs.begin(), hs.end(), *voted) != hs.end())) {
    r.dir = *voted;
    return r;
  }
  if (hs.size() > 1) r.candidates = hs;
  return r;
}

SourceRoot FluxSources::generator_source(const yaml::Node& source, const std::string& generator_ns,
                                         const std::string& literal, const std::string& file) {
  std::string kind = scalar(source.get("kind"));
  std::string name = scalar(source.get("name"));
  std::string ns = scalar(source.get("namespace"));
  if (ns.empty()) ns = generator_ns;
  std::string what = kind + " " + qualified(ns, name);
  std::string rel = literal == "." ? "" : literal;
  if (kind == "GitRepository") {
    // The repository's own: the highest directory that holds the path.
    if (rel.empty()) return {repo_root_, ""};
    auto hs = holders(file, rel, true, 1, true);  // the highest
    if (!hs.empty()) return {hs.front(), ""};
    // flux-system is the repository's own by Flux's convention: a path it lacks is a
    // copy rule that fails, not another repository.
    if (name == "flux-system") return {repo_root_, ""};
    return {"", what + " is not in this repository ('" + literal + "' is not)"};
  }
  if (pushed_kind(kind)) {
    Root r = pushed_root(kind, ns, name, rel, file);
    if (!r.dir.empty()) return {r.dir, ""};
    if (!r.candidates.empty())
      return {"", what + " may be pushed from several directories; name the one in flux.sourceRoots"};
    return {"", what + " is not a directory of this repository"};
  }
  return {"", what + " (not a source halint reads from this repository)"};
}

void FluxSources::build_artifacts() {
  artifacts_built_ = true;
  for (const auto& g : generators_) {
    std::string gns = scalar(g.doc->path({"metadata", "namespace"}));
    SourceRootFinder finder = [&](const yaml::Node& source, const std::string& literal) {
      return generator_source(source, gns, literal, g.file);
    };
    for (auto& a : generator_artifacts(*g.doc, files_, finder)) {
      std::string index = std::to_string(artifacts_.size());
      remember(artifact_index_, a.name_space + "/" + a.name, index, g.file);
      remember(artifact_index_, "*/" + a.name, index, g.file);
      artifacts_.push_back(std::move(a));
    }
  }
}

void FluxSources::finish_repository_target(FluxTarget& t, const yaml::Node& ks) {
  t.dirs.push_back(t.dir);
  if (files_.kustomization_file(t.dir).empty()) {
    yaml::Node gen = generated_kustomization(t.dir, files_, {});
    for (const auto& r : gen.get("resources")->items())
      if (files_.is_dir(r.str())) t.dirs.push_back(r.str());
  }
  if (const yaml::Node* comps = ks.path({"spec", "components"}); comps && comps->is_seq())
    for (const auto& c : comps->items()) t.dirs.push_back(join_path(t.dir, scalar(&c)));
}

FluxTarget FluxSources::locate(const yaml::Node& ks, const std::string& file, const yaml::Node* written_ks) {
  FluxTarget t;
  const yaml::Node* ref = ks.path({"spec", "sourceRef"});
  std::string kind = scalar(ref ? ref->get("kind") : nullptr);
  if (kind.empty()) kind = "GitRepository";
  std::string name = scalar(ref ? ref->get("name") : nullptr);
  std::string ns = scalar(ref ? ref->get("namespace") : nullptr);
  if (ns.empty()) ns = scalar(ks.path({"metadata", "namespace"}));
  const yaml::Node* path_node = ks.path({"spec", "path"});
  std::string written = scalar(path_node);
  std::string rel = clean_relative(written);
  Origin at = path_node ? path_node->origin() : ks.origin();
  t.source = kind + " " + qualified(ns, name);

  if (kind == "ExternalArtifact") return locate_artifact(ks, file, ns, name, rel, std::move(t));

  if (pushed_kind(kind)) {
    Root r = pushed_root(kind, ns, name, rel, file);
    if (r.dir.empty()) {
      if (!r.candidates.empty()) {
        std::string list;
        for (size_t i = 0; i < r.candidates.size() && i < 3; ++i) list += (i ? ", " : "") + shown(r.candidates[i]);
        t.skipped.push_back({"spec.path '" + written + "' is in several directories (" + list +
                                 "): name the one " + t.source + " is pushed from in .halint.yaml flux.sourceRoots",
                             at});
      } else if (rel.empty()) {
        t.skipped.push_back({"no spec.path: the root of source '" + name + "' (another repository)", ks.origin()});
      } else {
        t.skipped.push_back(
            {"spec.path '" + written + "' is not a directory of this repository (source: " + kind + ")", at});
      }
      return t;
    }
    t.dir = rel.empty() ? r.dir : join_path(r.dir, rel);
    if (!files_.is_dir(t.dir)) {
      if (r.configured)
        t.errors.push_back({"spec.path '" + written + "' is not a directory of " + shown(r.dir) + ", where " +
                                "flux.sourceRoots says " + t.source + " is pushed from",
                            at});
      else
        t.skipped.push_back(
            {"spec.path '" + written + "' is not a directory of this repository (source: " + kind + ")", at});
      t.dir.clear();
      return t;
    }
    finish_repository_target(t, ks);
    return t;
  }

  // The repository's own GitRepository (or a source halint does not model): spec.path
  // from the highest directory between the file and the root that holds it.
  if (rel.empty() && name != "flux-system") {
    // No path (or "./"): the root of a source that is most likely another repository (a
    // chart's CRDs): building this repository's root instead would be wrong.
    t.skipped.push_back({"no spec.path: the root of source '" + name + "' (another repository)", ks.origin()});
    return t;
  }
  std::string root_rel = written_ks ? clean_relative(scalar(written_ks->path({"spec", "path"}))) : rel;
  auto hs = holders(file, root_rel, false, 1, true);  // the highest
  std::string root = hs.empty() ? repo_root_ : hs.front();
  t.dir = rel.empty() ? root : join_path(root, rel);
  if (!files_.is_dir(t.dir)) {
    t.skipped.push_back(
        {"spec.path '" + written + "' is not a directory of this repository (source: " + kind + ")", at});
    t.dir.clear();
    return t;
  }
  finish_repository_target(t, ks);
  return t;
}

FluxTarget FluxSources::locate_artifact(const yaml::Node& ks, const std::string& file, const std::string& ns,
                                        const std::string& name, const std::string& rel, FluxTarget t) {
  if (!artifacts_built_) build_artifacts();
  const yaml::Node* path_node = ks.path({"spec", "path"});
  std::string written = scalar(path_node);
  Origin at = path_node ? path_node->origin() : ks.origin();
  const yaml::Node* ref = ks.path({"spec", "sourceRef"});
  Origin ref_at = ref ? ref->origin() : ks.origin();
  bool ambiguous = false;
  auto found = nearest(artifact_index_, ns + "/" + name, file, &ambiguous);
  if (!found && !ambiguous) found = nearest(artifact_index_, "*/" + name, file, &ambiguous);
  if (!found) {
    // No generator here makes it (another producer may): the one directory between the
    // file and the root that holds spec.path is the best guess, as for a pushed source.
    auto hs = ambiguous || rel.empty() ? std::vector<std::string>{} : holders(file, rel, false, 2);
    if (hs.size() == 1) {
      t.dir = join_path(hs.front(), rel);
      finish_repository_target(t, ks);
      return t;
    }
    t.skipped.push_back({t.source + (ambiguous ? " is produced by several ArtifactGenerators"
                                               : ": no ArtifactGenerator in this repository produces it"),
                         ref_at});
    return t;
  }
  const Artifact& a = artifacts_[std::stoul(*found)];
  if (!a.errors.empty()) {
    // source-watcher produces no artifact: the Kustomization never gets one to build.
    for (const auto& e : a.errors)
      t.errors.push_back({t.source + " cannot be generated (ArtifactGenerator " + a.generator + "): " + e.message,
                          e.at});
    return t;
  }
  Artifact::Kind kind = a.kind(rel, files_);
  if (kind != Artifact::Kind::Directory) {
    if (!a.elsewhere.empty())
      t.skipped.push_back({"spec.path '" + written + "' of " + t.source + " is not in what it copies from this " +
                               "repository (" + a.elsewhere.front().message + ")",
                           at});
    else
      t.errors.push_back({"spec.path '" + written + "' is not a directory of " + t.source + " (ArtifactGenerator " +
                              a.generator + " copies " + a.describe(repo_root_) + ")",
                          at});
    return t;
  }
  // Copies from sources elsewhere are not analysed: said (HA005), the rest is built.
  for (const auto& e : a.elsewhere) t.partly_skipped.push_back({t.source + ": " + e.message, e.at});

  std::string pseudo = "/@artifact/" + qualified(a.name_space, a.name);
  std::string kdir = kustomization_dir(a, rel, files_);
  auto whole = a.repository_dir(rel, files_);
  if (!kdir.empty()) {
    // The kustomization the artifact holds there is built where the repository holds it
    // (its relative references resolve in the repository as in the artifact wherever the
    // copy rules keep the layout, as generators that split a repository do).
    t.dir = kdir;
    t.dirs.push_back(kdir);
  } else if (whole) {
    // One repository directory is the whole artifact directory: Flux generates its
    // kustomization from that directory's files.
    t.dir = *whole;
    t.dirs.push_back(*whole);
    yaml::Node gen = generated_kustomization(t.dir, files_, {});
    for (const auto& r : gen.get("resources")->items())
      if (files_.is_dir(r.str())) t.dirs.push_back(r.str());
  } else {
    // The artifact directory gathers several copies: the kustomization Flux generates
    // for it, over the repository files the copies show.
    yaml::Node k = yaml::Node::map(at);
    yaml::Node resources = yaml::Node::seq(at);
    scan_artifact(a, rel, files_, resources, t.dirs, at, 0);
    k.set("resources", std::move(resources));
    t.generated = std::move(k);
    t.artifact_dir = pseudo + (rel.empty() ? "" : "/" + rel);
  }
  // spec.components are paths in the artifact.
  if (const yaml::Node* comps = ks.path({"spec", "components"}); comps && comps->is_seq())
    for (const auto& c : comps->items()) {
      std::string v = clean_relative(rel + "/" + scalar(&c));
      std::string d;
      if (a.kind(v, files_) == Artifact::Kind::Directory) {
        d = kustomization_dir(a, v, files_);
        if (d.empty())
          if (auto w = a.repository_dir(v, files_)) d = *w;
      }
      // One the artifact lacks fails the build, as in Flux (even if the repository has it).
      t.components.push_back(d.empty() ? pseudo + "/" + v : d);
      if (!d.empty()) t.dirs.push_back(d);
    }
  return t;
}

}  // namespace halint::render
