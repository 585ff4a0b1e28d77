#pragma once
// What the HelmRelease stage keeps between modelling and fixing (stage.cpp, fix_adapter.cpp).
#include <vector>

#include "helm/profile/set.h"
#include "helm/stage.h"

namespace halint::helm {

struct Stage::Impl {
  struct ReleaseEntry {
    Release release;
    const ChartModel* model = nullptr;
    ModelOutput output;
    size_t hr_index = 0;  // the HelmRelease in Analysis::objects
  };
  struct ObjectEntry {
    size_t release;   // into releases
    size_t object;    // into that release's output
    size_t analysis;  // into Analysis::objects
  };
  std::vector<ReleaseEntry> releases;
  std::shared_ptr<const profile::ProfileSet> user_profiles;  // keeps the user's models alive
  std::vector<ObjectEntry> objects;
};

}  // namespace halint::helm
