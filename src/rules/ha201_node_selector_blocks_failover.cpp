// HA201 node-selector-blocks-failover: hard node constraints (nodeName, nodeSelector,
// required node affinity) that leave the pods nowhere to go when their node fails or is
// drained. A pin to one host is always reported. With the cluster's nodes declared, any
// other selector is a warning when it leaves fewer than 2 eligible nodes and silent
// otherwise; without them halint cannot count the nodes it matches, so it is info.
#include <set>

#include "rules/placement.h"
#include "rules/registry.h"
#include "rules/scheduling.h"

namespace halint::rules {
namespace {

// Labels every node of an OS carries: selecting on them restricts nothing in practice
// (Helm charts add `kubernetes.io/os: linux` everywhere), so they are not reported.
bool is_ubiquitous_label(std::string_view key) {
  return key == "kubernetes.io/os" || key == "beta.kubernetes.io/os";
}

yaml::Node requirement(const std::string& key, const std::string& value) {
  yaml::Node r = yaml::Node::map();
  r.set("key", yaml::Node::string(key));
  r.set("operator", yaml::Node::string("In"));
  yaml::Node values = yaml::Node::seq();
  values.push_back(yaml::Node::string(value));
  r.set("values", std::move(values));
  return r;
}

yaml::Node preferred_term(yaml::Node preference) {
  yaml::Node t = yaml::Node::map();
  t.set("weight", yaml::Node::integer(100));
  t.set("preference", std::move(preference));
  return t;
}

class NodeSelectorBlocksFailover : public Rule {
 public:
  std::string_view code() const override { return "HA201"; }

  void check(const RuleContext& ctx, std::vector<Finding>& out) const override {
    for (const model::Workload& w : ctx.graph.workloads()) {
      // A DaemonSet's pods belong to their node: there is no failover to block.
      if (w.kind == model::WorkloadKind::DaemonSet || !w.pod_spec || !w.pod_spec->is_map()) continue;
      check_node_name(w, out);
      check_node_selector(w, ctx.settings, out);
      check_required_affinity(w, ctx.settings, out);
    }
  }

 private:
  enum class Field { NodeSelector, RequiredAffinity };

  // With declared nodes: the pod's eligible nodes, and how many there would be without
  // the field (so a finding lands only on a field that really narrows them). nullopt
  // without topology or when a value is unknown.
  struct Narrowing {
    std::vector<size_t> eligible;
    size_t without = 0;
  };
  static std::optional<Narrowing> narrowing(const model::Workload& w, const RuleSettings& s, Field field) {
    if (!s.has_topology) return std::nullopt;
    auto c = node_constraints(w.pod_spec);
    if (!c) return std::nullopt;
    auto with = eligible_nodes(*c, s.nodes);
    if (field == Field::NodeSelector) c->node_selector.clear();
    else c->required_terms.reset();
    auto without = eligible_nodes(*c, s.nodes);
    if (!with || !without) return std::nullopt;
    return Narrowing{std::move(*with), without->size()};
  }

  // Whether the field deserves a warning under the declared topology.
  static bool blocks(const Narrowing& n) { return n.eligible.size() < 2 && n.without > n.eligible.size(); }

  // ": only 1 of the 3 declared nodes is eligible (w1): when it is down or drained ..."
  static std::string counted(const Narrowing& n, const RuleSettings& s) {
    std::string total = std::to_string(s.nodes.size());
    if (n.eligible.empty())
      return ": none of the " + total + " declared nodes is eligible, so its pods stay Pending";
    return ": only 1 of the " + total + " declared nodes is eligible (" + node_names(s.nodes, n.eligible) +
           "), so when it is down or drained its pods stay Pending, even when other nodes have room";
  }
  static std::string who(const model::Workload& w) {
    return std::string(model::workload_kind_name(w.kind)) + " \"" + w.object->name + "\"";
  }

  void check_node_name(const model::Workload& w, std::vector<Finding>& out) const {
    const yaml::Node* v = w.pod_spec->get("nodeName");
    if (!v || !v->is_scalar() || v->is_null() || v->str().empty() || v->is_substitution()) return;
    std::string msg = who(w) + " sets nodeName: " + v->str() +
                      ", which bypasses the scheduler and binds every pod to that node: when it fails or is "
                      "drained the pods are never rescheduled elsewhere";
    Finding f = finding_for(code(), *w.object, w.pod_spec->find_key("nodeName"), std::move(msg));
    yaml::Node pref = yaml::Node::map();
    yaml::Node exprs = yaml::Node::seq();
    // The node's name is its kubernetes.io/hostname label on every common distribution.
    exprs.push_back(requirement("kubernetes.io/hostname", v->str()));
    pref.set("matchExpressions", std::move(exprs));
    std::vector<yaml::Node> terms;
    terms.push_back(preferred_term(std::move(pref)));
    f.fix = to_preferred(w, "nodeName", std::move(terms),
                         "replace nodeName with preferred node affinity (weight 100) for kubernetes.io/hostname " +
                             v->str());
    out.push_back(std::move(f));
  }

  // Without the cluster's nodes the verdict is a guess; say how to make it exact.
  static std::string count_hint() { return "; declare the cluster's nodes in .halint.yaml to check how many match"; }

  void check_node_selector(const model::Workload& w, const RuleSettings& settings, std::vector<Finding>& out) const {
    const yaml::Node* sel = w.pod_spec->get("nodeSelector");
    if (!sel || !sel->is_map() || sel->empty()) return;
    const yaml::Node* hostname_key = nullptr;
    bool restricts = false;
    for (size_t i = 0; i < sel->size(); ++i) {
      const yaml::Node& k = sel->key_at(i);
      const yaml::Node& v = sel->value_at(i);
      if (k.is_substitution() || v.is_substitution()) return;  // unknown: no verdict
      if (is_hostname_key(k.str())) hostname_key = &k;
      if (!is_ubiquitous_label(k.str())) restricts = true;
    }
    auto narrowed = hostname_key ? std::nullopt : narrowing(w, settings, Field::NodeSelector);
    // With topology the verdict is the count: unknown (a ${VAR}) stays silent (SPEC §3).
    if (!hostname_key && settings.has_topology && !narrowed) return;
    if (narrowed ? !blocks(*narrowed) : !restricts) return;
    std::string labels = yaml::to_flow(*sel);
    Finding f;
    if (hostname_key) {
      const yaml::Node* host = sel->get("kubernetes.io/hostname");
      std::string msg = who(w) + " is pinned to node " + host->str() +
                        " by nodeSelector kubernetes.io/hostname: when that node fails or is drained its pods "
                        "stay Pending until it comes back";
      f = finding_for(code(), *w.object, hostname_key, std::move(msg));
    } else if (narrowed) {
      f = finding_for(code(), *w.object, w.pod_spec->find_key("nodeSelector"),
                      who(w) + " can only run on nodes labelled " + labels + " (nodeSelector)" +
                          counted(*narrowed, settings));
    } else {
      std::string msg = who(w) + " can only run on nodes labelled " + labels +
                        " (nodeSelector): if those nodes are down or drained its pods stay Pending, even when other "
                        "nodes have room" +
                        count_hint();
      f = finding_for(code(), *w.object, w.pod_spec->find_key("nodeSelector"), std::move(msg));
      f.severity_override = Severity::Info;
    }
    yaml::Node pref = yaml::Node::map();
    yaml::Node exprs = yaml::Node::seq();
    for (size_t i = 0; i < sel->size(); ++i) exprs.push_back(requirement(sel->key_at(i).str(), sel->value_at(i).str()));
    pref.set("matchExpressions", std::move(exprs));
    std::vector<yaml::Node> terms;
    terms.push_back(preferred_term(std::move(pref)));
    f.fix = to_preferred(w, "nodeSelector", std::move(terms),
                         "turn nodeSelector " + labels + " into preferred node affinity (weight 100)");
    out.push_back(std::move(f));
  }

  void check_required_affinity(const model::Workload& w, const RuleSettings& settings,
                               std::vector<Finding>& out) const {
    const yaml::Node* na = w.pod_spec->path({"affinity", "nodeAffinity"});
    if (!na || !na->is_map()) return;
    const yaml::Node* req = na->get("requiredDuringSchedulingIgnoredDuringExecution");
    if (!req || !req->is_map()) return;
    const yaml::Node* terms = req->get("nodeSelectorTerms");
    if (!terms || !terms->is_seq() || terms->empty()) return;

    // Terms are ORed: the pods may run on any node some term admits. The constraint pins
    // one host when every term requires kubernetes.io/hostname (or metadata.name) In a
    // single, common value.
    std::set<std::string> hosts;
    bool all_pinned = true, restricts = true;
    const yaml::Node* pin_at = nullptr;
    std::string described;  // "gpu In [nvidia] or zone In [a]", for the message
    for (const yaml::Node& term : terms->items()) {
      if (!term.is_map()) return;
      bool term_pinned = false, term_restricts = false;
      std::string term_text;
      for (const char* field : {"matchExpressions", "matchFields"}) {
        const yaml::Node* exprs = term.get(field);
        if (!exprs || !exprs->is_seq()) continue;
        for (const yaml::Node& e : exprs->items()) {
          const yaml::Node* key = e.get("key");
          const yaml::Node* op = e.get("operator");
          const yaml::Node* values = e.get("values");
          if (!key || !op || !key->is_scalar() || !op->is_scalar()) continue;
          if (key->is_substitution() || op->is_substitution()) return;
          if (values && values->is_seq())
            for (const auto& v : values->items())
              if (v.is_substitution()) return;
          // NotIn / DoesNotExist only exclude nodes (e.g. "not on control-plane"): they
          // leave the rest of the cluster eligible.
          if (op->str() == "NotIn" || op->str() == "DoesNotExist") continue;
          if (std::string_view(field) == "matchExpressions" && is_ubiquitous_label(key->str())) continue;
          term_restricts = true;
          if (!term_text.empty()) term_text += " and ";
          term_text += key->str() + " " + op->str();
          if (values && values->is_seq() && !values->empty()) term_text += " " + yaml::to_flow(*values, 60);
          bool host_key = std::string_view(field) == "matchExpressions" ? is_hostname_key(key->str())
                                                                        : key->str() == "metadata.name";
          if (host_key && op->str() == "In" && values && values->is_seq() && values->size() == 1) {
            term_pinned = true;
            hosts.insert(values->at(0).str());
            if (!pin_at) pin_at = &values->at(0);
          }
        }
      }
      all_pinned &= term_pinned;
      if (!described.empty()) described += " or ";
      // A term of exclusions only: shown whole (with topology it may still narrow the nodes).
      described += term_text.empty() ? yaml::to_flow(term, 80) : term_text;
      // One term that admits any node (only exclusions) makes the whole affinity lenient.
      if (!term_restricts) restricts = false;
    }
    bool pinned = all_pinned && hosts.size() == 1;
    auto narrowed = pinned ? std::nullopt : narrowing(w, settings, Field::RequiredAffinity);
    if (!pinned && settings.has_topology && !narrowed) return;  // unknown count: silent
    if (narrowed ? !blocks(*narrowed) : !restricts) return;
    Finding f;
    if (pinned) {
      std::string msg = who(w) + " is pinned to node " + *hosts.begin() +
                        " by required node affinity on kubernetes.io/hostname: when that node fails or is drained "
                        "its pods stay Pending until it comes back";
      f = finding_for(code(), *w.object, pin_at, std::move(msg));
    } else if (narrowed) {
      f = finding_for(code(), *w.object, na->find_key("requiredDuringSchedulingIgnoredDuringExecution"),
                      who(w) + " can only run on nodes matching its required node affinity (" + described + ")" +
                          counted(*narrowed, settings));
    } else {
      std::string msg = who(w) + " can only run on nodes matching its required node affinity (" + described + ")" +
                        ": if those nodes are down or drained its pods stay Pending, even when other nodes have "
                        "room" +
                        count_hint();
      f = finding_for(code(), *w.object, na->find_key("requiredDuringSchedulingIgnoredDuringExecution"),
                      std::move(msg));
      f.severity_override = Severity::Info;
    }
    std::vector<yaml::Node> preferred;
    for (const yaml::Node& term : terms->items()) {
      yaml::Node copy = term;
      copy.set_origin_deep({});
      preferred.push_back(preferred_term(std::move(copy)));
    }
    f.fix = affinity_to_preferred(*na, std::move(preferred));
    out.push_back(std::move(f));
  }

  // nodeName / nodeSelector -> preferred node affinity: delete the entry, then add the
  // terms to whatever part of `affinity.nodeAffinity` already exists.
  static std::optional<Fix> to_preferred(const model::Workload& w, const char* field,
                                         std::vector<yaml::Node> terms, std::string description) {
    Fix fix;
    fix.safe = false;  // the pods may then run on nodes the author meant to exclude
    fix.description = std::move(description);
    fix.edits.push_back(Edit::delete_entry(*w.pod_spec->find_key(field)));
    if (!add_preferred(*w.pod_spec, std::move(terms), fix)) return std::nullopt;
    return fix;
  }

  // Required node affinity -> preferred: the required entry goes, its terms become
  // preferred terms of weight 100.
  static Fix affinity_to_preferred(const yaml::Node& node_affinity, std::vector<yaml::Node> terms) {
    Fix fix;
    fix.safe = false;
    fix.description = "turn the required node affinity into preferred node affinity (weight 100)";
    const yaml::Node* key = node_affinity.find_key("requiredDuringSchedulingIgnoredDuringExecution");
    const yaml::Node* pref = node_affinity.get("preferredDuringSchedulingIgnoredDuringExecution");
    if (!pref || !pref->is_seq()) {
      // Rename the key and replace its value in place: no insertion point to contend for.
      fix.edits.push_back(Edit::rename_key(*key, "preferredDuringSchedulingIgnoredDuringExecution"));
      fix.edits.push_back(Edit::replace_value(*node_affinity.get("requiredDuringSchedulingIgnoredDuringExecution"), seq_of(std::move(terms))));
      if (pref)  // a null `preferred...:` entry would become a duplicate key
        fix.edits.push_back(
            Edit::delete_entry(*node_affinity.find_key("preferredDuringSchedulingIgnoredDuringExecution")));
      return fix;
    }
    fix.edits.push_back(Edit::delete_entry(*key));
    for (auto& t : terms) fix.edits.push_back(Edit::append_item(*pref, std::move(t)));
    return fix;
  }

  static yaml::Node seq_of(std::vector<yaml::Node> items) {
    yaml::Node s = yaml::Node::seq();
    for (auto& i : items) s.push_back(std::move(i));
    return s;
  }

  // Adds preferred node affinity terms to a pod spec, creating only the levels missing.
  static bool add_preferred(const yaml::Node& pod_spec, std::vector<yaml::Node> terms, Fix& fix) {
    const yaml::Node* affinity = pod_spec.get("affinity");
    const yaml::Node* na = affinity && affinity->is_map() ? affinity->get("nodeAffinity") : nullptr;
    const yaml::Node* pref =
        na && na->is_map() ? na->get("preferredDuringSchedulingIgnoredDuringExecution") : nullptr;
    if (pref && pref->is_seq()) {
      for (auto& t : terms) fix.edits.push_back(Edit::append_item(*pref, std::move(t)));
      return true;
    }
    yaml::Node pref_seq = seq_of(std::move(terms));
    if (na && na->is_map() && !pref) {
      fix.edits.push_back(
          Edit::insert_entry(*na, "preferredDuringSchedulingIgnoredDuringExecution", std::move(pref_seq)));
    } else if (affinity && affinity->is_map() && !na) {
      yaml::Node na_map = yaml::Node::map();
      na_map.set("preferredDuringSchedulingIgnoredDuringExecution", std::move(pref_seq));
      fix.edits.push_back(Edit::insert_entry(*affinity, "nodeAffinity", std::move(na_map)));
    } else if (!affinity) {
      yaml::Node na_map = yaml::Node::map();
      na_map.set("preferredDuringSchedulingIgnoredDuringExecution", std::move(pref_seq));
      yaml::Node aff = yaml::Node::map();
      aff.set("nodeAffinity", std::move(na_map));
      fix.edits.push_back(Edit::insert_entry(pod_spec, "affinity", std::move(aff)));
    } else {
      // A null level (`affinity:` with nothing under it) is replaced whole; anything else
      // (a ${VAR}, a wrong type) is left to the author.
      const yaml::Node* level = affinity && !affinity->is_map() ? affinity : na && !na->is_map() ? na : pref;
      if (!level || !level->is_null()) return false;
      yaml::Node value;
      if (level == affinity) {
        yaml::Node na_map = yaml::Node::map();
        na_map.set("preferredDuringSchedulingIgnoredDuringExecution", std::move(pref_seq));
        value = yaml::Node::map();
        value.set("nodeAffinity", std::move(na_map));
      } else if (level == na) {
        value = yaml::Node::map();
        value.set("preferredDuringSchedulingIgnoredDuringExecution", std::move(pref_seq));
      } else {
        value = std::move(pref_seq);
      }
      fix.edits.push_back(Edit::replace_value(*level, std::move(value)));
    }
    return true;
  }
};

}  // namespace

std::unique_ptr<Rule> make_ha201_node_selector_blocks_failover() {
  return std::make_unique<NodeSelectorBlocksFailover>();
}

}  // namespace halint::rules
