#include "helm/release.h"

#include <algorithm>
#include <string_view>
#include <unordered_set>

#include "core/base64.h"
#include "fs/walk.h"
#include "render/generators.h"
#include "render/inline_yaml.h"
#include "render/sha256.h"
#include "yaml/parser.h"

namespace halint::helm {
namespace {

std::string scalar(const yaml::Node* n) { return n && n->is_scalar() && !n->is_null() ? n->str() : ""; }

using fs::parent_dir;

// The last segment of a URL or path, without a trailing slash ("oci://x/y/app-template").
std::string last_segment(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  size_t slash = url.rfind('/');
  return slash == std::string::npos ? url : url.substr(slash + 1);
}

Finding problem(const Release& r, std::string message, Origin at) {
  Finding f;
  f.rule = "HA005";
  f.severity = Severity::Info;
  f.message = std::move(message);
  f.location = at.known() ? at : r.object->root().origin();
  f.resource = r.object->ref();
  if (!r.object->render.empty()) f.via.push_back(r.object->render);
  return f;
}

// The tree of a values document held in a ConfigMap/Secret string. When the string came
// from a configMapGenerator `files:` entry, the file itself (already parsed, with its own
// origins) is used, so findings point into values.yaml; an inline block string is parsed
// with origins at its lines; anything else gets the string's origin.
std::optional<yaml::Node> values_document(const yaml::Node& text, const FileTable& files, std::string& error) {
  Origin o = text.origin();
  if (o.known() && o.file < files.size()) {
    const SourceFile& f = files[o.file];
    std::string_view written(f.text.data() + std::min<size_t>(o.span.begin, f.text.size()),
                             std::min<size_t>(o.span.end, f.text.size()) - std::min<size_t>(o.span.begin, f.text.size()));
    // A generator entry: "values.yaml" or "key=path" in a kustomization.
    std::string entry(written);
    if (!entry.empty() && (entry.front() == '"' || entry.front() == '\'')) entry = entry.substr(1, entry.size() - 2);
    if (size_t eq = entry.find('='); eq != std::string::npos) entry = entry.substr(eq + 1);
    if (!entry.empty() && entry.find('\n') == std::string::npos && entry.find(':') == std::string::npos) {
      std::string p = entry;
      if (p.rfind("./", 0) == 0) p = p.substr(2);
      std::string abs = parent_dir(f.abs_path) + "/" + p;
      if (auto id = files.find(abs)) {
        const SourceFile& vf = files[*id];
        if (vf.text == text.str()) {
          if (vf.syntax_error) {
            error = vf.syntax_error->reason;
            return std::nullopt;
          }
          if (vf.documents.empty()) return yaml::Node::map(Origin{*id, {0, 0}});
          return vf.documents.front().root;
        }
      }
    }
  }
  std::string err;
  auto docs = render::parse_inline(text, files, err);
  if (!err.empty()) {
    error = err;
    return std::nullopt;
  }
  if (docs.empty()) return yaml::Node::map(o);
  return std::move(docs.front().root);
}

void read_chart(Release& r, const yaml::Node& spec, const ReleaseContext& ctx) {
  const std::string& render = r.object->render;
  ChartId& c = r.chart;
  if (const yaml::Node* ref = spec.get("chartRef"); ref && ref->is_map()) {
    std::string kind = scalar(ref->get("kind"));
    std::string name = scalar(ref->get("name"));
    std::string ns = scalar(ref->get("namespace"));
    if (ns.empty()) ns = r.name_space;
    c.source_kind = kind;
    c.at = ref->origin();
    const model::Object* src = ctx.find(kind, name, ns, render, r.object->file);
    if (!src) {
      c.name = name;
      c.problem = kind + " " + ns + "/" + name + " (spec.chartRef) is not in the repository";
      return;
    }
    const yaml::Node& s = src->root();
    if (kind == "OCIRepository") {
      c.source_url = scalar(s.path({"spec", "url"}));
      c.name = last_segment(c.source_url);
      const yaml::Node* tag = s.path({"spec", "ref", "tag"});
      const yaml::Node* semver = s.path({"spec", "ref", "semver"});
      c.version = scalar(tag ? tag : semver);
      if (tag || semver) c.at = (tag ? tag : semver)->origin();
      c.resolved = !c.name.empty();
      if (!c.resolved) c.problem = "OCIRepository " + ns + "/" + name + " has no spec.url";
      return;
    }
    if (kind == "HelmChart") {
      c.name = last_segment(scalar(s.path({"spec", "chart"})));
      c.version = scalar(s.path({"spec", "version"}));
      if (const yaml::Node* sr = s.path({"spec", "sourceRef"}); sr && sr->is_map()) {
        c.source_kind = scalar(sr->get("kind"));
        if (const model::Object* repo = ctx.find(c.source_kind, scalar(sr->get("name")), src->effective_namespace(), render, src->file))
          c.source_url = scalar(repo->root().path({"spec", "url"}));
      }
      c.resolved = !c.name.empty();
      if (!c.resolved) c.problem = "HelmChart " + ns + "/" + name + " has no spec.chart";
      return;
    }
    c.problem = "spec.chartRef kind \"" + kind + "\" is not a chart source halint knows";
    return;
  }
  const yaml::Node* cs = spec.path({"chart", "spec"});
  if (!cs || !cs->is_map()) {
    c.problem = "no spec.chart.spec and no spec.chartRef";
    c.at = spec.origin();
    return;
  }
  const yaml::Node* chart = cs->get("chart");
  c.at = chart ? chart->origin() : cs->origin();
  c.name = last_segment(scalar(chart));
  c.version = scalar(cs->get("version"));
  if (const yaml::Node* sr = cs->get("sourceRef"); sr && sr->is_map()) {
    c.source_kind = scalar(sr->get("kind"));
    std::string ns = scalar(sr->get("namespace"));
    if (ns.empty()) ns = r.name_space;
    if (const model::Object* repo = ctx.find(c.source_kind, scalar(sr->get("name")), ns, render, r.object->file))
      c.source_url = scalar(repo->root().path({"spec", "url"}));
  }
  c.resolved = !c.name.empty();
  if (!c.resolved) c.problem = "spec.chart.spec.chart is empty";
}

void read_values_of(Release& r, const yaml::Node& spec, const ReleaseContext& ctx) {
  const FileTable& files = ctx.analysis().files;
  if (const yaml::Node* from = spec.get("valuesFrom"); from && from->is_seq()) {
    for (const auto& ref : from->items()) {
      if (!ref.is_map()) continue;
      std::string kind = scalar(ref.get("kind"));
      std::string name = scalar(ref.get("name"));
      std::string key = scalar(ref.get("valuesKey"));
      if (key.empty()) key = "values.yaml";
      std::string target = scalar(ref.get("targetPath"));
      bool optional = ref.get("optional") && ref.get("optional")->as_bool().value_or(false);
      ValuesPath prefix = target.empty() ? ValuesPath{} : parse_target_path(target);
      std::string what = kind + " " + r.name_space + "/" + name;
      auto unknown = [&](const std::string& why) {
        r.values.add_unknown(prefix);
        r.values.unknown_sources().push_back(what);
        r.problems.push_back(problem(r, "values from " + what + (target.empty() ? "" : " (targetPath " + target + ")") +
                                            " " + why + ": what they set is unknown to halint",
                                     ref.origin()));
      };
      if (kind != "ConfigMap" && kind != "Secret") {
        unknown("are of an unknown kind");
        continue;
      }
      const model::Object* src = ctx.find(kind, name, r.name_space, r.object->render, r.object->file);
      if (!src) {
        // A source made outside the repository (an ExternalSecret, the cluster). Optional
        // sources that do not exist are skipped by helm-controller; either way unknown.
        if (!optional) unknown("are not in the repository");
        else unknown("(optional) are not in the repository");
        continue;
      }
      const yaml::Node& s = src->root();
      if (s.get("sops")) {
        unknown("are SOPS-encrypted");
        continue;
      }
      const yaml::Node* text = nullptr;
      std::string decoded;
      if (const yaml::Node* sd = s.path({"stringData"}); sd && sd->is_map()) text = sd->get(key);
      if (!text)
        if (const yaml::Node* d = s.path({"data"}); d && d->is_map()) {
          text = d->get(key);
          if (text && kind == "Secret") decoded = base64_decode(text->str());
        }
      if (!text || !text->is_scalar()) {
        if (!optional) unknown("have no key \"" + key + "\"");
        continue;
      }
      if (!target.empty()) {
        // The value is set at the path as Helm's --set would parse it.
        const std::string& v = kind == "Secret" && !decoded.empty() ? decoded : text->str();
        yaml::Node value = yaml::Node::scalar(v, yaml::Style::Plain, text->origin());
        value.set_scalar_type(yaml::resolve_plain(v));
        set_at_path(r.values.root(), prefix, std::move(value));
        continue;
      }
      std::optional<yaml::Node> doc;
      std::string error;
      if (kind == "Secret" && !decoded.empty()) {
        auto parsed = yaml::parse(decoded, kNoFile);
        if (parsed.error) error = parsed.error->reason;
        else if (!parsed.documents.empty()) {
          doc = std::move(parsed.documents.front().root);
          doc->set_origin_deep(text->origin());
        } else {
          doc = yaml::Node::map(text->origin());
        }
      } else {
        doc = values_document(*text, files, error);
      }
      if (!doc) {
        unknown("do not parse (" + error + ")");
        continue;
      }
      if (!doc->is_map()) {
        if (doc->is_null()) continue;  // an empty document: no values
        unknown("are not a map of values");
        continue;
      }
      merge_values(r.values.root(), *doc);
    }
  }
  if (const yaml::Node* v = spec.get("values")) {
    r.values_anchor = v->origin();
    if (v->is_map()) merge_values(r.values.root(), *v);
    else if (!v->is_null())
      r.problems.push_back(problem(r, "spec.values is not a map: the chart would refuse it", v->origin()));
  } else {
    r.values_anchor = spec.origin();
  }
}

}  // namespace

ReleaseContext::ReleaseContext(const Analysis& a) : a_(a) {
  static const std::unordered_set<std::string_view> kKinds = {
      "OCIRepository", "HelmRepository", "HelmChart", "GitRepository", "Bucket", "ConfigMap", "Secret", "ExternalArtifact"};
  for (const auto& o : a.objects)
    if (kKinds.count(o.kind)) by_kind_name_.push_back(&o);
  std::sort(by_kind_name_.begin(), by_kind_name_.end(), [](const model::Object* x, const model::Object* y) {
    return std::tie(x->kind, x->name) < std::tie(y->kind, y->name);
  });
}

// The number of leading path components two absolute paths share.
static size_t shared_dirs(std::string_view a, std::string_view b) {
  size_t n = 0, i = 0;
  while (i < a.size() && i < b.size() && a[i] == b[i]) {
    if (a[i] == '/') ++n;
    ++i;
  }
  return n;
}

const model::Object* ReleaseContext::find(const std::string& kind, const std::string& name, const std::string& ns,
                                          const std::string& render, FileId near) const {
  auto lo = std::lower_bound(by_kind_name_.begin(), by_kind_name_.end(), std::make_pair(&kind, &name),
                             [](const model::Object* o, const std::pair<const std::string*, const std::string*>& k) {
                               return std::tie(o->kind, o->name) < std::tie(*k.first, *k.second);
                             });
  std::string_view here = near < a_.files.size() ? std::string_view(a_.files[near].abs_path) : std::string_view();
  const model::Object* best = nullptr;
  int64_t best_score = -1;
  for (auto it = lo; it != by_kind_name_.end() && (*it)->kind == kind && (*it)->name == name; ++it) {
    const model::Object* o = *it;
    // The same namespace first (an object written without one is placed by a
    // kustomization or Flux, so it may be), then the same render, then the nearest file:
    // a repository often holds several sources of one name (one per cluster).
    bool same_ns = o->effective_namespace() == ns;
    int64_t rank = (same_ns ? 4 : o->name_space.empty() ? 1 : 0) + (o->render == render ? 2 : 0);
    size_t shared = o->file < a_.files.size() && !here.empty() ? shared_dirs(here, a_.files[o->file].abs_path) : 0;
    int64_t score = rank * 100000 + static_cast<int64_t>(std::min<size_t>(shared, 99999));
    if (rank == 0) score = -1;
    if (score > best_score) {
      best = o;
      best_score = score;
    }
  }
  if (best && best_score >= 0) return best;
  // A generated ConfigMap/Secret whose name got kustomize's hash suffix, when the
  // reference was not rewritten: `<name>-<10 characters>`.
  if (kind == "ConfigMap" || kind == "Secret") {
    std::string prefix = name + "-";
    auto it = std::lower_bound(by_kind_name_.begin(), by_kind_name_.end(), std::make_pair(&kind, &prefix),
                               [](const model::Object* o, const std::pair<const std::string*, const std::string*>& k) {
                                 return std::tie(o->kind, o->name) < std::tie(*k.first, *k.second);
                               });
    for (; it != by_kind_name_.end() && (*it)->kind == kind && (*it)->name.rfind(prefix, 0) == 0; ++it)
      if ((*it)->name.size() == prefix.size() + 10 && (*it)->effective_namespace() == ns &&
          (*it)->render == render)
        return *it;
  }
  return nullptr;
}

bool is_helm_release(const model::Object& o) {
  return o.kind == "HelmRelease" && o.api_version.rfind("helm.toolkit.fluxcd.io/", 0) == 0;
}

std::string release_name(const std::string& release_name, const std::string& target_ns, const std::string& name) {
  std::string n = !release_name.empty() ? release_name : !target_ns.empty() ? target_ns + "-" + name : name;
  if (n.size() <= 53) return n;
  return n.substr(0, 40) + "-" + render::sha256_hex(n).substr(0, 12);
}

Release read_release(const model::Object& hr, const ReleaseContext& ctx) {
  Release r;
  r.object = &hr;
  r.name = hr.name;
  r.name_space = hr.effective_namespace();
  const yaml::Node& root = hr.root();
  const yaml::Node* spec = root.get("spec");
  static const yaml::Node kEmpty = yaml::Node::map();
  if (!spec || !spec->is_map()) spec = &kEmpty;
  std::string target_ns = scalar(spec->get("targetNamespace"));
  r.target_namespace = target_ns.empty() ? r.name_space : target_ns;
  r.release_name = release_name(scalar(spec->get("releaseName")), target_ns, hr.name);
  read_chart(r, *spec, ctx);
  if (const yaml::Node* prs = spec->get("postRenderers"); prs && prs->is_seq())
    for (const auto& pr : prs->items())
      if (const yaml::Node* patches = pr.path({"kustomize", "patches"}); patches && patches->is_seq())
        for (const auto& p : patches->items()) r.post_render_patches.push_back(&p);
  return r;
}

void read_release_values(Release& r, const ReleaseContext& ctx) {
  const yaml::Node* spec = r.object->root().get("spec");
  if (!spec || !spec->is_map()) return;
  read_values_of(r, *spec, ctx);
}

}  // namespace halint::helm
