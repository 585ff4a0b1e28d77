#include "helm/profile/semver.h"

#include <cctype>

namespace halint::helm::profile {

std::string SemVer::text() const {
  return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
}

namespace {

bool read_int(std::string_view& s, int& out) {
  size_t i = 0;
  long v = 0;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])) && i < 9) v = v * 10 + (s[i++] - '0');
  if (i == 0) return false;
  out = static_cast<int>(v);
  s.remove_prefix(i);
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

}  // namespace

std::optional<SemVer> parse_exact(std::string_view s) {
  s = trim(s);
  if (!s.empty() && (s.front() == 'v' || s.front() == 'V')) s.remove_prefix(1);
  SemVer v;
  if (!read_int(s, v.major) || s.empty() || s.front() != '.') return std::nullopt;
  s.remove_prefix(1);
  if (!read_int(s, v.minor) || s.empty() || s.front() != '.') return std::nullopt;
  s.remove_prefix(1);
  if (!read_int(s, v.patch)) return std::nullopt;
  // A pre-release or build suffix; anything else (".x", a second version) is not exact.
  if (!s.empty() && s.front() != '-' && s.front() != '+') return std::nullopt;
  return v;
}

std::optional<VersionRange> VersionRange::parse(std::string_view text, std::string* error) {
  VersionRange r;
  r.text_ = std::string(trim(text));
  auto fail = [&](std::string why) -> std::optional<VersionRange> {
    if (error) *error = std::move(why);
    return std::nullopt;
  };
  std::string_view all = trim(text);
  if (all.empty() || all == "*") return r;
  while (true) {
    size_t bar = all.find("||");
    std::string_view alt = trim(all.substr(0, bar));
    std::vector<Comparator> cs;
    while (!alt.empty()) {
      Comparator c;
      if (alt.starts_with(">=")) c.op = Comparator::Op::Ge, alt.remove_prefix(2);
      else if (alt.starts_with("<=")) c.op = Comparator::Op::Le, alt.remove_prefix(2);
      else if (alt.starts_with(">")) c.op = Comparator::Op::Gt, alt.remove_prefix(1);
      else if (alt.starts_with("<")) c.op = Comparator::Op::Lt, alt.remove_prefix(1);
      else if (alt.starts_with("=")) alt.remove_prefix(1);
      alt = trim(alt);
      size_t end = 0;
      while (end < alt.size() && !std::isspace(static_cast<unsigned char>(alt[end]))) ++end;
      auto v = parse_exact(alt.substr(0, end));
      if (!v) return fail("\"" + std::string(alt.substr(0, end)) + "\" is not a version (write 1.2.3)");
      c.v = *v;
      cs.push_back(c);
      alt = trim(alt.substr(end));
    }
    if (cs.empty()) return fail("empty alternative in \"" + r.text_ + "\"");
    r.any_.push_back(std::move(cs));
    if (bar == std::string_view::npos) break;
    all = all.substr(bar + 2);
  }
  return r;
}

bool VersionRange::contains(const SemVer& v) const {
  if (any_.empty()) return true;
  for (const auto& alt : any_) {
    bool ok = true;
    for (const auto& c : alt) {
      switch (c.op) {
        case Comparator::Op::Lt: ok = v < c.v; break;
        case Comparator::Op::Le: ok = v <= c.v; break;
        case Comparator::Op::Gt: ok = v > c.v; break;
        case Comparator::Op::Ge: ok = v >= c.v; break;
        case Comparator::Op::Eq: ok = v == c.v; break;
      }
      if (!ok) break;
    }
    if (ok) return true;
  }
  return false;
}

}  // namespace halint::helm::profile
