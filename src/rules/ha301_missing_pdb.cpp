// HA301 missing-pdb: a workload with 2+ effective replicas that no PodDisruptionBudget
// protects. Drains and node upgrades evict through the eviction API, which only holds back
// when a PDB says so: without one, a drain can take every replica down at once.
#include <cctype>

#include "rules/registry.h"
#include "rules/scheduling.h"

namespace halint::rules {
namespace {

class MissingPdb : public Rule {
 public:
  std::string_view code() const override { return "HA301"; }

  void check(const RuleContext& ctx, std::vector<Finding>& out) const override {
    const auto& g = ctx.graph;
    for (size_t i = 0; i < g.workloads().size(); ++i) {
      const model::Workload& w = g.workloads()[i];
      if (w.kind == model::WorkloadKind::DaemonSet) continue;  // no replica count to protect
      auto r = g.replicas(i);
      if (!r.effective || *r.effective < 2) continue;
      if (!g.pdbs_of(i).empty()) continue;
      // A PDB of the namespace whose selector (or whose view of our labels) is unknown
      // may well select the pods: no verdict.
      if (undecidable_pdb(g, w)) continue;

      bool scaled = !g.hpas_of(i).empty();
      std::string msg = std::string(model::workload_kind_name(w.kind)) + " \"" + w.object->name + "\" runs " +
                        std::to_string(*r.effective) + (scaled ? " replicas at minimum (HPA minReplicas)" : " replicas") +
                        " but no PodDisruptionBudget in namespace \"" + w.object->effective_namespace() +
                        "\" selects its pods: a node drain may evict all of them at once";
      msg += elsewhere_hint(g, w);
      Finding f = finding_for(code(), *w.object, anchor(w, scaled), std::move(msg));
      // Appended to the workload's own file, the PDB reaches every render that includes
      // the workload; when one of them already has a PDB for it, that render would get a
      // second one (SPEC §7): the PDB then goes into this render's overlay alone.
      f.fix = another_render_has_pdb(g, i) ? overlay_fix(ctx, w) : file_fix(ctx, w);
      if (!f.fix)
        f.help = "add a PodDisruptionBudget with maxUnavailable: 1 whose selector matches the pod template labels";
      out.push_back(std::move(f));
    }
  }

 private:
  static std::string description(const RuleContext& ctx, const std::string& name, const std::string& where) {
    return "add a PodDisruptionBudget \"" + name + "\" (maxUnavailable: " + ctx.settings.pdb_max_unavailable +
           ") selecting the workload's pods" + where;
  }

  // The PDB as a new document after the workload, in the file that defines it.
  static std::optional<Fix> file_fix(const RuleContext& ctx, const model::Workload& w) {
    std::string name = pdb_name(ctx.graph, w);
    auto doc = pdb_document(ctx, w, name, written_namespace(w));
    if (!doc) return std::nullopt;
    Fix fix;
    fix.description = description(ctx, name, "");
    fix.edits.push_back(Edit::append_document(w.object->root(), std::move(*doc)));
    return fix;
  }

  // The PDB as a new file of the render's own kustomization, listed in its resources.
  // It is written as the overlay sees it before its own transformers: the workload's
  // written name (the overlay adds its prefix and suffix to both), the rendered
  // namespace and selector (setting them again changes nothing).
  static std::optional<Fix> overlay_fix(const RuleContext& ctx, const model::Workload& w) {
    const RenderInfo* render = nullptr;
    for (const auto& r : ctx.analysis.renders)
      if (r.name == w.object->render) render = &r;
    if (!render || render->dir.empty()) return std::nullopt;
    std::string rendered = pdb_name(ctx.graph, w);
    std::string written = written_name(ctx, w);
    if (rendered.empty() || written.empty()) return std::nullopt;
    std::string name = rendered == w.object->name ? written : written + "-pdb";
    auto doc = pdb_document(ctx, w, name, w.object->name_space);
    if (!doc) return std::nullopt;
    // A directory Flux builds without a kustomization may be another render's too: a
    // file added there could reach a render that has its PDB. No fix then.
    if (render->kustomization == kNoFile) return std::nullopt;
    const SourceFile& k = ctx.analysis.files[render->kustomization];
    const yaml::Document* first = nullptr;
    for (const auto& d : k.documents)
      if (d.has_content && d.root.is_map()) {
        first = &d;
        break;
      }
    if (!first) return std::nullopt;
    std::string path = name + "-pdb.yaml";
    Fix fix;
    fix.description = description(ctx, name, " in a new file of " + render->name + " (" + path + ")");
    fix.edits.push_back(Edit::create_file(path, std::move(*doc), first->root.origin()));
    return fix;
  }

  // Another render of the same written workload has a PDB selecting its pods.
  static bool another_render_has_pdb(const model::Graph& g, size_t i) {
    Origin o = g.workloads()[i].object->root().origin();
    if (!o.known()) return false;
    for (size_t j = 0; j < g.workloads().size(); ++j) {
      // Objects of one render are different workloads even when one values entry wrote
      // them all (the workloads a chart models from a release).
      if (j == i || g.workloads()[j].object->render == g.workloads()[i].object->render) continue;
      Origin other = g.workloads()[j].object->root().origin();
      if (other.file == o.file && other.span.begin == o.span.begin && !g.pdbs_of(j).empty()) return true;
    }
    return false;
  }

  // metadata.name as the workload's file writes it (before any name prefix or suffix).
  static std::string written_name(const RuleContext& ctx, const model::Workload& w) {
    const yaml::Node* n = w.object->root().path({"metadata", "name"});
    if (!n || !n->is_scalar() || !n->origin().known() || n->origin().file >= ctx.analysis.files.size()) return {};
    const SourceFile& f = ctx.analysis.files[n->origin().file];
    Span s = n->origin().span;
    if (s.end > f.text.size() || s.end <= s.begin) return {};
    std::string text = f.text.substr(s.begin, s.end - s.begin);
    if (n->style() == yaml::Style::SingleQuoted || n->style() == yaml::Style::DoubleQuoted) {
      if (text.size() < 2) return {};
      text = text.substr(1, text.size() - 2);
    } else if (n->style() != yaml::Style::Plain) {
      return {};
    }
    for (char c : text)  // a name as Kubernetes allows it, nothing to unescape
      if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.')) return {};
    return text;
  }

  // The namespace only when the workload writes one in its own file: otherwise the
  // kustomization or Flux Kustomization that sets it will set it on the PDB too.
  static std::string written_namespace(const model::Workload& w) {
    const yaml::Node* ns = w.object->root().path({"metadata", "namespace"});
    if (ns && ns->is_scalar() && !ns->is_null() && ns->origin().file == w.object->root().origin().file)
      return ns->str();
    return {};
  }

  static bool undecidable_pdb(const model::Graph& g, const model::Workload& w) {
    for (const auto& p : g.pdbs()) {
      if (!model::same_scope(*p.object, *w.object)) continue;
      if (p.object->effective_namespace() != w.object->effective_namespace()) continue;
      if (w.pod_labels_unknown || (p.selector && p.selector->unknown)) return true;
    }
    return false;
  }

  // A PDB written for these pods but in another namespace is a common slip (a missing
  // `namespace:`, a kustomization that sets it on the workload only): say so.
  static std::string elsewhere_hint(const model::Graph& g, const model::Workload& w) {
    if (w.pod_labels_unknown || w.pod_labels.empty()) return {};
    for (const auto& p : g.pdbs()) {
      if (!model::same_scope(*p.object, *w.object) || !p.selector || p.selector->unknown || p.selector->empty())
        continue;
      if (p.object->effective_namespace() == w.object->effective_namespace()) continue;
      if (p.selector->matches(w.pod_labels))
        return " (PodDisruptionBudget \"" + p.object->name + "\" matches its labels but sits in namespace \"" +
               p.object->effective_namespace() + "\", and a PDB only covers pods of its own namespace)";
    }
    return {};
  }

  // The written replica count is what makes a PDB necessary; with an HPA (or a default
  // count) nothing is written, so the workload's name stands for it.
  static const yaml::Node* anchor(const model::Workload& w, bool scaled) {
    if (!scaled)
      if (const yaml::Node* k = w.spec->find_key("replicas")) return k;
    if (const yaml::Node* n = w.object->root().path({"metadata", "name"})) return n;
    return nullptr;
  }

  // The workload's name, or <name>-pdb when a PDB of that name already exists there (its
  // selector misses these pods): a fix must never create a duplicate object id.
  static std::string pdb_name(const model::Graph& g, const model::Workload& w) {
    auto taken = [&](const std::string& name) {
      for (const auto& p : g.pdbs())
        if (model::same_scope(*p.object, *w.object) &&
            p.object->effective_namespace() == w.object->effective_namespace() && p.object->name == name)
          return true;
      return false;
    };
    if (!taken(w.object->name)) return w.object->name;
    if (!taken(w.object->name + "-pdb")) return w.object->name + "-pdb";
    return {};
  }

  static std::optional<yaml::Node> pdb_document(const RuleContext& ctx, const model::Workload& w,
                                                const std::string& name, const std::string& name_space) {
    auto labels = selector_match_labels(w);
    // Only matchLabels can be copied faithfully; and they must select the pods, which
    // the API server guarantees for a valid workload but a broken manifest may not.
    if (!labels || w.pod_labels_unknown) return std::nullopt;
    if (!model::selector_from_labels(model::labels_of(&*labels)).matches(w.pod_labels)) return std::nullopt;
    if (const auto* me = w.spec->path({"selector", "matchExpressions"}); me && me->is_seq() && !me->empty())
      return std::nullopt;  // matchLabels alone would select more than the workload does
    if (name.empty() || w.object->name.find("${") != std::string::npos) return std::nullopt;

    yaml::Node doc = yaml::Node::map();
    doc.set("apiVersion", yaml::Node::string("policy/v1"));
    doc.set("kind", yaml::Node::string("PodDisruptionBudget"));
    yaml::Node meta = yaml::Node::map();
    meta.set("name", yaml::Node::string(name));
    if (!name_space.empty() && name_space.find("${") == std::string::npos)
      meta.set("namespace", yaml::Node::string(name_space));
    doc.set("metadata", std::move(meta));
    yaml::Node spec = yaml::Node::map();
    const std::string& mu = ctx.settings.pdb_max_unavailable;
    yaml::Node mu_node = yaml::Node::string(mu);
    if (auto v = mu_node.as_int(/*lenient=*/true)) spec.set("maxUnavailable", yaml::Node::integer(*v));
    else spec.set("maxUnavailable", std::move(mu_node));
    // unhealthyPodEvictionPolicy is left to HA304 (its own rule and fix): the new PDB is
    // exactly what SPEC §3 promises.
    yaml::Node sel = yaml::Node::map();
    sel.set("matchLabels", std::move(*labels));
    spec.set("selector", std::move(sel));
    doc.set("spec", std::move(spec));
    return doc;
  }

};

}  // namespace

std::unique_ptr<Rule> make_ha301_missing_pdb() { return std::make_unique<MissingPdb>(); }

}  // namespace halint::rules
