// HA203 unschedulable-after-node-failure (topology): take each declared node down in turn
// and try to place the workload's effective replicas on the nodes left, under the hard
// constraints only (placement.h: nodeName, nodeSelector, required node affinity, taints;
// replica_capacity.h: required self anti-affinity, DoNotSchedule spread). The first node
// whose loss leaves replicas nowhere to go is reported, once per workload.
#include "rules/placement.h"
#include "rules/registry.h"
#include "rules/replica_capacity.h"
#include "rules/scheduling.h"

namespace halint::rules {
namespace {

class UnschedulableAfterNodeFailure : public Rule {
 public:
  std::string_view code() const override { return "HA203"; }

  void check(const RuleContext& ctx, std::vector<Finding>& out) const override {
    if (!ctx.settings.has_topology) return;
    const auto& nodes = ctx.settings.nodes;
    const auto& g = ctx.graph;
    for (size_t i = 0; i < g.workloads().size(); ++i) {
      const model::Workload& w = g.workloads()[i];
      // A DaemonSet's pod dies with its node and is not rescheduled anywhere else.
      if (w.kind == model::WorkloadKind::DaemonSet || !w.pod_spec) continue;
      auto r = g.replicas(i);
      if (!r.effective || *r.effective < 1) continue;
      const int64_t want = *r.effective;
      auto eligible = eligible_nodes(w.pod_spec, nodes);
      if (!eligible) continue;
      auto self = self_constraints(w);
      if (!self) continue;

      std::string who = std::string(model::workload_kind_name(w.kind)) + " \"" + w.object->name + "\"";
      Capacity all_up = capacity_on(*self, nodes, *eligible);
      if (all_up.replicas && *all_up.replicas < want) {
        // Hostname anti-affinity with more replicas than eligible nodes is HA104's finding
        // (it counts max replicas, which are at least these).
        if (all_up.binding && is_anti_affinity_on_hostname(*self, all_up.binding)) continue;
        int64_t stranded = want - *all_up.replicas;
        std::string msg = who + ": " + stranded_text(stranded, want) + " even with every node up: " +
                          all_up.reason + placement_summary(nodes, *eligible);
        out.push_back(finding_for(code(), *w.object, anchor(w, all_up), std::move(msg)));
        continue;
      }

      // Only the loss of an eligible node can change the answer.
      std::optional<size_t> first;
      Capacity first_cap;
      std::vector<size_t> also;
      std::vector<size_t> left_first;
      for (size_t n : *eligible) {
        std::vector<size_t> left;
        for (size_t m : *eligible)
          if (m != n) left.push_back(m);
        Capacity cap = capacity_on(*self, nodes, left);
        if (!cap.replicas || *cap.replicas >= want) continue;
        if (first) {
          also.push_back(n);
          continue;
        }
        first = n;
        first_cap = std::move(cap);
        left_first = std::move(left);
      }
      if (!first) continue;
      int64_t stranded = want - *first_cap.replicas;
      std::string msg = who + " runs " + std::to_string(want) + (want == 1 ? " replica" : " replicas") +
                        ", but with node " + nodes[*first].name + " down " + stranded_text(stranded, want) + ": ";
      if (left_first.empty())
        msg += nodes[*first].name + " is the only eligible node of the " + std::to_string(nodes.size()) + " declared";
      else
        msg += first_cap.reason + " (eligible nodes left: " + node_names(nodes, left_first) + ")";
      if (!also.empty())
        msg += "; losing " + std::string(also.size() == 1 ? "" : "any of ") + node_names(nodes, also) + " does the same";
      out.push_back(finding_for(code(), *w.object, anchor(w, first_cap), std::move(msg)));
    }
  }

 private:
  // "2 of its 3 replicas cannot be placed"
  static std::string stranded_text(int64_t stranded, int64_t of) {
    if (of == 1) return "its replica cannot be placed";
    if (stranded == of) return "none of its " + std::to_string(of) + " replicas can be placed";
    return std::to_string(stranded) + " of its " + std::to_string(of) + " replicas cannot be placed";
  }

  static std::string placement_summary(const std::vector<config::ClusterNode>& nodes, const std::vector<size_t>& on) {
    if (on.empty()) return " among the " + std::to_string(nodes.size()) + " declared";
    return " (eligible nodes: " + node_names(nodes, on) + ")";
  }

  static bool is_anti_affinity_on_hostname(const SelfConstraints& c, const yaml::Node* at) {
    for (const auto& a : c.anti_affinity)
      if (a.term == at) return is_hostname_key(a.topology_key);
    return false;
  }

  // The constraint that strands the replicas; when no node is left at all, the field that
  // narrowed the nodes (nodeSelector, required node affinity, nodeName), else the pod spec
  // (taints the pod does not tolerate).
  static const yaml::Node* anchor(const model::Workload& w, const Capacity& cap) {
    if (cap.binding) return cap.binding;
    for (const char* field : {"nodeName", "nodeSelector"})
      if (const yaml::Node* v = w.pod_spec->get(field); v && !v->is_null()) return w.pod_spec->find_key(field);
    if (const yaml::Node* na = w.pod_spec->path({"affinity", "nodeAffinity"}); na && na->is_map())
      if (const yaml::Node* k = na->find_key("requiredDuringSchedulingIgnoredDuringExecution")) return k;
    return pod_spec_anchor(w);
  }
};

}  // namespace

std::unique_ptr<Rule> make_ha203_unschedulable_after_node_failure() {
  return std::make_unique<UnschedulableAfterNodeFailure>();
}

}  // namespace halint::rules
