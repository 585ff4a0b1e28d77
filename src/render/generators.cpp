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

void merge_string_map(yaml::Node& meta, const char* key, const yaml::Node* from) {
  if (!from || !from->is_map() || from->empty()) return;
  yaml::Node& m = ensure_map(meta, key, from->origin());
  for (size_t i = 0; i < from->size(); ++i) {
    yaml::Node v = from->value_at(i);
    v.set_scalar_type(yaml::ScalarType::String);
    m.set(from->key_at(i), std::move(v));
  }
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
  // Views into the object (json.Marshal of a Go map: keys sorted; a repeated key keeps
  // its last value, as the decoder does).
  auto str_map = [](const yaml::Node* m) {
    std::map<std::string_view, std::string_view> out;
    if (m && m->is_map())
      for (size_t i = 0; i < m->size(); ++i) out[m->key_at(i).str()] = m->value_at(i).str();
    return out;
  };
  auto encode_map = [](const std::map<std::string_view, std::string_view>& m) {
    std::string s = "{";
    bool first = true;
    for (const auto& [k, v] : m) {
      if (!first) s += ',';
      first = false;
      append_go_json(s, k);
      s += ':';
      append_go_json(s, v);
    }
    return s + "}";
  };
  std::string kind = scalar(obj.get("kind"));
  // kustomize hashes with an empty name (its encoder reads the name from a field the
  // object does not have): only kind, type and data count.
  // json.Marshal of a Go map: keys in sorted order.
  std::string json = "{";
  if (kind == "ConfigMap") {
    if (const yaml::Node* b = obj.get("binaryData"); b && b->is_map() && !b->empty())
      json += "\"binaryData\":" + encode_map(str_map(b)) + ",";
    json += "\"data\":" + encode_map(str_map(obj.get("data"))) + ",";
    if (auto im = obj.get("immutable"); im && im->as_bool().value_or(false)) json += "\"immutable\":true,";
    json += "\"kind\":\"ConfigMap\",\"name\":\"\"}";
  } else {
    json += "\"data\":" + encode_map(str_map(obj.get("data"))) + ",";
    if (auto im = obj.get("immutable"); im && im->as_bool().value_or(false)) json += "\"immutable\":true,";
    json += "\"kind\":\"Secret\",\"name\":\"\",\"type\":" +
            go_json_string(scalar(obj.get("type"))) + "}";
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

  // Options: the generator's own override the kustomization's generatorOptions.
  bool hash = true;
  bool immutable = false;
  for (const yaml::Node* opts : {in.options, e.get("options")}) {
    if (!opts || !opts->is_map()) continue;
    merge_string_map(*obj.get("metadata"), "labels", opts->get("labels"));
    merge_string_map(*obj.get("metadata"), "annotations", opts->get("annotations"));
    if (auto d = opts->get("disableNameSuffixHash")) hash = !d->as_bool().value_or(false);
    if (auto im = opts->get("immutable")) immutable = im->as_bool().value_or(false);
  }
  if (immutable) obj.set("immutable", yaml::Node::boolean(true, at));
  g.resource.node = std::move(obj);
  g.resource.orig_name = g.resource.name();
  g.resource.orig_namespace = g.resource.name_space();
  g.resource.needs_hash = hash;
  g.resource.generated = true;
  return g;
}

}  // namespace halint::render
