#!/usr/bin/env bash
# Builds everything and runs the whole test suite (unit, fixture, CLI, integration,
# differential and corpus tests, a bounded fuzz run). Tests that need ../shared/corpus
# skip with a message when it is absent.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --deps-only
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHALINT_BUILD_FUZZ=ON >/dev/null
cmake --build build -j"$(nproc)"
ctest --test-dir build --output-on-failure -j"$(nproc)" --timeout 600
