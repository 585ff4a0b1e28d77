#include "fix/emit.h"

#include <cstdio>

#include "yaml/quote.h"

namespace halint::fix {

namespace {

bool is_yaml11_special(std::string_view s) {
  // The Kubernetes decoder (go-yaml) and older tools read YAML 1.1: these are booleans there.
  static const char* words[] = {"y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
                                "on", "On", "ON", "off", "Off", "OFF", "=", "<<"};
  for (const char* w : words)
    if (s == w) return true;
  return false;
}

bool looks_numeric(std::string_view s) {
  // Sexagesimals (1:20), dates (2024-01-01), 1_000 and friends in YAML 1.1.
  char c = s[0];
  if (!((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.')) return false;
  for (char ch : s)
    if (!((ch >= '0' && ch <= '9') || ch == '_' || ch == ':' || ch == '.' || ch == '-' || ch == '+' || ch == 'e' ||
          ch == 'E' || ch == 'T' || ch == 't' || ch == 'Z' || ch == 'z' || ch == ' ' || ch == 'x' || ch == 'o' ||
          (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F')))
      return false;
  return true;
}


std::string single_quoted(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += "''";
    else out += c;
  }
  return out + "'";
}

}  // namespace

bool yaml11_not_a_string(std::string_view s) { return !s.empty() && (is_yaml11_special(s) || looks_numeric(s)); }

bool needs_quotes(std::string_view s, bool flow) {
  if (s.empty()) return true;
  if (yaml::resolve_plain(s) != yaml::ScalarType::String) return true;
  if (is_yaml11_special(s) || looks_numeric(s)) return true;
  static const std::string_view indicators = "-?:,[]{}#&*!|>'\"%@`";
  if (indicators.find(s[0]) != std::string_view::npos) return true;
  if (s.front() == ' ' || s.back() == ' ' || s.back() == ':') return true;
  if (s.find(": ") != std::string_view::npos || s.find(" #") != std::string_view::npos) return true;
  for (unsigned char c : s)
    if (c < 0x20 || c == 0x7F) return true;
  if (flow && s.find_first_of(",[]{}") != std::string_view::npos) return true;
  return false;
}

std::string Emitter::scalar(const yaml::Node& n, bool flow) const {
  const std::string& s = n.str();
  if (n.scalar_type() != yaml::ScalarType::String) {
    if (n.is_null()) return s.empty() ? "null" : s;
    return s;
  }
  bool multiline = s.find('\n') != std::string::npos;
  if (n.style() == yaml::Style::SingleQuoted && !multiline) return single_quoted(s);
  if (n.style() == yaml::Style::DoubleQuoted) return yaml::double_quoted(s);
  if (needs_quotes(s, flow)) return yaml::double_quoted(s);
  return s;
}

std::string Emitter::flow(const yaml::Node& n) const {
  if (n.is_scalar()) return scalar(n, true);
  std::string out = n.is_map() ? "{" : "[";
  for (size_t i = 0; i < n.size(); ++i) {
    if (i) out += ", ";
    if (n.is_map()) out += flow(n.key_at(i)) + ": " + flow(n.value_at(i));
    else out += flow(n.at(i));
  }
  return out + (n.is_map() ? "}" : "]");
}

std::string Emitter::after_key(const yaml::Node& v, int col) const {
  if (v.is_scalar()) return " " + scalar(v);
  if (v.empty() || v.style() == yaml::Style::Flow) return " " + flow(v);
  if (v.is_map()) return nl(col + st_.step) + block_map_body(v, col + st_.step);
  int dash = st_.compact_seq ? col : col + st_.seq_indent;
  std::string out;
  for (const auto& item : v.items()) out += nl(dash) + "-" + after_dash(item, dash);
  return out;
}

std::string Emitter::after_dash(const yaml::Node& v, int col) const {
  if (v.is_scalar()) return " " + scalar(v);
  if (v.empty() || v.style() == yaml::Style::Flow) return " " + flow(v);
  if (v.is_map()) return " " + block_map_body(v, col + 2);
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) out += (i ? nl(col + 2) : std::string(" ")) + "-" + after_dash(v.at(i), col + 2);
  return out;
}

std::string Emitter::entry(const yaml::Node& key, const yaml::Node& value, int col) const {
  return scalar(key) + ":" + after_key(value, col);
}

std::string Emitter::block_map_body(const yaml::Node& map, int col) const {
  std::string out;
  for (size_t i = 0; i < map.size(); ++i) {
    if (i) out += nl(col);
    out += entry(map.key_at(i), map.value_at(i), col);
  }
  return out;
}

std::string Emitter::document(const yaml::Node& root) const {
  if (root.is_map() && !root.empty() && root.style() != yaml::Style::Flow) return block_map_body(root, 0) + st_.eol;
  if (root.is_seq() && !root.empty() && root.style() != yaml::Style::Flow) {
    std::string out;
    for (size_t i = 0; i < root.size(); ++i) out += (i ? st_.eol : "") + std::string("-") + after_dash(root.at(i), 0);
    return out + st_.eol;
  }
  return (root.is_scalar() ? scalar(root) : flow(root)) + st_.eol;
}

}  // namespace halint::fix
