#pragma once
// What a chart model is: given a release and its merged values, the objects the chart
// would render, without running Helm. Models are pure (the same release and values give
// the same objects): the fix adapter re-runs a model on edited values to verify that a
// fix does what the rule meant.
//
// Provenance in modelled trees: a node copied from the values keeps the origin of the
// values line; a node the chart makes itself (kind, names, the pod spec map, a default)
// is flagged yaml::kSynthesized and points at the values entry that caused it (the
// controller entry, or spec.values / the chart reference when nothing closer exists).
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/finding.h"
#include "helm/release.h"
#include "helm/values.h"

namespace halint::helm {

// What a chart model knows about a workload beyond its fields (chart profiles, HA105).
struct ObjectRole {
  std::string critical;   // why the whole cluster depends on it ("cluster DNS")
  std::string singleton;  // why it runs one replica by design ("one writer per DNS zone")
};

struct ModelOutput {
  std::vector<yaml::Node> objects;  // in the order the chart renders them
  // For each object, the values entry that made it ({"controllers", "web"}, {"controller"}):
  // where a fix to that object starts looking in the values.
  std::vector<ValuesPath> owners;
  std::vector<Finding> notes;       // HA005 assumptions (a newer version modelled as a known one)
  std::vector<ObjectRole> roles;    // parallel to objects (may be shorter: no role)
  std::string version;              // the version modelled ("5.1.0")
  bool modelled = true;             // false: the model declines this release (notes say why)
};

// One step into a modelled object: a map key or a sequence index.
struct PathStep {
  std::string key;      // map key (when index is npos)
  size_t index = npos;  // sequence index
  static constexpr size_t npos = static_cast<size_t>(-1);
  bool is_index() const { return index != npos; }
  bool operator==(const PathStep&) const = default;
};
using ObjectPath = std::vector<PathStep>;

// True when `p` begins with these map keys (translations match the fields rules edit).
inline bool starts_with(const ObjectPath& p, std::initializer_list<const char*> keys) {
  if (p.size() < keys.size()) return false;
  size_t i = 0;
  for (const char* k : keys) {
    if (p[i].is_index() || p[i].key != k) return false;
    ++i;
  }
  return true;
}

// A rule's edit, addressed inside a modelled object instead of a file.
struct ObjectEdit {
  Edit::Op op = Edit::Op::InsertEntry;
  ObjectPath path;  // the target node (for DeleteEntry of a map entry: the key's map path + key)
  std::string key;
  std::string after_key;
  yaml::Node value;
};

// A change to the values, by path. Insert and Replace create the maps on the way; a
// Document is a manifest added beside the HelmRelease (what a user does where the chart
// cannot express the change).
struct ValuesEdit {
  enum class Op { Set, Delete, AppendItem, Document };
  Op op = Op::Set;
  ValuesPath path;  // Set/Delete: the key's path; AppendItem: the sequence's path
  yaml::Node value;
};

// The values keys a chart reads for replicas, scheduling, PDBs and HPAs, map by map, for
// one release's values: a key within edit distance 2 of one of them that the chart does
// not read is a typo the chart silently ignores (HA003). `known` lists other keys the
// chart reads in the same map (not typos, however close they are). The views point into
// the model or the values, and are read before either goes away.
struct ValuesKeys {
  struct Map {
    ValuesPath path;  // where the map is in the values ({} for the top level)
    std::vector<std::string_view> read, known;
  };
  std::vector<Map> maps;
};

class ChartModel {
 public:
  virtual ~ChartModel() = default;
  virtual std::string_view name() const = 0;
  virtual bool matches(const ChartId& chart) const = 0;
  virtual ModelOutput model(const Release& release, const Values& values) const = 0;
  // Where the changes `edits` make to parts of `object` (the index-th object of `output`)
  // that the chart makes itself go in the values; nullopt when the values cannot express
  // them. `intended` is the whole object as the rule wants it (after every edit of the
  // fix); the model may rewrite it into the equivalent form the chart renders (a zero
  // surge written "0%" where the chart drops a 0). An AppendDocument edit at the object's
  // root adds a new object beside it (a PodDisruptionBudget).
  virtual std::optional<std::vector<ValuesEdit>> translate(const Release& release, const Values& values,
                                                           const ModelOutput& output, size_t object,
                                                           const std::vector<ObjectEdit>& edits,
                                                           yaml::Node& intended) const = 0;
  virtual ValuesKeys values_keys(const Release& release, const Values& values) const { return {}; }
};

}  // namespace halint::helm
