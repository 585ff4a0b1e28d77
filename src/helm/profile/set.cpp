#include "helm/profile/set.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/embedded.h"
#include "fs/walk.h"

namespace halint::helm::profile {

std::vector<const Profile*> ProfileSet::profiles() const {
  std::vector<const Profile*> out;
  for (const auto& m : models_) out.push_back(&static_cast<const ProfileModel&>(*m).profile());
  return out;
}

bool ProfileSet::has(const std::string& name) const {
  for (const auto& m : models_)
    if (m->name() == name) return true;
  return false;
}

void ProfileSet::add(std::shared_ptr<const Profile> p) {
  bool specific = p->source_specific();
  // Keep the source-specific profiles ahead of the catch-all ones.
  auto pos = models_.end();
  if (specific)
    pos = std::find_if(models_.begin(), models_.end(), [](const auto& m) {
      return !static_cast<const ProfileModel&>(*m).profile().source_specific();
    });
  models_.insert(pos, std::make_unique<ProfileModel>(std::move(p)));
}

const ProfileSet& shipped_profiles() {
  static const ProfileSet set = [] {
    ProfileSet s;
    for (const auto& f : embedded_files()) {
      if (!f.path.starts_with("charts/") || !(f.path.ends_with(".yaml") || f.path.ends_with(".yml"))) continue;
      auto r = load_profile(f.data, std::string(f.path), false);
      for (auto& e : r.errors) s.add_error(std::move(e));
      if (!r.profile) continue;
      auto p = std::const_pointer_cast<Profile>(r.profile);
      p->shipped = true;
      if (s.has(p->name)) s.add_error(std::string(f.path) + ": a second shipped profile named \"" + p->name + "\"");
      else s.add(std::move(p));
    }
    return s;
  }();
  return set;
}

ProfileSet load_user_profiles(const std::vector<std::string>& paths) {
  namespace stdfs = std::filesystem;
  ProfileSet s;
  for (const auto& path : paths) {
    std::error_code ec;
    std::vector<std::string> files;
    if (stdfs::is_directory(path, ec)) {
      for (auto it = stdfs::recursive_directory_iterator(path, ec); !ec && it != stdfs::recursive_directory_iterator();
           it.increment(ec)) {
        std::string ext = it->path().extension().string();
        if (it->is_regular_file(ec) && (ext == ".yaml" || ext == ".yml")) files.push_back(it->path().string());
      }
      std::sort(files.begin(), files.end());
    } else if (stdfs::is_regular_file(path, ec)) {
      files.push_back(path);
    } else {
      s.add_error(fs::display_path(path) + ": chart profiles: " + (stdfs::exists(path, ec) ? "not a file or directory" : "no such file or directory"));
      continue;
    }
    for (const auto& file : files) {
      std::ifstream in(file, std::ios::binary);
      std::stringstream ss;
      ss << in.rdbuf();
      std::string shown = fs::display_path(file);
      if (!in) {
        s.add_error(shown + ": cannot read chart profile");
        continue;
      }
      auto r = load_profile(ss.str(), shown, true);
      for (auto& e : r.errors) s.add_error(std::move(e));
      if (!r.profile) continue;
      if (s.has(r.profile->name)) {
        s.add_error(shown + ":1:1: chart profile \"" + r.profile->name + "\" is defined twice in the config's charts");
        continue;
      }
      s.add(r.profile);
    }
  }
  return s;
}

}  // namespace halint::helm::profile
