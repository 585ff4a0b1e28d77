#pragma once
// Where the files of a Flux Kustomization's source are in this repository (SPEC §2):
//   - GitRepository (the repository's own): spec.path from the highest directory between
//     the Kustomization's file and the repository root where it exists;
//   - OCIRepository / Bucket pushed from a directory of the repository: the directory
//     `flux.sourceRoots` names for it; else the one ancestor of the Kustomization's file
//     that holds spec.path; else the directory that the other references to the same
//     source (Kustomizations, ArtifactGenerator copy rules) found that way agree on, the
//     nearest one when the repository holds several;
//   - ExternalArtifact: what its ArtifactGenerator's copy rules take from their sources
//     (found as above), with the artifact's own layout (artifact.h).
// A source outside the repository is skipped (HA005, naming it); a path that a source of
// this repository does not hold is what Flux fails on (HA004).
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "render/artifact.h"
#include "render/flux.h"

namespace halint::render {

class FluxSources {
 public:
  // `configured`: flux.sourceRoots, "Kind/namespace/name" -> absolute directory.
  FluxSources(FileAccess& files, std::string repo_root, std::map<std::string, std::string> configured = {});

  // Every document of the repository as written, each before the first locate(): the
  // ArtifactGenerators, and the references that tell where a source is pushed from.
  void add(const yaml::Node& doc, const std::string& file);

  // Where the Flux Kustomization `ks`, written in `file`, is built from. `written`: the
  // version in the file when `ks` is what a render made of it (a GitRepository's root is
  // found from the written path, as before renders patch it).
  FluxTarget locate(const yaml::Node& ks, const std::string& file, const yaml::Node* written = nullptr);

 private:
  // Where an OCIRepository/Bucket is, as far as the repository tells.
  struct Root {
    std::string dir;                      // "" when unknown
    bool configured = false;              // named in flux.sourceRoots
    std::vector<std::string> candidates;  // several ancestors hold the path, none chosen
  };
  Root pushed_root(const std::string& kind, const std::string& ns, const std::string& name, const std::string& rel,
                   const std::string& file);
  SourceRoot generator_source(const yaml::Node& source, const std::string& generator_ns, const std::string& literal,
                              const std::string& file);
  FluxTarget locate_artifact(const yaml::Node& ks, const std::string& file, const std::string& ns,
                             const std::string& name, const std::string& rel, FluxTarget t);
  void build_artifacts();
  void finish_repository_target(FluxTarget& t, const yaml::Node& ks);

  // The directories from a file's own up to the repository root, nearest first.
  std::vector<std::string> ancestors(const std::string& file) const;
  // Those holding `rel` (a directory, or with `any_kind` a file too), nearest first (or
  // from the repository root down), at most `limit` of them.
  std::vector<std::string> holders(const std::string& file, const std::string& rel, bool any_kind, size_t limit,
                                   bool from_top = false);
  // Remembers that references under the file's directories find `value` for `key`; and
  // answers with the value the references nearest a file agree on (nullopt: none, or
  // `ambiguous` when they disagree).
  using NearIndex = std::unordered_map<std::string, std::vector<std::string>>;
  void remember(NearIndex& index, const std::string& key, const std::string& value, const std::string& file);
  std::optional<std::string> nearest(const NearIndex& index, const std::string& key, const std::string& file,
                                     bool* ambiguous) const;
  std::string shown(const std::string& dir) const;  // relative to the repository root

  FileAccess& files_;
  std::string repo_root_;
  std::map<std::string, std::string> configured_;
  NearIndex votes_;  // "Kind/name" -> the directories an OCIRepository/Bucket is pushed from
  struct Generator {
    const yaml::Node* doc;
    std::string file;
  };
  std::vector<Generator> generators_;
  bool artifacts_built_ = false;
  std::vector<Artifact> artifacts_;
  NearIndex artifact_index_;  // "namespace/name" and "*/name" -> index into artifacts_ (as text)
};

}  // namespace halint::render
