// `halint render PATH [--origin]`: prints rendered objects like `kubectl kustomize`.
// A directory with a kustomization is built exactly as kustomize would build it; any other
// directory is rendered as a repository (every kustomize root and Flux Kustomization).
// A file is read in the context of its repository (SPEC §1), as `check FILE` is: a
// kustomization file builds its directory; any other file prints the objects it defines
// or patches (or, for a HelmRelease, the objects its values make), as each render that
// includes it delivers them (as written when none does), each headed by `# render:
// NAME`, since one object may come out of several renders.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <utility>
#include <variant>

#include "cli/commands.h"
#include "config/load.h"
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

// `headers`: name the render above each object even without --origin.
void print_objects(std::vector<Printed> objs, const FileTable& files, bool origin, bool headers) {
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
    if (origin || headers) out += "# render: " + (p.render.empty() ? std::string("(as written)") : p.render) + "\n";
    out += render::emit_yaml(*p.node, eo);
  }
  std::cout << out;
}

// True when any node of `root` was written in `file` (the object comes from it, a patch
// in it changed the object, or its values made it). Iterative: trees may be deep.
bool touches_file(const yaml::Node& root, FileId file) {
  std::vector<const yaml::Node*> todo{&root};
  while (!todo.empty()) {
    const yaml::Node* n = todo.back();
    todo.pop_back();
    if (n->origin().file == file) return true;
    for (const auto& c : n->children()) todo.push_back(&c);
  }
  return false;
}

}  // namespace

int cmd_render(const std::string& path, bool origin, bool helm, const rules::Catalog& catalog) {
  namespace stdfs = std::filesystem;
  std::error_code ec;
  bool is_file = stdfs::is_regular_file(path, ec);
  if (!is_file && !stdfs::is_directory(path, ec)) {
    std::cerr << "halint: " << path << ": no such file or directory\n";
    return 2;
  }
  std::string abs = stdfs::weakly_canonical(path, ec).string();
  std::string dir = is_file ? stdfs::path(abs).parent_path().string() : abs;
  // A kustomization file stands for its directory: `kustomize build` of it. Any other
  // file: the repository is rendered and only what comes from that file is shown.
  bool kustomization = !render::kustomization_file(dir).empty();
  std::string only = is_file && render::kustomization_file(dir) != abs ? abs : std::string();
  Analysis a;
  a.repository_root = fs::repository_root(dir);
  std::optional<FileId> file;
  // Documents of a kustomize build that are not objects halint evaluates (no apiVersion).
  std::vector<std::pair<std::shared_ptr<yaml::Node>, std::string>> unmodelled;
  // The config says where pushed Flux sources come from (flux.sourceRoots).
  auto cfg = config::load_config("", dir, catalog);
  if (auto* e = std::get_if<config::ConfigError>(&cfg)) {
    std::cerr << e->message << "\n";
    return 2;
  }
  const auto& roots = std::get<config::Config>(cfg).flux_source_roots;
  bool errors = false;
  auto issue = [&](const Finding& f, bool err) {
    if (file && f.location.file != *file) return;  // only the named file's own issues
    errors = errors || err;
    print_issue(a.files, err ? "error" : "info", f.rule + " " + f.message, f.location);
  };
  if (kustomization && only.empty()) {
    // A kustomization directory is built exactly as kustomize would build it.
    std::string name = is_file ? stdfs::path(path).parent_path().string() : path;
    render::FileAccess access(a.files);
    render::KustomizeBuilder builder(access);
    auto out = builder.build(dir);
    for (const auto& s : out.skipped) print_issue(a.files, "info", "skipped: " + s.message, s.at);
    for (const auto& e : out.errors) print_issue(a.files, "error", e.message, e.at);
    for (const auto& e : out.reported_elsewhere) print_issue(a.files, "error", e.message, e.at);
    errors = !out.errors.empty() || !out.reported_elsewhere.empty();
    std::string render = "kustomize " + (name.empty() ? std::string(".") : name);
    for (auto& r : out.resources) {
      Origin o = r.node.origin();
      auto node = std::make_shared<yaml::Node>(std::move(r.node));
      if (auto obj = model::make_object(node, o.file, 0, render)) a.objects.push_back(std::move(*obj));
      else unmodelled.push_back({node, render});  // no apiVersion: kustomize prints it all the same
    }
  } else {
    // A repository: every render, plus the objects no render includes. For a file, the
    // repository that holds it.
    auto walked = fs::walk({only.empty() ? dir : a.repository_root}, {});
    if (!only.empty() && std::find(walked.files.begin(), walked.files.end(), only) == walked.files.end())
      walked.files.push_back(only);  // named explicitly: read even where the walk would not go
    load_files(walked.files, a.files, 0);
    for (FileId i = 0; i < a.files.size(); ++i) a.linted_files.push_back(i);
    if (!only.empty()) file = a.files.find(only);
    render::render_repository(a, render::RenderOptions{true, nullptr, &roots});
    for (const auto& f : a.render_findings) issue(f, f.rule == "HA004" || f.rule == "HA006");
  }
  // HelmReleases: the objects their charts render, as halint models them.
  helm::Stage stage;
  stage.run(a, helm::StageOptions{helm, std::get<config::Config>(cfg).chart_profiles});
  for (const auto& f : a.model_findings) issue(f, f.rule == "HA004");
  std::vector<Printed> objs;
  for (const auto& o : a.objects)
    if (!file || o.file == *file || touches_file(o.root(), *file)) objs.push_back({o.node.get(), label(o)});
  for (const auto& [node, render] : unmodelled) objs.push_back({node.get(), render});
  if (file && objs.empty())
    std::cerr << "halint: " << a.files[*file].path << ": no Kubernetes object comes from this file\n";
  print_objects(objs, a.files, origin, file.has_value());
  return errors ? 1 : 0;
}

}  // namespace halint::cli
