#pragma once
// Cluster nodes for the topology rules: declared inline in .halint.yaml, or read from
// `kubectl get nodes -o yaml` output (a List of Nodes, or Node documents).
#include <string>
#include <variant>
#include <vector>

#include "config/config.h"
#include "yaml/node.h"

namespace halint::config {

// The inline `cluster.nodes` sequence, already validated against the config schema.
std::vector<ClusterNode> nodes_from_config(const yaml::Node& seq);

// Reads a `kubectl get nodes -o yaml` file: names (metadata.name), labels, spec.taints and
// status.allocatable. Returns "path:line:col: reason" lines on failure (unreadable, not
// YAML, no Node in it, a Node without a name).
std::variant<std::vector<ClusterNode>, std::string> read_nodes_file(const std::string& abs_path,
                                                                   const std::string& shown_path);

// The scheduler's view of a node: its hostname label is its name unless labelled otherwise.
void add_hostname_label(ClusterNode& node);

}  // namespace halint::config
