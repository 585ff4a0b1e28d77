#include "report/fingerprint.h"

#include <cstdio>

namespace halint::report {

std::string normalize_line(std::string_view line) {
  std::string out;
  bool pending_space = false;
  for (char c : line) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += c;
  }
  return out;
}

std::string hex_hash(std::string_view data) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : data) {
    h ^= c;
    h *= 0x100000001b3ull;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

std::string finding_fingerprint(const Finding& f, std::string_view path, std::string_view line_text) {
  // Fields are separated by a byte that cannot occur in any of them, so ("a","bc") and
  // ("ab","c") differ. apiVersion is left out: moving apps/v1beta1 to apps/v1 is the same
  // object to the person triaging the alert.
  std::string basis;
  auto add = [&](std::string_view s) {
    basis += s;
    basis += '\x1f';
  };
  add(f.rule);
  add(path);
  if (f.resource) {
    add(f.resource->kind);
    add(f.resource->name_space);
    add(f.resource->name);
  } else {
    add("");
    add("");
    add("");
  }
  add(normalize_line(line_text));
  return hex_hash(basis);
}

}  // namespace halint::report
