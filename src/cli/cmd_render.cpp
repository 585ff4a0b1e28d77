// `halint render PATH [--origin]`: prints rendered objects like `kubectl kustomize`.
// A directory with a kustomization is built exactly as kustomize would build it; any other
// directory is rendered as a repository (every kustomize root and Flux Kustomization).
// A file is read in the context of its repository (SPEC §1), as `check FILE` is: a
// kustomization file builds its directory; any other file prints the objects it defines
// or patches, as each render that includes it delivers them (as written when none does),
// each headed by `# render: NAME`, since one object may come out of several renders.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <optional>

#include "cli/commands.h"
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

// True when any node of `root` was written in `file` (the object comes from it, or a
// patch in it changed the object). Iterative: rendered trees may be deep.
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

// Renders the repository holding `dir` (or the directory itself when it is not in one).
// `only`: print just what this file defines or patches, and its own render issues.
int render_repository(const std::string& dir, const std::string& only, bool origin) {
  Analysis a;
  a.repository_root = fs::repository_root(dir);
  auto walked = fs::walk({only.empty() ? dir : a.repository_root}, {});
  if (!only.empty() && std::find(walked.files.begin(), walked.files.end(), only) == walked.files.end())
    walked.files.push_back(only);  // named explicitly: read even where the walk would not go
  load_files(walked.files, a.files, 0);
  for (FileId i = 0; i < a.files.size(); ++i) a.linted_files.push_back(i);
  render::render_repository(a, render::RenderOptions{});
  std::optional<FileId> file;
  if (!only.empty()) file = a.files.find(only);
  bool errors = false;
  for (const auto& f : a.render_findings) {
    if (file && f.location.file != *file) continue;
    bool err = f.rule == "HA004" || f.rule == "HA006";
    errors = errors || err;
    print_issue(a.files, err ? "error" : "info", f.rule + " " + f.message, f.location);
  }
  std::vector<Printed> objs;
  for (const auto& o : a.objects)
    if (!file || o.file == *file || touches_file(o.root(), *file)) objs.push_back({o.node.get(), o.render});
  if (file && objs.empty()) std::cerr << "halint: " << a.files[*file].path << ": no Kubernetes object comes from this file\n";
  print_objects(objs, a.files, origin, file.has_value());
  return errors ? 1 : 0;
}

}  // namespace

int cmd_render(const std::string& path, bool origin, const rules::Catalog& catalog) {
  namespace stdfs = std::filesystem;
  std::error_code ec;
  bool is_file = stdfs::is_regular_file(path, ec);
  if (!is_file && !stdfs::is_directory(path, ec)) {
    std::cerr << "halint: " << path << ": no such file or directory\n";
    return 2;
  }
  std::string abs = stdfs::weakly_canonical(path, ec).string();
  std::string dir = is_file ? stdfs::path(abs).parent_path().string() : abs;
  // A kustomization file stands for its directory: `kustomize build` of it.
  bool kustomization = render::kustomization_file(dir) == abs;
  if (!render::kustomization_file(dir).empty() && (!is_file || kustomization)) {
    FileTable files;
    render::FileAccess access(files);
    render::KustomizeBuilder builder(access);
    auto out = builder.build(dir);
    for (const auto& s : out.skipped) print_issue(files, "info", "skipped: " + s.message, s.at);
    for (const auto& e : out.errors) print_issue(files, "error", e.message, e.at);
    for (const auto& e : out.reported_elsewhere) print_issue(files, "error", e.message, e.at);
    std::vector<Printed> objs;
    std::string name = is_file ? stdfs::path(path).parent_path().string() : path;
    for (const auto& r : out.resources) objs.push_back({&r.node, "kustomize " + (name.empty() ? "." : name)});
    print_objects(objs, files, origin, false);
    return out.errors.empty() && out.reported_elsewhere.empty() ? 0 : 1;
  }
  return render_repository(dir, is_file ? abs : std::string(), origin);
}

}  // namespace halint::cli
