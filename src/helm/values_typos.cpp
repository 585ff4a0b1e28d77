#include "helm/values_typos.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "schema/validator.h"

namespace halint::helm {
namespace {

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Close enough to be the same key misspelled. Short keys (`hpa`, `pdb`) are two edits
// from too many real words, so below 6 characters only a difference of case counts.
bool near_miss(const std::string& written, const std::string& meant) {
  if (written == meant) return false;
  if (lower(written) == lower(meant)) return true;
  if (written.size() < 6 || meant.size() < 6) return false;
  return schema::edit_distance(written, meant) <= 2;
}

}  // namespace

std::vector<Finding> values_typos(const Release& r, const ValuesKeys& keys) {
  std::vector<Finding> out;
  if (keys.read.empty()) return out;
  std::map<ValuesPath, std::set<std::string>> read, known;
  for (const auto& p : keys.read)
    // The maps on the way are read too: `operator.PodDisruptionBudget` is a near miss of
    // the `podDisruptionBudget` in `operator.podDisruptionBudget.enabled`.
    for (size_t n = 1; n <= p.size(); ++n) {
      ValuesPath parent(p.begin(), p.begin() + static_cast<std::ptrdiff_t>(n - 1));
      read[parent].insert(p[n - 1]);
      known[parent].insert(p[n - 1]);
    }
  for (const auto& p : keys.known)
    if (!p.empty()) known[ValuesPath(p.begin(), p.end() - 1)].insert(p.back());
  for (const auto& [parent, leaves] : read) {
    if (r.values.any_unknown() && r.values.unknown(parent)) continue;
    const yaml::Node* map = parent.empty() ? &r.values.root() : r.values.at(parent);
    if (!map || !map->is_map()) continue;
    const std::set<std::string>& ok = known[parent];
    for (size_t i = 0; i < map->size(); ++i) {
      const yaml::Node& key = map->key_at(i);
      if (!key.is_scalar() || ok.count(key.str()) || !key.origin().known() || key.has_flag(yaml::kSynthesized) ||
          key.has_flag(yaml::kFromAlias))
        continue;
      std::string best;
      size_t best_d = 99;
      for (const auto& leaf : leaves)
        if (near_miss(key.str(), leaf)) {
          size_t d = lower(key.str()) == lower(leaf) ? 0 : schema::edit_distance(key.str(), leaf);
          if (d < best_d) best_d = d, best = leaf;
        }
      if (best.empty()) continue;
      ValuesPath at = parent;
      at.push_back(key.str());
      Finding f;
      f.rule = "HA003";
      f.severity = Severity::Error;
      f.message = "values " + path_text(at) + ": unknown key \"" + key.str() + "\"; chart " + r.chart.name +
                  " reads \"" + best + "\" here and silently ignores this one (did you mean \"" + best + "\"?)";
      f.location = key.origin();
      f.resource = r.object->ref();
      if (!r.object->render.empty()) f.via.push_back(r.object->render);
      if (!r.via.empty()) f.via.push_back(r.via);
      if (!map->get(best)) {
        Fix fix;
        fix.safe = false;  // the corrected key starts to take effect
        fix.description = "rename \"" + key.str() + "\" to \"" + best + "\"";
        fix.edits.push_back(Edit::rename_key(key.origin(), best));
        f.fix = std::move(fix);
      } else {
        f.help = "\"" + best + "\" is also set here: remove \"" + key.str() + "\" or merge it into \"" + best + "\"";
      }
      out.push_back(std::move(f));
    }
  }
  return out;
}

}  // namespace halint::helm
