#include "config/nodes.h"

#include <fstream>
#include <sstream>

#include "core/source.h"
#include "yaml/parser.h"

namespace halint::config {

namespace {

void read_string_map(const yaml::Node* m, std::map<std::string, std::string>& out) {
  if (!m || !m->is_map()) return;
  for (size_t i = 0; i < m->size(); ++i)
    if (m->key_at(i).is_scalar() && m->value_at(i).is_scalar()) out[m->key_at(i).str()] = m->value_at(i).str();
}

void read_taints(const yaml::Node* seq, std::vector<Taint>& out) {
  if (!seq || !seq->is_seq()) return;
  for (const auto& t : seq->items()) {
    if (!t.is_map()) continue;
    Taint taint;
    if (const auto* k = t.get("key")) taint.key = k->str();
    if (const auto* v = t.get("value")) taint.value = v->str();
    if (const auto* e = t.get("effect")) taint.effect = e->str();
    out.push_back(std::move(taint));
  }
}

}  // namespace

void add_hostname_label(ClusterNode& node) {
  if (!node.labels.count("kubernetes.io/hostname")) node.labels["kubernetes.io/hostname"] = node.name;
}

std::vector<ClusterNode> nodes_from_config(const yaml::Node& seq) {
  std::vector<ClusterNode> out;
  if (!seq.is_seq()) return out;
  for (const auto& n : seq.items()) {
    if (!n.is_map()) continue;
    ClusterNode node;
    if (const auto* name = n.get("name")) node.name = name->str();
    read_string_map(n.get("labels"), node.labels);
    read_taints(n.get("taints"), node.taints);
    read_string_map(n.get("allocatable"), node.allocatable);
    add_hostname_label(node);
    out.push_back(std::move(node));
  }
  return out;
}

std::variant<std::vector<ClusterNode>, std::string> read_nodes_file(const std::string& abs_path,
                                                                   const std::string& shown_path) {
  std::ifstream in(abs_path, std::ios::binary);
  if (!in) return shown_path + ": cannot read the nodes file";
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  auto parsed = yaml::parse(text, 0);
  LineIndex lines(text);
  auto at = [&](uint32_t offset) {
    LineCol lc = lines.locate(text, offset);
    return shown_path + ":" + std::to_string(lc.line) + ":" + std::to_string(lc.column) + ": ";
  };
  if (parsed.error) return at(parsed.error->offset) + "YAML syntax error: " + parsed.error->reason;

  std::vector<ClusterNode> out;
  std::string error;
  auto add_node = [&](const yaml::Node& obj) {
    const yaml::Node* kind = obj.get("kind");
    if (!kind || kind->str() != "Node") return;
    ClusterNode node;
    if (const auto* name = obj.path({"metadata", "name"}); name && name->is_scalar() && !name->str().empty()) {
      node.name = name->str();
    } else if (error.empty()) {
      error = at(obj.origin().span.begin) + "Node without metadata.name";
      return;
    }
    read_string_map(obj.path({"metadata", "labels"}), node.labels);
    read_taints(obj.path({"spec", "taints"}), node.taints);
    read_string_map(obj.path({"status", "allocatable"}), node.allocatable);
    add_hostname_label(node);
    out.push_back(std::move(node));
  };
  for (const auto& doc : parsed.documents) {
    const yaml::Node& root = doc.root;
    if (!root.is_map()) continue;
    const yaml::Node* kind = root.get("kind");
    if (kind && (kind->str() == "List" || kind->str() == "NodeList")) {
      if (const auto* items = root.get("items"); items && items->is_seq())
        for (const auto& item : items->items())
          if (item.is_map()) add_node(item);
    } else {
      add_node(root);
    }
  }
  if (!error.empty()) return error;
  if (out.empty()) return shown_path + ": no Node in it (expected `kubectl get nodes -o yaml` output)";
  return out;
}

}  // namespace halint::config
