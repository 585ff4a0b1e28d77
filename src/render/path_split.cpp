#include "render/path_split.h"

namespace halint::render {

std::vector<std::string> smarter_split(const std::string& path, bool strip_single) {
  std::vector<std::string> raw;
  std::string cur;
  for (size_t i = 0; i <= path.size(); ++i) {
    if (i == path.size() || path[i] == '.') {
      if (i < path.size() && !cur.empty() && cur.back() == '\\') {
        cur.back() = '.';
        continue;
      }
      raw.push_back(cur);
      cur.clear();
      continue;
    }
    cur += path[i];
  }
  std::vector<std::string> out;
  for (size_t i = 0; i < raw.size(); ++i) {
    std::string e = raw[i];
    if (!e.empty() && e.front() == '[' && e.back() != ']') {
      while (i + 1 < raw.size()) {
        e += "." + raw[++i];
        if (!raw[i].empty() && raw[i].back() == ']') break;
      }
      if (e.find('=') == std::string::npos) e = e.substr(1, e.size() - 2);
    } else if (strip_single && e.size() >= 2 && e.front() == '[' && e.back() == ']' &&
               e.find('=') == std::string::npos) {
      e = e.substr(1, e.size() - 2);
    }
    out.push_back(e);
  }
  return out;
}

}  // namespace halint::render
