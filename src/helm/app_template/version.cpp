#include "helm/app_template/version.h"

#include <cctype>

namespace halint::helm::app_template {

std::string Version::text() const {
  return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
}

std::optional<Version> parse_version(const std::string& raw) {
  std::string s = raw;
  if (!s.empty() && (s[0] == 'v' || s[0] == 'V')) s = s.substr(1);
  int parts[3] = {0, 0, 0};
  size_t i = 0;
  for (int p = 0; p < 3; ++p) {
    if (i >= s.size() || !std::isdigit(static_cast<unsigned char>(s[i]))) return std::nullopt;
    int v = 0;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
      v = v * 10 + (s[i] - '0');
      if (v > 100000) return std::nullopt;
      ++i;
    }
    parts[p] = v;
    if (p < 2) {
      if (i >= s.size() || s[i] != '.') return std::nullopt;
      ++i;
    }
  }
  // A pre-release or build suffix is the same templates as far as the model knows.
  if (i < s.size() && s[i] != '-' && s[i] != '+') return std::nullopt;
  return Version{parts[0], parts[1], parts[2]};
}

// The newest release of each major the model knows the templates of.
static Version newest_of_major(int major) {
  switch (major) {
    case 0: return {0, 2, 2};
    case 1: return {1, 5, 1};
    case 2: return {2, 6, 0};
    case 3: return {3, 7, 3};
    case 4: return {4, 1, 1};
    default: return kNewest;
  }
}

ModelledVersion choose_version(const std::string& requested) {
  if (auto v = parse_version(requested)) {
    if (kNewest < *v)
      return {kNewest, true,
              "app-template " + requested + " is newer than the newest version halint models (" + kNewest.text() +
                  "): modelled as " + kNewest.text()};
    return {*v, false, {}};
  }
  // A range ("5.x", "~5.0", ">=4.0.0 <5.0.0") or nothing: the first major number it names.
  int major = -1;
  for (size_t i = 0; i < requested.size(); ++i)
    if (std::isdigit(static_cast<unsigned char>(requested[i]))) {
      major = 0;
      while (i < requested.size() && std::isdigit(static_cast<unsigned char>(requested[i])))
        major = std::min(major * 10 + (requested[i++] - '0'), 1000);
      break;
    }
  Version v = major < 0 ? kNewest : newest_of_major(major);
  std::string what = requested.empty() ? "no chart version" : "app-template version \"" + requested + "\"";
  return {v, true, what + " is not a pinned version: modelled as " + v.text()};
}

Traits traits_for(const Version& v) {
  Traits t;
  t.single_layout = v.major < 2;
  t.prints_null_replicas = v.major == 0;
  t.default_main_controller = v.major == 2;
  t.suffix_by_count = v.major >= 3;
  t.rename_keys = v.major >= 4;
  t.always_append_flag = Version{4, 1, 1} < v || (v.major == 4 && v.minor == 1 && v.patch == 1);
  t.controller_label = v.major < 2 ? "" : v.major < 4 ? "app.kubernetes.io/component" : "app.kubernetes.io/controller";
  t.pod_option_by_key = v.major == 2;
  t.pod_options_strategy = v.major >= 4;
  bool at_least_5_1 = v.major > 5 || (v.major == 5 && v.minor >= 1);
  t.rolling_update_by_presence = at_least_5_1;
  t.daemonset_strategy = at_least_5_1;
  t.pdb_and_hpa = v.major >= 5;
  t.raw_resources_manifest = v.major >= 5;
  t.raw_resources_spec = v.major == 3 || v.major == 4;
  t.batch_types = v.major >= 2;
  t.tpl_scheduling = v.major >= 3;
  return t;
}

}  // namespace halint::helm::app_template
