#include "render/render.h"

namespace halint::render {

void render_repository(Analysis& analysis, const RenderOptions& options) {
  // Until kustomize and Flux rendering lands, every object is evaluated as written.
  for (FileId id : analysis.linted_files) {
    auto objs = model::objects_in_file(analysis.files[id], id);
    for (auto& o : objs) analysis.objects.push_back(std::move(o));
  }
}

}  // namespace halint::render
