// Fixes on modelled objects become edits of the HelmRelease's values (SPEC §2, §7).
//
// A rule builds its fix on the modelled object as if it were written in a file. Here each
// edit is located in that object (by the node it names), the whole fix is applied to a
// copy of the object (what the rule means), and the edits become values edits: an edit
// of a node copied from the values edits that values node; an edit of something the chart
// makes itself is translated by the chart model. The release is then modelled again with
// the edited values: the fix is kept only if the chart renders exactly what the rule
// meant and leaves every other object of the release as it was.
#include <algorithm>
#include <functional>
#include <map>
#include <unordered_map>

#include "helm/stage_impl.h"

namespace halint::helm {
namespace {

// ---- Locating a node inside a modelled object --------------------------------------

struct Located {
  ObjectPath path;     // the node; for a map key, the entry's value path
  bool is_key = false; // the node is a map key
};

bool locate(const yaml::Node& n, const yaml::Node* want, ObjectPath& path, Located& out, int depth) {
  if (&n == want) {
    out.path = path;
    return true;
  }
  if (depth > 200) return false;
  if (n.is_map()) {
    for (size_t i = 0; i < n.size(); ++i) {
      const yaml::Node& k = n.key_at(i);
      if (!k.is_scalar()) continue;
      path.push_back({k.str()});
      if (&k == want) {
        out.path = path;
        out.is_key = true;
        path.pop_back();
        return true;
      }
      if (locate(n.value_at(i), want, path, out, depth + 1)) {
        path.pop_back();
        return true;
      }
      path.pop_back();
    }
  } else if (n.is_seq()) {
    for (size_t i = 0; i < n.size(); ++i) {
      PathStep s;
      s.index = i;
      path.push_back(s);
      if (locate(n.at(i), want, path, out, depth + 1)) {
        path.pop_back();
        return true;
      }
      path.pop_back();
    }
  }
  return false;
}

yaml::Node* at_path(yaml::Node& root, const ObjectPath& p, size_t len) {
  yaml::Node* cur = &root;
  for (size_t i = 0; i < len; ++i) {
    if (p[i].is_index()) {
      if (!cur->is_seq() || p[i].index >= cur->size()) return nullptr;
      cur = &cur->at(p[i].index);
    } else {
      if (!cur->is_map()) return nullptr;
      cur = cur->get(p[i].key);
      if (!cur) return nullptr;
    }
  }
  return cur;
}

// Applies one edit to a tree in memory. False when it does not fit the tree.
bool apply_object_edit(yaml::Node& root, const ObjectEdit& e) {
  switch (e.op) {
    case Edit::Op::InsertEntry: {
      yaml::Node* m = at_path(root, e.path, e.path.size());
      if (!m || !m->is_map() || m->get(e.key)) return false;
      m->set(e.key, e.value);
      return true;
    }
    case Edit::Op::ReplaceValue: {
      yaml::Node* n = at_path(root, e.path, e.path.size());
      if (!n) return false;
      *n = e.value;
      return true;
    }
    case Edit::Op::DeleteEntry:
    case Edit::Op::RenameKey: {
      if (e.path.empty()) return false;
      yaml::Node* parent = at_path(root, e.path, e.path.size() - 1);
      const PathStep& last = e.path.back();
      if (!parent) return false;
      if (last.is_index()) {
        if (e.op != Edit::Op::DeleteEntry || !parent->is_seq() || last.index >= parent->size()) return false;
        parent->erase_at(last.index);
        return true;
      }
      if (!parent->is_map()) return false;
      for (size_t i = 0; i < parent->size(); ++i)
        if (parent->key_at(i).is_scalar() && parent->key_at(i).str() == last.key) {
          if (e.op == Edit::Op::DeleteEntry) parent->erase_at(i);
          else if (parent->get(e.key)) return false;
          else parent->key_at(i).set_str(e.key);
          return true;
        }
      return false;
    }
    case Edit::Op::AppendItem: {
      yaml::Node* s = at_path(root, e.path, e.path.size());
      if (!s || !s->is_seq()) return false;
      s->push_back(e.value);
      return true;
    }
    default:
      return false;
  }
}

// ---- Comparing trees as the API server sees them -------------------------------------

bool same(const yaml::Node& a, const yaml::Node& b, int depth = 0) {
  if (depth > 200) return false;
  if (a.kind() != b.kind()) return false;
  if (a.is_scalar()) {
    if (a.is_null() && b.is_null()) return true;
    return a.scalar_type() == b.scalar_type() && a.str() == b.str();
  }
  if (a.size() != b.size()) return false;
  if (a.is_seq()) {
    for (size_t i = 0; i < a.size(); ++i)
      if (!same(a.at(i), b.at(i), depth + 1)) return false;
    return true;
  }
  for (size_t i = 0; i < a.size(); ++i) {
    if (!a.key_at(i).is_scalar()) return false;
    const yaml::Node* other = b.get(a.key_at(i).str());
    if (!other || !same(a.value_at(i), *other, depth + 1)) return false;
  }
  return true;
}

std::string kind_name(const yaml::Node& o) {
  const yaml::Node* k = o.get("kind");
  const yaml::Node* n = o.path({"metadata", "name"});
  return (k && k->is_scalar() ? k->str() : "") + "/" + (n && n->is_scalar() ? n->str() : "");
}

// ---- Values edits: in memory, and as file edits --------------------------------------

yaml::Node nest(const ValuesPath& p, size_t from, yaml::Node value) {
  for (size_t i = p.size(); i > from; --i) {
    yaml::Node m = yaml::Node::map();
    m.set(p[i - 1], std::move(value));
    value = std::move(m);
  }
  return value;
}

bool apply_values_edit(yaml::Node& root, const ValuesEdit& e) {
  switch (e.op) {
    case ValuesEdit::Op::Set:
      if (e.path.empty()) return false;
      set_at_path(root, e.path, e.value);
      return true;
    case ValuesEdit::Op::Delete: {
      yaml::Node* cur = &root;
      for (size_t i = 0; i + 1 < e.path.size(); ++i) {
        if (!cur->is_map()) return true;
        cur = cur->get(e.path[i]);
        if (!cur) return true;
      }
      if (cur->is_map() && !e.path.empty()) cur->erase(e.path.back());
      return true;
    }
    case ValuesEdit::Op::AppendItem: {
      yaml::Node* cur = &root;
      for (const auto& k : e.path) {
        if (!cur->is_map() || !(cur = cur->get(k))) return false;
      }
      if (!cur->is_seq()) return false;
      cur->push_back(e.value);
      return true;
    }
    case ValuesEdit::Op::Document:
      return true;
  }
  return false;
}

// The values edit as an edit of the file that writes the values (or of the HelmRelease).
std::optional<Edit> file_edit(const Release& r, const ValuesEdit& e) {
  const yaml::Node& root = r.values.root();
  const yaml::Node& hr = r.object->root();
  if (e.op == ValuesEdit::Op::Document) return Edit::append_document(hr.origin(), e.value);
  // The deepest node of the path that the values hold.
  const yaml::Node* cur = &root;
  const yaml::Node* key = nullptr;
  size_t depth = 0;
  for (; depth < e.path.size(); ++depth) {
    if (!cur->is_map()) break;
    const yaml::Node* k = cur->find_key(e.path[depth]);
    if (!k) break;
    key = k;
    cur = cur->get(e.path[depth]);
  }
  auto origin_ok = [](const yaml::Node* n) {
    return n && n->origin().known() && !n->has_flag(yaml::kSynthesized) && !n->has_flag(yaml::kFromAlias);
  };
  if (e.op == ValuesEdit::Op::Delete) {
    if (depth < e.path.size()) return std::nullopt;  // nothing to delete: no edit needed
    // Deleting the only key of a map below the root deletes the map's own entry instead:
    // `defaultPodOptions: {}` left behind means the same to the chart, and reads worse.
    size_t keep = e.path.size();
    while (keep > 1) {
      ValuesPath parent(e.path.begin(), e.path.begin() + static_cast<std::ptrdiff_t>(keep - 1));
      const yaml::Node* p = r.values.at(parent);
      if (!p || !p->is_map() || p->size() != 1) break;
      --keep;
    }
    if (keep < e.path.size()) {
      ValuesPath parent(e.path.begin(), e.path.begin() + static_cast<std::ptrdiff_t>(keep - 1));
      const yaml::Node* holder = parent.empty() ? &root : r.values.at(parent);
      key = holder ? holder->find_key(e.path[keep - 1]) : nullptr;
    }
    if (!origin_ok(key)) return std::nullopt;
    return Edit::delete_entry(key->origin());
  }
  if (e.op == ValuesEdit::Op::AppendItem) {
    if (depth < e.path.size() || !cur->is_seq() || !origin_ok(cur)) return std::nullopt;
    return Edit::append_item(cur->origin(), e.value);
  }
  // Set.
  if (depth == e.path.size()) {
    if (!origin_ok(cur)) return std::nullopt;
    return Edit::replace_value(cur->origin(), e.value);
  }
  if (cur->is_map()) {
    if (cur == &root && !origin_ok(cur)) {
      // No values at all: `values:` goes into the HelmRelease's spec.
      const yaml::Node* spec = hr.get("spec");
      const yaml::Node* values = spec ? spec->get("values") : nullptr;
      if (values && values->is_null() && origin_ok(values))
        return Edit::replace_value(values->origin(), nest(e.path, 0, e.value));
      if (!spec || !spec->is_map() || values || !origin_ok(spec)) return std::nullopt;
      return Edit::insert_entry(spec->origin(), "values", nest(e.path, 0, e.value));
    }
    if (!origin_ok(cur)) return std::nullopt;
    return Edit::insert_entry(cur->origin(), e.path[depth], nest(e.path, depth + 1, e.value));
  }
  // A scalar (often null: `pod:`) where a map must go: replace it.
  if (!origin_ok(cur)) return std::nullopt;
  return Edit::replace_value(cur->origin(), nest(e.path, depth, e.value));
}

// An edit of a node the model copied from the values: the same edit of that values node.
// Found by origin; a node written once but copied twice (an alias) is not addressable.
struct Direct {
  Edit edit;
  bool is_key = false;
};

struct Hit {
  yaml::Node* parent = nullptr;  // the map or sequence holding it (null for the root)
  size_t index = 0;              // entry or item index in parent
  yaml::Node* node = nullptr;
  int count = 0;
};

void find_origin(yaml::Node& n, yaml::Node* parent, size_t index, Origin o, bool key, Hit& hit, int depth) {
  if (depth > 200 || hit.count > 1) return;
  if (!key && n.origin() == o && !n.has_flag(yaml::kSynthesized)) {
    ++hit.count;
    hit.parent = parent;
    hit.index = index;
    hit.node = &n;
  }
  if (n.is_map()) {
    for (size_t i = 0; i < n.size(); ++i) {
      if (key && n.key_at(i).origin() == o) {
        ++hit.count;
        hit.parent = &n;
        hit.index = i;
        hit.node = &n.key_at(i);
      }
      find_origin(n.value_at(i), &n, i, o, key, hit, depth + 1);
    }
  } else if (n.is_seq()) {
    for (size_t i = 0; i < n.size(); ++i) find_origin(n.at(i), &n, i, o, key, hit, depth + 1);
  }
}

bool apply_direct(yaml::Node& root, const Direct& d) {
  Hit h;
  find_origin(root, nullptr, 0, d.edit.target, d.is_key, h, 0);
  if (h.count != 1) return false;
  const Edit& e = d.edit;
  switch (e.op) {
    case Edit::Op::InsertEntry:
      if (!h.node->is_map() || h.node->get(e.key)) return false;
      h.node->set(e.key, e.value);
      return true;
    case Edit::Op::ReplaceValue:
      *h.node = e.value;
      return true;
    case Edit::Op::AppendItem:
      if (!h.node->is_seq()) return false;
      h.node->push_back(e.value);
      return true;
    case Edit::Op::DeleteEntry:
      if (!h.parent) return false;
      h.parent->erase_at(h.index);
      return true;
    case Edit::Op::RenameKey:
      if (!d.is_key || !h.parent || h.parent->get(e.key)) return false;
      h.node->set_str(e.key);
      return true;
    default:
      return false;
  }
}

bool subtree_has_origin(const yaml::Node& n, Origin o, int depth = 0) {
  if (n.origin() == o) return true;
  if (depth > 200) return false;
  for (const auto& c : n.children())
    if (subtree_has_origin(c, o, depth + 1)) return true;
  return false;
}

bool written_in_values(const yaml::Node& root, Origin o, bool key) {
  Hit h;
  find_origin(const_cast<yaml::Node&>(root), nullptr, 0, o, key, h, 0);
  return h.count == 1;
}

}  // namespace

void Stage::adapt_fixes(std::vector<Finding>& findings, const Analysis& a) const {
  const Impl& s = *impl_;
  if (s.objects.empty()) return;
  // Rules fix the object they report on: the modelled objects a finding can touch are
  // those of its resource in its render (found by identity, then searched node by node).
  std::map<std::tuple<std::string, std::string, std::string>, std::vector<size_t>> by_ref;
  for (size_t i = 0; i < s.objects.size(); ++i) {
    const model::Object& o = a.objects[s.objects[i].analysis];
    by_ref[{o.kind, o.name_space, o.name}].push_back(i);
  }
  auto owner = [&](const Finding& f, const yaml::Node* node) -> std::optional<size_t> {
    if (!node || !f.resource) return std::nullopt;
    auto it = by_ref.find({f.resource->kind, f.resource->name_space, f.resource->name});
    if (it == by_ref.end()) return std::nullopt;
    for (size_t i : it->second) {
      Located loc;
      ObjectPath path;
      if (locate(a.objects[s.objects[i].analysis].root(), node, path, loc, 0)) return i;
    }
    return std::nullopt;
  };

  for (Finding& f : findings) {
    if (!f.fix) continue;
    bool about_modelled = false;
    for (const auto& v : f.via)
      if (v.rfind("helm ", 0) == 0) about_modelled = true;
    bool synthesized = std::any_of(f.fix->edits.begin(), f.fix->edits.end(), [](const Edit& e) {
      return e.node && e.node->has_flag(yaml::kSynthesized);
    });
    if (!about_modelled && !synthesized) continue;

    // Group the edits by modelled object; the others stay as they are.
    std::map<size_t, std::vector<const Edit*>> by_object;
    std::vector<Edit> untouched;
    bool give_up = false;
    for (const auto& e : f.fix->edits) {
      if (auto i = owner(f, e.node)) by_object[*i].push_back(&e);
      else if (e.node && e.node->has_flag(yaml::kSynthesized)) give_up = true;
      else untouched.push_back(e);
    }
    std::string help = f.help.empty() ? "edit the HelmRelease values by hand: " + f.fix->description : f.help;
    if (about_modelled && by_object.empty()) {
      // A fix about a modelled object that names no node of it (a file beside a render):
      // keep it only if it touches no modelled object at all.
      continue;
    }
    std::vector<Edit> rebuilt = untouched;
    std::string where;
    for (auto& [entry_index, edits] : by_object) {
      if (give_up) break;
      const Impl::ObjectEntry& oe = s.objects[entry_index];
      const Impl::ReleaseEntry& re = s.releases[oe.release];
      const yaml::Node& obj = a.objects[oe.analysis].root();
      yaml::Node intended = obj;
      std::vector<ObjectEdit> synthesized;
      std::vector<Direct> direct;
      std::vector<yaml::Node> documents;
      // Edits address nodes of the tree as the rule saw it: changes in place first, then
      // renames, then deletions (so no edit looks for a key another one renamed or removed).
      auto rank = [](Edit::Op op) { return op == Edit::Op::DeleteEntry ? 2 : op == Edit::Op::RenameKey ? 1 : 0; };
      std::stable_sort(edits.begin(), edits.end(), [&](const Edit* x, const Edit* y) { return rank(x->op) < rank(y->op); });
      for (const Edit* e : edits) {
        Located loc;
        ObjectPath path;
        if (!locate(obj, e->node, path, loc, 0)) {
          give_up = true;
          break;
        }
        ObjectEdit oe2{e->op, loc.path, e->key, e->after_key, e->value};
        if (e->op == Edit::Op::AppendDocument) {
          oe2.path.clear();
          documents.push_back(e->value);
          synthesized.push_back(std::move(oe2));
          continue;
        }
        if (!apply_object_edit(intended, oe2)) {
          give_up = true;
          break;
        }
        bool synth = e->node->has_flag(yaml::kSynthesized);
        if (synth || !written_in_values(re.release.values.root(), e->node->origin(), loc.is_key)) {
          synthesized.push_back(std::move(oe2));
          continue;
        }
        Edit copy = *e;
        copy.node = nullptr;
        direct.push_back({std::move(copy), loc.is_key});
      }
      if (give_up) break;
      std::vector<ValuesEdit> translated;
      if (!synthesized.empty()) {
        auto t = re.model->translate(re.release, re.release.values, re.output, oe.object, synthesized, intended);
        if (!t) {
          give_up = true;
          break;
        }
        translated = std::move(*t);
      }
      // A translated edit wins over a direct one at or below its path (they would overlap).
      std::erase_if(direct, [&](const Direct& d) {
        return std::any_of(translated.begin(), translated.end(), [&](const ValuesEdit& t) {
          if (t.op == ValuesEdit::Op::Document) return false;
          const yaml::Node* n = re.release.values.at(t.path);
          return n && subtree_has_origin(*n, d.edit.target);
        });
      });
      // Verify: model the release again with the edited values.
      Values edited = re.release.values;
      for (const auto& d : direct)
        if (!apply_direct(edited.root(), d)) give_up = true;
      for (const auto& e : translated)
        if (!apply_values_edit(edited.root(), e)) give_up = true;
      if (give_up) break;
      ModelOutput again = model_release(*re.model, re.release, edited, a.files);
      std::map<std::string, const yaml::Node*> before, after;
      for (const auto& o : re.output.objects) before[kind_name(o)] = &o;
      for (const auto& o : again.objects) after[kind_name(o)] = &o;
      std::string target = kind_name(obj);
      for (const auto& [k, o] : before) {
        auto it = after.find(k);
        if (it == after.end() || !same(*it->second, k == target ? intended : *o)) give_up = true;
      }
      // New objects: only the PDB a fix asked for, as the rule wrote its budget and selector.
      bool via_values_document = std::any_of(translated.begin(), translated.end(),
                                             [](const ValuesEdit& e) { return e.op == ValuesEdit::Op::Document; });
      for (const auto& [k, o] : after) {
        if (before.count(k)) continue;
        bool ok = false;
        for (const auto& doc : documents) {
          if (via_values_document) break;
          const yaml::Node* want = doc.get("spec");
          const yaml::Node* got = o->get("spec");
          if (!want || !got || kind_name(doc).substr(0, kind_name(doc).find('/')) != k.substr(0, k.find('/'))) continue;
          ok = true;
          for (const char* field : {"selector", "maxUnavailable", "minAvailable"}) {
            const yaml::Node* w = want->get(field);
            const yaml::Node* g = got->get(field);
            if ((w == nullptr) != (g == nullptr) || (w && !same(*w, *g))) ok = false;
          }
        }
        if (!ok) give_up = true;
      }
      if (give_up) break;
      for (const auto& d : direct) rebuilt.push_back(d.edit);
      for (const auto& e : translated) {
        ValuesEdit ve = e;
        if (ve.op == ValuesEdit::Op::Document) {
          // A manifest beside the HelmRelease lands in the chart's target namespace.
          if (yaml::Node* meta = ve.value.get("metadata"); meta && meta->is_map()) {
            const yaml::Node* hr_ns = re.release.object->root().path({"metadata", "namespace"});
            bool written_ns = hr_ns && hr_ns->origin().known() &&
                              hr_ns->origin().file == re.release.object->root().origin().file;
            if (re.release.target_namespace != re.release.name_space || written_ns)
              meta->set("namespace", yaml::Node::string(re.release.target_namespace));
            else
              meta->erase("namespace");
          }
        }
        auto fe = file_edit(re.release, ve);
        if (!fe) {
          if (ve.op == ValuesEdit::Op::Delete) continue;  // nothing written there
          give_up = true;
          break;
        }
        rebuilt.push_back(std::move(*fe));
      }
      bool beside = std::any_of(translated.begin(), translated.end(),
                                [](const ValuesEdit& e) { return e.op == ValuesEdit::Op::Document; });
      bool in_values = !direct.empty() || std::any_of(translated.begin(), translated.end(), [](const ValuesEdit& e) {
                         return e.op != ValuesEdit::Op::Document;
                       });
      std::string hr = "HelmRelease " + re.release.name_space + "/" + re.release.name;
      where = in_values && beside ? "in the values of " + hr + " and beside it"
              : beside            ? "as a manifest beside " + hr
                                  : "in the values of " + hr;
    }
    if (give_up || rebuilt.empty()) {
      f.fix.reset();
      f.help = help;
      continue;
    }
    f.fix->edits = std::move(rebuilt);
    if (!where.empty()) f.fix->description += " (" + where + ")";
  }
}

}  // namespace halint::helm
