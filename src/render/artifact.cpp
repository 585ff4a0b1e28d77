#include "render/artifact.h"

#include <algorithm>
#include <map>

#include "render/copy_glob.h"

namespace halint::render {
namespace {

std::string scalar(const yaml::Node* n) { return n && n->is_scalar() && !n->is_null() ? n->str() : ""; }

// dest covers path: path is dest or below it.
bool covers(std::string_view dest, std::string_view path) {
  if (dest.empty()) return true;
  return path.size() >= dest.size() && path.compare(0, dest.size(), dest) == 0 &&
         (path.size() == dest.size() || path[dest.size()] == '/');
}

// path strictly below dir.
bool below(std::string_view dir, std::string_view path) {
  if (dir.empty()) return !path.empty();
  return path.size() > dir.size() && path.compare(0, dir.size(), dir) == 0 && path[dir.size()] == '/';
}

std::string_view rest_of(std::string_view dest, std::string_view path) {
  if (dest.empty()) return path;
  return path.size() == dest.size() ? std::string_view() : path.substr(dest.size() + 1);
}

std::string join_rel(std::string_view a, std::string_view b) {
  if (a.empty()) return clean_relative(b);
  if (b.empty()) return clean_relative(a);
  return clean_relative(std::string(a) + "/" + std::string(b));
}

std::string in_repo(const std::string& root, std::string_view rel) {
  return rel.empty() ? root : join_path(root, std::string(rel));
}

std::string relative_to(const std::string& path, const std::string& root) {
  if (path == root) return ".";
  if (root == "/") return path.substr(1);
  return path.substr(root.size() + 1);
}

std::string base_name(std::string_view p) {
  size_t slash = p.rfind('/');
  return std::string(slash == std::string_view::npos ? p : p.substr(slash + 1));
}

// Go's fs.Glob over the repository: every path under `root` that `pattern` matches,
// relative to root, sorted. nullopt: a malformed pattern.
std::optional<std::vector<std::string>> glob(const std::string& root, const std::string& pattern, FileAccess& files) {
  std::vector<std::string> segs;
  for (size_t i = 0; i <= pattern.size();) {
    size_t slash = pattern.find('/', i);
    if (slash == std::string::npos) slash = pattern.size();
    segs.push_back(pattern.substr(i, slash - i));
    i = slash + 1;
  }
  std::vector<std::string> level = {""};
  for (size_t s = 0; s < segs.size(); ++s) {
    const std::string& seg = segs[s];
    std::vector<std::string> next;
    for (const auto& base : level) {
      std::string dir = in_repo(root, base);
      if (!has_glob_chars(seg)) {
        std::string p = base.empty() ? seg : base + "/" + seg;
        if (seg.empty() || seg == ".") p = base;
        if (files.is_dir(in_repo(root, p)) || (s + 1 == segs.size() && files.is_file(in_repo(root, p))))
          next.push_back(p);
        continue;
      }
      if (!files.is_dir(dir)) continue;
      for (const auto& e : files.entries(dir)) {
        auto m = segment_match(seg, e.name);
        if (!m) return std::nullopt;
        if (*m) next.push_back(base.empty() ? e.name : base + "/" + e.name);
      }
    }
    level = std::move(next);
  }
  std::sort(level.begin(), level.end());
  return level;
}

// pathPattern: "{name}" captures one path segment's text (no '/').
bool template_match(std::string_view t, std::string_view s, std::vector<std::pair<std::string, std::string>>& caps) {
  if (t.empty()) return s.empty();
  if (t[0] == '{') {
    size_t close = t.find('}');
    if (close == std::string_view::npos) return false;
    std::string var(t.substr(1, close - 1));
    for (size_t len = s.size(); len >= 1; --len) {
      if (s.substr(0, len).find('/') != std::string_view::npos) continue;
      caps.emplace_back(var, std::string(s.substr(0, len)));
      if (template_match(t.substr(close + 1), s.substr(len), caps)) return true;
      caps.pop_back();
    }
    return false;
  }
  return !s.empty() && s[0] == t[0] && template_match(t.substr(1), s.substr(1), caps);
}

std::string fill(std::string text, const std::vector<std::pair<std::string, std::string>>& caps, bool lower) {
  for (const auto& [var, value] : caps) {
    std::string v = value;
    if (lower) std::transform(v.begin(), v.end(), v.begin(), [](unsigned char c) { return std::tolower(c); });
    std::string key = "{" + var + "}";
    for (size_t at = text.find(key); at != std::string::npos; at = text.find(key, at + v.size()))
      text.replace(at, key.size(), v);
  }
  return text;
}

// One artifact request: the spec.artifacts entry with captures filled in.
struct Request {
  const yaml::Node* entry;
  std::string name;
  std::vector<std::pair<std::string, std::string>> caps;  // raw values, for copy paths
};

class ArtifactBuilder {
 public:
  ArtifactBuilder(const yaml::Node& gen, FileAccess& files, const SourceRootFinder& find_root)
      : gen_(gen), files_(files), find_root_(find_root) {
    if (const yaml::Node* sources = gen.path({"spec", "sources"}); sources && sources->is_seq())
      for (const auto& s : sources->items()) aliases_[scalar(s.get("alias"))] = &s;
  }

  Artifact build(const Request& req) {
    Artifact a;
    a.name = req.name;
    a.name_space = scalar(gen_.path({"metadata", "namespace"}));
    std::string gname = scalar(gen_.path({"metadata", "name"}));
    a.generator = a.name_space.empty() ? gname : a.name_space + "/" + gname;
    a.at = req.entry->origin();
    if (const yaml::Node* copies = req.entry->get("copy"); copies && copies->is_seq())
      for (const auto& c : copies->items()) copy(a, c, req.caps);
    return a;
  }

 private:
  void copy(Artifact& a, const yaml::Node& rule, const std::vector<std::pair<std::string, std::string>>& caps) {
    const yaml::Node* from_node = rule.get("from");
    std::string from = fill(scalar(from_node), caps, false);
    std::string to = fill(scalar(rule.get("to")), caps, false);
    Origin at = from_node ? from_node->origin() : rule.origin();
    auto fail = [&](std::string why) { a.errors.push_back({"copy from '" + from + "' to '" + to + "': " + why, at}); };
    size_t slash = from.find('/');
    if (from.empty() || from[0] != '@' || slash == std::string::npos) return fail("source must be '@alias/pattern'");
    if (!to.starts_with("@artifact/")) return fail("destination must start with '@artifact/'");
    std::string alias = from.substr(1, slash - 1), pattern = from.substr(slash + 1);
    std::string dest = clean_relative(to.substr(10));
    bool dest_slash = to.ends_with("/");
    auto it = aliases_.find(alias);
    if (it == aliases_.end()) return fail("source alias '" + alias + "' not found");
    std::string strategy = scalar(rule.get("strategy"));
    std::vector<std::string> exclude;
    if (const yaml::Node* ex = rule.get("exclude"); ex && ex->is_seq())
      for (const auto& e : ex->items()) exclude.push_back(scalar(&e));
    SourceRoot root = find_root_(*it->second, literal_prefix(pattern));
    if (root.dir.empty()) {
      a.elsewhere.push_back({"copy from '" + from + "': " + root.elsewhere, at});
      return;
    }
    if (strategy == "Extract") {
      a.elsewhere.push_back({"copy from '" + from + "': the contents of archives (strategy Extract)", at});
      return;
    }
    auto mount = [&](std::string d, const std::string& src_rel, bool dir, std::string base) {
      ArtifactMount m;
      m.dest = std::move(d);
      m.src = in_repo(root.dir, src_rel);
      m.dir = dir;
      m.exclude = exclude;
      m.source_root = root.dir;
      m.exclude_base = std::move(base);
      a.mounts.push_back(std::move(m));
    };
    if (!has_glob_chars(pattern)) {
      std::string src = clean_relative(pattern);
      std::string abs = in_repo(root.dir, src);
      if (files_.is_dir(abs)) {
        // cp -r dir dest: the directory lands inside dest under its own name.
        mount(src.empty() ? dest : join_rel(dest, base_name(src)), src, true, src.empty() ? "." : src);
      } else if (files_.is_file(abs)) {
        if (copy_excluded(src, ".", exclude)) return;
        bool into = dest_slash || a.kind(dest, files_) == Artifact::Kind::Directory;
        mount(into ? join_rel(dest, base_name(src)) : dest, src, false, ".");
      } else {
        fail("source '" + src + "' does not exist");
      }
      return;
    }
    // `dir/**` takes every entry of dir to `to`, keeping the layout below: one mount of
    // the whole directory says the same (and lets the directory be built in place).
    if (std::string lit = literal_prefix(pattern);
        pattern.ends_with("/**") && clean_relative(pattern.substr(0, pattern.size() - 3)) == lit &&
        files_.is_dir(in_repo(root.dir, lit)) && !files_.entries(in_repo(root.dir, lit)).empty()) {
      mount(dest, lit, true, lit);
      return;
    }
    auto matches = glob(root.dir, clean_relative(pattern), files_);
    if (!matches) return fail("invalid glob pattern '" + pattern + "'");
    std::string base = literal_prefix(pattern);
    std::vector<std::string> kept;
    for (auto& m : *matches)
      if (!m.empty() && !copy_excluded(m, base, exclude)) kept.push_back(std::move(m));
    if (matches->empty()) return fail("no files match pattern '" + pattern + "'");
    if (kept.empty()) return fail("all files matching pattern '" + pattern + "' were excluded");
    std::string prefix = pattern.ends_with("/**") ? clean_relative(pattern.substr(0, pattern.size() - 3)) : "";
    bool strip = pattern.ends_with("/**");
    for (const auto& m : kept) {
      std::string d = strip && m.size() > prefix.size() && m.compare(0, prefix.size(), prefix) == 0 &&
                              m[prefix.size()] == '/'
                          ? join_rel(dest, m.substr(prefix.size() + 1))
                          : join_rel(dest, m);
      mount(std::move(d), m, files_.is_dir(in_repo(root.dir, m)), base);
    }
  }

  const yaml::Node& gen_;
  FileAccess& files_;
  const SourceRootFinder& find_root_;
  std::map<std::string, const yaml::Node*> aliases_;
};

}  // namespace

bool Artifact::excluded(const ArtifactMount& m, const std::string& repo_path) const {
  if (m.exclude.empty()) return false;
  return copy_excluded(relative_to(repo_path, m.source_root), m.exclude_base, m.exclude);
}

Artifact::Kind Artifact::kind(std::string_view path, FileAccess& files) const {
  Kind k = Kind::Missing;
  for (const auto& m : mounts) {
    if (below(path, m.dest)) return Kind::Directory;  // something is copied under it
    if (!covers(m.dest, path)) continue;
    if (!m.dir) {
      if (m.dest == path) k = Kind::File;
      continue;
    }
    std::string r = in_repo(m.src, rest_of(m.dest, path));
    if (excluded(m, r)) continue;
    if (files.is_dir(r)) return Kind::Directory;
    if (files.is_file(r)) k = Kind::File;
  }
  return k;
}

std::vector<Artifact::Entry> Artifact::list(std::string_view dir, FileAccess& files) const {
  std::map<std::string, Entry> out;
  for (const auto& m : mounts) {
    if (below(dir, m.dest)) {
      std::string_view rest = rest_of(dir, m.dest);
      size_t slash = rest.find('/');
      std::string name(rest.substr(0, slash));
      Entry& e = out[name];
      e.name = name;
      if (slash == std::string_view::npos && !m.dir) {
        e.dir = false;
        e.file = m.src;
      } else {
        e.dir = true;
        e.file.clear();
      }
      continue;
    }
    if (!m.dir || !covers(m.dest, dir)) continue;
    std::string r = in_repo(m.src, rest_of(m.dest, dir));
    if (!files.is_dir(r) || excluded(m, r)) continue;
    for (const auto& de : files.entries(r)) {
      bool is_dir = de.kind == fs::EntryKind::Directory;
      if (!is_dir && de.kind != fs::EntryKind::File) continue;
      std::string p = r + "/" + de.name;
      if (excluded(m, p)) continue;
      Entry& e = out[de.name];
      e.name = de.name;
      if (is_dir) {
        e.dir = true;
        e.file.clear();
      } else {
        e.dir = false;
        e.file = p;
      }
    }
  }
  std::vector<Entry> v;
  v.reserve(out.size());
  for (auto& [name, e] : out) v.push_back(std::move(e));
  return v;
}

std::optional<std::string> Artifact::repository_dir(std::string_view dir, FileAccess& files) const {
  std::optional<std::string> found;
  int contributors = 0;
  bool clean = true;
  for (const auto& m : mounts) {
    if (below(dir, m.dest)) {
      ++contributors;
      continue;
    }
    if (!m.dir || !covers(m.dest, dir)) continue;
    std::string r = in_repo(m.src, rest_of(m.dest, dir));
    if (!files.is_dir(r) || excluded(m, r)) continue;
    ++contributors;
    found = r;
    clean = m.exclude.empty();
  }
  if (contributors != 1 || !found || !clean) return std::nullopt;
  return found;
}

std::string Artifact::describe(const std::string& repo_root) const {
  std::string out;
  for (size_t i = 0; i < mounts.size() && i < 4; ++i) {
    const auto& m = mounts[i];
    std::string src = m.src == repo_root ? "." : relative_to(m.src, repo_root);
    out += (i ? ", " : "") + src + (m.dir ? "/" : "") + " -> " + (m.dest.empty() ? "." : m.dest) + (m.dir ? "/" : "");
  }
  if (mounts.size() > 4) out += ", ...";
  return out.empty() ? "nothing from this repository" : out;
}

bool is_artifact_generator(const yaml::Node& doc) {
  if (!doc.is_map()) return false;
  if (scalar(doc.get("kind")) != "ArtifactGenerator") return false;
  return scalar(doc.get("apiVersion")).starts_with("source.extensions.fluxcd.io/");
}

std::vector<Artifact> generator_artifacts(const yaml::Node& generator, FileAccess& files,
                                          const SourceRootFinder& find_root) {
  std::vector<Artifact> out;
  const yaml::Node* entries = generator.path({"spec", "artifacts"});
  if (!entries || !entries->is_seq()) return out;
  ArtifactBuilder builder(generator, files, find_root);
  std::string pattern = scalar(generator.path({"spec", "pathPattern"}));
  if (pattern.empty()) {
    for (const auto& e : entries->items()) out.push_back(builder.build({&e, scalar(e.get("name")), {}}));
    return out;
  }
  // pathPattern: one set of artifacts per source directory the pattern matches, with
  // `{var}` filled in (lower-cased in names, as written in copy paths).
  size_t slash = pattern.find('/');
  if (pattern[0] != '@' || slash == std::string::npos) return out;
  std::string alias = pattern.substr(1, slash - 1);
  std::string tmpl = clean_relative(pattern.substr(slash + 1));
  const yaml::Node* source = nullptr;
  if (const yaml::Node* sources = generator.path({"spec", "sources"}); sources && sources->is_seq())
    for (const auto& s : sources->items())
      if (scalar(s.get("alias")) == alias) source = &s;
  if (!source) return out;
  // The pattern's literal directories, up to the first capture.
  std::string literal = literal_prefix(tmpl);
  if (size_t brace = literal.find('{'); brace != std::string::npos) {
    size_t slash = literal.rfind('/', brace);
    literal = slash == std::string::npos ? "." : literal.substr(0, slash);
  }
  SourceRoot root = find_root(*source, literal);
  if (root.dir.empty()) return out;
  size_t depth = std::count(tmpl.begin(), tmpl.end(), '/') + 1;
  // Directories exactly `depth` levels down, walked in order.
  std::vector<std::string> level = {""};
  for (size_t d = 0; d < depth; ++d) {
    std::vector<std::string> next;
    for (const auto& base : level)
      for (const auto& e : files.entries(in_repo(root.dir, base)))
        if (e.kind == fs::EntryKind::Directory) next.push_back(base.empty() ? e.name : base + "/" + e.name);
    level = std::move(next);
  }
  std::sort(level.begin(), level.end());
  for (const auto& rel : level) {
    std::vector<std::pair<std::string, std::string>> caps;
    if (!template_match(tmpl, rel, caps)) continue;
    for (const auto& e : entries->items())
      out.push_back(builder.build({&e, fill(scalar(e.get("name")), caps, true), caps}));
  }
  return out;
}

}  // namespace halint::render
