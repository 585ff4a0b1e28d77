// spec.postRenderers[].kustomize.patches on modelled objects: helm-controller runs
// kustomize over the chart's output, so a patch applies like a kustomization `patches`
// entry (strategic merge or JSON 6902, by target or by the patch's own kind and name).
#include "helm/post_render.h"

#include "render/inline_yaml.h"
#include "render/json6902.h"
#include "render/resource.h"
#include "render/strategic_merge.h"
#include "render/target.h"

namespace halint::helm {

void post_render(const Release& release, ModelOutput& out, const FileTable& files) {
  for (const yaml::Node* entry : release.post_render_patches) {
    if (!entry->is_map()) continue;
    std::vector<yaml::Node> docs;
    const yaml::Node* patch = entry->get("patch");
    if (patch && patch->is_scalar()) {
      std::string error;
      for (auto& d : render::parse_inline(*patch, files, error))
        if (d.has_content && !d.root.is_null()) docs.push_back(std::move(d.root));
      if (!error.empty()) {
        Finding f;
        f.rule = "HA004";
        f.severity = Severity::Error;
        f.message = "post-renderer patch is not valid YAML: " + error;
        f.location = patch->origin();
        f.resource = release.object->ref();
        out.notes.push_back(std::move(f));
        continue;
      }
    } else if (patch && (patch->is_map() || patch->is_seq())) {
      docs.push_back(*patch);
    }
    const yaml::Node* target = entry->get("target");
    for (const auto& doc : docs) {
      bool json = doc.is_seq();
      for (size_t i = 0; i < out.objects.size(); ++i) {
        render::Resource r;
        r.node = out.objects[i];
        bool hit;
        if (target && target->is_map()) {
          hit = render::target_matches(render::parse_target(*target), r);
        } else {
          if (json) continue;
          render::Resource p;
          p.node = doc;
          hit = r.kind() == p.kind() && r.name() == p.name();
        }
        if (!hit) continue;
        std::string err;
        if (json) {
          err = render::apply_json6902(r.node, doc);
        } else {
          yaml::Node p = doc;
          if (target) {
            p.erase("kind");
            p.erase("apiVersion");
            if (yaml::Node* meta = p.get("metadata"); meta && meta->is_map()) meta->erase("name");
          }
          err = render::strategic_merge(r.node, p, r.kind());
        }
        if (!err.empty()) {
          Finding f;
          f.rule = "HA004";
          f.severity = Severity::Error;
          f.message = "post-renderer patch does not apply to " + r.kind() + " '" + r.name() + "': " + err;
          f.location = entry->origin();
          f.resource = release.object->ref();
          out.notes.push_back(std::move(f));
          continue;
        }
        out.objects[i] = std::move(r.node);
      }
    }
  }
}

}  // namespace halint::helm
