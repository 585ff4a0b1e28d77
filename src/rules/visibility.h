#pragma once
// Whether halint sees every pod-producing object of a namespace in one render: not when
// a HelmRelease halint does not model (its chart's objects are invisible), a custom resource an operator may turn
// into pods, or a skipped part of the render (remote resources, helmCharts) is there.
#include <set>
#include <string>

#include "core/analysis.h"
#include "model/object.h"

namespace halint::rules {

class Visibility {
 public:
  explicit Visibility(const Analysis& a);
  // True when every object that could create pods in `ns` of `render` is visible.
  bool complete(const std::string& render, const std::string& ns) const;
  // True when a HelmRelease halint does not model may create objects in `ns` (any render).
  bool helm_release_in(const std::string& ns) const;

 private:
  std::set<std::string> helm_namespaces_;
  std::set<std::pair<std::string, std::string>> opaque_;  // (render, namespace) with custom resources
  std::set<std::string> skipped_renders_;
};

}  // namespace halint::rules
