#pragma once
// Visits the container maps of an object, wherever its kind keeps them (Pod spec, pod
// templates, CronJob job templates, custom resources embedding pod specs).
#include <functional>

#include "yaml/node.h"

namespace halint::render {

// Calls fn on every map in a `containers` or `initContainers` list, at any depth (capped).
void for_each_container(yaml::Node& n, const std::function<void(yaml::Node&)>& fn);

}  // namespace halint::render
