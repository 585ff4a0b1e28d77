#pragma once
// The chart profiles a run uses: the ones shipped inside halint (charts/*.yaml, compiled
// in, loaded once on first use) and a user's (.halint.yaml `charts:`), each as a chart
// model. A user profile with the name of a shipped one replaces it.
#include <memory>
#include <string>
#include <vector>

#include "helm/profile/model.h"

namespace halint::helm::profile {

class ProfileSet {
 public:
  // Models in matching order: profiles that name their sources first (two charts may
  // share a name: snapshot-controller), then the others; file order within each.
  const std::vector<std::unique_ptr<ChartModel>>& models() const { return models_; }
  std::vector<const Profile*> profiles() const;
  const std::vector<std::string>& errors() const { return errors_; }
  bool has(const std::string& name) const;

  void add(std::shared_ptr<const Profile> p);
  void add_error(std::string e) { errors_.push_back(std::move(e)); }

 private:
  std::vector<std::unique_ptr<ChartModel>> models_;
  std::vector<std::string> errors_;
};

// The profiles compiled into halint (built on first call; errors mean a broken shipped
// profile, which the tests reject).
const ProfileSet& shipped_profiles();

// Loads the files and directories (their *.yaml / *.yml, sorted) a config's `charts:`
// names; `paths` are absolute, `shown` as the user wrote them (for messages). Every
// problem is an error line "file:line:col: message".
ProfileSet load_user_profiles(const std::vector<std::string>& paths);

}  // namespace halint::helm::profile
