#pragma once
// The relations between objects that rules need: which PDBs select a workload's pods,
// which HPA scales it, and its effective and maximum replicas (SPEC §3).
#include <vector>

#include "model/workload.h"

namespace halint::model {

struct Replicas {
  std::optional<int64_t> effective;  // HPA minReplicas (default 1) if scaled, else spec.replicas (default 1)
  std::optional<int64_t> max;        // HPA maxReplicas if scaled, else spec.replicas
  // Empty optionals mean unknown (unresolved ${VAR}): stay silent.
};

class Graph {
 public:
  // Builds the graph over `objects`. Objects of different renders never relate.
  explicit Graph(const std::vector<Object>& objects);

  const std::vector<Workload>& workloads() const { return workloads_; }
  const std::vector<Pdb>& pdbs() const { return pdbs_; }
  const std::vector<Hpa>& hpas() const { return hpas_; }

  // Indices into pdbs() / hpas() for workload i.
  const std::vector<size_t>& pdbs_of(size_t workload) const { return pdbs_of_[workload]; }
  const std::vector<size_t>& hpas_of(size_t workload) const { return hpas_of_[workload]; }
  // Indices into workloads() for PDB p / HPA h.
  const std::vector<size_t>& workloads_of_pdb(size_t p) const { return pdb_targets_[p]; }
  const std::vector<size_t>& workloads_of_hpa(size_t h) const { return hpa_targets_[h]; }

  Replicas replicas(size_t workload) const;

 private:
  std::vector<Workload> workloads_;
  std::vector<Pdb> pdbs_;
  std::vector<Hpa> hpas_;
  std::vector<std::vector<size_t>> pdbs_of_, hpas_of_, pdb_targets_, hpa_targets_;
};

// True when two objects are evaluated together (same render, or both as written).
bool same_scope(const Object& a, const Object& b);

}  // namespace halint::model
