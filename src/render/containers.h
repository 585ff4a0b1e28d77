#pragma once
// Visits the container maps of an object, wherever its kind keeps them (Pod spec, pod
// templates, CronJob job templates, custom resources embedding pod specs).
#include "render/function_ref.h"
#include "yaml/node.h"

namespace halint::render {

// Calls fn on every map in a `containers` or `initContainers` list, at any depth (capped),
// for which `wanted` is true. The object is searched without writing first, and only the
// lists on the way to a wanted container are made the object's own (yaml/node.h): an
// object without one stays shared with the file it came from.
void for_each_container(yaml::Node& n, FunctionRef<bool(const yaml::Node&)> wanted,
                        FunctionRef<void(yaml::Node&)> fn);

}  // namespace halint::render
