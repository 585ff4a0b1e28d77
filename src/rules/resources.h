#pragma once
// Resource quantities ("500m", "2", "16Gi", "1e3") and what a pod requests of them, as the
// scheduler computes it, for the capacity rule (HA204).
#include <cstdint>
#include <optional>
#include <string_view>

#include "yaml/node.h"

namespace halint::rules {

// A Kubernetes quantity in thousandths of its unit, rounded up as the API server rounds
// (MilliValue). Suffixes: binary Ki Mi Gi Ti Pi Ei, decimal n u m k M G T P E, or a
// decimal exponent (e3, E-2). nullopt: not a quantity, negative, or too large to hold.
std::optional<int64_t> parse_quantity_milli(std::string_view text);

// cpu in millicores ("500m" -> 500, "2" -> 2000, "0.1" -> 100).
std::optional<int64_t> cpu_millis(std::string_view text);
// memory in bytes ("1Gi" -> 1073741824, "1G" -> 1000000000, "128974848" as written).
std::optional<int64_t> memory_bytes(std::string_view text);

// A quantity node (a string or a number); nullopt for a ${VAR}, another type or a bad
// quantity.
std::optional<int64_t> cpu_millis(const yaml::Node& n);
std::optional<int64_t> memory_bytes(const yaml::Node& n);

struct PodRequests {
  int64_t cpu_millis = 0;
  int64_t memory_bytes = 0;
};

// What the scheduler reserves for one pod: the sum of its containers' requests, raised
// to what the largest init container needs (restartable "sidecar" init containers run
// alongside and add to both), plus spec.overhead. A container's request defaults to its
// limit, as the API server defaults it; no request and no limit counts as 0. nullopt when
// any of these values is unknown.
std::optional<PodRequests> pod_requests(const yaml::Node* pod_spec);

}  // namespace halint::rules
