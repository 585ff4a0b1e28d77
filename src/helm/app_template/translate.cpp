// Where a rule's change to a modelled app-template object goes in the values. The fix
// adapter re-models the release with the edited values and keeps the fix only when the
// chart then renders what the rule meant, so a mapping here that the chart would not
// honour (a default that a per-controller map replaces, a zero the version drops) costs
// a fix, never a wrong edit.
#include "helm/app_template/internal.h"
#include "helm/app_template/model.h"

namespace halint::helm::app_template {
namespace {

// The path an edit changes: its target, or for an insert the new key under it.
ObjectPath touched(const ObjectEdit& e) {
  ObjectPath p = e.path;
  if (e.op == Edit::Op::InsertEntry) p.push_back({e.key});
  return p;
}

const char* const kPodOptions[] = {"affinity",         "hostNetwork",    "nodeSelector",  "priorityClassName",
                                   "runtimeClassName", "schedulerName",  "schedulingGates", "tolerations",
                                   "topologySpreadConstraints"};

bool is_pod_option(const std::string& k) {
  for (const char* o : kPodOptions)
    if (k == o) return true;
  return false;
}

ValuesPath plus(ValuesPath p, std::initializer_list<std::string> more) {
  for (const auto& m : more) p.push_back(m);
  return p;
}

ValuesEdit set(ValuesPath p, yaml::Node v) { return {ValuesEdit::Op::Set, std::move(p), std::move(v)}; }
ValuesEdit del(ValuesPath p) { return {ValuesEdit::Op::Delete, std::move(p), {}}; }

yaml::Node plain(yaml::Node n) {
  // Values written by a fix: fresh nodes, no origin (the fix engine styles them).
  n.set_origin_deep({});
  return n;
}

// An int-or-percent value that app-template <= 5.0.x would drop (a falsy 0) written in
// the equivalent form it keeps ("0%").
yaml::Node keepable(const yaml::Node& v) {
  if (v.is_scalar() && v.scalar_type() == yaml::ScalarType::Int && v.as_int() == 0) return yaml::Node::string("0%");
  return plain(v);
}

std::optional<std::vector<ValuesEdit>> strategy_edits(const Traits& t, const ValuesPath& owner, const Values& values,
                                                      yaml::Node& intended, const char* field) {
  yaml::Node* spec = intended.get("spec");
  const yaml::Node* strategy = spec ? spec->get(field) : nullptr;
  std::vector<ValuesEdit> out;
  if (!strategy || !strategy->is_map()) return std::nullopt;
  const yaml::Node* type = strategy->get("type");
  if (!type || !type->is_scalar()) return std::nullopt;
  out.push_back(set(plus(owner, {"strategy"}), yaml::Node::string(type->str())));
  const yaml::Node* ru = strategy->get("rollingUpdate");
  const yaml::Node* written = values.at(plus(owner, {"rollingUpdate"}));
  if (!ru || !ru->is_map() || ru->empty()) {
    if (written) out.push_back(del(plus(owner, {"rollingUpdate"})));
    return out;
  }
  yaml::Node r = yaml::Node::map();
  yaml::Node* mutable_ru = spec->get(field)->get("rollingUpdate");
  for (size_t i = 0; i < ru->size(); ++i) {
    const std::string& k = ru->key_at(i).str();
    if (k != "maxUnavailable" && k != "maxSurge") return std::nullopt;
    if (t.rolling_update_by_presence) {
      r.set(k, plain(ru->value_at(i)));
    } else {
      // <= 5.0.x reads only the shorthand keys, and only when truthy.
      yaml::Node v = keepable(ru->value_at(i));
      mutable_ru->value_at(i) = v;  // what the chart will render
      r.set(k == "maxUnavailable" ? "unavailable" : "surge", std::move(v));
    }
  }
  out.push_back(set(plus(owner, {"rollingUpdate"}), std::move(r)));
  return out;
}

}  // namespace

std::optional<std::vector<ValuesEdit>> AppTemplateModel::translate(const Release& release, const Values& values,
                                                                   const ModelOutput& output, size_t object,
                                                                   const std::vector<ObjectEdit>& edits,
                                                                   yaml::Node& intended) const {
  if (object >= output.objects.size() || object >= output.owners.size()) return std::nullopt;
  const yaml::Node& obj = output.objects[object];
  const ValuesPath& owner = output.owners[object];
  Traits t = traits_for(choose_version(release.chart.version).version);
  std::string kind = scalar_text(obj.get("kind"));
  bool workload = kind == "Deployment" || kind == "StatefulSet" || kind == "DaemonSet";
  bool controller = !owner.empty() && (owner[0] == "controllers" || owner[0] == "controller");
  if (!controller) return std::nullopt;
  // Pod options live at the top level in the single-controller layout.
  ValuesPath pod = t.single_layout ? ValuesPath{} : plus(owner, {"pod"});

  std::vector<ValuesEdit> out;
  bool did_replicas = false, did_strategy = false, did_pdb = false;
  for (const ObjectEdit& e : edits) {
    ObjectPath p = touched(e);
    if (e.op == Edit::Op::AppendDocument && e.path.empty()) {
      // A new object beside the workload: a PDB the chart can make itself (5.x), else a
      // manifest beside the HelmRelease.
      std::string new_kind = scalar_text(e.value.get("kind"));
      if (new_kind == "PodDisruptionBudget" && t.pdb_and_hpa && workload) {
        const yaml::Node* spec = e.value.get("spec");
        yaml::Node budget = yaml::Node::map();
        for (const char* k : {"maxUnavailable", "minAvailable"})
          if (const yaml::Node* v = spec ? spec->get(k) : nullptr) budget.set(k, plain(*v));
        if (budget.empty()) return std::nullopt;
        out.push_back(set(plus(owner, {"podDisruptionBudget"}), std::move(budget)));
      } else {
        out.push_back({ValuesEdit::Op::Document, {}, e.value});
      }
      continue;
    }
    if (!workload && kind == "PodDisruptionBudget" && starts_with(p, {"spec"})) {
      if (did_pdb) continue;
      did_pdb = true;
      // The budget as the rule wants it; only the two budgets can be written in the values.
      const yaml::Node* spec = intended.get("spec");
      if (!spec || !spec->is_map()) return std::nullopt;
      for (size_t i = 0; i < spec->size(); ++i) {
        const std::string& k = spec->key_at(i).str();
        if (k != "minAvailable" && k != "maxUnavailable" && k != "selector") return std::nullopt;
      }
      for (const char* k : {"minAvailable", "maxUnavailable"}) {
        ValuesPath vp = plus(owner, {"podDisruptionBudget", k});
        if (const yaml::Node* v = spec->get(k)) {
          if (!truthy(v)) return std::nullopt;  // the chart drops a falsy budget
          out.push_back(set(vp, plain(*v)));
        } else if (values.at(vp)) {
          out.push_back(del(vp));
        }
      }
      continue;
    }
    if (!workload) return std::nullopt;
    if (starts_with(p, {"spec", "replicas"})) {
      if (did_replicas) continue;
      did_replicas = true;
      const yaml::Node* spec = intended.get("spec");
      const yaml::Node* r = spec ? spec->get("replicas") : nullptr;
      // Leaving replicas out of a Deployment takes an explicit null in the values.
      out.push_back(set(plus(owner, {"replicas"}), r ? plain(*r) : yaml::Node()));
      continue;
    }
    if (starts_with(p, {"spec", "strategy"}) && kind == "Deployment") {
      if (did_strategy) continue;
      did_strategy = true;
      auto s = strategy_edits(t, owner, values, intended, "strategy");
      if (!s) return std::nullopt;
      out.insert(out.end(), s->begin(), s->end());
      continue;
    }
    if (starts_with(p, {"spec", "template", "spec"}) && p.size() == 4 && !p[3].is_index() && is_pod_option(p[3].key)) {
      const std::string& k = p[3].key;
      if (e.op == Edit::Op::InsertEntry) {
        out.push_back(set(plus(pod, {k}), plain(e.value)));
      } else if (e.op == Edit::Op::DeleteEntry) {
        // Wherever the option is written: the controller's pod, and the default (which
        // would apply again once the pod's value is gone).
        ValuesPath at_pod = plus(pod, {k});
        bool any = false;
        if (values.at(at_pod)) {
          out.push_back(del(at_pod));
          any = true;
        }
        if (!t.single_layout)
          if (ValuesPath d{"defaultPodOptions", k}; values.at(d)) {
            out.push_back(del(d));
            any = true;
          }
        if (!any) return std::nullopt;
      } else if (e.op == Edit::Op::ReplaceValue) {
        out.push_back(set(plus(pod, {k}), plain(e.value)));
      } else {
        return std::nullopt;
      }
      continue;
    }
    return std::nullopt;
  }
  return out;
}

}  // namespace halint::helm::app_template
