#include <iostream>

#include "cli/commands.h"

namespace halint::cli {

int cmd_fix(FixArgs args, const rules::Catalog& catalog) {
  std::cerr << "halint: fix is not available in this build yet\n";
  return 2;
}

}  // namespace halint::cli
