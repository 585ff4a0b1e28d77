// spec.postRenderers[].kustomize.patches on modelled objects: helm-controller runs
// kustomize over the chart's output, so a patch applies like a kustomization `patches`
// entry (strategic merge or JSON 6902, by target or by the patch's own kind and name).
#include "helm/post_render.h"

#include "render/inline_yaml.h"
#include "render/json6902.h"
#include "render/resource.h"
#include "render/strategic_merge.h"
#include "render/resmap.h"

namespace halint::helm {

static void note(const Release& release, ModelOutput& out, std::string message, Origin at) {
  Finding f;
  f.rule = "HA004";
  f.severity = Severity::Error;
  f.message = std::move(message);
  f.location = at;
  f.resource = release.object->ref();
  out.notes.push_back(std::move(f));
}

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
        note(release, out, "post-renderer patch is not valid YAML: " + error, patch->origin());
        continue;
      }
    } else if (patch && (patch->is_map() || patch->is_seq())) {
      docs.push_back(*patch);
    }
    const yaml::Node* target = entry->get("target");
    for (const auto& doc : docs) {
      bool json = doc.is_seq();
      std::vector<render::Resource> rs(out.objects.size());
      for (size_t i = 0; i < out.objects.size(); ++i) rs[i].node = out.objects[i];
      std::vector<size_t> hits;
      if (target && target->is_map()) {
        std::string error;
        hits = render::select(rs, render::parse_selector(*target), error);
        if (!error.empty()) {
          note(release, out, "post-renderer patch target: " + error, target->origin());
          continue;
        }
      } else if (!json) {
        render::Resource p;
        p.node = doc;
        for (size_t i = 0; i < rs.size(); ++i)
          if (rs[i].kind() == p.kind() && rs[i].name() == p.name()) hits.push_back(i);
      }
      for (size_t i : hits) {
        render::Resource& r = rs[i];
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
          note(release, out, "post-renderer patch does not apply to " + r.kind() + " '" + r.name() + "': " + err,
               entry->origin());
          continue;
        }
        out.objects[i] = std::move(r.node);
      }
    }
  }
}

}  // namespace halint::helm
