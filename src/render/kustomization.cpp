#include "render/kustomization.h"

#include <algorithm>
#include <cstdio>
#include <unordered_map>
#include <unordered_set>

#include "render/generators.h"
#include "render/inline_yaml.h"
#include "render/json6902.h"
#include "render/strategic_merge.h"
#include "render/target.h"

namespace halint::render {
namespace {

std::string scalar(const yaml::Node* n) { return n && n->is_scalar() && !n->is_null() ? n->str() : ""; }

const yaml::Node* seq_field(const yaml::Node& k, const char* name) {
  const yaml::Node* n = k.get(name);
  return n && n->is_seq() ? n : nullptr;
}

// Resources of one YAML document: the object, or the items of a List.
void objects_of(const yaml::Node& root, std::vector<yaml::Node>& out) {
  if (!root.is_map()) return;
  std::string kind = scalar(root.get("kind"));
  if (kind.size() >= 4 && kind.ends_with("List") && root.get("items")) {
    if (const yaml::Node* items = root.get("items"); items && items->is_seq())
      for (const auto& i : items->items()) objects_of(i, out);
    return;
  }
  out.push_back(root);
}

// What kustomize calls a resource id: group, kind, name, namespace. Views into the tree.
struct ResId {
  std::string_view group, kind, name, ns;
  bool operator==(const ResId&) const = default;
};
ResId id_of(const Resource& r) { return {r.group_view(), r.kind(), r.name(), r.name_space()}; }
struct ResIdHash {
  size_t operator()(const ResId& id) const {
    std::hash<std::string_view> h;
    return h(id.name) ^ (h(id.kind) * 31) ^ (h(id.ns) * 131) ^ (h(id.group) * 1031);
  }
};

}  // namespace

// The ids already in a build, to refuse duplicates (kustomize does) without comparing
// every new resource with every old one.
class IdSet {
 public:
  explicit IdSet(const std::vector<Resource>& ra) {
    ids_.reserve(ra.size() * 2);
    for (const auto& r : ra) ids_.insert(id_of(r));
  }
  bool contains(const Resource& r) const { return ids_.count(id_of(r)) > 0; }
  // Adds r's id; false when it was there already. The id's views point into the strings
  // of r's map entries, which live in its tree's child lists: moving r (into a vector
  // that grows) keeps them, changing the tree does not. So a set lives only while
  // resources are added.
  bool add(const Resource& r) { return ids_.insert(id_of(r)).second; }

 private:
  std::unordered_set<ResId, ResIdHash> ids_;
};

bool is_remote(const std::string& ref) {
  return ref.find("://") != std::string::npos || ref.rfind("github.com/", 0) == 0 ||
         ref.rfind("gitlab.com/", 0) == 0 || ref.rfind("bitbucket.org/", 0) == 0 || ref.rfind("git@", 0) == 0 ||
         ref.find("?ref=") != std::string::npos || ref.find(".git//") != std::string::npos;
}

const yaml::Node* KustomizeBuilder::load_kustomization(const std::string& dir, FileId* file) {
  // Asked for every directory of every render: answered once per directory.
  auto [it, inserted] = kustomizations_.try_emplace(dir);
  LoadedKustomization& loaded = it->second;
  if (inserted) {
    std::string path = files_.kustomization_file(dir);
    auto id = path.empty() ? std::nullopt : files_.yaml(path);
    if (id) {
      const SourceFile& f = files_.file(*id);
      loaded.file = *id;
      for (const auto& d : f.documents)
        if (d.has_content && d.root.is_map()) {
          loaded.node = &d.root;
          break;
        }
      if (!loaded.node && !f.syntax_error) loaded.node = &empty_kustomization_;
    }
  }
  if (file && loaded.file != kNoFile) *file = loaded.file;
  return loaded.node;
}

const KustomizeBuilder::InlinePatch& KustomizeBuilder::parsed_inline_patch(const yaml::Node& scalar) {
  // The same patch text is built by every render that includes its kustomization. Keyed
  // by where it is written and what it says (a render may have substituted the text).
  Origin at = scalar.origin();
  std::string key = std::to_string(at.file) + ":" + std::to_string(at.span.begin) + ":" + scalar.str();
  auto [it, inserted] = inline_patches_.try_emplace(std::move(key));
  if (inserted) it->second.documents = parse_inline(scalar, files_.table(), it->second.error);
  return it->second;
}

Generated KustomizeBuilder::generated(const GeneratorInput& in) {
  Origin at = in.entry->origin();
  std::string key = in.dir + '\n' + (in.secret ? "secret" : "configmap") + '\n' + std::to_string(at.file) + ':' +
                    std::to_string(at.span.begin);
  auto same_options = [&](const CachedGenerator& c) {
    return in.options ? yaml::equal(c.options, *in.options) : c.options.is_null();
  };
  if (auto it = generators_.find(key);
      it != generators_.end() && yaml::equal(it->second.entry, *in.entry) && same_options(it->second))
    return it->second.out;
  Generated g = generate(in, files_);
  generators_.insert_or_assign(key, CachedGenerator{*in.entry, in.options ? *in.options : yaml::Node(), g});
  return g;
}

std::string KustomizeBuilder::hash_suffix(const yaml::Node& object) {
  // The hash reads kind, type, immutable, data and binaryData (generators.cpp). Contents
  // are told apart by their child lists' identity: a generator's output shares them
  // until a patch changes them (yaml::Node is copy-on-write).
  const yaml::Node* data = object.get("data");
  const yaml::Node* binary = object.get("binaryData");
  if (!data || !data->children_id()) return name_hash(object);
  auto text = [&](const char* field) {
    const yaml::Node* n = object.get(field);
    return n && n->is_scalar() ? n->str() : std::string("-");
  };
  char ids[64];
  std::snprintf(ids, sizeof ids, "%p/%p", data->children_id(), binary ? binary->children_id() : nullptr);
  std::string key = text("kind") + '\n' + text("type") + '\n' + text("immutable") + '\n' + ids;
  auto it = hashes_.find(key);
  if (it == hashes_.end())
    it = hashes_.emplace(key, CachedHash{*data, binary ? *binary : yaml::Node(), name_hash(object)}).first;
  return it->second.hash;
}

BuildOutput KustomizeBuilder::build(const std::string& dir, const yaml::Node* kustomization) {
  BuildOutput out;
  Ctx ctx{&out, {}, {}, {}};
  const yaml::Node* k = kustomization;
  if (!k) k = load_kustomization(dir);
  if (!k) {
    out.errors.push_back({"no kustomization in '" + dir + "' (or it is not valid YAML)", {}});
    return out;
  }
  ctx.stack.push_back(dir);
  accumulate(dir, *k, ctx, out.resources);
  // Done once at the root, as kustomize does: hashes on the final content, then every
  // reference follows the names' changes.
  for (auto& r : out.resources)
    if (r.needs_hash) {
      yaml::Node* name = r.node.get("metadata")->get("name");
      name->set_str(name->str() + "-" + hash_suffix(r.node));
    }
  fix_name_references(out.resources, ctx.name_refs);
  resolve_vars(out.resources, ctx.vars, out.errors);
  return out;
}

void KustomizeBuilder::add_resources_from_file(const std::string& path, const yaml::Node& ref, Ctx& ctx,
                                               std::vector<Resource>& ra, IdSet& ids) {
  auto id = files_.yaml(path);
  if (!id) {
    ctx.out->errors.push_back({"resource '" + ref.str() + "' cannot be read", ref.origin()});
    return;
  }
  const SourceFile& f = files_.file(*id);
  if (f.syntax_error) {
    ctx.out->errors.push_back({"resource '" + ref.str() + "' is not valid YAML: " + f.syntax_error->reason,
                               ref.origin()});
  }
  if (!f.duplicates.empty()) {
    // kustomize decodes strictly: a repeated key fails the whole build.
    ctx.out->reported_elsewhere.push_back({"resource '" + ref.str() + "' repeats the key '" + f.duplicates.front().key +
                                   "' (kustomize refuses to build it)",
                               ref.origin()});
  }
  for (const auto& d : f.documents) {
    if (!d.has_content || d.root.is_null()) continue;
    std::vector<yaml::Node> objs;
    objects_of(d.root, objs);
    for (auto& o : objs) {
      Resource r;
      r.node = std::move(o);
      if (r.kind().empty() || r.api_version().empty()) {
        ctx.out->errors.push_back({"resource '" + ref.str() + "' holds a document without apiVersion/kind",
                                   ref.origin()});
        continue;
      }
      r.orig_name = r.name();
      r.orig_namespace = r.name_space();
      if (!ids.add(r)) {
        ctx.out->errors.push_back({"resource '" + ref.str() + "': " + r.kind() + " '" + r.name() +
                                       "' is already in the build (kustomize refuses duplicate ids)",
                                   ref.origin()});
        continue;
      }
      ra.push_back(std::move(r));
    }
  }
}

void KustomizeBuilder::accumulate_dir(const std::string& path, const yaml::Node& ref, bool component, Ctx& ctx,
                                      std::vector<Resource>& ra, IdSet* ids) {
  if (std::find(ctx.stack.begin(), ctx.stack.end(), path) != ctx.stack.end()) {
    ctx.out->errors.push_back({"'" + ref.str() + "' includes itself (cycle)", ref.origin()});
    return;
  }
  const yaml::Node* k = load_kustomization(path);
  if (!k) {
    ctx.out->errors.push_back(
        {"'" + ref.str() + "' is a directory without a (valid) kustomization.yaml", ref.origin()});
    return;
  }
  ctx.stack.push_back(path);
  if (component) {
    // A component works on the including kustomization's resources.
    accumulate(path, *k, ctx, ra);
  } else {
    std::vector<Resource> sub;
    accumulate(path, *k, ctx, sub);
    for (auto& r : sub) {
      if (!ids->add(r)) {
        ctx.out->errors.push_back({"'" + ref.str() + "' adds " + r.kind() + " '" + r.name() +
                                       "' that is already in the build (kustomize refuses duplicate ids)",
                                   ref.origin()});
        continue;
      }
      ra.push_back(std::move(r));
    }
  }
  ctx.stack.pop_back();
}

void KustomizeBuilder::accumulate(const std::string& dir, const yaml::Node& k, Ctx& ctx, std::vector<Resource>& ra) {
  ctx.out->dirs.push_back(dir);
  // Resources only grow until the transformers run: one id set serves them all.
  IdSet ids(ra);
  for (const char* field : {"resources", "bases"}) {
    const yaml::Node* list = seq_field(k, field);
    if (!list) continue;
    for (const auto& ref : list->items()) {
      std::string s = scalar(&ref);
      if (s.empty()) continue;
      if (is_remote(s)) {
        ctx.out->skipped.push_back({"remote resource " + s, ref.origin()});
        continue;
      }
      std::string path = join_path(dir, s);
      if (files_.is_dir(path)) accumulate_dir(path, ref, false, ctx, ra, &ids);
      else if (files_.is_file(path)) add_resources_from_file(path, ref, ctx, ra, ids);
      else ctx.out->errors.push_back({"resource '" + s + "' does not exist", ref.origin()});
    }
  }
  if (const yaml::Node* comps = seq_field(k, "components"))
    for (const auto& ref : comps->items()) {
      std::string s = scalar(&ref);
      if (s.empty()) continue;
      if (is_remote(s)) {
        ctx.out->skipped.push_back({"remote component " + s, ref.origin()});
        continue;
      }
      std::string path = join_path(dir, s);
      if (files_.is_dir(path)) accumulate_dir(path, ref, true, ctx, ra, nullptr);
      else ctx.out->errors.push_back({"component '" + s + "' is not a directory", ref.origin()});
    }
  if (const yaml::Node* confs = seq_field(k, "configurations"))
    for (const auto& ref : confs->items()) {
      std::string path = join_path(dir, scalar(&ref));
      auto id = files_.yaml(path);
      if (!id) {
        ctx.out->errors.push_back({"configuration '" + ref.str() + "' does not exist", ref.origin()});
        continue;
      }
      ctx.out->patch_files.push_back(*id);
      for (const auto& d : files_.file(*id).documents)
        for (auto& nr : parse_name_references(d.root)) ctx.name_refs.push_back(std::move(nr));
    }
  run_generators(dir, k, ctx, ra);
  if (const yaml::Node* charts = seq_field(k, "helmCharts"))
    for (const auto& c : charts->items())
      ctx.out->skipped.push_back({"helmCharts entry " + scalar(c.get("name")), c.origin()});

  // Transformers, in the order kustomize runs its built-ins.
  run_patches(dir, k, ctx, ra, false);
  if (const yaml::Node* ns = k.get("namespace"); ns && ns->is_scalar() && !ns->str().empty()) set_namespace(ra, *ns);
  add_prefix_suffix(ra, k.get("namePrefix"), k.get("nameSuffix"));
  if (const yaml::Node* cl = k.get("commonLabels")) add_labels(ra, *cl, true, true);
  if (const yaml::Node* labels = seq_field(k, "labels"))
    for (const auto& l : labels->items()) {
      const yaml::Node* pairs = l.get("pairs");
      if (!pairs) continue;
      bool sel = l.get("includeSelectors") && l.get("includeSelectors")->as_bool().value_or(false);
      bool tmpl = l.get("includeTemplates") && l.get("includeTemplates")->as_bool().value_or(false);
      add_labels(ra, *pairs, sel, tmpl);
    }
  if (const yaml::Node* ca = k.get("commonAnnotations")) add_annotations(ra, *ca);
  run_patches(dir, k, ctx, ra, true);
  if (const yaml::Node* rep = k.get("replicas")) set_replicas(ra, *rep);
  if (const yaml::Node* img = k.get("images")) set_images(ra, *img);
  run_transformer_files(dir, k, ctx, ra);
  for (auto& v : parse_vars(k.get("vars"))) ctx.vars.push_back(std::move(v));
  for (const char* f : {"generators", "replacements"})
    if (const yaml::Node* t = seq_field(k, f); t && !t->empty())
      ctx.out->skipped.push_back({std::string("kustomization field '") + f + "' (not modelled)", k.find_key(f)->origin()});
}

void KustomizeBuilder::run_transformer_files(const std::string& dir, const yaml::Node& k, Ctx& ctx,
                                             std::vector<Resource>& ra) {
  const yaml::Node* list = seq_field(k, "transformers");
  if (!list) return;
  for (const auto& ref : list->items()) {
    std::string s = scalar(&ref);
    std::string path = join_path(dir, s);
    auto id = files_.is_file(path) ? files_.yaml(path) : std::nullopt;
    if (!id) {
      ctx.out->skipped.push_back({"transformer '" + s + "' (not a local file)", ref.origin()});
      continue;
    }
    ctx.out->patch_files.push_back(*id);
    for (const auto& d : files_.file(*id).documents) {
      const yaml::Node& t = d.root;
      if (!t.is_map()) continue;
      std::string kind = scalar(t.get("kind"));
      if (scalar(t.get("apiVersion")) != "builtin") {
        ctx.out->skipped.push_back({"transformer plugin " + kind + " (not modelled)", ref.origin()});
        continue;
      }
      // The built-ins the corpus configures by file; others are reported as not modelled.
      if (kind == "LabelTransformer" || kind == "AnnotationsTransformer") {
        const yaml::Node* entries = t.get(kind == "LabelTransformer" ? "labels" : "annotations");
        if (entries) apply_string_map(ra, parse_field_specs(t.get("fieldSpecs")), *entries);
      } else if (kind == "NamespaceTransformer") {
        if (const yaml::Node* ns = t.path({"metadata", "namespace"})) set_namespace(ra, *ns);
      } else if (kind == "PrefixSuffixTransformer" || kind == "PrefixTransformer" || kind == "SuffixTransformer") {
        add_prefix_suffix(ra, t.get("prefix"), t.get("suffix"));
      } else if (kind == "ImageTagTransformer") {
        if (const yaml::Node* img = t.get("imageTag")) {
          yaml::Node list2 = yaml::Node::seq(img->origin());
          list2.push_back(*img);
          set_images(ra, list2);
        }
      } else {
        ctx.out->skipped.push_back({"transformer " + kind + " (not modelled)", ref.origin()});
      }
    }
  }
}

void KustomizeBuilder::run_generators(const std::string& dir, const yaml::Node& k, Ctx& ctx,
                                      std::vector<Resource>& ra) {
  const yaml::Node* options = k.get("generatorOptions");
  for (bool secret : {false, true}) {
    const yaml::Node* gens = seq_field(k, secret ? "secretGenerator" : "configMapGenerator");
    if (!gens) continue;
    for (const auto& e : gens->items()) {
      if (!e.is_map()) continue;
      GeneratorInput in{&e, options, secret, dir};
      Generated g = generated(in);
      for (auto& i : g.issues) ctx.out->errors.push_back(std::move(i));
      for (auto& i : g.skipped) ctx.out->skipped.push_back(std::move(i));
      Resource& r = g.resource;
      if (g.behavior == "merge" || g.behavior == "replace") {
        Resource* existing = nullptr;
        for (auto& e2 : ra)
          if (e2.kind() == r.kind() && e2.orig_name == r.orig_name &&
              (r.name_space().empty() || e2.name_space() == r.name_space()))
            existing = &e2;
        if (!existing) {
          ctx.out->errors.push_back({"generator '" + r.orig_name + "' with behavior " + g.behavior +
                                         " finds no " + r.kind() + " of that name to " + g.behavior,
                                     e.origin()});
          continue;
        }
        for (const char* field : {"data", "binaryData"}) {
          const yaml::Node* nd = r.node.get(field);
          if (g.behavior == "replace") {
            existing->node.erase(field);
            if (nd) existing->node.set(field, *nd);
          } else if (nd) {
            yaml::Node& d = ensure_map(existing->node, field, nd->origin());
            for (size_t i = 0; i < nd->size(); ++i) d.set(nd->key_at(i), nd->value_at(i));
          }
        }
        for (const char* field : {"labels", "annotations"})
          if (const yaml::Node* m = r.node.path({"metadata", field}))
            for (size_t i = 0; i < m->size(); ++i)
              ensure_map(ensure_map(existing->node, "metadata"), field).set(m->key_at(i), m->value_at(i));
        existing->needs_hash = existing->needs_hash && r.needs_hash;
        continue;
      }
      if (IdSet(ra).contains(r)) {
        ctx.out->errors.push_back({"generator '" + r.orig_name + "' creates a " + r.kind() +
                                       " that already exists (use behavior: merge or replace)",
                                   e.origin()});
        continue;
      }
      ra.push_back(std::move(r));
    }
  }
}

void KustomizeBuilder::apply_patch(const yaml::Node& patch_doc, const yaml::Node* target_node, const yaml::Node& ref,
                                   Ctx& ctx, std::vector<Resource>& ra) {
  bool json = patch_doc.is_seq();
  if (!json && !patch_doc.is_map()) {
    ctx.out->errors.push_back({"patch is neither a strategic merge patch nor a JSON 6902 patch", ref.origin()});
    return;
  }
  std::vector<Resource*> targets;
  if (target_node && target_node->is_map()) {
    Target t = parse_target(*target_node);
    for (auto& r : ra)
      if (target_matches(t, r)) targets.push_back(&r);
    if (targets.empty()) {
      // With skipped (remote) resources the target may well be among them; a target
      // without a name is a blanket rule (defaults for whatever matches), kustomize
      // accepts it matching nothing. A named target that matches nothing is a mistake.
      if (ctx.out->skipped.empty() && target_node->get("name"))
        ctx.out->errors.push_back({"patch target " + yaml::to_flow(*target_node) + " matches no resource",
                                   target_node->origin()});
      return;
    }
  } else {
    if (json) {
      ctx.out->errors.push_back({"JSON 6902 patch without a target", ref.origin()});
      return;
    }
    Resource p;
    p.node = patch_doc;
    std::string kind = p.kind(), name = p.name(), ns = p.name_space(), group = p.group();
    for (auto& r : ra)
      if (r.kind() == kind && r.group() == group && (r.name() == name || r.orig_name == name) &&
          (ns.empty() || r.name_space() == ns || r.orig_namespace == ns))
        targets.push_back(&r);
    if (targets.empty()) {
      if (ctx.out->skipped.empty())
        ctx.out->errors.push_back(
          {"strategic merge patch for " + kind + " '" + name + "' matches no resource", patch_doc.origin()});
      return;
    }
  }
  for (Resource* r : targets) {
    std::string err;
    if (json) {
      err = apply_json6902(r->node, patch_doc);
    } else {
      if (const yaml::Node* d = patch_doc.get("$patch"); d && d->str() == "delete") {
        r->kind();  // marked below
        r->node = yaml::Node();
        continue;
      }
      yaml::Node p = patch_doc;
      // With a target, the patch applies whatever name/kind it was written with.
      if (target_node) {
        if (yaml::Node* meta = p.get("metadata"); meta && meta->is_map()) {
          if (meta->get("name")) meta->set("name", *r->node.path({"metadata", "name"}));
          if (meta->get("namespace") && r->node.path({"metadata", "namespace"}))
            meta->set("namespace", *r->node.path({"metadata", "namespace"}));
        }
        p.erase("kind");
        p.erase("apiVersion");
      }
      err = strategic_merge(r->node, p, r->kind());
    }
    if (!err.empty())
      ctx.out->errors.push_back({"patch does not apply to " + r->kind() + " '" + r->name() + "': " + err,
                                 ref.origin()});
  }
  ra.erase(std::remove_if(ra.begin(), ra.end(), [](const Resource& r) { return r.node.is_null(); }), ra.end());
}

void KustomizeBuilder::run_patches(const std::string& dir, const yaml::Node& k, Ctx& ctx, std::vector<Resource>& ra,
                                   bool json6902_only) {
  // The documents of a patch given by path or inline.
  auto docs_of = [&](const yaml::Node& ref, const yaml::Node* path, const yaml::Node* inline_patch,
                     std::vector<yaml::Node>& out) -> bool {
    if (path && !scalar(path).empty()) {
      std::string p = join_path(dir, path->str());
      auto id = files_.is_file(p) ? files_.yaml(p) : std::nullopt;
      if (!id) {
        ctx.out->errors.push_back({"patch file '" + path->str() + "' does not exist", path->origin()});
        return false;
      }
      ctx.out->patch_files.push_back(*id);
      const SourceFile& f = files_.file(*id);
      if (f.syntax_error) {
        ctx.out->errors.push_back({"patch file '" + path->str() + "' is not valid YAML: " + f.syntax_error->reason,
                                   path->origin()});
        return false;
      }
      for (const auto& d : f.documents)
        if (d.has_content && !d.root.is_null()) out.push_back(d.root);
      return true;
    }
    if (inline_patch && inline_patch->is_scalar()) {
      const InlinePatch& parsed = parsed_inline_patch(*inline_patch);
      if (!parsed.error.empty()) {
        ctx.out->errors.push_back({"inline patch is not valid YAML: " + parsed.error, inline_patch->origin()});
        return false;
      }
      for (const auto& d : parsed.documents)
        if (d.has_content && !d.root.is_null()) out.push_back(d.root);
      return true;
    }
    if (inline_patch && (inline_patch->is_map() || inline_patch->is_seq())) {
      out.push_back(*inline_patch);
      return true;
    }
    ctx.out->errors.push_back({"patch without path or patch", ref.origin()});
    return false;
  };

  if (json6902_only) {
    if (const yaml::Node* list = seq_field(k, "patchesJson6902"))
      for (const auto& e : list->items()) {
        std::vector<yaml::Node> docs;
        if (!docs_of(e, e.get("path"), e.get("patch"), docs)) continue;
        for (const auto& d : docs) apply_patch(d, e.get("target"), e, ctx, ra);
      }
    return;
  }
  if (const yaml::Node* list = seq_field(k, "patchesStrategicMerge"))
    for (const auto& e : list->items()) {
      std::vector<yaml::Node> docs;
      // An entry is a file path, or the patch itself as a string.
      std::string s = scalar(&e);
      bool inline_text = s.find('\n') != std::string::npos || s.find(": ") != std::string::npos;
      if (!docs_of(e, inline_text ? nullptr : &e, inline_text ? &e : nullptr, docs)) continue;
      for (const auto& d : docs) apply_patch(d, nullptr, e, ctx, ra);
    }
  if (const yaml::Node* list = seq_field(k, "patches"))
    for (const auto& e : list->items()) {
      if (!e.is_map()) {
        ctx.out->errors.push_back({"patches entry is not a mapping", e.origin()});
        continue;
      }
      std::vector<yaml::Node> docs;
      if (!docs_of(e, e.get("path"), e.get("patch"), docs)) continue;
      for (const auto& d : docs) apply_patch(d, e.get("target"), e, ctx, ra);
    }
}

}  // namespace halint::render
