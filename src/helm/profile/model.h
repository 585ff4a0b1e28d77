#pragma once
// A chart profile as a chart model: the workloads (and the PDBs and HPAs the chart would
// make) for a release's values, with provenance. One ProfileModel per profile.
#include <memory>

#include "helm/chart_model.h"
#include "helm/profile/profile.h"

namespace halint::helm::profile {

class ProfileModel : public ChartModel {
 public:
  explicit ProfileModel(std::shared_ptr<const Profile> p) : p_(std::move(p)) {}
  const Profile& profile() const { return *p_; }

  std::string_view name() const override { return p_->name; }
  bool matches(const ChartId& chart) const override { return p_->recognises(chart.name, chart.source_url); }
  ModelOutput model(const Release& release, const Values& values) const override;
  std::optional<std::vector<ValuesEdit>> translate(const Release& release, const Values& values,
                                                   const ModelOutput& output, size_t object,
                                                   const std::vector<ObjectEdit>& edits,
                                                   yaml::Node& intended) const override;
  ValuesKeys values_keys(const Release& release, const Values& values) const override;

  // The variant a release is modelled with (nullptr: its pinned version is not covered);
  // `assumed` is set when the version is not pinned and the newest variant is used.
  const Variant* variant(const Release& release, bool* assumed = nullptr) const;

 private:
  std::shared_ptr<const Profile> p_;
};

}  // namespace halint::helm::profile
