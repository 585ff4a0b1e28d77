#include "helm/stage.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "helm/app_template/model.h"
#include "helm/post_render.h"
#include "helm/profile/set.h"
#include "helm/stage_impl.h"
#include "helm/values_typos.h"

namespace halint::helm {

const std::vector<std::unique_ptr<ChartModel>>& shipped_models() {
  static const std::vector<std::unique_ptr<ChartModel>> models = [] {
    std::vector<std::unique_ptr<ChartModel>> m;
    m.push_back(std::make_unique<app_template::AppTemplateModel>());
    return m;
  }();
  return models;
}

ModelOutput model_release(const ChartModel& model, const Release& release, const Values& values,
                          const FileTable& files) {
  ModelOutput out = model.model(release, values);
  if (out.owners.size() < out.objects.size()) out.owners.resize(out.objects.size());
  if (!release.post_render_patches.empty()) post_render(release, out, files);
  return out;
}

Stage::Stage() : impl_(std::make_unique<Impl>()) {}
Stage::~Stage() = default;
Stage::Stage(Stage&&) noexcept = default;
Stage& Stage::operator=(Stage&&) noexcept = default;

namespace {

// One HelmRelease definition (a document written once), however many renders include it.
std::pair<FileId, uint32_t> definition(const model::Object& o) {
  Origin at = o.root().origin();
  return {at.file, at.span.begin};
}

std::string release_label(const Release& r) { return r.name_space + "/" + r.name; }

// The model for a chart: the user's profiles first, then halint's own models, then the
// shipped profiles (loaded on first use) that no user profile replaces.
const ChartModel* find_model(const ChartId& chart, const profile::ProfileSet* user) {
  if (user)
    for (const auto& m : user->models())
      if (m->matches(chart)) return m.get();
  for (const auto& m : shipped_models())
    if (m->matches(chart)) return m.get();
  for (const auto& m : profile::shipped_profiles().models())
    if (m->matches(chart) && !(user && user->has(std::string(m->name())))) return m.get();
  return nullptr;
}

}  // namespace

void Stage::run(Analysis& a, const StageOptions& options) {
  Impl& s = *impl_;
  s.user_profiles = options.user_profiles;
  ReleaseContext ctx(a);
  std::vector<size_t> hr_index;
  for (size_t i = 0; i < a.objects.size(); ++i)
    if (is_helm_release(a.objects[i])) hr_index.push_back(i);
  std::set<std::pair<FileId, uint32_t>> all, modelled;
  for (size_t i : hr_index) all.insert(definition(a.objects[i]));
  total_ = all.size();
  if (!options.enabled || hr_index.empty()) return;

  // Charts with no model: one HA005 per chart, naming its releases.
  struct Unmodelled {
    std::vector<std::string> releases;
    std::set<std::string> via;
    Origin at;
  };
  std::map<std::string, Unmodelled> unmodelled;

  for (size_t i : hr_index) {
    Release r = read_release(a.objects[i], ctx);
    const ChartModel* model = r.chart.resolved ? find_model(r.chart, s.user_profiles.get()) : nullptr;
    if (!model) {
      std::string key = r.chart.resolved ? "chart \"" + r.chart.name + "\"" : r.chart.problem;
      Unmodelled& u = unmodelled[key];
      std::string label = release_label(r);
      if (std::find(u.releases.begin(), u.releases.end(), label) == u.releases.end()) u.releases.push_back(label);
      if (!r.object->render.empty()) u.via.insert(r.object->render);
      if (!u.at.known()) u.at = r.chart.at.known() ? r.chart.at : r.object->root().origin();
      continue;
    }
    read_release_values(r, ctx);
    ModelOutput out = model_release(*model, r, r.values, a.files);
    for (auto& f : r.problems) a.model_findings.push_back(std::move(f));
    for (auto& f : out.notes) a.model_findings.push_back(f);
    if (!out.modelled) continue;  // the model declined (its note says why)
    modelled.insert(definition(a.objects[i]));
    r.via = "helm " + release_label(r) + " (" + r.chart.name + " " + out.version + ")";
    for (auto& f : values_typos(r, model->values_keys(r, r.values))) a.model_findings.push_back(std::move(f));
    Impl::ReleaseEntry e;
    e.release = std::move(r);
    e.model = model;
    e.output = std::move(out);
    e.hr_index = i;
    s.releases.push_back(std::move(e));
  }
  for (auto& [key, u] : unmodelled) {
    Finding f;
    f.rule = "HA005";
    f.severity = Severity::Info;
    std::string list;
    for (size_t i = 0; i < u.releases.size() && i < 8; ++i) list += (i ? ", " : "") + u.releases[i];
    if (u.releases.size() > 8) list += ", and " + std::to_string(u.releases.size() - 8) + " more";
    bool resolved = key.rfind("chart \"", 0) == 0;
    f.message = resolved ? "not analysed: " + key + " has no model in halint (HelmRelease" +
                               (u.releases.size() == 1 ? " " : "s ") + list + ")"
                         : "not analysed: HelmRelease " + list + ": " + key;
    f.location = u.at;
    f.via.assign(u.via.begin(), u.via.end());
    a.model_findings.push_back(std::move(f));
  }
  modelled_ = modelled.size();

  // The modelled objects join the analysis in the render of their HelmRelease.
  size_t extra = 0;
  for (const auto& e : s.releases) extra += e.output.objects.size();
  a.objects.reserve(a.objects.size() + extra);
  for (size_t ri = 0; ri < s.releases.size(); ++ri) {
    auto& e = s.releases[ri];
    const model::Object& hr = a.objects[e.hr_index];
    auto source = std::make_shared<model::HelmSource>();
    source->release = e.hr_index;
    source->via = e.release.via;
    for (size_t oi = 0; oi < e.output.objects.size(); ++oi) {
      e.output.objects[oi].compact();  // built by appending; kept to the end of the run
      auto node = std::make_shared<yaml::Node>(e.output.objects[oi]);
      auto obj = model::make_object(node, hr.file, hr.document, hr.render);
      if (!obj) continue;
      obj->helm = source;
      if (oi < e.output.roles.size()) {
        obj->critical = e.output.roles[oi].critical;
        obj->singleton = e.output.roles[oi].singleton;
      }
      a.objects.push_back(std::move(*obj));
      s.objects.push_back({ri, oi, a.objects.size() - 1});
    }
  }
  // The releases point at their HelmRelease object again (the vector may have moved).
  for (auto& e : s.releases) e.release.object = &a.objects[e.hr_index];
}

}  // namespace halint::helm
