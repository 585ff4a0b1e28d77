#pragma once
// Native `kustomize build` (load restrictions off, as Flux builds), step for step as
// kustomize v5 builds: resources (nested kustomizations built first), configurations,
// generators, components, then the built-in transformers in kustomize's order and the
// `transformers:` field; at the root, generator hashes, name references, vars, and the
// removal of local-config objects. Problems come back as values; a build kustomize would
// refuse renders nothing.
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "render/file_access.h"
#include "render/generators.h"
#include "render/kustfile.h"
#include "render/resmap.h"
#include "render/resource.h"
#include "render/transformer_config.h"
#include "render/vars.h"

namespace halint::render {

struct BuildOutput {
  std::vector<Resource> resources;
  std::vector<BuildIssue> errors;   // HA004: kustomize refuses the build (resources then empty)
  std::vector<BuildIssue> skipped;  // HA005: remote resources, helmCharts, what is not modelled
  // Build errors another rule already reports (a repeated key is HA002): kustomize
  // fails on them, `halint render` says so, `halint check` does not report them twice.
  std::vector<BuildIssue> reported_elsewhere;
  std::vector<std::string> dirs;    // every directory whose kustomization took part
  std::vector<FileId> patch_files;  // patches, configurations, transformers: not objects of their own
};

class KustomizeBuilder {
 public:
  explicit KustomizeBuilder(FileAccess& files) : files_(files) {}

  // Builds the kustomization in `dir`. When `kustomization` is given it is used instead of
  // the directory's file (Flux passes the file with its own fields applied, or one it
  // generated).
  BuildOutput build(const std::string& dir, const yaml::Node* kustomization = nullptr);

  // The kustomization tree of a directory as written (nullptr when none or unparsable), and its file.
  const yaml::Node* load_kustomization(const std::string& dir, FileId* file = nullptr);

 private:
  // What a kustomization accumulates: its objects, the transformer configuration of it and
  // everything it includes, its vars.
  struct Acc {
    std::vector<Resource> rs;
    // Shared and copied only when a kustomization changes it: most are kustomize's defaults.
    std::shared_ptr<const TransformerConfig> config;
    std::vector<Var> vars;
    const TransformerConfig& tc() const { return config ? *config : TransformerConfig::defaults(); }
    // Merges another kustomization's configuration (null: the defaults).
    std::string merge_config(const std::shared_ptr<const TransformerConfig>& other);
  };
  struct Ctx {
    BuildOutput* out;
    std::vector<std::string> stack;
    bool track = false;  // the root asks for buildMetadata: origins are recorded
    bool openapi_set = false;  // a kustomization chose the schema (the first one wins)
  };
  class Level;  // one kustomization being accumulated (kustomization.cpp)

  struct LoadedKustomization {
    const yaml::Node* node = nullptr;
    FileId file = kNoFile;
  };
  struct InlinePatch {
    std::vector<yaml::Document> documents;
    std::string error;
  };
  const InlinePatch& parsed_inline_patch(const yaml::Node& scalar);
  // kustomize's decoding of a kustomization (kustfile.h); valid until the next call.
  const KustFile& decoded(const yaml::Node& raw, bool from_file);
  Generated generated(const GeneratorInput& in);
  std::string hash_suffix(const yaml::Node& object);

  struct CachedGenerator {
    yaml::Node entry, options;  // what it was generated from (options: null when none)
    Generated out;
  };
  struct DecodedKustomization {
    yaml::Node raw;  // kept so that its child list stays the one decoded
    KustFile decoded;
  };
  struct CachedHash {
    yaml::Node data, binary_data;  // kept so that their child lists stay what was hashed
    std::string hash;
  };

  FileAccess& files_;
  std::unordered_map<std::string, LoadedKustomization> kustomizations_;  // by directory
  std::unordered_map<std::string, InlinePatch> inline_patches_;          // parsed once
  // A base's generators run once for every overlay that includes it; kustomize's name
  // hash (a sha256 of the whole content) once per distinct content.
  std::unordered_map<std::string, CachedGenerator> generators_;
  std::unordered_map<std::string, CachedHash> hashes_;
  // `configurations:` files merged with the defaults, by the files' contents: bases that share
  // a configuration file are built over and over.
  std::unordered_map<std::string, std::shared_ptr<const TransformerConfig>> configs_;
  RegexCache regexes_;  // patch target patterns
  // Kustomization files decoded once, by their child list (every overlay decodes its bases).
  std::unordered_map<const void*, DecodedKustomization> decoded_;
  KustFile scratch_;  // the decoding of a kustomization made for one build
  const yaml::Node empty_kustomization_ = yaml::Node::map();            // an empty file's
};

// True for references kustomize would fetch over the network.
bool is_remote(const std::string& ref);

}  // namespace halint::render
