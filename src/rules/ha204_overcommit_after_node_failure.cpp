// HA204 overcommit-after-node-failure (topology with capacity). A deliberately simple
// model, per resource (cpu, memory):
//   demand   = the sum over workloads of effective replicas x pod requests (placement
//              ignored; DaemonSets excluded: their pods do not move);
//   capacity = with node N down, the allocatable of every other node, minus the requests
//              of the DaemonSet pods that run there;
// and the pods cannot all run once N is lost when demand > capacity, for the N whose loss
// costs the most. One finding per cluster, located on the workload requesting the most of
// the first resource that does not fit (cpu, then memory), so it stays put across
// unrelated edits.
#include <algorithm>
#include <cstdio>
#include <limits>
#include <map>
#include <set>
#include <tuple>

#include "rules/placement.h"
#include "rules/registry.h"
#include "rules/resources.h"
#include "rules/scheduling.h"

namespace halint::rules {
namespace {

enum Resource { kCpu = 0, kMemory = 1 };
constexpr const char* kName[] = {"cpu", "memory"};

std::string trim_decimal(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  std::string s = buf;
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

std::string format(Resource r, int64_t v) {
  if (r == kCpu) return trim_decimal(v / 1000.0);  // cores, as `kubectl describe node` shows allocatable
  constexpr int64_t Mi = 1024 * 1024, Gi = 1024 * Mi;
  if (v >= Gi) return trim_decimal(static_cast<double>(v) / Gi) + "Gi";
  if (v >= Mi) return trim_decimal(static_cast<double>(v) / Mi) + "Mi";
  return std::to_string(v);
}

// Sums saturate: absurd quantities must not wrap around into "fits".
int64_t sat_add(int64_t a, int64_t b) {
  int64_t r;
  return __builtin_add_overflow(a, b, &r) ? std::numeric_limits<int64_t>::max() : r;
}
int64_t sat_mul(int64_t a, int64_t b) {
  int64_t r;
  return __builtin_mul_overflow(a, b, &r) ? std::numeric_limits<int64_t>::max() : r;
}

// "1.5 cpu", "12Gi memory"
std::string amount(Resource r, int64_t v) { return format(r, v) + " " + kName[r]; }

struct Demand {
  const model::Workload* w = nullptr;
  int64_t replicas = 0;
  PodRequests pod;
  int64_t total(Resource r) const { return sat_mul(replicas, r == kCpu ? pod.cpu_millis : pod.memory_bytes); }
};

struct Overcommit {
  Resource resource;
  size_t lost = 0;          // the node whose loss is worst
  int64_t capacity = 0;     // what the other nodes hold
  int64_t demand = 0;
};

class OvercommitAfterNodeFailure : public Rule {
 public:
  std::string_view code() const override { return "HA204"; }

  void check(const RuleContext& ctx, std::vector<Finding>& out) const override {
    if (!ctx.settings.has_topology) return;
    const auto& nodes = ctx.settings.nodes;
    const auto& g = ctx.graph;

    std::vector<Demand> demands;
    size_t not_counted = 0;
    // Free allocatable per node once the DaemonSet pods that run there have theirs.
    std::vector<int64_t> daemon_use[2] = {std::vector<int64_t>(nodes.size()), std::vector<int64_t>(nodes.size())};
    // The same object reached through several renders (overlays, Flux Kustomizations) is
    // one set of pods in the cluster: count it once.
    std::set<std::tuple<std::string, std::string, std::string, std::string>> seen;
    for (size_t i = 0; i < g.workloads().size(); ++i) {
      const model::Workload& w = g.workloads()[i];
      if (!w.pod_spec) continue;
      const model::Object& o = *w.object;
      if (!seen.emplace(o.group(), o.kind, o.effective_namespace(), o.name).second) continue;
      auto req = pod_requests(w.pod_spec);
      if (w.kind == model::WorkloadKind::DaemonSet) {
        // An unknown DaemonSet only makes the margin look larger: never a false alarm.
        auto on = eligible_nodes(w.pod_spec, nodes);
        if (!req || !on) continue;
        for (size_t n : *on) {
          daemon_use[kCpu][n] = sat_add(daemon_use[kCpu][n], req->cpu_millis);
          daemon_use[kMemory][n] = sat_add(daemon_use[kMemory][n], req->memory_bytes);
        }
        continue;
      }
      auto r = g.replicas(i);
      if (!req || !r.effective) {
        ++not_counted;
        continue;
      }
      if (*r.effective < 1) continue;
      demands.push_back({&w, *r.effective, *req});
    }

    std::vector<Overcommit> over;
    for (Resource res : {kCpu, kMemory}) {
      auto alloc = allocatable(nodes, res);
      if (!alloc) continue;
      int64_t demand = 0;
      for (const auto& d : demands) demand = sat_add(demand, d.total(res));
      if (demand == 0) continue;
      std::vector<int64_t> free(nodes.size());
      int64_t total = 0;
      for (size_t n = 0; n < nodes.size(); ++n) {
        free[n] = std::max<int64_t>(0, (*alloc)[n] - daemon_use[res][n]);
        total = sat_add(total, free[n]);
      }
      // Losing the node with the most free capacity is the worst case (first one on ties).
      size_t lost = static_cast<size_t>(std::max_element(free.begin(), free.end()) - free.begin());
      int64_t capacity = total - free[lost];
      if (demand > capacity) over.push_back({res, lost, capacity, demand});
    }
    if (over.empty()) return;

    // The workload requesting the most of the first resource that does not fit; ties go to
    // the one first in the graph (file order), so the finding does not wander.
    Resource first = over.front().resource;
    const Demand* largest = &demands.front();
    for (const auto& d : demands)
      if (d.total(first) > largest->total(first)) largest = &d;

    std::string msg;
    for (const auto& o : over) {
      msg += msg.empty() ? "With node " : "; with node ";
      std::vector<size_t> others;
      for (size_t n = 0; n < nodes.size(); ++n)
        if (n != o.lost) others.push_back(n);
      bool daemons = std::any_of(daemon_use[o.resource].begin(), daemon_use[o.resource].end(),
                                 [](int64_t v) { return v > 0; });
      msg += nodes[o.lost].name + " down, the pods of the " + std::to_string(demands.size()) +
             (demands.size() == 1 ? " workload" : " workloads") + " halint sees request " + amount(o.resource, o.demand) +
             " but " +
             (others.empty() ? std::string("no other node is declared")
                             : "the other nodes (" + node_names(nodes, others) + ") can hold " +
                                   amount(o.resource, o.capacity) + (daemons ? " after their DaemonSet pods" : ""));
    }
    const model::Workload& lw = *largest->w;
    msg += " (requesting the most: " + std::string(model::workload_kind_name(lw.kind)) + " \"" + lw.object->name +
           "\", " + std::to_string(largest->replicas) + " x " +
           amount(first, first == kCpu ? largest->pod.cpu_millis : largest->pod.memory_bytes) +
           "): some pods stay Pending until the node is back";
    if (not_counted > 0)
      msg += "; " + std::to_string(not_counted) + (not_counted == 1 ? " workload" : " workloads") +
             " with unknown replicas or requests not counted";
    out.push_back(finding_for(code(), *lw.object, requests_anchor(lw, first), std::move(msg)));
  }

 private:
  // Every node's allocatable of one resource; nullopt when a node does not declare it (or
  // declares something that is not a quantity): the sum would be a guess.
  static std::optional<std::vector<int64_t>> allocatable(const std::vector<config::ClusterNode>& nodes, Resource r) {
    std::vector<int64_t> out;
    for (const auto& n : nodes) {
      auto it = n.allocatable.find(kName[r]);
      if (it == n.allocatable.end()) return std::nullopt;
      auto v = r == kCpu ? cpu_millis(it->second) : memory_bytes(it->second);
      if (!v) return std::nullopt;
      out.push_back(*v);
    }
    if (out.empty()) return std::nullopt;
    return out;
  }

  // The `requests` (or `limits`, which requests default to) of the container asking the
  // most of the resource; else the pod spec.
  static const yaml::Node* requests_anchor(const model::Workload& w, Resource r) {
    const yaml::Node* best = nullptr;
    int64_t most = -1;
    for (const char* list : {"containers", "initContainers"}) {
      const yaml::Node* cs = w.pod_spec->get(list);
      if (!cs || !cs->is_seq()) continue;
      for (const auto& c : cs->items()) {
        const yaml::Node* res = c.is_map() ? c.get("resources") : nullptr;
        if (!res || !res->is_map()) continue;
        for (const char* field : {"requests", "limits"}) {
          const yaml::Node* m = res->get(field);
          const yaml::Node* v = m && m->is_map() ? m->get(kName[r]) : nullptr;
          if (!v || v->is_null()) continue;
          auto q = r == kCpu ? cpu_millis(*v) : memory_bytes(*v);
          if (q && *q > most) {
            most = *q;
            best = res->find_key(field);
          }
          break;  // a request wins over the limit it would default from
        }
      }
    }
    return best ? best : pod_spec_anchor(w);
  }
};

}  // namespace

std::unique_ptr<Rule> make_ha204_overcommit_after_node_failure() {
  return std::make_unique<OvercommitAfterNodeFailure>();
}

}  // namespace halint::rules
