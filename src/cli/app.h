#pragma once
// The command line (SPEC §1). Returns the process exit code: 0 clean, 1 findings at or
// above --fail-on, 2 usage error / bad config / unreadable path / internal error.
namespace halint::cli {

int run(int argc, char** argv);

}  // namespace halint::cli
