// The profile engine's entry points: which variant a release gets, Helm's coalesce of
// the values over the chart's defaults, names as Helm's standard helpers compute them,
// and the conditions profiles test.
#include "helm/profile/model.h"

#include "helm/profile/build.h"

namespace halint::helm::profile {
namespace {

void stamp(yaml::Node& n, Origin at, int depth = 0) {
  n.set_origin(at);
  n.set_flag(yaml::kSynthesized);
  if (depth > 100) return;
  for (auto& c : n.children()) stamp(c, at, depth + 1);
}

std::string trunc63(std::string s, size_t n = 63) {
  if (s.size() > n) s.resize(n);
  while (!s.empty() && s.back() == '-') s.pop_back();
  return s;
}

std::string scalar_text(const yaml::Node* n) { return n && n->is_scalar() && !n->is_null() ? n->str() : ""; }

}  // namespace

yaml::Node coalesce(const yaml::Node& user, const yaml::Node& defaults, Origin at) {
  if (!user.is_map() || !defaults.is_map()) {
    if (user.is_null() && !user.origin().known()) {
      yaml::Node d = defaults;
      stamp(d, at);
      return d;
    }
    return user;
  }
  yaml::Node out = user;
  for (size_t i = 0; i < defaults.size(); ++i) {
    const yaml::Node& k = defaults.key_at(i);
    if (!k.is_scalar()) continue;
    yaml::Node* mine = out.get(k.str());
    if (!mine) {
      yaml::Node key = k, value = defaults.value_at(i);
      stamp(key, at);
      stamp(value, at);
      out.set(std::move(key), std::move(value));
    } else if (mine->is_null()) {
      out.erase(k.str());  // a null in the release's values removes the chart's default
    } else if (mine->is_map() && defaults.value_at(i).is_map()) {
      *mine = coalesce(*mine, defaults.value_at(i), at);
    }
  }
  return out;
}

const yaml::Node* Build::get(const ValuesPath& p) const {
  const yaml::Node* cur = &values;
  for (const auto& k : p) {
    if (!cur->is_map()) return nullptr;
    cur = cur->get(k);
    if (!cur) return nullptr;
  }
  return cur;
}

bool Build::holds(const Condition& c) const {
  switch (c.op) {
    case Condition::Op::Always: return true;
    case Condition::Op::Never: return false;
    case Condition::Op::Truthy: return truthy(get(c.path));
    case Condition::Op::Equals: {
      const yaml::Node* v = get(c.path);
      if (c.value.is_null()) return !v || v->is_null();
      if (!v || !v->is_scalar() || v->is_null()) return false;
      return v->str() == c.value.str();
    }
    case Condition::Op::Gt: {
      const yaml::Node* v = get(c.path);
      auto n = v ? v->as_int(true) : std::nullopt;
      return n && *n > c.number;
    }
    case Condition::Op::All:
      for (const auto& s : c.sub)
        if (!holds(s)) return false;
      return true;
    case Condition::Op::Any:
      for (const auto& s : c.sub)
        if (holds(s)) return true;
      return false;
    case Condition::Op::Not: return !c.sub.empty() && !holds(c.sub.front());
  }
  return false;
}

Names Build::names(const WorkloadSpec& w) const {
  const Naming& nm = w.naming ? *w.naming : variant.naming;
  Names n;
  n.release = release.release_name;
  n.chart = nm.chart;
  n.name = scalar_text(get(nm.name_override));
  if (n.name.empty()) n.name = nm.chart;
  n.name = trunc63(n.name);
  n.fullname = scalar_text(get(nm.fullname_override));
  if (n.fullname.empty())
    n.fullname = n.release.find(n.name) != std::string::npos ? n.release : n.release + "-" + n.name;
  n.fullname = trunc63(n.fullname, nm.truncate);
  n.namespace_ = nm.namespace_override ? scalar_text(get(*nm.namespace_override)) : "";
  if (n.namespace_.empty()) n.namespace_ = release.target_namespace;
  return n;
}

void Build::note(std::string message, Origin at) const {
  Finding f;
  f.rule = "HA005";
  f.severity = Severity::Info;
  f.message = std::move(message);
  f.location = at.known() ? at : release.chart.at.known() ? release.chart.at : base;
  f.resource = release.object->ref();
  if (!release.object->render.empty()) f.via.push_back(release.object->render);
  out.notes.push_back(std::move(f));
}

std::string expand(const std::string& text, const Names& n) {
  if (text.find("${") == std::string::npos) return text;
  std::string out;
  for (size_t i = 0; i < text.size();) {
    if (text.compare(i, 2, "${") == 0) {
      size_t end = text.find('}', i);
      if (end != std::string::npos) {
        std::string var = text.substr(i + 2, end - i - 2);
        const std::string* v = var == "release"     ? &n.release
                               : var == "namespace" ? &n.namespace_
                               : var == "name"      ? &n.name
                               : var == "fullname"  ? &n.fullname
                               : var == "chart"     ? &n.chart
                                                    : nullptr;
        if (v) {
          out += *v;
          i = end + 1;
          continue;
        }
      }
    }
    out += text[i++];
  }
  return out;
}

const Variant* ProfileModel::variant(const Release& release, bool* assumed) const {
  if (assumed) *assumed = false;
  if (auto v = parse_exact(release.chart.version)) return p_->variant_for(*v);
  if (assumed) *assumed = true;
  return &p_->base;
}

ModelOutput ProfileModel::model(const Release& release, const Values& values) const {
  ModelOutput out;
  bool assumed = false;
  const Variant* v = variant(release, &assumed);
  Origin base = values.root().origin().known() ? values.root().origin()
                : release.values_anchor.known() ? release.values_anchor
                                                : release.object->root().origin();
  out.version = release.chart.version.empty() ? "unpinned" : release.chart.version;
  if (!v) {
    Build b{release, values, p_->base, {}, base, out};
    b.note("not analysed: chart \"" + release.chart.name + "\" " + release.chart.version +
           " is older than what halint's profile \"" + p_->name + "\" covers (" + p_->base.label + ") (HelmRelease " +
           release.name_space + "/" + release.name + ")");
    out.modelled = false;
    return out;
  }
  Build b{release, values, *v, coalesce(values.root(), v->defaults, base), base, out};
  if (assumed)
    b.note("chart \"" + release.chart.name + "\" version " +
           (release.chart.version.empty() ? std::string("not pinned") : "\"" + release.chart.version + "\" is a range") +
           ": modelled with halint's profile for " + v->label);
  for (const auto& w : v->workloads) build_workload(b, w);
  return out;
}

}  // namespace halint::helm::profile
