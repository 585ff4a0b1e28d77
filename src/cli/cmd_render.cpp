// `halint render PATH [--origin]`: prints rendered objects like `kubectl kustomize`.
// A directory with a kustomization is built exactly as kustomize would build it; any other
// directory is rendered as a repository (every kustomize root and Flux Kustomization).
#include <algorithm>
#include <filesystem>
#include <iostream>

#include "cli/commands.h"
#include "config/load.h"
#include "core/loader.h"
#include "fs/walk.h"
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
  std::string render;
};

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

int cmd_render(const std::string& path, bool origin, const rules::Catalog& catalog) {
  namespace stdfs = std::filesystem;
  std::error_code ec;
  if (!stdfs::is_directory(path, ec)) {
    std::cerr << "halint: " << path << ": not a directory\n";
    return 2;
  }
  std::string dir = stdfs::weakly_canonical(path, ec).string();
  if (!render::kustomization_file(dir).empty()) {
    FileTable files;
    render::FileAccess access(files);
    render::KustomizeBuilder builder(access);
    auto out = builder.build(dir);
    for (const auto& s : out.skipped) print_issue(files, "info", "skipped: " + s.message, s.at);
    for (const auto& e : out.errors) print_issue(files, "error", e.message, e.at);
    for (const auto& e : out.reported_elsewhere) print_issue(files, "error", e.message, e.at);
    std::vector<Printed> objs;
    for (const auto& r : out.resources) objs.push_back({&r.node, "kustomize " + path});
    print_objects(objs, files, origin);
    return out.errors.empty() && out.reported_elsewhere.empty() ? 0 : 1;
  }
  // A repository: every render, plus the objects no render includes.
  Analysis a;
  a.repository_root = fs::repository_root(dir);
  auto walked = fs::walk({dir}, {});
  load_files(walked.files, a.files, 0);
  for (FileId i = 0; i < a.files.size(); ++i) a.linted_files.push_back(i);
  // The config says where pushed Flux sources come from (flux.sourceRoots).
  auto cfg = config::load_config("", dir, catalog);
  if (auto* e = std::get_if<config::ConfigError>(&cfg)) {
    std::cerr << e->message << "\n";
    return 2;
  }
  const auto& roots = std::get<config::Config>(cfg).flux_source_roots;
  render::render_repository(a, render::RenderOptions{true, nullptr, &roots});
  bool errors = false;
  for (const auto& f : a.render_findings) {
    bool err = f.rule == "HA004" || f.rule == "HA006";
    errors = errors || err;
    print_issue(a.files, err ? "error" : "info", f.rule + " " + f.message, f.location);
  }
  std::vector<Printed> objs;
  for (const auto& o : a.objects) objs.push_back({o.node.get(), o.render});
  print_objects(objs, a.files, origin);
  return errors ? 1 : 0;
}

}  // namespace halint::cli
