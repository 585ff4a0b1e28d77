// HA104 anti-affinity-exceeds-nodes (topology): required pod anti-affinity on
// kubernetes.io/hostname against the workload's own pods allows one replica per node. When
// the workload can run more replicas (HPA maxReplicas, else spec.replicas) than there are
// nodes its pods may use, the extra replicas stay Pending even with every node up.
#include "rules/placement.h"
#include "rules/registry.h"
#include "rules/replica_capacity.h"
#include "rules/scheduling.h"

namespace halint::rules {
namespace {

class AntiAffinityExceedsNodes : public Rule {
 public:
  std::string_view code() const override { return "HA104"; }

  void check(const RuleContext& ctx, std::vector<Finding>& out) const override {
    if (!ctx.settings.has_topology) return;
    const auto& nodes = ctx.settings.nodes;
    const auto& g = ctx.graph;
    for (size_t i = 0; i < g.workloads().size(); ++i) {
      const model::Workload& w = g.workloads()[i];
      // A DaemonSet runs one pod per eligible node by construction.
      if (w.kind == model::WorkloadKind::DaemonSet || !w.pod_spec) continue;
      auto r = g.replicas(i);
      if (!r.max) continue;
      auto self = self_constraints(w);
      if (!self) continue;
      const SelfConstraints::AntiAffinity* term = nullptr;
      for (const auto& a : self->anti_affinity)
        if (is_hostname_key(a.topology_key)) {
          term = &a;
          break;
        }
      if (!term) continue;
      auto eligible = eligible_nodes(w.pod_spec, nodes);
      if (!eligible) continue;
      SelfConstraints only_hostname;
      only_hostname.anti_affinity.push_back(*term);
      Capacity cap = capacity_on(only_hostname, nodes, *eligible);
      if (!cap.replicas || *r.max <= *cap.replicas) continue;

      bool scaled = !g.hpas_of(i).empty();
      int64_t pending = *r.max - *cap.replicas;
      std::string msg = std::string(model::workload_kind_name(w.kind)) + " \"" + w.object->name + "\" can run " +
                        std::to_string(*r.max) + " replicas (" + (scaled ? "HPA maxReplicas" : "spec.replicas") +
                        ") but its required pod anti-affinity on kubernetes.io/hostname allows one per node, and ";
      if (eligible->empty())
        msg += "none of the " + std::to_string(nodes.size()) + " declared nodes is eligible";
      else if (eligible->size() == nodes.size())
        msg += "the cluster declares only " + std::to_string(nodes.size()) + (nodes.size() == 1 ? " node" : " nodes") +
               " (" + node_names(nodes, *eligible) + ")";
      else
        msg += "only " + std::to_string(eligible->size()) + " of the " + std::to_string(nodes.size()) +
               " declared nodes " + (eligible->size() == 1 ? "is" : "are") + " eligible (" +
               node_names(nodes, *eligible) + ")";
      msg += ": " + std::to_string(pending) + (pending == 1 ? " replica stays" : " replicas stay") +
             " Pending even with every node up";
      out.push_back(finding_for(code(), *w.object, term->term, std::move(msg)));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_ha104_anti_affinity_exceeds_nodes() { return std::make_unique<AntiAffinityExceedsNodes>(); }

}  // namespace halint::rules
