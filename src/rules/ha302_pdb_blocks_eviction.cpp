// HA302 pdb-blocks-eviction: a PodDisruptionBudget that allows zero disruptions even
// when every pod is healthy. The eviction API then refuses every eviction of its pods,
// so `kubectl drain`, node upgrades and autoscaler scale-down wait forever.
#include "rules/registry.h"

namespace halint::rules {
namespace {

// "N%" -> N; anything else (an integer, ${VAR}, garbage) -> nullopt.
std::optional<int64_t> percent_of(const yaml::Node* n) {
  if (!n || !n->is_string()) return std::nullopt;
  return model::scaled_value(n, 100, true);
}

class PdbBlocksEviction : public Rule {
 public:
  std::string_view code() const override { return "HA302"; }

  void check(const RuleContext& ctx, std::vector<Finding>& out) const override {
    const auto& g = ctx.graph;
    for (size_t i = 0; i < g.pdbs().size(); ++i) {
      const model::Pdb& pdb = g.pdbs()[i];
      const yaml::Node* spec = pdb.object->root().get("spec");
      if (!spec || !spec->is_map()) continue;
      // Both set is invalid (HA003 reports it); which one wins is not ours to guess.
      if (pdb.min_available && pdb.max_unavailable) continue;
      std::string why;
      if (pdb.max_unavailable) {
        if (pdb.max_unavailable->as_int() == 0 || percent_of(pdb.max_unavailable) == 0)
          why = "maxUnavailable " + pdb.max_unavailable->str() + " never allows a pod to be evicted";
      } else if (pdb.min_available) {
        why = min_available_blocks(g, i, pdb.min_available);
      }
      if (why.empty()) continue;
      const char* field = pdb.max_unavailable ? "maxUnavailable" : "minAvailable";
      Finding f = finding_for(code(), *pdb.object, spec->find_key(field),
                              "PodDisruptionBudget \"" + pdb.object->name + "\" allows no disruption: " + why +
                                  ", so every drain of a node running its pods waits forever");
      f.fix = replace_with_max_unavailable(*spec, field, ctx.settings.pdb_max_unavailable);
      out.push_back(std::move(f));
    }
  }

 private:
  static std::string min_available_blocks(const model::Graph& g, size_t p, const yaml::Node* min) {
    if (auto pct = percent_of(min); pct && *pct >= 100) return "minAvailable " + min->str() + " keeps every pod";
    // Compared with every pod the PDB selects: the sum of the effective replicas.
    const auto& targets = g.workloads_of_pdb(p);
    if (targets.empty()) return {};  // selects nothing we see: HA303's business
    int64_t total = 0;
    std::string names;
    for (size_t w : targets) {
      auto r = g.replicas(w);
      if (!r.effective) return {};  // unknown (${VAR}, DaemonSet): no verdict
      total += *r.effective;
      const auto& wl = g.workloads()[w];
      if (!names.empty()) names += ", ";
      names += std::string(model::workload_kind_name(wl.kind)) + " \"" + wl.object->name + "\"";
    }
    if (total <= 0) return {};
    auto need = model::scaled_value(min, total, /*round_up=*/true);  // the disruption controller rounds up
    if (!need || *need < total) return {};
    return "minAvailable " + min->str() + " with " + std::to_string(total) + " effective replica" +
           (total == 1 ? "" : "s") + " (" + names + ")";
  }

  static Fix replace_with_max_unavailable(const yaml::Node& spec, const char* field, const std::string& value) {
    Fix fix;
    fix.safe = false;  // deliberately allows an eviction: downtime for a single replica
    fix.description = "use maxUnavailable: " + value + " instead";
    bool digits = !value.empty() && value.size() <= 9 && value.find_first_not_of("0123456789") == std::string::npos;
    yaml::Node v = digits ? yaml::Node::integer(std::stoll(value)) : yaml::Node::string(value);
    if (std::string_view(field) == "minAvailable") {
      fix.edits.push_back(Edit::rename_key(*spec.find_key(field), "maxUnavailable"));
    }
    fix.edits.push_back(Edit::replace_value(*spec.get(field), std::move(v)));
    return fix;
  }
};

}  // namespace

std::unique_ptr<Rule> make_ha302_pdb_blocks_eviction() { return std::make_unique<PdbBlocksEviction>(); }

}  // namespace halint::rules
