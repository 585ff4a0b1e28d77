// HA202 failback-without-descheduler: preferred node affinity is the failover pattern
// (run on the preferred node, fall back elsewhere when it is down), but affinity is only
// read at scheduling time: without a descheduler evicting pods that violate their
// preferred affinity, they never move back once the preferred node returns.
// Whether such a descheduler exists is a repository-wide fact: every policy written
// anywhere (object, ConfigMap string, descheduler HelmRelease values) counts.
#include "rules/descheduler.h"
#include "rules/registry.h"

namespace halint::rules {
namespace {

class FailbackWithoutDescheduler : public Rule {
 public:
  std::string_view code() const override { return "HA202"; }

  void check(const RuleContext& ctx, std::vector<Finding>& out) const override {
    std::optional<bool> has_failback;  // computed on first need: most repos have no preferred affinity
    for (const auto& w : ctx.graph.workloads()) {
      // A DaemonSet runs one pod per node: there is nothing to fail back.
      if (w.kind == model::WorkloadKind::DaemonSet || !w.pod_spec) continue;
      const auto* na = w.pod_spec->path({"affinity", "nodeAffinity"});
      if (!na || !na->is_map()) continue;
      const auto* key = na->find_key("preferredDuringSchedulingIgnoredDuringExecution");
      const auto* pref = na->get("preferredDuringSchedulingIgnoredDuringExecution");
      if (!key || !pref || !pref->is_seq() || pref->empty()) continue;
      if (!has_failback) {
        has_failback = false;
        for (const auto& p : find_descheduler_policies(ctx.analysis))
          if (enables_preferred_failback(p)) has_failback = true;
      }
      if (*has_failback) return;
      Finding f = finding_for(
          code(), *w.object, key,
          std::string(model::workload_kind_name(w.kind)) + " \"" + w.object->name +
              "\" prefers nodes by affinity, but no descheduler policy in the repository enables "
              "RemovePodsViolatingNodeAffinity for preferredDuringSchedulingIgnoredDuringExecution: after a "
              "failover its pods never move back to the preferred nodes");
      f.help = "deploy the descheduler with RemovePodsViolatingNodeAffinity under `deschedule` and "
               "nodeAffinityType [preferredDuringSchedulingIgnoredDuringExecution]";
      out.push_back(std::move(f));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_ha202_failback_without_descheduler() {
  return std::make_unique<FailbackWithoutDescheduler>();
}

}  // namespace halint::rules
