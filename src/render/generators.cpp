#include "render/generators.h"

#include <map>

#include "render/sha256.h"

namespace halint::render {
namespace {

std::string scalar(const yaml::Node* n) { return n && n->is_scalar() && !n->is_null() ? n->str() : ""; }

bool valid_utf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = s[i];
    int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (len == 0 || i + len > s.size()) return false;
    for (int k = 1; k < len; ++k)
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 2) return false;
    i += len;
  }
  return true;
}

// kustomize strips one pair of matching quotes around a literal's value.
std::string unquote(std::string v) {
  if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front())
    return v.substr(1, v.size() - 2);
  return v;
}

std::string basename(const std::string& p) {
  auto s = p.rfind('/');
  return s == std::string::npos ? p : p.substr(s + 1);
}

}  // namespace

std::string base64(std::string_view data) {
  static const char* tbl = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < data.size(); i += 3) {
    uint32_t v = (uint8_t(data[i]) << 16) | (uint8_t(data[i + 1]) << 8) | uint8_t(data[i + 2]);
    out += tbl[v >> 18];
    out += tbl[(v >> 12) & 63];
    out += tbl[(v >> 6) & 63];
    out += tbl[v & 63];
  }
  if (i < data.size()) {
    uint32_t v = uint8_t(data[i]) << 16;
    if (i + 1 < data.size()) v |= uint8_t(data[i + 1]) << 8;
    out += tbl[v >> 18];
    out += tbl[(v >> 12) & 63];
    out += i + 1 < data.size() ? tbl[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

// kustomize wraps generated base64 at 70 columns, ending every line with a newline when
// there is more than one.
std::string wrapped_base64(std::string_view data) {
  std::string enc = base64(data);
  const size_t line = 70;
  size_t lines = enc.size() / line + 1;
  if (lines <= 1) return enc;
  std::string out;
  for (size_t i = 0; i < enc.size(); i += line) {
    out += enc.substr(i, line);
    out += '\n';
  }
  return out;
}

// Appends s as Go's json.Marshal writes a string (HTML-escaped), runs of plain bytes at
// once: the hash input of a generated ConfigMap can be a whole dashboard.
static void append_go_json(std::string& out, std::string_view s) {
  static const char* hex = "0123456789abcdef";
  out.reserve(out.size() + s.size() + 2);
  out += '"';
  size_t plain = 0;  // start of the bytes not yet copied
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = s[i];
    bool line_sep = c == 0xE2 && i + 2 < s.size() && uint8_t(s[i + 1]) == 0x80 &&
                    (uint8_t(s[i + 2]) == 0xA8 || uint8_t(s[i + 2]) == 0xA9);
    if (c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' && !line_sep) continue;
    out.append(s.data() + plain, i - plain);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (line_sep) {
          out += uint8_t(s[i + 2]) == 0xA8 ? "\\u2028" : "\\u2029";
          i += 2;
        } else {  // <, >, & and the other control characters
          out += "\\u00";
          out += hex[c >> 4];
          out += hex[c & 15];
        }
    }
    plain = i + 1;
  }
  out.append(s.data() + plain, s.size() - plain);
  out += '"';
}

std::string go_json_string(std::string_view s) {
  std::string out;
  append_go_json(out, s);
  return out;
}

std::string name_hash(const yaml::Node& obj) {
  // kustomize's hasher encodes a few fields as JSON (a Go map: keys sorted) and hashes
  // that. A field's value is its JSON (a map's entries sorted, a repeated key keeping its
  // last value), "" when the field is absent; the name is always "" (kustomize reads it
  // from a field that does not exist).
  auto encode_value = [](std::string& out, const yaml::Node& v) {
    switch (v.is_scalar() ? v.scalar_type() : yaml::ScalarType::String) {
      case yaml::ScalarType::Null: out += "null"; return;
      case yaml::ScalarType::Bool: out += v.as_bool().value_or(false) ? "true" : "false"; return;
      case yaml::ScalarType::Int:
      case yaml::ScalarType::Float: out += v.str(); return;
      case yaml::ScalarType::String: append_go_json(out, v.is_scalar() ? v.str() : yaml::to_flow(v)); return;
    }
  };
  auto field = [&](std::string& out, const char* name) {
    const yaml::Node* m = obj.get(name);
    if (!m || m->is_null()) {
      out += "\"\"";
      return;
    }
    if (m->is_scalar()) {
      append_go_json(out, m->str());
      return;
    }
    std::map<std::string_view, const yaml::Node*> sorted;
    if (m->is_map())
      for (size_t i = 0; i < m->size(); ++i) sorted[m->key_at(i).str()] = &m->value_at(i);
    out += '{';
    bool first = true;
    for (const auto& [k, v] : sorted) {
      if (!first) out += ',';
      first = false;
      append_go_json(out, k);
      out += ':';
      encode_value(out, *v);
    }
    out += '}';
  };
  auto is_map = [&](const char* name) {
    const yaml::Node* m = obj.get(name);
    return m && m->is_map();
  };
  std::string kind = scalar(obj.get("kind"));
  std::string json = "{";
  if (kind == "ConfigMap") {
    if (is_map("binaryData")) {
      json += "\"binaryData\":";
      field(json, "binaryData");
      json += ',';
    }
    json += "\"data\":";
    field(json, "data");
    json += ",\"kind\":\"ConfigMap\",\"name\":\"\"}";
  } else {
    json += "\"data\":";
    field(json, "data");
    json += ",\"kind\":\"Secret\",\"name\":\"\"";
    if (is_map("stringData")) {
      json += ",\"stringData\":";
      field(json, "stringData");
    }
    json += ",\"type\":";
    append_go_json(json, scalar(obj.get("type")));
    json += "}";
  }
  std::string h = sha256_hex(json).substr(0, 10);
  for (char& c : h) {
    switch (c) {
      case '0': c = 'g'; break;
      case '1': c = 'h'; break;
      case '3': c = 'k'; break;
      case 'a': c = 'm'; break;
      case 'e': c = 't'; break;
      default: break;
    }
  }
  return h;
}

Generated generate(const GeneratorInput& in, FileAccess& files) {
  Generated g;
  const yaml::Node& e = *in.entry;
  Origin at = e.origin();
  yaml::Node obj = yaml::Node::map(at);
  obj.set("apiVersion", str_node("v1", at));
  obj.set("kind", str_node(in.secret ? "Secret" : "ConfigMap", at));
  yaml::Node& meta = obj.set("metadata", yaml::Node::map(at));
  const yaml::Node* name = e.get("name");
  meta.set("name", name ? *name : str_node("", at));
  if (const yaml::Node* ns = e.get("namespace"); ns && !ns->is_null()) meta.set("namespace", *ns);
  g.behavior = scalar(e.get("behavior"));
  if (g.behavior.empty()) g.behavior = "create";

  std::vector<std::pair<yaml::Node, yaml::Node>> entries;  // key, value (raw text)
  auto add = [&](std::string key, std::string value, Origin o) {
    entries.emplace_back(str_node(std::move(key), o), yaml::Node::scalar(std::move(value), yaml::Style::DoubleQuoted, o));
  };
  auto env_file = [&](const yaml::Node& ref) {
    std::string path = join_path(in.dir, ref.str());
    auto text = files.text(path);
    if (!text) {
      g.issues.push_back({"env file '" + ref.str() + "' not found", ref.origin()});
      return;
    }
    std::string_view t = *text;
    if (t.substr(0, 3) == "\xEF\xBB\xBF") t.remove_prefix(3);
    size_t pos = 0;
    while (pos <= t.size()) {
      size_t nl = t.find('\n', pos);
      std::string_view line = t.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
      pos = nl == std::string_view::npos ? t.size() + 1 : nl + 1;
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
      if (line.empty() || line.front() == '#') continue;
      auto eq = line.find('=');
      if (eq == std::string_view::npos) {
        // KEY alone takes the value from kustomize's environment: unknown here, empty.
        add(std::string(line), "", ref.origin());
      } else {
        add(std::string(line.substr(0, eq)), std::string(line.substr(eq + 1)), ref.origin());
      }
    }
  };
  if (const yaml::Node* envs = e.get("envs"); envs && envs->is_seq())
    for (const auto& r : envs->items()) env_file(r);
  if (const yaml::Node* env = e.get("env"); env && env->is_scalar() && !env->is_null()) env_file(*env);
  if (const yaml::Node* lits = e.get("literals"); lits && lits->is_seq())
    for (const auto& l : lits->items()) {
      const std::string& s = l.str();
      auto eq = s.find('=');
      if (eq == std::string::npos) {
        g.issues.push_back({"literal '" + s + "' is not KEY=VALUE", l.origin()});
        continue;
      }
      add(s.substr(0, eq), unquote(s.substr(eq + 1)), l.origin());
    }
  std::vector<std::pair<yaml::Node, std::string>> binary;
  if (const yaml::Node* fl = e.get("files"); fl && fl->is_seq())
    for (const auto& f : fl->items()) {
      std::string s = f.str();
      std::string key, path;
      auto eq = s.find('=');
      if (eq == std::string::npos) {
        path = s;
        key = basename(s);
      } else {
        key = s.substr(0, eq);
        path = s.substr(eq + 1);
      }
      if (path.find("://") != std::string::npos) {
        g.skipped.push_back({"remote generator file " + path, f.origin()});
        continue;
      }
      auto text = files.text(join_path(in.dir, path));
      if (!text) {
        g.issues.push_back({"file '" + path + "' not found", f.origin()});
        continue;
      }
      if (!in.secret && !valid_utf8(*text)) {
        binary.emplace_back(str_node(key, f.origin()), wrapped_base64(*text));
        continue;
      }
      add(key, *text, f.origin());
    }

  if (!entries.empty()) {
    yaml::Node data = yaml::Node::map(at);
    for (auto& [k, v] : entries) {
      if (in.secret) v.set_str(wrapped_base64(v.str()));
      data.set(std::move(k), std::move(v));
    }
    obj.set("data", std::move(data));
  }
  if (!binary.empty()) {
    yaml::Node data = yaml::Node::map(at);
    for (auto& [k, v] : binary) data.set(std::move(k), yaml::Node::scalar(v, yaml::Style::DoubleQuoted, k.origin()));
    obj.set("binaryData", std::move(data));
  }
  if (in.secret) {
    const yaml::Node* type = e.get("type");
    obj.set("type", type && !type->is_null() ? *type : str_node("Opaque", at));
  }

  // Options: the generator's own, completed by the kustomization's generatorOptions
  // (kustomize's MergeGlobalOptionsIntoLocal: local labels win, either one disabling the
  // hash or making it immutable is enough).
  bool hash = true;
  bool immutable = false;
  for (const yaml::Node* opts : {e.get("options"), in.options}) {
    if (!opts || !opts->is_map()) continue;
    for (const char* field : {"labels", "annotations"})
      if (const yaml::Node* m = opts->get(field); m && m->is_map())
        for (size_t i = 0; i < m->size(); ++i) {
          yaml::Node& meta = *obj.get("metadata");
          const yaml::Node* cur = meta.path({field});
          if (cur && cur->is_map() && cur->get(m->key_at(i).str())) continue;
          yaml::Node v = m->value_at(i);
          v.set_scalar_type(yaml::ScalarType::String);
          ensure_map(meta, field, m->origin()).set(m->key_at(i), std::move(v));
        }
    if (auto d = opts->get("disableNameSuffixHash"); d && d->as_bool().value_or(false)) hash = false;
    if (auto im = opts->get("immutable"); im && im->as_bool().value_or(false)) immutable = true;
  }
  if (immutable) obj.set("immutable", yaml::Node::boolean(true, at));
  g.resource.node = std::move(obj);
  g.resource.needs_hash = hash;
  g.resource.generated = true;
  return g;
}

}  // namespace halint::render
