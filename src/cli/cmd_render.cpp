#include <iostream>

#include "cli/commands.h"

namespace halint::cli {

int cmd_render(const std::string& path, bool origin, const rules::Catalog& catalog) {
  std::cerr << "halint: render is not available in this build yet\n";
  return 2;
}

}  // namespace halint::cli
