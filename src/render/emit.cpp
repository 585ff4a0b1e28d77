#include "render/emit.h"

#include <cstdio>

#include "yaml/quote.h"

namespace halint::render {
namespace {

// YAML 1.1 words PyYAML and older decoders read as booleans: quote them too.
bool yaml11_special(const std::string& s) {
  static const char* words[] = {"y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON",
                                "off", "Off", "OFF", "true", "True", "TRUE", "false", "False", "FALSE", "~",
                                "null", "Null", "NULL", "="};
  for (const char* w : words)
    if (s == w) return true;
  return false;
}

bool plain_ok(const std::string& s) {
  if (s.empty() || yaml11_special(s)) return false;
  if (yaml::resolve_plain(s) != yaml::ScalarType::String) return false;
  // Things YAML 1.1 reads as numbers or dates (1_000, 0x1F, 1:20, 2024-01-01).
  bool numeric_like = s.find_first_of("0123456789") != std::string::npos;
  for (char c : s)
    if (!(isdigit(static_cast<unsigned char>(c)) || c == '_' || c == ':' || c == '.' || c == '-' || c == '+' ||
          c == 'e' || c == 'E' || c == 'x' || c == 'o' || c == 'b'))
      numeric_like = false;
  if (numeric_like) return false;
  // YAML 1.1 timestamps (2022-07-31T09:43:03Z) would come back as dates.
  if (s.size() >= 8 && isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1]) && isdigit((unsigned char)s[2]) &&
      isdigit((unsigned char)s[3]) && s[4] == '-')
    return false;
  static const std::string bad_start = "-?:,[]{}#&*!|>'\"%@` \t";
  if (bad_start.find(s[0]) != std::string::npos) {
    if (!(s[0] == '-' && s.size() > 1 && s[1] != ' ' && s[1] != '-')) return false;
  }
  if (s.back() == ' ' || s.back() == ':' || s.back() == '\t') return false;
  if (s.find(": ") != std::string::npos || s.find(" #") != std::string::npos) return false;
  for (unsigned char c : s)
    if (c < 0x20 || c == 0x7f) return false;
  if (s.find("\xc2\x85") != std::string::npos || s.find("\xe2\x80\xa8") != std::string::npos ||
      s.find("\xe2\x80\xa9") != std::string::npos || s.find("\xef\xbb\xbf") != std::string::npos)
    return false;
  return true;
}


std::string scalar_text(const yaml::Node& n) {
  switch (n.scalar_type()) {
    case yaml::ScalarType::Null: return "null";
    case yaml::ScalarType::Bool: return n.as_bool().value_or(false) ? "true" : "false";
    case yaml::ScalarType::Int:
    case yaml::ScalarType::Float:
      // PyYAML (YAML 1.1) misreads some 1.2 spellings; those go out quoted-free but canonical.
      if (n.str().rfind("0o", 0) == 0) {
        if (auto v = n.as_int()) return std::to_string(*v);
      }
      return n.str();
    case yaml::ScalarType::String: return plain_ok(n.str()) ? n.str() : yaml::double_quoted(n.str());
  }
  return n.str();
}

struct Writer {
  const EmitOptions& opts;
  std::string out;

  void comment(const yaml::Node& n) {
    if (!opts.origin || !opts.files || !n.origin().known() || n.origin().file >= opts.files->size()) return;
    const SourceFile& f = (*opts.files)[n.origin().file];
    LineCol lc = f.locate(n.origin().span.begin);
    out += "  # " + f.path + ":" + std::to_string(lc.line) + ":" + std::to_string(lc.column);
  }

  bool inline_value(const yaml::Node& v) const { return v.is_scalar() || v.empty(); }
  std::string inline_text(const yaml::Node& v) const {
    if (v.is_map()) return "{}";
    if (v.is_seq()) return "[]";
    return scalar_text(v);
  }

  // Writes a map's entries; the first line's indentation is already written when `first_inline`.
  void map(const yaml::Node& m, int indent, bool first_inline, int depth) {
    for (size_t i = 0; i < m.size(); ++i) {
      if (i > 0 || !first_inline) out.append(indent, ' ');
      const yaml::Node& k = m.key_at(i);
      const yaml::Node& v = m.value_at(i);
      out += k.is_scalar() ? (plain_ok(k.str()) ? k.str() : yaml::double_quoted(k.str())) : yaml::double_quoted(yaml::to_flow(k));
      out += ":";
      if (inline_value(v)) {
        out += " " + inline_text(v);
        comment(v);
        out += "\n";
      } else if (v.is_map()) {
        comment(v);
        out += "\n";
        map(v, indent + 2, false, depth + 1);
      } else {
        comment(v);
        out += "\n";
        seq(v, indent, depth + 1);
      }
    }
  }

  void seq(const yaml::Node& s, int indent, int depth) {
    for (const auto& item : s.items()) {
      out.append(indent, ' ');
      out += "-";
      if (inline_value(item)) {
        out += " " + inline_text(item);
        comment(item);
        out += "\n";
      } else if (item.is_map()) {
        out += " ";
        map(item, indent + 2, true, depth + 1);
      } else {
        comment(item);
        out += "\n";
        seq(item, indent + 2, depth + 1);
      }
    }
  }
};

}  // namespace

std::string emit_yaml(const yaml::Node& n, const EmitOptions& opts) {
  Writer w{opts, {}};
  if (n.is_map() && !n.empty()) w.map(n, 0, false, 0);
  else if (n.is_seq() && !n.empty()) w.seq(n, 0, 0);
  else w.out = w.inline_text(n) + "\n";
  return w.out;
}

int legacy_kind_order(const std::string& kind) {
  static const char* first[] = {"Namespace", "ResourceQuota", "StorageClass", "CustomResourceDefinition",
                                "ServiceAccount", "PodSecurityPolicy", "Role", "ClusterRole", "RoleBinding",
                                "ClusterRoleBinding", "ConfigMap", "Secret", "Endpoints", "Service",
                                "LimitRange", "PriorityClass", "PersistentVolume", "PersistentVolumeClaim",
                                "Deployment", "StatefulSet", "CronJob", "PodDisruptionBudget"};
  static const char* last[] = {"MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"};
  int i = 0;
  for (const char* k : first) {
    if (kind == k) return i;
    ++i;
  }
  int j = 1000;
  for (const char* k : last) {
    if (kind == k) return j;
    ++j;
  }
  return 500;
}

}  // namespace halint::render
