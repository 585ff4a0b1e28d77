#pragma once
// The HelmRelease stage of the pipeline (between render and the object graph): every
// Flux HelmRelease whose chart halint models becomes the objects its chart would render,
// added to the analysis like rendered objects (same render, so the graph relates them to
// the render's PDBs and HPAs), each node pointing at the values line it came from.
// Releases of charts with no model get one HA005 per chart. After the rules ran, the
// stage turns fixes on modelled objects into edits of the values (fix_adapter.cpp).
#include <memory>
#include <vector>

#include "core/analysis.h"
#include "helm/chart_model.h"
#include "helm/release.h"

namespace halint::helm {

namespace profile {
class ProfileSet;
}

struct StageOptions {
  bool enabled = true;  // false: HelmReleases are counted, not modelled
  // Chart profiles from the config (`charts:`): tried before the shipped models, and a
  // shipped profile of the same name is not used.
  std::shared_ptr<const profile::ProfileSet> user_profiles{};
};

class Stage {
 public:
  Stage();
  ~Stage();
  Stage(Stage&&) noexcept;
  Stage& operator=(Stage&&) noexcept;

  // Models the releases among analysis.objects; appends the modelled objects and the
  // stage's findings (HA005) to the analysis.
  void run(Analysis& analysis, const StageOptions& options);

  // Rewrites the fixes of findings about modelled objects into edits of the values where
  // the chart reads them, verified by modelling the release again; drops those the values
  // cannot express (the finding then says how to fix it by hand).
  void adapt_fixes(std::vector<Finding>& findings, const Analysis& analysis) const;

  size_t total_releases() const { return total_; }
  size_t modelled_releases() const { return modelled_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  size_t total_ = 0, modelled_ = 0;
};

// The chart models halint ships (app-template first).
const std::vector<std::unique_ptr<ChartModel>>& shipped_models();

// Runs `model` on a release with these values and applies the release's post-renderer
// patches: what the stage adds for it, and what the fix adapter compares against.
ModelOutput model_release(const ChartModel& model, const Release& release, const Values& values,
                          const FileTable& files);

}  // namespace halint::helm
