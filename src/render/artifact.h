#pragma once
// The ExternalArtifacts of an ArtifactGenerator (source.extensions.fluxcd.io, Flux 2.7's
// source-watcher). Each entry of spec.artifacts is an artifact holding what its `copy`
// rules take from the generator's sources, applied in order with cp-like semantics:
//   - `@src/dir` or `@src/dir/` (no glob) copies the directory as a subdirectory of `to`
//     (`@src/` copies the source's contents into `to`);
//   - `@src/dir/**` copies the directory's contents into `to`;
//   - other globs match as Go's fs.Glob does (one level per segment) and keep the matched
//     path under `to`;
//   - a single file goes to `to`, or into it when `to` ends with '/' or is a directory;
//   - `exclude` drops files (copy_glob.h); later copies overwrite earlier files.
// halint copies nothing: an artifact is a list of mounts (an artifact path showing a
// repository file or directory) and questions about its tree are answered from the
// repository's listings, so every node rendered from it still points into the
// repository's own files.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "render/file_access.h"
#include "render/resource.h"

namespace halint::render {

struct ArtifactMount {
  std::string dest;  // path in the artifact, clean ("" is its root)
  std::string src;   // absolute repository path: a file, or a directory whose contents appear at dest
  bool dir = false;
  // The copy rule's excludes, matched on paths relative to source_root (absolute).
  std::vector<std::string> exclude;
  std::string source_root;
  std::string exclude_base;  // the rule's literal prefix, relative to source_root
};

class Artifact {
 public:
  std::string name_space, name;  // of the ExternalArtifact
  std::string generator;         // "namespace/name" of its ArtifactGenerator, for messages
  Origin at;                     // the entry in spec.artifacts
  std::vector<ArtifactMount> mounts;
  std::vector<BuildIssue> errors;     // copy rules source-watcher fails on: no artifact at all
  std::vector<BuildIssue> elsewhere;  // copy rules taking from sources outside this repository

  enum class Kind { Missing, File, Directory };
  // What an artifact path (clean, relative) is.
  Kind kind(std::string_view path, FileAccess& files) const;

  struct Entry {
    std::string name;
    bool dir = false;
    std::string file;  // a file's repository path
  };
  // The entries of an artifact directory, sorted by name.
  std::vector<Entry> list(std::string_view dir, FileAccess& files) const;

  // The repository directory whose whole tree the artifact directory is (one directory
  // mount covers it, without excludes, and nothing else is copied under it), if any.
  std::optional<std::string> repository_dir(std::string_view dir, FileAccess& files) const;

  // "infrastructure/** -> /" style summary of the copy rules, for messages.
  std::string describe(const std::string& repo_root) const;

 private:
  bool excluded(const ArtifactMount& m, const std::string& repo_path) const;
};

// Where an ArtifactGenerator source (spec.sources entry) is in this repository.
struct SourceRoot {
  std::string dir;        // absolute root of the source ("" when not in this repository)
  std::string elsewhere;  // why not, when dir is empty
};
// Finds the root of a source entry; `literal` is a copy rule's literal path in it ("." for
// none), a hint for sources pushed from a directory of the repository.
using SourceRootFinder = std::function<SourceRoot(const yaml::Node& source, const std::string& literal)>;

// The artifacts of one ArtifactGenerator document (pathPattern expanded), in order.
std::vector<Artifact> generator_artifacts(const yaml::Node& generator, FileAccess& files,
                                          const SourceRootFinder& find_root);

bool is_artifact_generator(const yaml::Node& doc);

}  // namespace halint::render
