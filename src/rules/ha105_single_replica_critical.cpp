// HA105 single-replica-critical: a workload the whole cluster depends on runs one replica,
// so losing its node breaks the cluster, not one app: cluster DNS, the backend of an
// admission webhook that fails closed or of an aggregated API, a system-cluster-critical
// pod, and what a chart profile marks critical (the stage copies that mark onto the
// modelled object: this rule knows no chart). A workload that is one replica by design
// (its profile says so: external-dns, a leader-elected descheduler) is left alone.
#include <map>
#include <tuple>

#include "rules/registry.h"

namespace halint::rules {
namespace {

using Key = std::tuple<std::string, std::string, std::string>;  // render, namespace, service name

std::string str(const yaml::Node* n) { return n && n->is_scalar() && !n->is_null() ? n->str() : ""; }

// Services that webhooks failing closed and aggregated APIs call, with why that matters.
std::map<Key, std::string> critical_services(const Analysis& a) {
  std::map<Key, std::string> out;
  for (const auto& o : a.objects) {
    std::string g = o.group();
    if (g == "admissionregistration.k8s.io" &&
        (o.kind == "ValidatingWebhookConfiguration" || o.kind == "MutatingWebhookConfiguration")) {
      const yaml::Node* hooks = o.root().get("webhooks");
      if (!hooks || !hooks->is_seq()) continue;
      // failurePolicy defaults to Fail in admissionregistration/v1 (Ignore in v1beta1).
      std::string fallback = o.api_version == "admissionregistration.k8s.io/v1beta1" ? "Ignore" : "Fail";
      for (const auto& h : hooks->items()) {
        std::string policy = str(h.get("failurePolicy"));
        if (policy.empty()) policy = fallback;
        const yaml::Node* svc = h.path({"clientConfig", "service"});
        if (policy != "Fail" || !svc || !svc->is_map()) continue;
        Key k{o.render, str(svc->get("namespace")), str(svc->get("name"))};
        out.emplace(k, "it serves " + o.kind + " \"" + o.name + "\", which fails closed (failurePolicy: Fail): " +
                           "while it is down the API server rejects the requests that webhook checks");
      }
    } else if (g == "apiregistration.k8s.io" && o.kind == "APIService") {
      const yaml::Node* svc = o.root().path({"spec", "service"});
      if (!svc || !svc->is_map()) continue;
      Key k{o.render, str(svc->get("namespace")), str(svc->get("name"))};
      out.emplace(k, "it serves the aggregated API " + o.name + ": while it is down that API is unavailable " +
                         "to every client (HPAs, kubectl, controllers)");
    }
  }
  return out;
}

class SingleReplicaCritical : public Rule {
 public:
  std::string_view code() const override { return "HA105"; }

  void check(const RuleContext& ctx, std::vector<Finding>& out) const override {
    const auto& g = ctx.graph;
    const Analysis& a = ctx.analysis;
    // Workload index -> reason, from the Services the critical webhooks and APIs call.
    std::map<size_t, std::string> backends;
    auto services = critical_services(a);
    if (!services.empty())
      for (const auto& o : a.objects) {
        if (o.kind != "Service" || o.api_version != "v1") continue;
        auto it = services.find({o.render, o.effective_namespace(), o.name});
        if (it == services.end()) continue;
        bool unknown = false;
        model::Labels sel = model::labels_of(o.root().path({"spec", "selector"}), &unknown);
        if (sel.empty() || unknown) continue;
        model::LabelSelector s = model::selector_from_labels(sel);
        for (size_t i = 0; i < g.workloads().size(); ++i) {
          const model::Workload& w = g.workloads()[i];
          if (!model::same_scope(*w.object, o) || w.object->effective_namespace() != o.effective_namespace()) continue;
          if (!w.pod_labels.empty() && s.matches(w.pod_labels)) backends.emplace(i, it->second);
        }
      }

    for (size_t i = 0; i < g.workloads().size(); ++i) {
      const model::Workload& w = g.workloads()[i];
      if (w.kind == model::WorkloadKind::DaemonSet || w.kind == model::WorkloadKind::ReplicaSet) continue;
      if (!w.object->singleton.empty()) continue;
      auto r = g.replicas(i);
      if (!r.max || *r.max >= 2) continue;
      std::string why = reason(w);
      if (why.empty())
        if (auto it = backends.find(i); it != backends.end()) why = it->second;
      if (why.empty()) continue;

      bool scaled = !g.hpas_of(i).empty();
      std::string kind = model::workload_kind_name(w.kind);
      std::string msg = kind + " \"" + w.object->name + "\" runs " +
                        (scaled ? "at most " + std::to_string(*r.max) + " replica (HPA maxReplicas)"
                                : std::to_string(*r.max) + " replica") +
                        " but the whole cluster depends on it: " + why +
                        "; losing its node breaks that until the pod is rescheduled";
      const yaml::Node* at = w.replicas.node ? w.replicas.node : w.spec;
      Finding f = finding_for(code(), *w.object, at, std::move(msg));
      if (scaled) {
        f.help = "raise the HorizontalPodAutoscaler's maxReplicas and minReplicas to at least 2";
      } else if (w.spec && w.spec->is_map()) {
        Fix fix;
        fix.safe = false;  // a second replica may need leader election or more capacity
        fix.description = "set replicas to 2 (then spread them and add a PodDisruptionBudget: HA101, HA301)";
        if (w.replicas.node) fix.edits.push_back(Edit::replace_value(*w.replicas.node, yaml::Node::integer(2)));
        else fix.edits.push_back(Edit::insert_entry(*w.spec, "replicas", yaml::Node::integer(2)));
        f.fix = std::move(fix);
      }
      out.push_back(std::move(f));
    }
  }

 private:
  static std::string reason(const model::Workload& w) {
    if (!w.object->critical.empty()) return w.object->critical;
    if (auto it = w.pod_labels.find("k8s-app"); it != w.pod_labels.end() && it->second == "kube-dns")
      return "it is the cluster DNS (pod label k8s-app: kube-dns): while it is down no pod resolves Service names";
    const yaml::Node* pc = w.pod_spec ? w.pod_spec->get("priorityClassName") : nullptr;
    if (pc && pc->is_scalar() && pc->str() == "system-cluster-critical")
      return "it is marked priorityClassName: system-cluster-critical";
    return "";
  }
};

}  // namespace

std::unique_ptr<Rule> make_ha105_single_replica_critical() { return std::make_unique<SingleReplicaCritical>(); }

}  // namespace halint::rules
