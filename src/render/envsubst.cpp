#include "render/envsubst.h"

#include <utility>

namespace halint::render {
namespace {

bool name_char(char c, bool first) {
  return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (!first && c >= '0' && c <= '9');
}

}  // namespace

SubstOutcome substitute_text(const std::string& text, const Vars& vars) {
  SubstOutcome out;
  if (text.find('$') == std::string::npos) {
    out.text = text;
    return out;
  }
  std::string& r = out.text;
  for (size_t i = 0; i < text.size();) {
    if (text[i] == '$' && i + 2 < text.size() && text[i + 1] == '$' && text[i + 2] == '{') {
      r += "${";  // $${VAR}: the escape for a literal ${VAR}
      i += 3;
      out.changed = true;
      continue;
    }
    if (text[i] != '$' || i + 1 >= text.size() || text[i + 1] != '{') {
      r += text[i++];
      continue;
    }
    // The matching brace: defaults may hold references themselves (${A:=${B}-data}).
    size_t close = std::string::npos;
    for (size_t j = i + 2, depth = 1; j < text.size(); ++j) {
      if (text[j] == '$' && j + 1 < text.size() && text[j + 1] == '{') {
        ++depth;
        ++j;
      } else if (text[j] == '}' && --depth == 0) {
        close = j;
        break;
      }
    }
    if (close == std::string::npos) {
      r += text.substr(i);
      break;
    }
    std::string expr = text.substr(i + 2, close - i - 2);
    size_t n = 0;
    while (n < expr.size() && name_char(expr[n], n == 0)) ++n;
    if (n == 0) {
      r += text.substr(i, close + 1 - i);
      i = close + 1;
      continue;
    }
    std::string name = expr.substr(0, n), op, def;
    bool has_default = false;
    if (n < expr.size()) {
      if (expr.compare(n, 2, ":=") == 0 || expr.compare(n, 2, ":-") == 0) {
        op = expr.substr(n, 2);
        def = expr.substr(n + 2);
        has_default = true;
      } else if (expr[n] == '=' || expr[n] == '-') {
        op = expr.substr(n, 1);
        def = expr.substr(n + 1);
        has_default = true;
      } else {
        // Other drone/envsubst operators (substrings, case): leave as written.
        r += text.substr(i, close + 1 - i);
        i = close + 1;
        continue;
      }
    }
    auto it = vars.find(name);
    if (it != vars.end()) {
      if (!it->second) {
        r += text.substr(i, close + 1 - i);  // known name, unknown value
      } else if (it->second->empty() && op.size() == 2) {
        r += substitute_text(def, vars).text;
        out.changed = true;
      } else {
        r += *it->second;
        out.changed = true;
      }
    } else if (has_default) {
      SubstOutcome inner = substitute_text(def, vars);
      r += inner.text;
      for (auto& u : inner.undefined) out.undefined.push_back(u);
      out.changed = true;
    } else {
      out.undefined.push_back(name);
      r += text.substr(i, close + 1 - i);
    }
    i = close + 1;
  }
  return out;
}

namespace {

// Whether a subtree may hold a '$'. One still as parsed from a file is answered from
// where that file's bytes hold one (TextFacts), without reading the subtree: rendered
// objects are mostly such subtrees, out of cache by the time they are substituted.
bool may_hold_dollar(const yaml::Node& n, const FileTable* files) {
  if (!files || !n.has_flag(yaml::kVerbatim) || n.origin().file >= files->size()) return true;
  return (*files)[n.origin().file].facts.dollar_in(n.origin().span.begin, n.origin().span.end);
}

// The scalars holding a '$', as child-index paths from `n`, found in one read-only pass
// (writing access would unshare every subtree it goes through: yaml::Node is
// copy-on-write).
void find_dollars(const yaml::Node& n, const FileTable* files, std::vector<uint32_t>& path,
                  std::vector<std::vector<uint32_t>>& out, int depth) {
  if (depth > 200 || !may_hold_dollar(n, files)) return;
  if (n.is_scalar()) {
    if (n.str().find('$') != std::string::npos) out.push_back(path);
    return;
  }
  const auto& kids = n.children();
  for (size_t i = 0; i < kids.size(); ++i) {
    path.push_back(static_cast<uint32_t>(i));
    find_dollars(kids[i], files, path, out, depth + 1);
    path.pop_back();
  }
}

void substitute_scalar(yaml::Node& n, const Vars& vars, bool report, std::vector<BuildIssue>& undefined) {
  SubstOutcome s = substitute_text(n.str(), vars);
  if (report)
    for (const auto& u : s.undefined)
      undefined.push_back({"${" + u + "} is not defined by postBuild.substitute or any substituteFrom source, "
                           "and has no default",
                           n.origin()});
  if (s.changed) {
    bool plain = n.style() == yaml::Style::Plain;
    n.set_str(std::move(s.text));
    // Flux substitutes the YAML text: a plain scalar is read again with the new text.
    if (plain) n.set_scalar_type(yaml::resolve_plain(n.str()));
  }
}

}  // namespace

void substitute_object(yaml::Node& obj, const Vars& vars, bool report, std::vector<BuildIssue>& undefined,
                       const FileTable* files) {
  std::vector<uint32_t> path;
  std::vector<std::vector<uint32_t>> found;
  find_dollars(obj, files, path, found, 0);
  // Then down each path with writing access: only those subtrees become this object's own.
  for (const auto& p : found) {
    yaml::Node* n = &obj;
    for (uint32_t i : p) n = &n->children()[i];
    substitute_scalar(*n, vars, report, undefined);
  }
}

bool substitution_disabled(const yaml::Node& obj) {
  for (const char* f : {"labels", "annotations"})
    if (const yaml::Node* m = obj.path({"metadata", f}))
      if (const yaml::Node* v = m->get("kustomize.toolkit.fluxcd.io/substitute"); v && v->str() == "disabled")
        return true;
  return false;
}

}  // namespace halint::render
