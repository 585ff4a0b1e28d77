#include "render/nameref.h"

#include <algorithm>
#include <functional>
#include <iterator>
#include <optional>
#include <set>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "render/resmap.h"

namespace halint::render {
namespace {

std::string scalar(const yaml::Node* n) { return n && n->is_scalar() && !n->is_null() ? n->str() : ""; }

// kustomize's SameEndingSubSlice: the shorter list is the tail of the longer one.
bool same_ending(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  const auto& shorter = a.size() <= b.size() ? a : b;
  const auto& longer = a.size() <= b.size() ? b : a;
  size_t diff = longer.size() - shorter.size();
  if (shorter.empty()) return diff == 0;
  for (size_t i = 0; i < shorter.size(); ++i)
    if (longer[i + diff] != shorter[i]) return false;
  return true;
}

bool affixes_equal(const Resource& a, const Resource& b, bool allow_empty) {
  if (allow_empty) {
    bool pe = a.prefixes.empty() || b.prefixes.empty();
    bool se = a.suffixes.empty() || b.suffixes.empty();
    return (pe || same_ending(a.prefixes, b.prefixes)) && (se || same_ending(a.suffixes, b.suffixes));
  }
  return same_ending(a.prefixes, b.prefixes) && same_ending(a.suffixes, b.suffixes);
}

bool prev_selected(const Resource& r, const FieldSpec& gvk) {
  std::string_view av = r.api_version();
  std::string_view group = api_group(av), version = api_version_only(av);
  for (const auto& p : r.prev_ids)
    if (gvk_selected(group, version, p.kind, gvk)) return true;
  return false;
}

// A referrer field spec with the kind it refers to.
struct RefSpec {
  const FieldSpec* target;
  const FieldSpec* field;
};

// The referrer specs that may select an object of each kind, in the configuration's
// order: most of the few hundred specs name one kind, and an object is asked only about
// its own. Holds pointers into the configuration it was made from.
class ReferrerIndex {
 public:
  explicit ReferrerIndex(const std::vector<NameBackRef>& refs) {
    for (const auto& br : refs)
      for (const auto& fs : br.referrers)
        (fs.kind.empty() ? any_kind_ : by_kind_[fs.kind]).push_back({&br.gvk, &fs});
  }
  // The specs naming `kind` and those naming none, merged back into the configuration's
  // order (specs of one list are contiguous in memory, so their addresses order them
  // within a NameBackRef; across NameBackRefs, by the target's address).
  void for_kind(std::string_view kind, std::vector<RefSpec>& out) const {
    out.clear();
    auto it = by_kind_.find(kind);
    if (it == by_kind_.end()) {
      out = any_kind_;
      return;
    }
    if (any_kind_.empty()) {
      out = it->second;
      return;
    }
    std::merge(it->second.begin(), it->second.end(), any_kind_.begin(), any_kind_.end(), std::back_inserter(out),
               [](const RefSpec& a, const RefSpec& b) {
                 return a.target != b.target ? std::less<>()(a.target, b.target) : std::less<>()(a.field, b.field);
               });
  }

 private:
  std::unordered_map<std::string_view, std::vector<RefSpec>> by_kind_;
  std::vector<RefSpec> any_kind_;  // for every kind
};

class Fixer {
 public:
  Fixer(std::vector<Resource>& rs) : rs_(rs) {
    for (size_t i = 0; i < rs.size(); ++i) {
      std::set<std::string> names;
      for (const auto& p : rs[i].prev_ids) names.insert(p.name);
      for (const auto& n : names) by_prev_name_[n].push_back(i);
    }
  }

  std::string run(const std::vector<NameBackRef>& refs) {
    // kustomize reads every RoleBinding's ServiceAccount subjects' namespaces first and
    // refuses one that is not a string.
    for (const auto& r : rs_)
      if (r.kind() == "RoleBinding")
        if (const yaml::Node* subs = r.node.get("subjects"); subs && subs->is_seq())
          for (const auto& s : subs->items())
            if (s.is_map() && scalar(s.get("kind")) == "ServiceAccount")
              if (const yaml::Node* ns = s.get("namespace"); ns && (!ns->is_scalar() || ns->is_null()))
                return "Invalid Input: namespace is blank for resource " + id_string(current_id(r));
    if (by_prev_name_.empty()) return "";  // nothing was renamed
    // Made once for the built-in configuration, which nearly every build uses.
    std::optional<ReferrerIndex> own;
    const ReferrerIndex* index = nullptr;
    if (&refs == &TransformerConfig::defaults().name_reference) {
      static const ReferrerIndex kDefaults(TransformerConfig::defaults().name_reference);
      index = &kDefaults;
    } else {
      index = &own.emplace(refs);
    }
    std::vector<RefSpec> specs;
    for (size_t ri = 0; ri < rs_.size(); ++ri) {
      referrer_ = ri;
      rb_namespaces_.clear();
      const Resource& r = rs_[ri];
      if (r.kind() == "RoleBinding")
        if (const yaml::Node* subs = r.node.get("subjects"); subs && subs->is_seq())
          for (const auto& s : subs->items())
            if (s.is_map() && s.get("namespace") && scalar(s.get("kind")) == "ServiceAccount")
              rb_namespaces_.insert(scalar(s.get("namespace")));
      referrer_cluster_scoped_ = r.is_cluster_scoped();
      referrer_ns_ = r.effective_ns();
      // The referrer is selected by its original kind and current group/version.
      std::string_view av = r.api_version();
      std::string_view group = api_group(av), version = api_version_only(av);
      const std::string& org_kind = r.prev_ids.empty() ? r.kind() : r.prev_ids.front().kind;
      index->for_kind(org_kind, specs);
      for (const RefSpec& rf : specs) {
        const FieldSpec& fs = *rf.field;
        if (!gvk_selected(group, version, org_kind, fs)) continue;
        target_ = rf.target;
        role_ref_ = fs.path.size() >= 12 && fs.path.ends_with("roleRef/name");
        // The referrer was selected by its original kind: the path alone is walked. Only
        // fields whose name changes are written (the rest of the object stays shared).
        std::string err = apply_field_path(
            rs_[ri].node, fs, CreateKind::None, {}, [&](yaml::Node& n) { return set(n); },
            [&](const yaml::Node& n) { return would_set(n); });
        if (!err.empty()) return "updating name reference in '" + fs.path + "' field: " + err;
      }
    }
    return "";
  }

 private:
  std::string set(yaml::Node& n) {
    if (n.is_null()) return "";
    if (n.is_scalar()) return set_scalar(n);
    if (n.is_map()) return set_mapping(n);
    for (auto& e : n.items()) {
      std::string err = e.is_map() ? set_mapping(e) : e.is_scalar() ? set_scalar(e) : std::string();
      if (!err.empty()) return err;
    }
    return "";
  }

  // Could the referrer see this object at all (its namespace, a cluster-scoped one, or a
  // ServiceAccount a RoleBinding names in another namespace)?
  // kustomize's SubsetThatCouldBeReferencedByResource: the referrer's namespace,
  // cluster-scoped objects, and for a RoleBinding its ServiceAccount subjects' namespaces.
  bool in_subset(const Resource& c) const {
    return referrer_cluster_scoped_ || c.is_cluster_scoped() || c.effective_ns_view() == referrer_ns_ ||
           rb_namespaces_.count(c.name_space()) > 0;
  }
  // ... narrowed by sameCurrentNamespaceAsReferrer (ServiceAccounts may be elsewhere).
  bool visible(const Resource& c) const {
    if (!in_subset(c)) return false;
    return referrer_cluster_scoped_ || c.is_cluster_scoped() || c.kind() == "ServiceAccount" ||
           c.effective_ns_view() == referrer_ns_;
  }

  std::vector<size_t> candidates(const std::string& old_name) const {
    std::vector<size_t> out;
    auto it = by_prev_name_.find(old_name);
    if (it == by_prev_name_.end()) return out;
    const Resource& referrer = rs_[referrer_];
    FieldSpec role_gvk;
    bool role_filter = false;
    if (role_ref_) {
      const yaml::Node* rr = referrer.node.get("roleRef");
      if (rr && rr->is_map() && rr->get("apiGroup") && rr->get("kind")) {
        role_filter = true;
        role_gvk.group = scalar(rr->get("apiGroup"));
        role_gvk.kind = scalar(rr->get("kind"));
      }
    }
    for (size_t i : it->second) {
      const Resource& c = rs_[i];
      if (!prev_selected(c, *target_)) continue;
      if (role_filter && !prev_selected(c, role_gvk)) continue;
      if (!visible(c)) continue;
      out.push_back(i);
    }
    return out;
  }

  // kustomize's selectReferral: -1 for none; an error when several differ.
  long select(const std::vector<size_t>& in, bool with_ns, std::string& err) const {
    if (in.size() == 1) return static_cast<long>(in[0]);
    const Resource& referrer = rs_[referrer_];
    std::vector<size_t> c;
    for (size_t i : in)
      if (affixes_equal(rs_[i], referrer, true)) c.push_back(i);
    if (c.size() > 1) {
      std::vector<size_t> strict;
      for (size_t i : c)
        if (affixes_equal(rs_[i], referrer, false)) strict.push_back(i);
      c = std::move(strict);
    }
    if (c.empty()) return -1;
    if (c.size() == 1) return static_cast<long>(c[0]);
    bool same = true;
    for (size_t i : c)
      same = same && rs_[i].name() == rs_[c[0]].name() && (!with_ns || rs_[i].name_space() == rs_[c[0]].name_space());
    if (same) return static_cast<long>(c[0]);
    err = "found multiple possible referrals: ";
    for (size_t k = 0; k < c.size(); ++k) err += (k ? ", " : "") + id_string(current_id(rs_[c[k]]));
    return -1;
  }

  // True when set() would write into `n` or fail there.
  bool would_set(const yaml::Node& n) const {
    if (n.is_null()) return false;
    if (n.is_scalar()) return scalar_would_change(n);
    if (n.is_map()) return mapping_would_change(n);
    for (const auto& e : n.items())
      if (e.is_map() ? mapping_would_change(e) : e.is_scalar() && scalar_would_change(e)) return true;
    return false;
  }
  bool scalar_would_change(const yaml::Node& n) const {
    std::string err;
    long i = select(candidates(n.str()), false, err);
    return i < 0 ? !err.empty() : rs_[i].name() != n.str();
  }
  bool mapping_would_change(const yaml::Node& m) const {
    std::string err;
    long i = mapping_referral(m, err);
    if (i < 0) return !err.empty();
    const Resource& ref = rs_[i];
    return !(ref.name() == m.get("name")->str() && ref.name_space().empty());
  }

  // The object a `{name, namespace}` reference refers to, or -1 (err: why not, if it is an error).
  long mapping_referral(const yaml::Node& m, std::string& err) const {
    const yaml::Node* name = m.get("name");
    if (!name) {
      err = "path config error; no 'name' field in node";
      return -1;
    }
    std::vector<size_t> cands = candidates(name->str());
    if (const yaml::Node* nsn = m.get("namespace")) {
      // kustomize looks among the objects originally in that namespace, or, when there
      // are none, among those now in it.
      const std::string& ns = nsn->str();
      bool by_org = any_in_org_ns(ns);
      std::vector<size_t> keep;
      for (size_t i : cands) {
        const Resource& c = rs_[i];
        if (!c.is_cluster_scoped() && (by_org ? c.org_effective_ns_view() : c.effective_ns_view()) == ns)
          keep.push_back(i);
      }
      cands = std::move(keep);
    }
    return select(cands, true, err);
  }

  std::string set_scalar(yaml::Node& n) {
    std::string err;
    long i = select(candidates(n.str()), false, err);
    if (i < 0) return err;
    const std::string& name = rs_[i].name();
    if (name == n.str()) return "";
    n.set_str(name);
    n.set_scalar_type(yaml::ScalarType::String);
    return "";
  }

  std::string set_mapping(yaml::Node& m) {
    std::string err;
    long i = mapping_referral(std::as_const(m), err);
    if (i < 0) return err;
    yaml::Node* name = m.get("name");
    const Resource& ref = rs_[i];
    if (ref.name() == name->str() && ref.name_space().empty()) return "";
    name->set_str(ref.name());
    name->set_scalar_type(yaml::ScalarType::String);
    if (ref.name_space().empty()) return "";
    if (yaml::Node* ns = m.get("namespace")) {
      ns->set_str(ref.name_space());
      ns->set_scalar_type(yaml::ScalarType::String);
    } else {
      m.set("namespace", yaml::Node::string(ref.name_space(), name->origin()));
    }
    return "";
  }

  // True when some object the referrer can see was originally in namespace `ns`.
  bool any_in_org_ns(const std::string& ns) const {
    for (const auto& c : rs_)
      if (!c.is_cluster_scoped() && in_subset(c) && c.org_effective_ns_view() == ns) return true;
    return false;
  }

  std::vector<Resource>& rs_;
  std::unordered_map<std::string, std::vector<size_t>> by_prev_name_;
  size_t referrer_ = 0;
  bool referrer_cluster_scoped_ = false;
  std::string referrer_ns_;
  std::set<std::string> rb_namespaces_;
  const FieldSpec* target_ = nullptr;
  bool role_ref_ = false;
};

}  // namespace

std::string fix_name_references(std::vector<Resource>& rs, const std::vector<NameBackRef>& refs) {
  return Fixer(rs).run(refs);
}

}  // namespace halint::render
