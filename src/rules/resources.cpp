#include "rules/resources.h"

#include <algorithm>
#include <limits>
#include <string>

namespace halint::rules {
namespace {

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();

// The multiplier a suffix stands for: 2^binary_shift * 10^decimal_exponent.
struct Suffix {
  int binary_shift = 0;
  int decimal_exponent = 0;
};

std::optional<Suffix> parse_suffix(std::string_view s) {
  if (s.empty()) return Suffix{};
  static constexpr std::pair<std::string_view, int> binary[] = {{"Ki", 10}, {"Mi", 20}, {"Gi", 30},
                                                                {"Ti", 40}, {"Pi", 50}, {"Ei", 60}};
  for (auto [name, shift] : binary)
    if (s == name) return Suffix{shift, 0};
  static constexpr std::pair<std::string_view, int> decimal[] = {{"n", -9}, {"u", -6}, {"m", -3}, {"k", 3},
                                                                 {"M", 6},  {"G", 9},  {"T", 12}, {"P", 15},
                                                                 {"E", 18}};
  for (auto [name, exp] : decimal)
    if (s == name) return Suffix{0, exp};
  // A decimal exponent: e3, E-2 (a lone "E" is exa, above).
  if (s[0] != 'e' && s[0] != 'E') return std::nullopt;
  s.remove_prefix(1);
  bool neg = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    neg = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s.empty() || s.size() > 3) return std::nullopt;
  int exp = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    exp = exp * 10 + (c - '0');
  }
  return Suffix{0, neg ? -exp : exp};
}

std::optional<int64_t> quantity_of(const yaml::Node& n, bool memory) {
  if (!n.is_scalar() || n.is_null() || n.is_substitution()) return std::nullopt;
  return memory ? memory_bytes(n.str()) : cpu_millis(n.str());
}

// One resource of a container: its request, else its limit (the API server's default),
// else 0. nullopt when unknown.
std::optional<int64_t> container_request(const yaml::Node& container, const char* resource, bool memory) {
  const yaml::Node* res = container.get("resources");
  if (!res || res->is_null()) return 0;
  if (!res->is_map()) return std::nullopt;
  for (const char* field : {"requests", "limits"}) {
    const yaml::Node* m = res->get(field);
    if (!m || m->is_null()) continue;
    if (!m->is_map()) return std::nullopt;
    if (const yaml::Node* v = m->get(resource); v && !v->is_null()) return quantity_of(*v, memory);
  }
  return 0;
}

bool add(int64_t& to, int64_t v) {
  if (v > kMax - to) return false;
  to += v;
  return true;
}

// One resource of the pod, the way the scheduler sums it (resourcehelper.PodRequests).
std::optional<int64_t> pod_request(const yaml::Node& pod_spec, const char* resource, bool memory) {
  int64_t total = 0;
  if (const yaml::Node* cs = pod_spec.get("containers"); cs && !cs->is_null()) {
    if (!cs->is_seq()) return std::nullopt;
    for (const auto& c : cs->items()) {
      if (!c.is_map()) return std::nullopt;
      auto r = container_request(c, resource, memory);
      if (!r || !add(total, *r)) return std::nullopt;
    }
  }
  // Init containers run one after another before the app containers; restartable ones
  // (sidecars, restartPolicy: Always) keep running beside everything started after them.
  int64_t sidecars = 0, init_peak = 0;
  if (const yaml::Node* ics = pod_spec.get("initContainers"); ics && !ics->is_null()) {
    if (!ics->is_seq()) return std::nullopt;
    for (const auto& c : ics->items()) {
      if (!c.is_map()) return std::nullopt;
      auto r = container_request(c, resource, memory);
      if (!r) return std::nullopt;
      const yaml::Node* policy = c.get("restartPolicy");
      if (policy && (!policy->is_scalar() || policy->is_substitution())) return std::nullopt;
      int64_t needs = *r;
      if (policy && policy->str() == "Always") {
        if (!add(total, *r) || !add(sidecars, *r)) return std::nullopt;
        needs = sidecars;
      } else if (!add(needs, sidecars)) {
        return std::nullopt;
      }
      init_peak = std::max(init_peak, needs);
    }
  }
  total = std::max(total, init_peak);
  if (const yaml::Node* oh = pod_spec.get("overhead"); oh && !oh->is_null()) {
    if (!oh->is_map()) return std::nullopt;
    if (const yaml::Node* v = oh->get(resource); v && !v->is_null()) {
      auto q = quantity_of(*v, memory);
      if (!q || !add(total, *q)) return std::nullopt;
    }
  }
  return total;
}

}  // namespace

std::optional<int64_t> parse_quantity_milli(std::string_view s) {
  if (!s.empty() && s[0] == '+') s.remove_prefix(1);
  // The number: digits, optionally a point and more digits (".5" and "5." are valid).
  size_t i = 0;
  __int128 mantissa = 0;
  int digits = 0, fraction = 0;
  bool any = false, point = false;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c == '.' && !point) {
      point = true;
      continue;
    }
    if (c < '0' || c > '9') break;
    any = true;
    if (point) ++fraction;
    if (mantissa == 0 && c == '0') continue;  // leading zeros do not count towards precision
    if (++digits > 18) return std::nullopt;  // keeps every product below in 128 bits
    mantissa = mantissa * 10 + (c - '0');
  }
  if (!any) return std::nullopt;
  auto suffix = parse_suffix(s.substr(i));
  if (!suffix) return std::nullopt;
  // value * 1000 = mantissa * 2^shift * 10^(exp + 3 - fraction)
  __int128 num = mantissa << suffix->binary_shift;  // < 10^18 * 2^60 < 2^120
  int p = suffix->decimal_exponent + 3 - fraction;
  if (num == 0) return 0;
  if (p >= 0) {
    for (int k = 0; k < p; ++k) {
      num *= 10;
      if (num > kMax) return std::nullopt;
    }
    if (num > kMax) return std::nullopt;
    return static_cast<int64_t>(num);
  }
  // A fraction of a thousandth rounds up, as the API server's MilliValue does.
  __int128 den = 1;
  for (int k = 0; k < -p; ++k) {
    if (den > num) return 1;  // positive and below one thousandth
    den *= 10;
  }
  __int128 q = (num + den - 1) / den;
  if (q > kMax) return std::nullopt;
  return static_cast<int64_t>(q);
}

std::optional<int64_t> cpu_millis(std::string_view text) { return parse_quantity_milli(text); }

std::optional<int64_t> memory_bytes(std::string_view text) {
  auto m = parse_quantity_milli(text);
  if (!m) return std::nullopt;
  return *m / 1000 + (*m % 1000 != 0);
}

std::optional<int64_t> cpu_millis(const yaml::Node& n) { return quantity_of(n, false); }
std::optional<int64_t> memory_bytes(const yaml::Node& n) { return quantity_of(n, true); }

std::optional<PodRequests> pod_requests(const yaml::Node* pod_spec) {
  if (!pod_spec || !pod_spec->is_map()) return std::nullopt;
  auto cpu = pod_request(*pod_spec, "cpu", false);
  auto mem = pod_request(*pod_spec, "memory", true);
  if (!cpu || !mem) return std::nullopt;
  return PodRequests{*cpu, *mem};
}

}  // namespace halint::rules
