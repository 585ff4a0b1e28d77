#pragma once
// Chart versions and the ranges profiles are written for (">=1.13.0 <1.19.0", "<34.0.0",
// alternatives with "||"). Only what chart profiles need: a leading "v" is ignored and
// pre-release suffixes compare as their release (a profile never distinguishes 1.8.0-rc.0
// from 1.8.0).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace halint::helm::profile {

struct SemVer {
  int major = 0, minor = 0, patch = 0;
  auto operator<=>(const SemVer&) const = default;
  std::string text() const;
};

// An exact version ("1.21.1", "v1.21.1", "1.8.0-rc.0"); nullopt for ranges ("1.x",
// ">=1.0.0", "*") and anything else.
std::optional<SemVer> parse_exact(std::string_view s);

class VersionRange {
 public:
  // Parses "<op><version>" comparators separated by spaces (all must hold), alternatives
  // separated by "||"; "*" or "" is any version. Error: nullopt, `error` says why.
  static std::optional<VersionRange> parse(std::string_view text, std::string* error = nullptr);
  bool contains(const SemVer& v) const;
  const std::string& text() const { return text_; }

 private:
  struct Comparator {
    enum class Op { Lt, Le, Gt, Ge, Eq } op = Op::Eq;
    SemVer v;
  };
  std::vector<std::vector<Comparator>> any_;  // empty: every version
  std::string text_;
};

}  // namespace halint::helm::profile
