// Compiling a chart profile's YAML into a Profile: overrides are applied to the base once
// here (not per release), conditions and paths parsed, every problem reported with the
// line and column it is at.
#include <algorithm>

#include "core/source.h"
#include "helm/profile/profile.h"
#include "schema/validator.h"
#include "yaml/parser.h"

namespace halint::helm::profile {
namespace {

using yaml::Node;

struct Ctx {
  std::string_view text;
  const std::string& shown;
  std::vector<std::string>& errors;
  std::optional<LineIndex> index;  // built on the first error (shipped profiles have none)

  std::string at(uint32_t offset) {
    if (!index) index.emplace(text);
    LineCol lc = index->locate(text, offset);
    return shown + ":" + std::to_string(lc.line) + ":" + std::to_string(lc.column) + ": ";
  }
  void error(const Node& n, const std::string& message) { errors.push_back(at(n.origin().span.begin) + message); }
};

std::string scalar(const Node* n) { return n && n->is_scalar() && !n->is_null() ? n->str() : ""; }

// Overrides change the base field by field: maps merge, null removes, lists of maps with
// an `id` merge by id, anything else replaces.
Node overlay(const Node& base, const Node& over);

Node overlay_list(const Node& base, const Node& over) {
  bool by_id = true;
  for (const auto& i : over.items()) by_id = by_id && i.is_map() && i.get("id");
  if (!by_id) return over;
  Node out = base;
  for (const auto& item : over.items()) {
    std::string id = scalar(item.get("id"));
    bool found = false;
    for (auto& mine : out.items())
      if (mine.is_map() && scalar(mine.get("id")) == id) {
        mine = overlay(mine, item);
        found = true;
        break;
      }
    if (!found) out.push_back(item);
  }
  return out;
}

Node overlay(const Node& base, const Node& over) {
  if (base.is_seq() && over.is_seq()) return overlay_list(base, over);
  if (!base.is_map() || !over.is_map()) return over;
  Node out = base;
  for (size_t i = 0; i < over.size(); ++i) {
    const Node& k = over.key_at(i);
    const Node& v = over.value_at(i);
    if (v.is_null()) {
      out.erase(k.str());
      continue;
    }
    if (const Node* mine = out.get(k.str())) out.set(k.str(), overlay(*mine, v));
    else out.set(k, v);
  }
  return out;
}

std::optional<ValuesPath> path_of(Ctx& c, const Node* n, const char* what) {
  if (!n) return std::nullopt;
  if (!n->is_scalar() || n->str().empty()) {
    c.error(*n, std::string(what) + ": a values path is a dotted string (\"podDisruptionBudget.enabled\")");
    return std::nullopt;
  }
  ValuesPath p = parse_target_path(n->str());
  for (const auto& k : p)
    if (k.empty()) {
      c.error(*n, std::string(what) + ": empty key in values path \"" + n->str() + "\"");
      return std::nullopt;
    }
  return p;
}

std::optional<Condition> condition(Ctx& c, const Node& n) {
  Condition out;
  if (n.is_scalar() && n.scalar_type() == yaml::ScalarType::Bool) {
    out.op = n.as_bool().value_or(false) ? Condition::Op::Always : Condition::Op::Never;
    return out;
  }
  if (n.is_scalar() && n.is_string()) {  // shorthand: a path, tested for truth
    out.op = Condition::Op::Truthy;
    auto p = path_of(c, &n, "condition");
    if (!p) return std::nullopt;
    out.path = *p;
    return out;
  }
  if (!n.is_map()) {
    c.error(n, "a condition is true, false, a values path, or a map ({path, equals|gt}, all, any, not)");
    return std::nullopt;
  }
  auto list = [&](const Node& l, Condition::Op op) -> std::optional<Condition> {
    out.op = op;
    if (!l.is_seq() || l.empty()) {
      c.error(l, "all/any take a non-empty list of conditions");
      return std::nullopt;
    }
    for (const auto& i : l.items()) {
      auto s = condition(c, i);
      if (!s) return std::nullopt;
      out.sub.push_back(std::move(*s));
    }
    return out;
  };
  if (const Node* a = n.get("all")) return list(*a, Condition::Op::All);
  if (const Node* a = n.get("any")) return list(*a, Condition::Op::Any);
  if (const Node* x = n.get("not")) {
    auto s = condition(c, *x);
    if (!s) return std::nullopt;
    out.op = Condition::Op::Not;
    out.sub.push_back(std::move(*s));
    return out;
  }
  auto p = path_of(c, n.get("path"), "condition");
  if (!p) {
    if (!n.get("path")) c.error(n, "a condition needs `path` (or all / any / not)");
    return std::nullopt;
  }
  out.path = *p;
  if (const Node* e = n.get("equals")) {
    out.op = Condition::Op::Equals;
    out.value = *e;
  } else if (const Node* g = n.get("gt")) {
    auto v = g->as_int();
    if (!v) {
      c.error(*g, "gt takes an integer");
      return std::nullopt;
    }
    out.op = Condition::Op::Gt;
    out.number = *v;
  } else {
    out.op = Condition::Op::Truthy;
  }
  return out;
}

std::optional<ValueSpec> value_spec(Ctx& c, const Node& n) {
  ValueSpec v;
  if (n.is_scalar() && !n.is_null()) {
    v.text = n.str();
    return v;
  }
  if (n.is_map() && n.get("value")) {
    v.text = scalar(n.get("value"));
    if (const Node* o = n.get("override")) {
      v.override_path = path_of(c, o, "override");
      if (!v.override_path) return std::nullopt;
    }
    if (const Node* w = n.get("when")) {
      auto cc = condition(c, *w);
      if (!cc) return std::nullopt;
      v.when = std::make_shared<Condition>(std::move(*cc));
    }
    return v;
  }
  c.error(n, "a label value is a string or {value, override}");
  return std::nullopt;
}

std::optional<Labels> labels(Ctx& c, const Node& n) {
  if (!n.is_map()) {
    c.error(n, "labels are a map of label names to values");
    return std::nullopt;
  }
  Labels out;
  for (size_t i = 0; i < n.size(); ++i) {
    auto v = value_spec(c, n.value_at(i));
    if (!v) return std::nullopt;
    out.emplace_back(n.key_at(i).str(), std::move(*v));
  }
  return out;
}

bool field(Ctx& c, const Node* n, FieldSpec& out, const char* what) {
  if (!n) return true;
  if (n->is_scalar()) {
    out.path = path_of(c, n, what);
    return out.path.has_value();
  }
  if (!n->is_map()) {
    c.error(*n, std::string(what) + ": a values path, or a map {path, fallback, mergeFrom, fixed, ...}");
    return false;
  }
  bool ok = true;
  if (const Node* p = n->get("path")) ok = (out.path = path_of(c, p, what)).has_value() && ok;
  if (const Node* p = n->get("fallback")) ok = (out.fallback = path_of(c, p, what)).has_value() && ok;
  if (const Node* p = n->get("mergeFrom")) ok = (out.merge_from = path_of(c, p, what)).has_value() && ok;
  if (const Node* p = n->get("rollingUpdate")) ok = (out.rolling_update = path_of(c, p, what)).has_value() && ok;
  if (const Node* f = n->get("fixed")) {
    out.fixed = *f;
    out.has_fixed = true;
  }
  out.templated = n->get("templated") && n->get("templated")->as_bool().value_or(false);
  out.fill_label_selector = n->get("fillLabelSelector") && n->get("fillLabelSelector")->as_bool().value_or(false);
  out.type_only = n->get("typeOnly") && n->get("typeOnly")->as_bool().value_or(false);
  if (const Node* w = n->get("patch")) {
    const Node* cond = w->is_map() ? w->get("when") : nullptr;
    const Node* value = w->is_map() ? w->get("value") : nullptr;
    if (!cond || !value || !value->is_map()) {
      c.error(*w, std::string(what) + ".patch needs `when` and a map `value`");
      return false;
    }
    auto cc = condition(c, *cond);
    if (!cc) return false;
    out.patch_when = std::move(*cc);
    out.patch = *value;
  }
  if (const Node* w = n->get("whenEmpty")) {
    const Node* cond = w->is_map() ? w->get("when") : nullptr;
    const Node* value = w->is_map() ? w->get("value") : nullptr;
    if (!value) {
      c.error(*w, std::string(what) + ".whenEmpty needs `value` (and optionally `when`)");
      return false;
    }
    if (cond) {
      auto cc = condition(c, *cond);
      if (!cc) return false;
      out.when_empty = std::move(*cc);
    } else {
      out.when_empty = Condition{};
    }
    out.empty_value = *value;
  }
  if (!out.path && !out.has_fixed && !out.when_empty && !out.rolling_update) {
    c.error(*n, std::string(what) + ": needs `path` or `fixed`");
    return false;
  }
  return ok;
}

bool replicas(Ctx& c, const Node* n, ReplicasSpec& out) {
  if (!n) {
    return true;
  }
  if (n->is_scalar()) {
    out.path = path_of(c, n, "replicas");
    return out.path.has_value();
  }
  if (!n->is_map()) {
    c.error(*n, "replicas: a values path or a map {path, omitWhen, clamp} or {fixed}");
    return false;
  }
  if (const Node* p = n->get("path")) {
    out.path = path_of(c, p, "replicas");
    if (!out.path) return false;
  }
  if (const Node* f = n->get("fixed")) {
    out.fixed = f->as_int();
    if (!out.fixed) {
      c.error(*f, "replicas.fixed takes an integer");
      return false;
    }
  }
  if (!out.path && !out.fixed) {
    c.error(*n, "replicas needs `path` or `fixed`");
    return false;
  }
  out.templated = n->get("templated") && n->get("templated")->as_bool().value_or(false);
  if (const Node* o = n->get("omitWhen")) {
    if (!o->is_seq()) {
      c.error(*o, "omitWhen takes a list of conditions");
      return false;
    }
    for (const auto& i : o->items()) {
      auto cc = condition(c, i);
      if (!cc) return false;
      out.omit_when.push_back(std::move(*cc));
    }
  }
  if (const Node* cl = n->get("clamp")) {
    out.clamp_max = cl->is_map() && cl->get("max") ? cl->get("max")->as_int() : std::nullopt;
    if (!out.clamp_max) {
      c.error(*cl, "clamp needs an integer `max`");
      return false;
    }
    if (const Node* u = cl->get("unless")) {
      auto cc = condition(c, *u);
      if (!cc) return false;
      out.clamp_unless = std::move(*cc);
    }
  }
  return true;
}

bool opt_condition(Ctx& c, const Node* n, std::optional<Condition>& out) {
  if (!n) return true;
  out = condition(c, *n);
  return out.has_value();
}

bool pdb(Ctx& c, const Node* n, PdbSpec& out) {
  if (!n) return true;
  if (!n->is_map()) {
    c.error(*n, "pdb: a map");
    return false;
  }
  out.present = true;
  bool ok = opt_condition(c, n->get("when"), out.when);
  if (const Node* p = n->get("enable")) ok = (out.enable = path_of(c, p, "pdb.enable")).has_value() && ok;
  if (const Node* p = n->get("minAvailable")) ok = (out.min_available = path_of(c, p, "pdb.minAvailable")).has_value() && ok;
  if (const Node* p = n->get("maxUnavailable"))
    ok = (out.max_unavailable = path_of(c, p, "pdb.maxUnavailable")).has_value() && ok;
  if (const Node* p = n->get("copy")) ok = (out.copy = path_of(c, p, "pdb.copy")).has_value() && ok;
  if (const Node* p = n->get("unhealthyPodEvictionPolicy"))
    ok = (out.unhealthy_policy = path_of(c, p, "pdb.unhealthyPodEvictionPolicy")).has_value() && ok;
  if (const Node* nm = n->get("name")) {
    auto v = value_spec(c, *nm);
    if (v) out.name = std::move(*v);
    else ok = false;
  }
  out.by_presence = scalar(n->get("budgets")) == "present";
  out.only_one = scalar(n->get("onlyOne"));
  if (const Node* w = n->get("whenNeither")) out.when_neither = *w;
  if (const Node* s = n->get("selector")) {
    out.selector = labels(c, *s);
    ok = out.selector.has_value() && ok;
  }
  if (!out.when && out.enable) {
    Condition t;
    t.op = Condition::Op::Truthy;
    t.path = *out.enable;
    out.when = std::move(t);
  }
  if (!out.when && out.copy) {
    Condition t;
    t.op = Condition::Op::Truthy;
    t.path = *out.copy;
    out.when = std::move(t);
  }
  if (!out.when) {
    c.error(*n, "pdb needs `when`, `enable` or `copy` (when does the chart render it?)");
    return false;
  }
  return ok;
}

bool hpa(Ctx& c, const Node* n, HpaSpec& out) {
  if (!n) return true;
  if (!n->is_map()) {
    c.error(*n, "hpa: a map");
    return false;
  }
  out.present = true;
  bool ok = opt_condition(c, n->get("when"), out.when);
  if (const Node* p = n->get("enable")) ok = (out.enable = path_of(c, p, "hpa.enable")).has_value() && ok;
  if (const Node* p = n->get("minReplicas")) ok = (out.min_replicas = path_of(c, p, "hpa.minReplicas")).has_value() && ok;
  if (const Node* p = n->get("maxReplicas")) ok = (out.max_replicas = path_of(c, p, "hpa.maxReplicas")).has_value() && ok;
  out.name = scalar(n->get("name"));
  if (!out.when && out.enable) {
    Condition t;
    t.op = Condition::Op::Truthy;
    t.path = *out.enable;
    out.when = std::move(t);
  }
  if (!out.when || !out.max_replicas) {
    c.error(*n, "hpa needs `when` (or `enable`) and `maxReplicas`");
    return false;
  }
  return ok;
}

bool naming(Ctx& c, const Node* n, Naming& out) {
  if (!n) return true;
  if (!n->is_map()) {
    c.error(*n, "naming: a map {chart, nameOverride, fullnameOverride, namespaceOverride}");
    return false;
  }
  if (const Node* ch = n->get("chart")) out.chart = scalar(ch);
  bool ok = true;
  if (const Node* p = n->get("nameOverride")) {
    auto v = path_of(c, p, "naming.nameOverride");
    ok = v.has_value();
    if (v) out.name_override = *v;
  }
  if (const Node* p = n->get("fullnameOverride")) {
    auto v = path_of(c, p, "naming.fullnameOverride");
    ok = v.has_value() && ok;
    if (v) out.fullname_override = *v;
  }
  if (const Node* p = n->get("namespaceOverride")) ok = (out.namespace_override = path_of(c, p, "naming")).has_value() && ok;
  if (const Node* t = n->get("truncate")) {
    auto v = t->as_int();
    if (!v || *v < 1 || *v > 63) {
      c.error(*t, "naming.truncate: an integer from 1 to 63");
      ok = false;
    } else {
      out.truncate = static_cast<size_t>(*v);
    }
  }
  return ok;
}

bool workload(Ctx& c, const Node& n, WorkloadSpec& w, const Naming& profile_naming) {
  if (!n.is_map()) {
    c.error(n, "a workload is a map");
    return false;
  }
  bool ok = true;
  w.id = scalar(n.get("id"));
  if (w.id.empty()) {
    c.error(n, "a workload needs an `id`");
    ok = false;
  }
  const Node* kind = n.get("kind");
  if (kind && kind->is_map()) {
    ok = (w.kind_path = path_of(c, kind->get("path"), "kind")).has_value() && ok;
    w.kind = scalar(kind->get("default"));
    if (w.kind.empty()) w.kind = "Deployment";
  } else {
    w.kind = scalar(kind);
    if (w.kind != "Deployment" && w.kind != "StatefulSet" && w.kind != "DaemonSet") {
      c.error(kind ? *kind : n, "kind: Deployment, StatefulSet, DaemonSet or {path, default}");
      ok = false;
    }
  }
  ok = opt_condition(c, n.get("when"), w.when) && ok;
  if (const Node* nm = n.get("name")) {
    auto v = value_spec(c, *nm);
    if (v) w.name = std::move(*v);
    else ok = false;
  }
  if (w.name.text.empty()) {
    c.error(n, "a workload needs a `name` (\"${fullname}\", \"${fullname}-webhook\")");
    ok = false;
  }
  if (const Node* nm = n.get("naming")) {
    Naming own = profile_naming;
    ok = naming(c, nm, own) && ok;
    w.naming = std::move(own);
  }
  if (const Node* s = n.get("selector")) {
    auto l = labels(c, *s);
    if (l) w.selector = std::move(*l);
    else ok = false;
  }
  if (w.selector.empty()) {
    c.error(n, "a workload needs its `selector` labels");
    ok = false;
  }
  if (const Node* s = n.get("podLabels")) {
    auto l = labels(c, *s);
    if (l) w.pod_labels = std::move(*l);
    else ok = false;
  }
  if (const Node* s = n.get("podLabelsFrom")) {
    if (!s->is_seq()) {
      c.error(*s, "podLabelsFrom takes a list of values paths");
      ok = false;
    } else {
      for (const auto& i : s->items()) {
        auto p = path_of(c, &i, "podLabelsFrom");
        if (p) w.pod_labels_from.push_back(*p);
        else ok = false;
      }
    }
  }
  ok = replicas(c, n.get("replicas"), w.replicas) && ok;
  if (!n.get("replicas") && w.kind_path) {
    // A kind chosen in the values may be a Deployment: it needs replicas then.
  }
  if (!n.get("replicas") && w.kind != "DaemonSet" && !w.kind_path) {
    c.error(n, "a Deployment or StatefulSet needs `replicas` ({path} or {fixed})");
    ok = false;
  }
  ok = field(c, n.get("strategy"), w.strategy, "strategy") && ok;
  ok = field(c, n.get("affinity"), w.affinity, "affinity") && ok;
  ok = field(c, n.get("topologySpreadConstraints"), w.spread, "topologySpreadConstraints") && ok;
  ok = field(c, n.get("nodeSelector"), w.node_selector, "nodeSelector") && ok;
  ok = field(c, n.get("tolerations"), w.tolerations, "tolerations") && ok;
  ok = field(c, n.get("priorityClassName"), w.priority_class, "priorityClassName") && ok;
  ok = pdb(c, n.get("pdb"), w.pdb) && ok;
  ok = hpa(c, n.get("hpa"), w.hpa) && ok;
  if (const Node* r = n.get("refuses"); r && r->is_seq()) {
    for (const auto& i : r->items()) {
      const Node* wh = i.is_map() ? i.get("when") : nullptr;
      if (!wh) {
        c.error(i, "refuses: each entry needs `when` and `message`");
        ok = false;
        continue;
      }
      auto cc = condition(c, *wh);
      if (!cc) {
        ok = false;
        continue;
      }
      w.refuses.push_back({std::move(*cc), scalar(i.get("message"))});
    }
  }
  w.critical = scalar(n.get("critical"));
  ok = opt_condition(c, n.get("criticalWhen"), w.critical_when) && ok;
  w.singleton = scalar(n.get("singleton"));
  if (!w.critical.empty() && !w.singleton.empty()) {
    c.error(n, "a workload is either `critical` or a `singleton`, not both");
    ok = false;
  }
  return ok;
}

bool variant(Ctx& c, const Node& root, const Node& at, Variant& v) {
  bool ok = true;
  v.naming = Naming{};
  if (const Node* nm = root.get("naming")) ok = naming(c, nm, v.naming) && ok;
  if (v.naming.chart.empty()) {
    const Node* charts = root.get("charts");
    if (charts && charts->is_seq() && !charts->empty()) v.naming.chart = scalar(&charts->at(0));
  }
  v.defaults = root.get("defaults") ? *root.get("defaults") : Node::map();
  if (!v.defaults.is_map()) {
    c.error(*root.get("defaults"), "defaults: a map (the chart's values.yaml, HA-relevant keys)");
    ok = false;
  }
  const Node* ws = root.get("workloads");
  if (ws && !ws->is_seq()) {
    c.error(*ws, "workloads: a list");
    return false;
  }
  if (ws)
    for (const auto& w : ws->items()) {
      WorkloadSpec spec;
      if (workload(c, w, spec, v.naming)) v.workloads.push_back(std::move(spec));
      else ok = false;
    }
  for (size_t i = 0; i < v.workloads.size(); ++i)
    for (size_t j = 0; j < i; ++j)
      if (v.workloads[i].id == v.workloads[j].id) {
        c.error(at, "two workloads with id \"" + v.workloads[i].id + "\"");
        ok = false;
      }
  return ok;
}

std::optional<VersionRange> range(Ctx& c, const Node* n) {
  if (!n) return VersionRange::parse("*");
  std::string why;
  auto r = VersionRange::parse(scalar(n), &why);
  if (!r) c.error(*n, "versions: " + why);
  return r;
}

std::vector<std::string> strings(const Node* n) {
  std::vector<std::string> out;
  if (n && n->is_seq())
    for (const auto& i : n->items())
      if (i.is_scalar()) out.push_back(i.str());
  return out;
}

}  // namespace

std::string normalise_url(std::string_view url) {
  if (size_t s = url.find("://"); s != std::string_view::npos) url.remove_prefix(s + 3);
  while (!url.empty() && url.back() == '/') url.remove_suffix(1);
  return std::string(url);
}

LoadResult load_profile(std::string_view text, const std::string& shown, bool validate) {
  LoadResult out;
  Ctx c{text, shown, out.errors, std::nullopt};
  auto parsed = yaml::parse(text, kNoFile);
  if (parsed.error) {
    out.errors.push_back(c.at(parsed.error->offset) + "YAML syntax error: " + parsed.error->reason);
    return out;
  }
  for (const auto& d : parsed.duplicates) out.errors.push_back(c.at(d.duplicate.begin) + "duplicate key \"" + d.key + "\"");
  const Node* root = nullptr;
  for (const auto& d : parsed.documents)
    if (d.has_content) {
      if (root) {
        c.error(d.root, "a chart profile file holds one YAML document");
        return out;
      }
      root = &d.root;
    }
  if (!root || !root->is_map()) {
    out.errors.push_back(shown + ":1:1: a chart profile is a YAML map (profile: 1, name, charts, workloads, ...)");
    return out;
  }
  if (validate) {
    auto schema = schema::Schema::from_embedded("schemas/chart-profile.schema.json");
    if (auto* e = std::get_if<std::string>(&schema)) {
      out.errors.push_back(shown + ": internal error: " + *e);
      return out;
    }
    for (const auto& v : std::get<schema::Schema>(schema).validate(*root)) {
      std::string msg = (v.path.empty() ? "" : v.path + ": ") + v.message;
      if (!v.suggestion.empty()) msg += " (did you mean \"" + v.suggestion + "\"?)";
      c.error(*v.node, msg);
    }
    if (!out.errors.empty()) return out;
  }
  if (!out.errors.empty()) return out;
  auto p = std::make_shared<Profile>();
  p->source_file = shown;
  p->name = scalar(root->get("name"));
  p->charts = strings(root->get("charts"));
  if (p->name.empty() && !p->charts.empty()) p->name = p->charts.front();
  if (p->charts.empty()) {
    c.error(*root, "a chart profile needs `charts` (the chart names it recognises)");
    return out;
  }
  for (auto s : strings(root->get("sources"))) p->sources.push_back(s == "*" ? s : normalise_url(s));
  if (std::find(p->sources.begin(), p->sources.end(), "*") != p->sources.end()) p->sources.clear();
  p->verified = strings(root->get("verified"));
  auto versions = range(c, root->get("versions"));
  if (!versions) return out;
  p->versions = *versions;
  bool ok = variant(c, *root, *root, p->base);
  p->base.versions = p->versions;
  p->base.label = p->versions.text().empty() ? "*" : p->versions.text();
  if (const Node* os = root->get("overrides"); os && os->is_seq()) {
    for (const auto& o : os->items()) {
      if (!o.is_map() || !o.get("versions")) {
        c.error(o, "an override needs `versions`");
        ok = false;
        continue;
      }
      auto r = range(c, o.get("versions"));
      if (!r) {
        ok = false;
        continue;
      }
      Node merged = *root;
      for (const char* k : {"naming", "defaults", "workloads"})
        if (const Node* part = o.get(k)) {
          const Node* mine = merged.get(k);
          merged.set(k, mine ? overlay(*mine, *part) : *part);
        }
      Variant v;
      if (!variant(c, merged, o, v)) {
        ok = false;
        continue;
      }
      v.versions = *r;
      v.label = r->text();
      p->overrides.push_back(std::move(v));
    }
  }
  if (!ok || !out.errors.empty()) return out;
  // Now that no variant moves any more, the key index can point into them.
  compute_keys(p->base);
  for (auto& o : p->overrides) compute_keys(o);
  out.profile = std::move(p);
  return out;
}

const Variant* Profile::variant_for(const SemVer& v) const {
  if (!versions.contains(v)) return nullptr;
  for (const auto& o : overrides)
    if (o.versions.contains(v)) return &o;
  return &base;
}

namespace {
bool glob(std::string_view pat, std::string_view s) {
  // `*` matches any run of characters ('/' included): "*/cert-manager" matches every mirror.
  size_t p = 0, i = 0, star = std::string_view::npos, mark = 0;
  while (i < s.size()) {
    if (p < pat.size() && pat[p] == '*') star = p++, mark = i;
    else if (p < pat.size() && pat[p] == s[i]) ++p, ++i;
    else if (star != std::string_view::npos) p = star + 1, i = ++mark;
    else return false;
  }
  while (p < pat.size() && pat[p] == '*') ++p;
  return p == pat.size();
}
}  // namespace

bool Profile::recognises(const std::string& chart, const std::string& source_url) const {
  if (std::find(charts.begin(), charts.end(), chart) == charts.end()) return false;
  if (sources.empty()) return true;
  std::string url = normalise_url(source_url);
  for (const auto& s : sources)
    if (glob(s, url)) return true;
  return false;
}

}  // namespace halint::helm::profile
