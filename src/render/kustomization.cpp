#include "render/kustomization.h"

#include <algorithm>
#include <cstdio>

#include "render/generators.h"
#include "render/inline_yaml.h"
#include "render/json6902.h"
#include "render/nameref.h"
#include "render/replacements.h"
#include "render/resmap.h"
#include "render/strategic_merge.h"
#include "render/transformers.h"

namespace halint::render {
namespace {

std::string scalar(const yaml::Node* n) { return n && n->is_scalar() && !n->is_null() ? n->str() : ""; }

const yaml::Node* seq_field(const yaml::Node& k, const char* name) {
  const yaml::Node* n = k.get(name);
  return n && n->is_seq() ? n : nullptr;
}

bool truthy(const yaml::Node* n) { return n && n->as_bool().value_or(false); }

// A yaml::Node string scalar.
yaml::Node text_node(const std::string& s, Origin at) { return yaml::Node::string(s, at); }

// kustomize's "string looks like inline YAML rather than a path" test for patch and
// transformer entries: it parses as an object.
bool looks_inline(const std::string& s) {
  return s.find('\n') != std::string::npos || s.find(": ") != std::string::npos;
}

// True when string_annotations would change the object (most have nothing to change, and
// looking through a non-const node would copy its child lists: yaml/node.h).
bool annotations_to_rewrite(const yaml::Node& obj) {
  const yaml::Node* meta = obj.get("metadata");
  if (!meta || !meta->is_map()) return false;
  const yaml::Node* ann = meta->get("annotations");
  if (!ann) return false;
  if (!ann->is_map() || ann->empty()) return ann->is_null() || ann->is_map();
  for (size_t i = 0; i < ann->size(); ++i) {
    const yaml::Node& v = ann->value_at(i);
    if (v.is_scalar() && v.scalar_type() != yaml::ScalarType::String) return true;
    if (i > 0 && ann->key_at(i - 1).str() > ann->key_at(i).str()) return true;
  }
  return false;
}

void string_annotations(yaml::Node& obj) {
  if (!annotations_to_rewrite(obj)) return;
  yaml::Node* meta = obj.get("metadata");
  if (!meta || !meta->is_map()) return;
  yaml::Node* ann = meta->get("annotations");
  if (!ann) return;
  if (!ann->is_map() || ann->empty()) {
    if (ann->is_null() || ann->is_map()) meta->erase("annotations");
    return;
  }
  bool sorted = true;
  for (size_t i = 0; i < ann->size(); ++i) {
    const yaml::Node& v = ann->value_at(i);
    if (v.is_scalar() && v.scalar_type() != yaml::ScalarType::String) {
      yaml::Node s = v;
      if (s.is_null()) s.set_str("");
      s.set_scalar_type(yaml::ScalarType::String);
      ann->value_at(i) = std::move(s);
    }
    if (i > 0 && ann->key_at(i - 1).str() > ann->key_at(i).str()) sorted = false;
  }
  if (!sorted) {
    std::vector<std::pair<yaml::Node, yaml::Node>> kv;
    for (size_t i = 0; i < ann->size(); ++i) kv.emplace_back(ann->key_at(i), ann->value_at(i));
    std::stable_sort(kv.begin(), kv.end(), [](const auto& a, const auto& b) { return a.first.str() < b.first.str(); });
    std::vector<yaml::Node> kids;
    for (auto& [k, v] : kv) {
      kids.push_back(std::move(k));
      kids.push_back(std::move(v));
    }
    ann->assign_children(std::move(kids));
  }
}

}  // namespace

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

const KustFile& KustomizeBuilder::decoded(const yaml::Node& raw, bool from_file) {
  const void* id = raw.children_id();
  if (!from_file || !id) {
    scratch_ = read_kustomization(raw);
    return scratch_;
  }
  auto it = decoded_.find(id);
  if (it == decoded_.end()) it = decoded_.emplace(id, DecodedKustomization{raw, read_kustomization(raw)}).first;
  return it->second.decoded;
}

std::string KustomizeBuilder::hash_suffix(const yaml::Node& object) {
  // The hash reads kind, type, data and binaryData (generators.cpp). Contents are told
  // apart by their child lists' identity: a generator's output shares them until a patch
  // changes them (yaml::Node is copy-on-write).
  const yaml::Node* data = object.get("data");
  const yaml::Node* binary = object.get("binaryData");
  if (!data || !data->children_id()) return name_hash(object);
  auto text = [&](const char* field) {
    const yaml::Node* n = object.get(field);
    return n && n->is_scalar() ? n->str() : std::string("-");
  };
  char ids[64];
  std::snprintf(ids, sizeof ids, "%p/%p", data->children_id(), binary ? binary->children_id() : nullptr);
  std::string key = text("kind") + '\n' + text("type") + '\n' + ids;
  if (object.get("stringData")) return name_hash(object);
  auto it = hashes_.find(key);
  if (it == hashes_.end())
    it = hashes_.emplace(key, CachedHash{*data, binary ? *binary : yaml::Node(), name_hash(object)}).first;
  return it->second.hash;
}

std::string KustomizeBuilder::Acc::merge_config(const std::shared_ptr<const TransformerConfig>& other) {
  const TransformerConfig& o = other ? *other : TransformerConfig::defaults();
  if (o.empty()) return "";
  if (!config) {
    // Nothing of our own yet (the defaults stand in): take theirs as it is, shared.
    if (!o.only_defaults) config = other;
    return "";
  }
  if (o.only_defaults && (config->only_defaults || config->includes_defaults)) return "";
  if (config == other) return "";  // the same configuration again (merging is idempotent)
  auto merged = std::make_shared<TransformerConfig>(*config);
  if (std::string err = merged->merge(o); !err.empty()) return err;
  config = std::move(merged);
  return "";
}

// One kustomization being accumulated into an Acc: kustomize's KustTarget.
class KustomizeBuilder::Level {
 public:
  // `origin_path`: this kustomization's directory relative to the root's (for origins).
  Level(KustomizeBuilder& b, std::string dir, Ctx& ctx, Acc& acc, std::string origin_path = "")
      : b_(b), dir_(std::move(dir)), ctx_(ctx), acc_(acc), origin_path_(std::move(origin_path)) {
    std::string f = b_.files_.kustomization_file(dir_);
    kust_file_ = f.empty() ? "kustomization.yaml" : f.substr(f.rfind('/') + 1);
  }

  // kustomize's accumulateTarget. False when the build failed (the error is recorded).
  // `from_file`: `raw` is a kustomization file's tree (decoded once per run, see
  // KustomizeBuilder::decoded), not one made for this build.
  bool accumulate(const yaml::Node& raw, bool from_file) {
    const KustFile& kf = b_.decoded(raw, from_file);
    if (!kf.error.empty()) return fail(kf.error, kf.error_at.known() ? kf.error_at : raw.origin());
    k_ = kf.node;
    const yaml::Node& k = k_;
    ctx_.out->dirs.push_back(dir_);
    if (!resources(seq_field(k, "resources"))) return false;
    if (!configurations()) return false;
    if (const yaml::Node* crds = seq_field(k, "crds"); crds && !crds->empty())
      skip("kustomization field 'crds' (CRD name references not modelled)", k.find_key("crds")->origin());
    if (const yaml::Node* o = k.get("openapi"); o && o->is_map() && !o->empty()) {
      if (!openapi(*o)) return false;
      if (o->get("path")) skip("kustomization field 'openapi' (custom schemas not modelled)", k.find_key("openapi")->origin());
    }
    if (!generators()) return false;
    if (!components()) return false;
    if (!transformers()) return false;
    if (const yaml::Node* v = seq_field(k, "validators"); v && !v->empty())
      skip("kustomization field 'validators' (not run)", k.find_key("validators")->origin());
    std::vector<Var> vars = parse_vars(k.get("vars"));
    if (std::string err = attach_vars(acc_.rs, vars); !err.empty()) return fail(err, k.get("vars")->origin());
    for (auto& v : vars)
      if (!add_var(std::move(v))) return false;
    return true;
  }

  // kustomize's checks of the `openapi` field: a schema file that exists, or a version
  // it has built in (v1.21.2), not both. The first kustomization that sets it decides.
  bool openapi(const yaml::Node& o) {
    if (const yaml::Node* p = o.get("path"); p && !scalar(p).empty()) {
      std::string path = join_path(dir_, p->str());
      if (!b_.files_.is_file(path)) return fail("openapi schema file '" + p->str() + "' does not exist", p->origin());
      if (ctx_.openapi_set) return true;
      ctx_.openapi_set = true;
      if (o.get("version")) return fail("builtin version and custom schema provided, cannot use both", o.origin());
      return true;
    }
    if (ctx_.openapi_set) return true;
    std::string v = scalar(o.get("version"));
    if (v.empty()) return true;
    ctx_.openapi_set = true;
    if (v != "v1.21.2") return fail("the specified OpenAPI version is not built in", o.get("version")->origin());
    return true;
  }

  bool add_var(Var v) {
    for (const auto& e : acc_.vars)
      if (e.name == v.name) return fail("var '" + v.name + "' already encountered", v.at);
    acc_.vars.push_back(std::move(v));
    return true;
  }

  const yaml::Node& kustomization() const { return k_; }

 private:
  bool fail(std::string message, Origin at) {
    ctx_.out->errors.push_back({std::move(message), at});
    return false;
  }
  void skip(std::string message, Origin at) { ctx_.out->skipped.push_back({std::move(message), at}); }

  // ---- resources ----------------------------------------------------------------------

  bool resources(const yaml::Node* list) {
    if (!list) return true;
    // The ids already accumulated, kept up to date while only appends change the list.
    CurrentIds ids(acc_.rs);
    for (const auto& ref : list->items()) {
      std::string s = scalar(&ref);
      if (s.empty()) continue;
      if (is_remote(s)) {
        skip("remote resource " + s, ref.origin());
        continue;
      }
      std::string path = join_path(dir_, s);
      if (b_.files_.is_file(path)) {
        std::vector<Resource> rs;
        if (!load_file(path, ref, rs)) return false;
        if (std::string err = append_all(acc_.rs, std::move(rs), ids); !err.empty())
          return fail("merging resources from '" + s + "': " + err, ref.origin());
      } else if (b_.files_.is_dir(path)) {
        Acc sub;
        if (!sub_target(path, ref, false, sub)) return false;
        if (std::string err = append_all(acc_.rs, std::move(sub.rs), ids); !err.empty())
          return fail("recursed merging from path '" + s + "': " + err, ref.origin());
        if (std::string err = acc_.merge_config(sub.config); !err.empty()) return fail(err, ref.origin());
        for (auto& v : sub.vars)
          if (!add_var(std::move(v))) return false;
      } else {
        return fail("accumulating resources: '" + s + "' does not exist", ref.origin());
      }
    }
    return true;
  }

  // Accumulates the kustomization in `path` into `into` (a fresh Acc, or this level's for
  // a component).
  bool sub_target(const std::string& path, const yaml::Node& ref, bool component, Acc& into) {
    if (std::find(ctx_.stack.begin(), ctx_.stack.end(), path) != ctx_.stack.end())
      return fail("'" + ref.str() + "' includes itself (cycle)", ref.origin());
    const yaml::Node* k = b_.load_kustomization(path);
    if (!k)
      return fail("'" + ref.str() + "' is a directory without a (valid) kustomization.yaml", ref.origin());
    bool is_component = scalar(k->get("kind")) == "Component";
    if (component && !is_component)
      return fail("accumulating components: expected kind 'Component' for path '" + path + "'", ref.origin());
    if (!component && is_component)
      return fail("accumulating resources: expected kind != 'Component' for path '" + path + "'", ref.origin());
    ctx_.stack.push_back(path);
    Level sub(b_, path, ctx_, into, join_relative(origin_path_, ref.str()));
    bool ok = sub.accumulate(*k, true);
    ctx_.stack.pop_back();
    return ok;
  }

  // The objects of one resource file (Lists expanded), validated as kustomize does.
  bool load_file(const std::string& path, const yaml::Node& ref, std::vector<Resource>& out) {
    auto id = b_.files_.yaml(path);
    if (!id) return fail("resource '" + ref.str() + "' cannot be read", ref.origin());
    const SourceFile& f = b_.files_.file(*id);
    if (f.syntax_error)
      return fail("resource '" + ref.str() + "' is not valid YAML: " + f.syntax_error->reason, ref.origin());
    if (!f.duplicates.empty()) {
      // kustomize decodes strictly: a repeated key fails the whole build.
      ctx_.out->reported_elsewhere.push_back({"resource '" + ref.str() + "' repeats the key '" +
                                                 f.duplicates.front().key + "' (kustomize refuses to build it)",
                                             ref.origin()});
    }
    std::vector<yaml::Node> pending;
    for (const auto& d : f.documents)
      if (d.has_content && !d.root.is_null()) pending.push_back(d.root);
    for (size_t i = 0; i < pending.size(); ++i) {
      const yaml::Node& n = pending[i];
      if ((n.is_map() || n.is_seq()) && n.empty()) continue;
      if (!n.is_map()) return fail("resource '" + ref.str() + "' holds a document that is not an object", ref.origin());
      std::string kind = scalar(n.get("kind"));
      if (kind.empty()) return fail("missing kind in object in '" + ref.str() + "'", n.origin());
      if (kind.ends_with("List")) {
        if (const yaml::Node* items = n.get("items")) {
          if (items->is_null()) continue;
          if (!items->is_seq()) return fail("expected array in " + kind + "/items", items->origin());
          for (const auto& it : items->items()) pending.push_back(it);
          continue;
        }
      } else if (scalar(n.path({"metadata", "name"})).empty()) {
        return fail("missing metadata.name in object of kind " + kind + " in '" + ref.str() + "'", n.origin());
      }
      Resource r;
      r.node = n;
      if (ctx_.track) r.origin = BuildOrigin{join_relative(origin_path_, ref.str()), "", "", "", "", ""};
      out.push_back(std::move(r));
    }
    return true;
  }

  // ---- configurations -------------------------------------------------------------------

  bool configurations() {
    const yaml::Node* confs = seq_field(k_, "configurations");
    if (!confs || confs->empty()) {
      // The common case: the built-in configuration, merged cheaply (transformer_config.h).
      if (std::string err = acc_.merge_config(nullptr); !err.empty()) return fail(err, k_.origin());
      return true;
    }
    // Files read and merged once per run for the same contents (a failure is not kept: it
    // is found again, with its message, by the reading below). By content, not by file:
    // repositories give every app its own copy of one kustomizeconfig.yaml, and each
    // merged configuration holds the few hundred default field specs.
    std::string key;
    for (const auto& ref : confs->items()) {
      std::string path = join_path(dir_, scalar(&ref));
      auto id = b_.files_.is_file(path) ? b_.files_.yaml(path) : std::nullopt;
      if (!id) {
        key.clear();
        break;
      }
      const std::string& text = b_.files_.file(*id).text;
      key += std::to_string(text.size()) + ':' + text;
    }
    if (auto it = key.empty() ? b_.configs_.end() : b_.configs_.find(key); it != b_.configs_.end()) {
      for (const auto& ref : confs->items())
        ctx_.out->patch_files.push_back(*b_.files_.yaml(join_path(dir_, scalar(&ref))));
      if (std::string err = acc_.merge_config(it->second); !err.empty()) return fail(err, k_.origin());
      return true;
    }
    TransformerConfig config;
    for (const auto& ref : confs->items()) {
      std::string path = join_path(dir_, scalar(&ref));
      auto id = b_.files_.is_file(path) ? b_.files_.yaml(path) : std::nullopt;
      if (!id) return fail("configuration '" + ref.str() + "' does not exist", ref.origin());
      ctx_.out->patch_files.push_back(*id);
      for (const auto& d : b_.files_.file(*id).documents) {
        if (!d.has_content) continue;
        std::string err;
        TransformerConfig c = parse_transformer_config(d.root, err);
        if (!err.empty()) return fail("configuration '" + ref.str() + "': " + err, ref.origin());
        if (err = config.merge(c); !err.empty()) return fail(err, ref.origin());
      }
    }
    // The configured specs come first; a default spec is dropped where a configured one of
    // the same path covers its kinds (kubectl: a `namePrefix` spec for one kind means only
    // that kind is prefixed).
    if (std::string err = config.merge(TransformerConfig::defaults()); !err.empty()) return fail(err, k_.origin());
    auto shared = std::make_shared<const TransformerConfig>(std::move(config));
    if (!key.empty()) b_.configs_.emplace(key, shared);
    if (std::string err = acc_.merge_config(shared); !err.empty()) return fail(err, k_.origin());
    return true;
  }

  // ---- generators -----------------------------------------------------------------------

  bool generators() {
    const yaml::Node* options = k_.get("generatorOptions");
    for (bool secret : {false, true}) {
      const yaml::Node* gens = seq_field(k_, secret ? "secretGenerator" : "configMapGenerator");
      if (!gens) continue;
      for (const auto& e : gens->items()) {
        if (!e.is_map()) continue;
        if (!generate_one(GeneratorInput{&e, options, secret, dir_}, e.origin(),
                          configured_here(secret ? "SecretGenerator" : "ConfigMapGenerator")))
          return false;
      }
    }
    if (const yaml::Node* charts = seq_field(k_, "helmCharts"))
      for (const auto& c : charts->items()) skip("helmCharts entry " + scalar(c.get("name")), c.origin());
    if (const yaml::Node* gens = seq_field(k_, "generators"); gens && !gens->empty()) {
      std::vector<Resource> configs;
      if (!plugin_configs(*gens, configs)) return false;
      for (auto& c : configs) {
        plugin_ = &c;
        if (!run_generator_config(c.node)) return false;
      }
      plugin_ = nullptr;
    }
    return true;
  }

  bool generate_one(const GeneratorInput& in, Origin at, std::optional<BuildOrigin> origin) {
    Generated g = b_.generated(in);
    for (auto& s : g.skipped) ctx_.out->skipped.push_back(std::move(s));
    if (!g.issues.empty()) return fail(g.issues.front().message, g.issues.front().at);
    g.resource.behavior = g.behavior;
    if (ctx_.track) g.resource.origin = origin;
    return absorb(std::move(g.resource), at);
  }

  // kustomize's appendReplaceOrMerge: a generated object replaces or merges into the one
  // with its id (found by any id it had), or is added.
  bool absorb(Resource r, Origin at) {
    FullId id = current_id(r);
    std::vector<size_t> matches;
    for (size_t i = 0; i < acc_.rs.size(); ++i)
      if (has_id(acc_.rs[i], id)) matches.push_back(i);
    if (matches.empty()) {
      if (r.behavior == "merge" || r.behavior == "replace")
        return fail("merging from generator: id " + id_string(id) + " does not exist; cannot merge or replace", at);
      // No object has its current id (has_id compares it too): nothing to refuse.
      acc_.rs.push_back(std::move(r));
      return true;
    }
    if (matches.size() > 1) return fail("found multiple objects that could accept merge of " + id_string(id), at);
    Resource& old = acc_.rs[matches[0]];
    if (r.behavior != "merge" && r.behavior != "replace")
      return fail("merging from generator: id " + id_string(id) + " exists; behavior must be merge or replace", at);
    // CopyMergeMetaDataFieldsFrom: labels and annotations merged (new over old), name,
    // namespace and build history from the old one.
    yaml::Node& meta = ensure_map(r.node, "metadata", at);
    for (const char* field : {"labels", "annotations"}) {
      const yaml::Node* o = old.node.path({"metadata", field});
      if (!o || !o->is_map() || o->empty()) continue;
      yaml::Node merged = *o;
      if (const yaml::Node* n = meta.get(field); n && n->is_map())
        for (size_t i = 0; i < n->size(); ++i) merged.set(n->key_at(i), n->value_at(i));
      meta.set(field, std::move(merged));
    }
    if (const yaml::Node* on = old.node.path({"metadata", "name"})) meta.set("name", *on);
    if (const yaml::Node* ons = old.node.path({"metadata", "namespace"}); ons && !scalar(ons).empty())
      meta.set("namespace", *ons);
    else
      meta.erase("namespace");
    if (r.behavior == "merge")
      for (const char* field : {"data", "binaryData"}) {
        const yaml::Node* o = old.node.get(field);
        if (!o || !o->is_map() || o->empty()) continue;
        yaml::Node merged = *o;
        if (const yaml::Node* n = r.node.get(field); n && n->is_map())
          for (size_t i = 0; i < n->size(); ++i) merged.set(n->key_at(i), n->value_at(i));
        r.node.set(field, std::move(merged));
      }
    // Origins: a merge keeps the old object's, a replace takes the new one's; the
    // transformations so far stay.
    if (r.behavior == "merge" && old.origin) r.origin = old.origin;
    if (r.transformations.empty()) r.transformations = old.transformations;
    // The hash suffix only when both want it (the old object's build annotations win).
    r.needs_hash = r.needs_hash && old.needs_hash;
    r.generated = old.generated;
    r.prev_ids = old.prev_ids;
    r.prefixes = old.prefixes;
    r.suffixes = old.suffixes;
    r.ref_vars = old.ref_vars;
    old = std::move(r);
    return true;
  }

  bool run_generator_config(const yaml::Node& cfg) {
    std::string kind = scalar(cfg.get("kind"));
    if (scalar(cfg.get("apiVersion")) != "builtin")
      return fail("external plugins disabled; unable to load external plugin '" + kind + "'", cfg.origin());
    if (kind == "ConfigMapGenerator" || kind == "SecretGenerator") {
      // The plugin's own fields are the generator entry; name and namespace may come from metadata.
      yaml::Node entry = cfg;
      if (scalar(entry.get("name")).empty())
        if (const yaml::Node* n = cfg.path({"metadata", "name"})) entry.set("name", *n);
      if (scalar(entry.get("namespace")).empty())
        if (const yaml::Node* n = cfg.path({"metadata", "namespace"})) entry.set("namespace", *n);
      GeneratorInput in{nullptr, nullptr, kind == "SecretGenerator", dir_};
      in.entry = &entry;
      return generate_one(in, cfg.origin(), plugin_ ? configured_by(*plugin_) : std::nullopt);
    }
    if (kind == "IAMPolicyGenerator") {
      // A GKE workload-identity ServiceAccount: the only cloud kustomize supports.
      if (scalar(cfg.get("cloud")) != "gke")
        return fail("cloud provider " + scalar(cfg.get("cloud")) + " not supported yet", cfg.origin());
      const yaml::Node* ks = cfg.get("kubernetesService");
      const yaml::Node* sa = cfg.get("serviceAccount");
      Origin at = cfg.origin();
      yaml::Node obj = yaml::Node::map(at);
      obj.set("apiVersion", text_node("v1", at));
      obj.set("kind", text_node("ServiceAccount", at));
      yaml::Node& meta = obj.set("metadata", yaml::Node::map(at));
      std::string gsa = scalar(sa ? sa->get("name") : nullptr) + "@" + scalar(sa ? sa->get("projectId") : nullptr) +
                        ".iam.gserviceaccount.com";
      meta.set("annotations", yaml::Node::map(at)).set("iam.gke.io/gcp-service-account", text_node(gsa, at));
      const yaml::Node* name = ks ? ks->get("name") : nullptr;
      meta.set("name", name ? *name : text_node("", at));
      if (const yaml::Node* ns = ks ? ks->get("namespace") : nullptr; ns && !scalar(ns).empty()) meta.set("namespace", *ns);
      Resource r;
      r.node = std::move(obj);
      r.generated = true;
      if (ctx_.track && plugin_) r.origin = configured_by(*plugin_);
      return absorb(std::move(r), at);
    }
    if (kind == "HelmChartInflationGenerator") {
      skip("helm chart " + scalar(cfg.get("name")), cfg.origin());
      return true;
    }
    skip("generator " + kind + " (not modelled)", cfg.origin());
    return true;
  }

  // The plugin configuration objects of a `generators:`/`transformers:` list: inline YAML,
  // files, or kustomization directories built for their objects.
  bool plugin_configs(const yaml::Node& list, std::vector<Resource>& out) {
    for (const auto& ref : list.items()) {
      std::string s = scalar(&ref);
      if (s.empty()) continue;
      if (looks_inline(s)) {
        const InlinePatch& parsed = b_.parsed_inline_patch(ref);
        if (!parsed.error.empty()) return fail("inline plugin configuration is not valid YAML: " + parsed.error, ref.origin());
        for (const auto& d : parsed.documents)
          if (d.has_content && d.root.is_map()) {
            Resource r;
            r.node = d.root;
            if (ctx_.track) r.origin = BuildOrigin{join_relative(origin_path_, kust_file_), "", "", "", "", ""};
            out.push_back(std::move(r));
          }
        continue;
      }
      if (is_remote(s)) {
        skip("remote plugin configuration " + s, ref.origin());
        continue;
      }
      std::string path = join_path(dir_, s);
      if (b_.files_.is_file(path)) {
        if (auto id = b_.files_.yaml(path)) ctx_.out->patch_files.push_back(*id);
        if (!load_file(path, ref, out)) return false;
      } else if (b_.files_.is_dir(path)) {
        Acc sub;
        if (!sub_target(path, ref, false, sub)) return false;
        for (auto& r : sub.rs) out.push_back(std::move(r));
      } else {
        return fail("'" + s + "' does not exist", ref.origin());
      }
    }
    return true;
  }

  // ---- components -----------------------------------------------------------------------

  bool components() {
    const yaml::Node* comps = seq_field(k_, "components");
    if (!comps) return true;
    for (const auto& ref : comps->items()) {
      std::string s = scalar(&ref);
      if (s.empty()) continue;
      if (is_remote(s)) {
        skip("remote component " + s, ref.origin());
        continue;
      }
      std::string path = join_path(dir_, s);
      if (!b_.files_.is_dir(path)) return fail("component '" + s + "' is not a directory", ref.origin());
      if (!sub_target(path, ref, true, acc_)) return false;
    }
    return true;
  }

  // ---- transformers ---------------------------------------------------------------------

  bool check(const std::string& err, Origin at) {
    drop_empties(acc_.rs);
    return err.empty() || fail(err, at);
  }

  bool transformers() {
    const yaml::Node& k = k_;
    const TransformerConfig& tc = acc_.tc();
    // Each built-in runs when its field is set; with buildMetadata every object then
    // records it.
    auto ran = [&](bool ok, const char* kind) {
      if (ok) annotate(kind);
      return ok;
    };
    if (const yaml::Node* list = seq_field(k, "patchesStrategicMerge"); list && !list->empty())
      if (!ran(patches_strategic_merge(*list), "PatchStrategicMergeTransformer")) return false;
    if (const yaml::Node* list = seq_field(k, "patches"))
      for (const auto& e : list->items()) {
        if (!e.is_map()) return fail("patches entry is not a mapping", e.origin());
        if (!ran(patch_transformer(e.get("path"), e.get("patch"), e.get("target"), e.get("options"), e),
                 "PatchTransformer"))
          return false;
      }
    if (const yaml::Node* ns = k.get("namespace"); ns && !scalar(ns).empty())
      if (!ran(check(set_namespace(acc_.rs, *ns, tc.name_space), ns->origin()), "NamespaceTransformer")) return false;
    if (const yaml::Node* p = k.get("namePrefix"); p && !scalar(p).empty())
      if (!ran(check(add_prefix(acc_.rs, *p, tc.name_prefix), p->origin()), "PrefixTransformer")) return false;
    if (const yaml::Node* s = k.get("nameSuffix"); s && !scalar(s).empty())
      if (!ran(check(add_suffix(acc_.rs, *s, tc.name_suffix), s->origin()), "SuffixTransformer")) return false;
    if (!labels()) return false;
    if (const yaml::Node* ca = k.get("commonAnnotations"); ca && ca->is_map() && !ca->empty())
      if (!ran(check(add_map_entries(acc_.rs, *ca, tc.common_annotations), ca->origin()), "AnnotationsTransformer"))
        return false;
    if (const yaml::Node* list = seq_field(k, "patchesJson6902"))
      for (const auto& e : list->items()) {
        if (!e.is_map()) return fail("patchesJson6902 entry is not a mapping", e.origin());
        if (!ran(patch_json6902(e.get("target"), e.get("path"), e.get("patch") ? e.get("patch") : e.get("jsonOp"), e),
                 "PatchJson6902Transformer"))
          return false;
      }
    if (const yaml::Node* reps = seq_field(k, "replicas"))
      for (const auto& e : reps->items())
        if (!ran(check(set_replicas(acc_.rs, e, tc.replicas), e.origin()), "ReplicaCountTransformer")) return false;
    if (const yaml::Node* imgs = seq_field(k, "images"))
      for (const auto& e : imgs->items())
        if (e.is_map() && !ran(check(set_image(acc_.rs, parse_image_spec(e), tc.images), e.origin()), "ImageTagTransformer"))
          return false;
    if (const yaml::Node* reps = seq_field(k, "replacements"); reps && !reps->empty())
      if (!ran(replacements(*reps), "ReplacementTransformer")) return false;
    if (const yaml::Node* list = seq_field(k, "transformers"); list && !list->empty()) {
      std::vector<Resource> configs;
      if (!plugin_configs(*list, configs)) return false;
      for (auto& c : configs) {
        if (!run_transformer_config(c.node)) return false;
        annotate(configured_by(c));
      }
    }
    return true;
  }

  bool labels() {
    const TransformerConfig& tc = acc_.tc();
    if (const yaml::Node* list = seq_field(k_, "labels"))
      for (const auto& l : list->items()) {
        if (!l.is_map()) continue;
        for (size_t i = 0; i < l.size(); ++i) {
          const std::string& key = l.key_at(i).str();
          if (key != "pairs" && key != "includeSelectors" && key != "includeTemplates" && key != "fields")
            return fail("invalid Kustomization: json: unknown field \"" + key + "\"", l.key_at(i).origin());
        }
        const yaml::Node* pairs = l.get("pairs");
        if (!pairs || !pairs->is_map()) continue;
        std::string err;
        FsSlice fss = parse_field_specs(l.get("fields"), err);
        if (!err.empty()) return fail(err, l.origin());
        if (err = merge_all(fss, tc.labels); !err.empty()) return fail(err, l.origin());
        if (truthy(l.get("includeSelectors"))) {
          err = merge_all(fss, tc.common_labels);
        } else {
          if (truthy(l.get("includeTemplates"))) err = merge_all(fss, tc.template_labels);
          if (err.empty()) err = merge_one(fss, FieldSpec{"", "", "", "metadata/labels", true});
        }
        if (!err.empty()) return fail("failed to merge labels: " + err, l.origin());
        if (!check(add_map_entries(acc_.rs, *pairs, fss), pairs->origin())) return false;
        annotate("LabelTransformer");
      }
    const yaml::Node* cl = k_.get("commonLabels");
    if (cl && cl->is_map())
      if (!check(add_map_entries(acc_.rs, *cl, tc.common_labels), cl->origin())) return false;
    // kustomize configures the commonLabels transformer whenever labels or commonLabels is set.
    const yaml::Node* ls = seq_field(k_, "labels");
    if ((cl && cl->is_map() && !cl->empty()) || (ls && !ls->empty())) annotate("LabelTransformer");
    return true;
  }

  // ---- patches --------------------------------------------------------------------------

  // The documents of a patch given by path or inline text.
  bool patch_docs(const yaml::Node* path, const yaml::Node* text, const yaml::Node& ref, std::vector<yaml::Node>& out) {
    if (path && !scalar(path).empty() && text && !scalar(text).empty())
      return fail("patch and path can't be set at the same time", ref.origin());
    if (path && !scalar(path).empty() && is_remote(path->str())) {
      // kustomize would download it: not analysed, the patch is left out.
      skip("remote patch " + path->str(), path->origin());
      remote_patch_ = true;
      return true;
    }
    if (path && !scalar(path).empty()) {
      std::string p = join_path(dir_, path->str());
      auto id = b_.files_.is_file(p) ? b_.files_.yaml(p) : std::nullopt;
      if (!id) return fail("failed to get the patch file from path(" + path->str() + ")", path->origin());
      ctx_.out->patch_files.push_back(*id);
      const SourceFile& f = b_.files_.file(*id);
      if (f.syntax_error)
        return fail("patch file '" + path->str() + "' is not valid YAML: " + f.syntax_error->reason, path->origin());
      for (const auto& d : f.documents)
        if (d.has_content && !d.root.is_null()) out.push_back(d.root);
      return true;
    }
    if (text && text->is_scalar() && !scalar(text).empty()) {
      const InlinePatch& parsed = b_.parsed_inline_patch(*text);
      if (!parsed.error.empty()) return fail("inline patch is not valid YAML: " + parsed.error, text->origin());
      for (const auto& d : parsed.documents)
        if (d.has_content && !d.root.is_null()) out.push_back(d.root);
      return true;
    }
    if (text && (text->is_map() || text->is_seq())) {
      out.push_back(*text);
      return true;
    }
    return fail("must specify one of patch and path", ref.origin());
  }

  // A strategic merge patch document is an object with kind and name.
  bool valid_sm(const yaml::Node& d, Origin at) {
    if (!d.is_map()) return fail("unable to parse SM or JSON patch", at);
    if (scalar(d.get("kind")).empty()) return fail("missing kind in patch", d.origin());
    if (scalar(d.path({"metadata", "name"})).empty()) return fail("missing metadata.name in patch", d.origin());
    return true;
  }

  // kustomize's ApplySmPatch on one object.
  bool apply_sm(Resource& r, const yaml::Node& patch, bool allow_name, bool allow_kind, Origin at) {
    if (const yaml::Node* d = patch.get("$patch"); d && d->str() == "delete") {
      r.node = yaml::Node();
      return true;
    }
    yaml::Node name = r.node.path({"metadata", "name"}) ? *r.node.path({"metadata", "name"}) : yaml::Node();
    yaml::Node kind = r.node.get("kind") ? *r.node.get("kind") : yaml::Node();
    const yaml::Node* ns0 = r.node.path({"metadata", "namespace"});
    yaml::Node ns = ns0 ? *ns0 : yaml::Node();
    bool had_ns = ns0 != nullptr;
    if (allow_name || allow_kind) r.store_previous_id();
    std::string old_kind = r.kind();
    yaml::Node p = patch;
    if (const yaml::Node* av = r.node.get("apiVersion")) p.set("apiVersion", *av);
    std::string err = strategic_merge(r.node, p, old_kind);
    if (!err.empty()) return fail("patch does not apply to " + old_kind + " '" + name.str() + "': " + err, at);
    if (r.node.is_null() || (r.node.is_map() && r.node.empty())) return true;
    if (!allow_kind) r.node.set("kind", kind);
    yaml::Node& meta = ensure_map(r.node, "metadata", at);
    if (!allow_name) meta.set("name", name);
    if (had_ns) meta.set("namespace", ns);
    else meta.erase("namespace");
    return true;
  }

  // The one object a target-less strategic merge patch applies to (by any id it had).
  long patch_target(const yaml::Node& patch, Origin at) {
    Resource p;
    p.node = patch;
    FullId id = current_id(p);
    std::vector<size_t> m;
    for (size_t i = 0; i < acc_.rs.size(); ++i)
      if (has_id(acc_.rs[i], id)) m.push_back(i);
    if (m.size() == 1) return static_cast<long>(m[0]);
    // A target among skipped (remote) resources is not an error of the repository's.
    if (m.empty() && !ctx_.out->skipped.empty()) return -2;
    fail(std::string(m.empty() ? "no matches for Id " : "multiple matches for Id ") + id_string(id) +
             "; failed to find unique target for patch " + id_string(id),
         at);
    return -1;
  }

  bool patches_strategic_merge(const yaml::Node& list) {
    std::vector<yaml::Node> docs;
    for (const auto& e : list.items()) {
      std::string s = scalar(&e);
      bool inline_text = looks_inline(s) || e.is_map();
      if (!patch_docs(inline_text ? nullptr : &e, inline_text ? &e : nullptr, e, docs)) return false;
    }
    if (docs.empty() && ctx_.out->skipped.empty()) return fail("patch appears to be empty", list.origin());
    for (const auto& d : docs) {
      if (!valid_sm(d, list.origin())) return false;
      long t = patch_target(d, d.origin());
      if (t == -2) continue;
      if (t < 0) return false;
      if (!apply_sm(acc_.rs[t], d, false, false, d.origin())) return false;
      drop_empties(acc_.rs);
    }
    return true;
  }

  bool patch_transformer(const yaml::Node* path, const yaml::Node* text, const yaml::Node* target,
                         const yaml::Node* options, const yaml::Node& ref) {
    std::vector<yaml::Node> docs;
    remote_patch_ = false;
    if (!patch_docs(path, text, ref, docs)) return false;
    if (remote_patch_) return true;
    bool json = docs.size() == 1 && docs[0].is_seq();
    if (docs.empty()) return fail("unable to parse SM or JSON patch", ref.origin());
    bool allow_name = options && truthy(options->get("allowNameChange"));
    bool allow_kind = options && truthy(options->get("allowKindChange"));
    if (target && target->is_map()) {
      std::string err;
      std::vector<size_t> sel = select(acc_.rs, parse_selector(*target), err, &b_.regexes_);
      if (!err.empty()) return fail(err, target->origin());
      if (json) {
        for (size_t i : sel) {
          acc_.rs[i].store_previous_id();
          if (std::string e = apply_json6902(acc_.rs[i].node, docs[0]); !e.empty())
            return fail("patch does not apply to " + acc_.rs[i].kind() + " '" + acc_.rs[i].name() + "': " + e,
                        ref.origin());
        }
        drop_empties(acc_.rs);
        return true;
      }
      if (docs.size() > 1)
        return fail("Multiple Strategic-Merge Patches in one `patches` entry is not allowed to set `patches.target` field",
                    ref.origin());
      if (!valid_sm(docs[0], ref.origin())) return false;
      for (size_t i : sel) {
        yaml::Node p = docs[0];
        if (!apply_sm(acc_.rs[i], p, allow_name, allow_kind, ref.origin())) return false;
      }
      drop_empties(acc_.rs);
      return true;
    }
    if (json) return fail("must specify a target for JSON patch", ref.origin());
    bool deleted = false;
    for (const auto& d : docs) {
      if (!valid_sm(d, ref.origin())) return false;
      // kustomize v5.5 looks the next patch's target up among objects that include the
      // one a `$patch: delete` just emptied, and crashes: the build fails.
      if (deleted)
        return fail("a patch file deleting an object and patching more in one entry: kustomize fails on it",
                    d.origin());
      long t = patch_target(d, d.origin());
      if (t == -2) continue;
      if (t < 0) return false;
      if (!apply_sm(acc_.rs[t], d, allow_name, allow_kind, d.origin())) return false;
      deleted = acc_.rs[t].node.is_null();
    }
    drop_empties(acc_.rs);
    return true;
  }

  bool patch_json6902(const yaml::Node* target, const yaml::Node* path, const yaml::Node* text, const yaml::Node& ref) {
    if (!target || !target->is_map()) return fail("must specify a target for patch", ref.origin());
    if (scalar(target->get("name")).empty()) return fail("must specify the target name", target->origin());
    std::vector<yaml::Node> docs;
    remote_patch_ = false;
    if (!patch_docs(path, text, ref, docs)) return false;
    if (remote_patch_) return true;
    if (docs.size() != 1 || !docs[0].is_seq() || docs[0].empty())
      return fail("patch appears to be empty or is not a JSON 6902 patch", ref.origin());
    std::string err;
    std::vector<size_t> sel = select(acc_.rs, parse_selector(*target), err, &b_.regexes_);
    if (!err.empty()) return fail(err, target->origin());
    for (size_t i : sel)
      if (std::string e = apply_json6902(acc_.rs[i].node, docs[0]); !e.empty())
        return fail("patch does not apply to " + acc_.rs[i].kind() + " '" + acc_.rs[i].name() + "': " + e,
                    ref.origin());
    drop_empties(acc_.rs);
    return true;
  }

  // ---- replacements -------------------------------------------------------------------

  bool replacements(const yaml::Node& list) {
    std::vector<yaml::Node> entries;
    for (const auto& e : list.items()) {
      if (const yaml::Node* p = e.is_map() ? e.get("path") : nullptr; p && !scalar(p).empty()) {
        // A file of replacements.
        std::string path = join_path(dir_, p->str());
        auto id = b_.files_.is_file(path) ? b_.files_.yaml(path) : std::nullopt;
        if (!id) return fail("replacement file '" + p->str() + "' does not exist", p->origin());
        ctx_.out->patch_files.push_back(*id);
        // kustomize reads the file's first document: a list of replacements or one.
        for (const auto& d : b_.files_.file(*id).documents) {
          if (!d.has_content) continue;
          if (d.root.is_seq())
            for (const auto& x : d.root.items()) entries.push_back(x);
          else if (d.root.is_map())
            entries.push_back(d.root);
          else
            return fail("unsupported replacement type encountered within replacement path", p->origin());
          break;
        }
        continue;
      }
      entries.push_back(e);
    }
    return check(apply_replacements(acc_.rs, entries), list.origin());
  }

  // ---- `transformers:` plugin configurations ------------------------------------------

  bool run_transformer_config(const yaml::Node& cfg) {
    std::string kind = scalar(cfg.get("kind"));
    Origin at = cfg.origin();
    if (scalar(cfg.get("apiVersion")) != "builtin")
      return fail("external plugins disabled; unable to load external plugin '" + kind + "'", at);
    std::string err;
    auto specs = [&](const char* field) { return parse_field_specs(cfg.get(field), err, false); };
    if (kind == "PatchTransformer") {
      return patch_transformer(cfg.get("path"), cfg.get("patch"), cfg.get("target"), cfg.get("options"), cfg);
    }
    if (kind == "PatchStrategicMergeTransformer") {
      yaml::Node list = yaml::Node::seq(at);
      if (const yaml::Node* paths = cfg.get("paths"); paths && paths->is_seq())
        for (const auto& p : paths->items()) list.push_back(p);
      if (const yaml::Node* p = cfg.get("patches"); p && !scalar(p).empty()) list.push_back(*p);
      return patches_strategic_merge(list);
    }
    if (kind == "PatchJson6902Transformer")
      return patch_json6902(cfg.get("target"), cfg.get("path"), cfg.get("jsonOp"), cfg);
    if (kind == "NamespaceTransformer") {
      FsSlice fss = specs("fieldSpecs");
      if (!err.empty()) return fail(err, at);
      const yaml::Node* ns = cfg.path({"metadata", "namespace"});
      if (!ns || scalar(ns).empty()) return true;
      return check(set_namespace(acc_.rs, *ns, fss, truthy(cfg.get("unsetOnly")),
                                 scalar(cfg.get("setRoleBindingSubjects")).empty()
                                     ? std::string("defaultOnly")
                                     : scalar(cfg.get("setRoleBindingSubjects"))),
                   at);
    }
    if (kind == "PrefixTransformer" || kind == "SuffixTransformer" || kind == "PrefixSuffixTransformer") {
      const yaml::Node* fsn = cfg.get("fieldSpecs");
      FsSlice fss = specs("fieldSpecs");
      if (!err.empty()) return fail(err, at);
      if (!fsn || fsn->is_null()) return fail("fieldSpecs is not expected to be nil", at);
      if (kind != "SuffixTransformer")
        if (const yaml::Node* p = cfg.get("prefix"); p && !scalar(p).empty())
          if (!check(add_prefix(acc_.rs, *p, fss), at)) return false;
      if (kind != "PrefixTransformer")
        if (const yaml::Node* s = cfg.get("suffix"); s && !scalar(s).empty())
          if (!check(add_suffix(acc_.rs, *s, fss), at)) return false;
      return true;
    }
    if (kind == "LabelTransformer" || kind == "AnnotationsTransformer") {
      FsSlice fss = specs("fieldSpecs");
      if (!err.empty()) return fail(err, at);
      const yaml::Node* m = cfg.get(kind == "LabelTransformer" ? "labels" : "annotations");
      if (!m || !m->is_map()) return true;
      return check(add_map_entries(acc_.rs, *m, fss), at);
    }
    if (kind == "ImageTagTransformer") {
      FsSlice fss = specs("fieldSpecs");
      if (!err.empty()) return fail(err, at);
      const yaml::Node* img = cfg.get("imageTag");
      if (!img || !img->is_map()) return true;
      return check(set_image(acc_.rs, parse_image_spec(*img), fss), at);
    }
    if (kind == "ReplicaCountTransformer") {
      FsSlice fss = specs("fieldSpecs");
      if (!err.empty()) return fail(err, at);
      const yaml::Node* rep = cfg.get("replica");
      if (!rep || !rep->is_map()) return true;
      return check(set_replicas(acc_.rs, *rep, fss), at);
    }
    if (kind == "ReplacementTransformer") {
      const yaml::Node* reps = cfg.get("replacements");
      if (!reps || !reps->is_seq()) return true;
      return replacements(*reps);
    }
    if (kind == "HashTransformer") {
      for (auto& r : acc_.rs) r.needs_hash = r.needs_hash || r.generated;
      return true;
    }
    if (kind == "SortOrderTransformer") return fail("unable to load builtin SortOrderTransformer.builtin.[noGrp]", at);
    if (kind == "ValueAddTransformer") return fail("valueadd keyword not yet defined", at);
    return fail("unable to load builtin " + kind + ".builtin.[noGrp]", at);
  }

  // ---- buildMetadata ------------------------------------------------------------------

  // The origin of what this kustomization's own fields configure.
  BuildOrigin configured_here(const std::string& kind) const {
    BuildOrigin o;
    o.configured_in = join_relative(origin_path_, kust_file_);
    o.by_api_version = "builtin";
    o.by_kind = kind;
    return o;
  }
  // The origin of a plugin configuration object (kustomize's OriginFromCustomPlugin).
  static std::optional<BuildOrigin> configured_by(const Resource& cfg) {
    if (!cfg.origin) return std::nullopt;
    BuildOrigin o;
    o.configured_in = cfg.origin->path;
    o.by_api_version = cfg.api_version();
    o.by_kind = cfg.kind();
    o.by_name = cfg.name();
    o.by_namespace = cfg.name_space();
    return o;
  }
  // After a transformer ran: every object records it (or takes it as its origin).
  void annotate(const std::optional<BuildOrigin>& t) {
    if (!ctx_.track || !t) return;
    for (auto& r : acc_.rs) {
      if (!r.origin) r.origin = *t;
      else r.transformations.push_back(*t);
    }
  }
  void annotate(const char* builtin_kind) {
    if (ctx_.track) annotate(std::optional<BuildOrigin>(configured_here(builtin_kind)));
  }

  KustomizeBuilder& b_;
  std::string dir_;
  Ctx& ctx_;
  Acc& acc_;
  std::string origin_path_;
  std::string kust_file_;
  yaml::Node k_;
  const Resource* plugin_ = nullptr;  // the plugin configuration being run
  bool remote_patch_ = false;         // the last patch_docs skipped a remote file
};

BuildOutput KustomizeBuilder::build(const std::string& dir, const yaml::Node* kustomization) {
  BuildOutput out;
  Ctx ctx{&out, {}};
  const yaml::Node* k = kustomization;
  FileId kf = kNoFile;
  if (!k) k = load_kustomization(dir, &kf);
  if (!k) {
    out.errors.push_back({"no kustomization in '" + dir + "' (or it is not valid YAML)", {}});
    return out;
  }
  ctx.stack.push_back(dir);
  // buildMetadata is the root's (kustomize hands it to every included kustomization).
  std::vector<std::string> build_metadata;
  if (k->is_map())
    for (size_t i = 0; i < k->size(); ++i)
      if (k->key_at(i).str() == "buildMetadata" && k->value_at(i).is_seq())
        for (const auto& v : k->value_at(i).items()) build_metadata.push_back(v.str());
  ctx.track = !build_metadata.empty();
  auto wants = [&](const char* option) {
    return std::find(build_metadata.begin(), build_metadata.end(), option) != build_metadata.end();
  };
  Acc acc;
  Level top(*this, dir, ctx, acc);
  bool ok = top.accumulate(*k, kustomization == nullptr);
  if (ok) {
    if (const yaml::Node* so = top.kustomization().get("sortOptions"); so && so->is_map()) {
      std::string order = scalar(so->get("order"));
      if (order != "legacy" && order != "fifo")
        ok = false, out.errors.push_back({"the field 'sortOptions.order' must be one of [fifo, legacy]", so->origin()});
      else if (order == "fifo" && so->get("legacySortOptions"))
        ok = false, out.errors.push_back({"the field 'sortOptions.legacySortOptions' is set but the selected sort order is 'fifo', not 'legacy'", so->origin()});
    }
  }
  if (ok) {
    // Done once at the root, as kustomize does: hashes on the final content, then every
    // reference follows the names' changes, then vars.
    for (auto& r : acc.rs)
      if (r.needs_hash) {
        r.store_previous_id();
        yaml::Node* name = r.node.get("metadata")->get("name");
        name->set_str(name->str() + "-" + hash_suffix(r.node));
      }
    if (std::string err = fix_name_references(acc.rs, acc.tc().name_reference); !err.empty())
      ok = false, out.errors.push_back({err, k->origin()});
  }
  if (ok)
    if (std::string err = resolve_vars(acc.rs, acc.vars, acc.tc().var_reference); !err.empty())
      ok = false, out.errors.push_back({err, k->origin()});
  if (ok) {
    // Objects marked local-config served the build (sources of names, vars, replacements)
    // but are not part of its output.
    acc.rs.erase(std::remove_if(acc.rs.begin(), acc.rs.end(),
                                [](const Resource& r) {
                                  const yaml::Node* v =
                                      r.node.path({"metadata", "annotations", "config.kubernetes.io/local-config"});
                                  return v && v->str() != "false";
                                }),
                 acc.rs.end());
    for (auto& r : acc.rs) {
      if (wants("managedByLabel"))
        ensure_map(ensure_map(r.node, "metadata"), "labels")
            .set("app.kubernetes.io/managed-by", yaml::Node::string(kManagedByValue, k->origin()));
      if (wants("originAnnotations") && r.origin)
        ensure_map(ensure_map(r.node, "metadata"), "annotations")
            .set("config.kubernetes.io/origin", yaml::Node::string(origin_yaml(*r.origin), k->origin()));
      if (wants("transformerAnnotations") && !r.transformations.empty())
        ensure_map(ensure_map(r.node, "metadata"), "annotations")
            .set("alpha.config.kubernetes.io/transformations",
                 yaml::Node::string(transformations_yaml(r.transformations), k->origin()));
    }
    // kustomize rewrites every object's annotations when it removes its build
    // annotations: values become strings, keys sorted, an empty map goes.
    for (auto& r : acc.rs) string_annotations(r.node);
    out.resources = std::move(acc.rs);
  }
  if (!out.errors.empty() || !out.reported_elsewhere.empty()) out.resources.clear();
  return out;
}

}  // namespace halint::render
