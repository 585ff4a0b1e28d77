// HA102 spread-selector-mismatch: a spreading rule whose selector misses the pods it is
// meant to spread. A topologySpreadConstraint counts only the pods its labelSelector
// matches: if that is not the workload's own pods, every domain counts 0, the skew is
// always 0 and nothing is spread. A pod anti-affinity term whose selector matches no pod
// template at all repels nothing.
#include <optional>
#include <set>

#include "rules/registry.h"
#include "rules/scheduling.h"

namespace halint::rules {
namespace {

// The pod label sets the repository can create, per namespace, for anti-affinity terms.
struct PodTemplates {
  struct Entry {
    std::string name_space;
    const model::Labels* labels;
  };
  std::vector<model::Labels> owned;  // labels of templates that are not workloads (Jobs, ...)
  std::vector<Entry> all;
  bool unknown = false;              // some template's labels are an unresolved ${VAR}
  std::set<std::string> opaque_namespaces;  // a HelmRelease may create pods halint cannot see
};

class SpreadSelectorMismatch : public Rule {
 public:
  std::string_view code() const override { return "HA102"; }

  void check(const RuleContext& ctx, std::vector<Finding>& out) const override {
    const auto& g = ctx.graph;
    std::optional<PodTemplates> pods;  // built lazily: most repositories have no anti-affinity
    for (const model::Workload& w : g.workloads()) {
      // A DaemonSet runs one pod per node whatever its constraints say.
      if (w.kind == model::WorkloadKind::DaemonSet || !w.pod_spec || !w.pod_spec->is_map()) continue;
      check_spread_constraints(w, out);
      if (anti_affinity_terms(w.pod_spec).empty()) continue;
      if (!pods) pods = collect_pod_templates(ctx);
      check_anti_affinity(w, *pods, out);
    }
  }

 private:
  static std::string pod_labels_text(const model::Workload& w) {
    const yaml::Node* labels = w.pod_template ? w.pod_template->path({"metadata", "labels"}) : nullptr;
    return labels ? yaml::to_flow(*labels) : std::string("{}");
  }

  void check_spread_constraints(const model::Workload& w, std::vector<Finding>& out) const {
    const yaml::Node* tscs = w.pod_spec->get("topologySpreadConstraints");
    if (!tscs || !tscs->is_seq() || w.pod_labels_unknown) return;
    for (const yaml::Node& c : tscs->items()) {
      if (!c.is_map()) continue;
      const yaml::Node* sel_node = c.get("labelSelector");
      auto sel = model::parse_selector(sel_node);
      // matchLabelKeys only adds `key in (this pod's value)` requirements, which the
      // workload's own pods always meet: the verdict rests on labelSelector alone.
      std::string why;
      if (!sel) {
        why = "has no labelSelector, so it counts no pods";
      } else if (sel->unknown) {
        continue;
      } else if (sel->empty()) {
        continue;  // {} selects every pod, its own included
      } else if (!sel->matches(w.pod_labels)) {
        why = "selects " + yaml::to_flow(*sel_node) + " but the pods are labelled " +
              pod_labels_text(w);
      } else {
        continue;
      }
      std::string key;
      if (const auto* k = c.get("topologyKey"); k && k->is_scalar()) key = " on " + k->str();
      std::string msg = std::string(model::workload_kind_name(w.kind)) + " \"" + w.object->name +
                        "\": the topologySpreadConstraint" + key + " " + why +
                        ": it spreads nothing and every replica may land on the same node";
      const yaml::Node* at = c.find_key("labelSelector");
      Finding f = finding_for(code(), *w.object, at ? at : &c, std::move(msg));
      if (auto labels = selector_match_labels(w);
          labels && model::selector_from_labels(model::labels_of(&*labels)).matches(w.pod_labels)) {
        Fix fix;
        fix.description = "set the constraint's labelSelector to the workload's spec.selector.matchLabels";
        fix.safe = true;
        yaml::Node sel_value = yaml::Node::map();
        sel_value.set("matchLabels", std::move(*labels));
        fix.edits.push_back(sel_node ? Edit::replace_value(*sel_node, std::move(sel_value))
                                     : Edit::insert_entry(c, "labelSelector", std::move(sel_value)));
        f.fix = std::move(fix);
      } else {
        f.help = "make the labelSelector match the pod template labels";
      }
      out.push_back(std::move(f));
    }
  }

  void check_anti_affinity(const model::Workload& w, const PodTemplates& pods, std::vector<Finding>& out) const {
    if (pods.unknown) return;
    auto terms = anti_affinity_terms(w.pod_spec);
    for (const auto& t : terms) {
      if (!t.selector || t.selector->unknown || t.selector->empty()) continue;
      auto namespaces = term_namespaces(t, *w.object);
      if (!namespaces) continue;  // namespaceSelector: namespaces halint cannot enumerate
      bool opaque = false, matched = false;
      for (const auto& ns : *namespaces) opaque |= pods.opaque_namespaces.count(ns) > 0;
      if (opaque) continue;
      for (const auto& p : pods.all)
        if (namespaces->count(p.name_space) && t.selector->matches(*p.labels)) {
          matched = true;
          break;
        }
      if (matched) continue;
      const yaml::Node* sel_node = t.term->get("labelSelector");
      std::string msg = std::string(model::workload_kind_name(w.kind)) + " \"" + w.object->name + "\": the " +
                        (t.required ? "required" : "preferred") + " pod anti-affinity term" +
                        (t.topology_key.empty() ? "" : " on " + t.topology_key) + " selects " +
                        yaml::to_flow(*sel_node) + ", which matches no pod template in namespace \"" +
                        *namespaces->begin() + "\"" + (namespaces->size() > 1 ? " (or the others listed)" : "") +
                        ": it keeps the pods apart from nothing";
      Finding f = finding_for(code(), *w.object, t.term->find_key("labelSelector"), std::move(msg));
      // No automatic fix: pointing a required term at the workload's own pods could make
      // them unschedulable (HA104), so which pods it should repel is the author's call.
      f.help = "make the labelSelector match the pods to keep apart (the workload's own labels are " +
               pod_labels_text(w) + ")";
      out.push_back(std::move(f));
    }
  }

  // The namespaces a term's selector looks in: its own by default, else `namespaces`.
  static std::optional<std::set<std::string>> term_namespaces(const AntiAffinityTerm& t, const model::Object& o) {
    if (const auto* nss = t.term->get("namespaceSelector"); nss && !nss->is_null()) return std::nullopt;
    std::set<std::string> out;
    if (const auto* list = t.term->get("namespaces"); list && list->is_seq())
      for (const auto& n : list->items()) {
        if (n.is_substitution()) return std::nullopt;
        if (n.is_scalar()) out.insert(n.str());
      }
    if (out.empty()) out.insert(o.effective_namespace());
    return out;
  }

  // Every pod template of the repository, whatever render holds it: an anti-affinity term
  // may well target pods that another Flux Kustomization deploys into the same cluster,
  // so matching across renders avoids false alarms (at worst it misses a finding).
  static PodTemplates collect_pod_templates(const RuleContext& ctx) {
    PodTemplates p;
    for (const auto& w : ctx.graph.workloads()) {
      if (w.pod_labels_unknown) p.unknown = true;
      p.all.push_back({w.object->effective_namespace(), &w.pod_labels});
    }
    // Pods also come from Jobs, CronJobs and bare Pods; HelmReleases create pods halint
    // does not model.
    std::vector<std::pair<std::string, const yaml::Node*>> extra;
    for (const auto& o : ctx.analysis.objects) {
      const yaml::Node* labels = nullptr;
      if (o.kind == "Job") labels = o.root().path({"spec", "template", "metadata", "labels"});
      else if (o.kind == "CronJob") labels = o.root().path({"spec", "jobTemplate", "spec", "template", "metadata", "labels"});
      else if (o.kind == "Pod") labels = o.labels();
      else if (o.kind == "HelmRelease") {
        const yaml::Node* target = o.root().path({"spec", "targetNamespace"});
        p.opaque_namespaces.insert(target && target->is_scalar() && !target->is_null() ? target->str()
                                                                                       : o.effective_namespace());
        continue;
      } else {
        continue;
      }
      extra.emplace_back(o.effective_namespace(), labels);
    }
    p.owned.reserve(extra.size());  // `all` points into `owned`: no reallocation after this
    for (const auto& [ns, labels] : extra) {
      bool unknown = false;
      p.owned.push_back(model::labels_of(labels, &unknown));
      if (unknown) p.unknown = true;
      p.all.push_back({ns, &p.owned.back()});
    }
    return p;
  }
};

}  // namespace

std::unique_ptr<Rule> make_ha102_spread_selector_mismatch() { return std::make_unique<SpreadSelectorMismatch>(); }

}  // namespace halint::rules
