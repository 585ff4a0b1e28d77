#include "cli/app.h"

int main(int argc, char** argv) { return halint::cli::run(argc, argv); }
