#pragma once
// bjw-s app-template as a chart model: controllers (or the single `controller:` of 0.x and
// 1.x) become Deployments, StatefulSets, DaemonSets, CronJobs and Jobs, with the PDBs,
// HPAs and raw resources the values ask for. Facts: ../shared/notes/app-template.md.
#include "helm/chart_model.h"

namespace halint::helm::app_template {

class AppTemplateModel : public ChartModel {
 public:
  std::string_view name() const override { return "app-template"; }
  bool matches(const ChartId& chart) const override;
  ModelOutput model(const Release& release, const Values& values) const override;
  std::optional<std::vector<ValuesEdit>> translate(const Release& release, const Values& values,
                                                   const ModelOutput& output, size_t object,
                                                   const std::vector<ObjectEdit>& edits,
                                                   yaml::Node& intended) const override;
  ValuesKeys values_keys(const Release& release, const Values& values) const override;  // keys.cpp
};

}  // namespace halint::helm::app_template
