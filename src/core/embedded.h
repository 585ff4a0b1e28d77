#pragma once
// Files from rules/ and schemas/ compiled into the binary (see cmake/embed.cmake).
#include <string_view>
#include <vector>

namespace halint {

struct EmbeddedFile {
  std::string_view path;  // relative to the source root, e.g. "rules/HA101-missing-topology-spread.yaml"
  std::string_view data;
};

const std::vector<EmbeddedFile>& embedded_files();

}  // namespace halint
