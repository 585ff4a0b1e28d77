// `halint render PATH [--origin]`: prints rendered objects like `kubectl kustomize`.
// A directory with a kustomization is built exactly as kustomize would build it; any other
// directory is rendered as a repository (every kustomize root and Flux Kustomization).
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <memory>
#include <utility>

#include "cli/commands.h"
#include "core/loader.h"
#include "fs/walk.h"
#include "helm/stage.h"
#include "render/emit.h"
#include "render/file_access.h"
#include "render/kustomization.h"
#include "render/render.h"

namespace halint::cli {

namespace {

void print_issue(const FileTable& files, const char* sev, const std::string& msg, Origin at) {
  if (at.known() && at.file < files.size()) {
    const SourceFile& f = files[at.file];
    LineCol lc = f.locate(at.span.begin);
    std::cerr << f.path << ":" << lc.line << ":" << lc.column << ": ";
  }
  std::cerr << sev << ": " << msg << "\n";
}

struct Printed {
  const yaml::Node* node;
  std::string render;  // the render, and for a modelled object the HelmRelease and chart
};

std::string label(const model::Object& o) {
  std::string r = o.render;
  if (o.helm) r += (r.empty() ? "" : "; ") + o.helm->via;
  return r;
}

void print_objects(std::vector<Printed> objs, const FileTable& files, bool origin) {
  std::stable_sort(objs.begin(), objs.end(), [](const Printed& pa, const Printed& pb) {
    const yaml::Node* a = pa.node;
    const yaml::Node* b = pb.node;
    auto kind = [](const yaml::Node* n) {
      const yaml::Node* k = n->get("kind");
      return k ? k->str() : std::string();
    };
    return render::legacy_kind_order(kind(a)) < render::legacy_kind_order(kind(b));
  });
  render::EmitOptions eo{origin, &files};
  std::string out;
  bool first = true;
  for (const auto& p : objs) {
    if (!first) out += "---\n";
    first = false;
    if (origin) out += "# render: " + (p.render.empty() ? std::string("(as written)") : p.render) + "\n";
    out += render::emit_yaml(*p.node, eo);
  }
  std::cout << out;
}

}  // namespace

int cmd_render(const std::string& path, bool origin, bool helm, const rules::Catalog& catalog) {
  namespace stdfs = std::filesystem;
  std::error_code ec;
  if (!stdfs::is_directory(path, ec)) {
    std::cerr << "halint: " << path << ": not a directory\n";
    return 2;
  }
  std::string dir = stdfs::weakly_canonical(path, ec).string();
  Analysis a;
  a.repository_root = fs::repository_root(dir);
  bool errors = false;
  // Objects kustomize prints that halint cannot analyse (a kind without an apiVersion)
  // are still printed, in their place.
  std::vector<std::shared_ptr<yaml::Node>> unanalysed;
  std::vector<std::pair<size_t, const yaml::Node*>> unanalysed_at;  // index into a.objects
  if (!render::kustomization_file(dir).empty()) {
    // A kustomization directory is built exactly as kustomize would build it.
    render::FileAccess access(a.files);
    render::KustomizeBuilder builder(access);
    auto out = builder.build(dir);
    for (const auto& s : out.skipped) print_issue(a.files, "info", "skipped: " + s.message, s.at);
    for (const auto& e : out.errors) print_issue(a.files, "error", e.message, e.at);
    for (const auto& e : out.reported_elsewhere) print_issue(a.files, "error", e.message, e.at);
    errors = !out.errors.empty() || !out.reported_elsewhere.empty();
    for (auto& r : out.resources) {
      Origin o = r.node.origin();
      auto node = std::make_shared<yaml::Node>(std::move(r.node));
      if (auto obj = model::make_object(node, o.file, 0, "kustomize " + path)) {
        a.objects.push_back(std::move(*obj));
      } else {
        unanalysed_at.emplace_back(a.objects.size(), node.get());
        unanalysed.push_back(std::move(node));
      }
    }
  } else {
    // A repository: every render, plus the objects no render includes.
    auto walked = fs::walk({dir}, {});
    load_files(walked.files, a.files, 0);
    for (FileId i = 0; i < a.files.size(); ++i) a.linted_files.push_back(i);
    render::render_repository(a, render::RenderOptions{});
    for (const auto& f : a.render_findings) {
      bool err = f.rule == "HA004" || f.rule == "HA006";
      errors = errors || err;
      print_issue(a.files, err ? "error" : "info", f.rule + " " + f.message, f.location);
    }
  }
  // HelmReleases: the objects their charts render, as halint models them.
  helm::Stage stage;
  stage.run(a, helm::StageOptions{helm});
  for (const auto& f : a.model_findings) {
    bool err = f.rule == "HA004";
    errors = errors || err;
    print_issue(a.files, err ? "error" : "info", f.rule + " " + f.message, f.location);
  }
  std::vector<Printed> objs;
  size_t next = 0;
  for (size_t i = 0; i <= a.objects.size(); ++i) {
    for (; next < unanalysed_at.size() && unanalysed_at[next].first == i; ++next)
      objs.push_back({unanalysed_at[next].second, "kustomize " + path});
    if (i < a.objects.size()) objs.push_back({a.objects[i].node.get(), label(a.objects[i])});
  }
  print_objects(objs, a.files, origin);
  return errors ? 1 : 0;
}

}  // namespace halint::cli
