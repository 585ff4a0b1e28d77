#include "helm/values_typos.h"

#include <algorithm>
#include <cctype>
#include <optional>

#include "schema/validator.h"

namespace halint::helm {
namespace {

bool iequal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

// Close enough to be the same key misspelled. Short keys (`hpa`, `pdb`) are two edits
// from too many real words, so below 6 characters only a difference of case counts.
// Returns the distance (0 for a difference of case), or nullopt.
std::optional<size_t> near_miss(std::string_view written, std::string_view meant) {
  if (written == meant) return std::nullopt;
  if (iequal(written, meant)) return 0;
  if (written.size() < 6 || meant.size() < 6) return std::nullopt;
  size_t diff = written.size() > meant.size() ? written.size() - meant.size() : meant.size() - written.size();
  if (diff > 2) return std::nullopt;
  size_t d = schema::edit_distance(written, meant);
  if (d > 2) return std::nullopt;
  return d;
}

bool contains(const std::vector<std::string_view>& v, std::string_view k) {
  return std::find(v.begin(), v.end(), k) != v.end();
}

}  // namespace

std::vector<Finding> values_typos(const Release& r, const ValuesKeys& keys) {
  std::vector<Finding> out;
  for (const auto& m : keys.maps) {
    if (m.read.empty()) continue;
    if (r.values.any_unknown() && r.values.unknown(m.path)) continue;
    const yaml::Node* map = m.path.empty() ? &r.values.root() : r.values.at(m.path);
    if (!map || !map->is_map()) continue;
    for (size_t i = 0; i < map->size(); ++i) {
      const yaml::Node& key = map->key_at(i);
      if (!key.is_scalar()) continue;
      const std::string& k = key.str();
      if (contains(m.read, k) || contains(m.known, k)) continue;
      if (!key.origin().known() || key.has_flag(yaml::kSynthesized) || key.has_flag(yaml::kFromAlias)) continue;
      std::string_view best;
      size_t best_d = 99;
      for (std::string_view leaf : m.read)
        if (auto d = near_miss(k, leaf); d && *d < best_d) best_d = *d, best = leaf;
      if (best.empty()) continue;
      std::string meant(best);
      ValuesPath at = m.path;
      at.push_back(k);
      Finding f;
      f.rule = "HA003";
      f.severity = Severity::Error;
      f.message = "values " + path_text(at) + ": unknown key \"" + k + "\"; chart " + r.chart.name + " reads \"" + meant +
                  "\" here and silently ignores this one (did you mean \"" + meant + "\"?)";
      f.location = key.origin();
      f.resource = r.object->ref();
      if (!r.object->render.empty()) f.via.push_back(r.object->render);
      if (!r.via.empty()) f.via.push_back(r.via);
      if (!map->get(meant)) {
        Fix fix;
        fix.safe = false;  // the corrected key starts to take effect
        fix.description = "rename \"" + k + "\" to \"" + meant + "\"";
        fix.edits.push_back(Edit::rename_key(key.origin(), meant));
        f.fix = std::move(fix);
      } else {
        f.help = "\"" + meant + "\" is also set here: remove \"" + k + "\" or merge it into \"" + meant + "\"";
      }
      out.push_back(std::move(f));
    }
  }
  return out;
}

}  // namespace halint::helm
