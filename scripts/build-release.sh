#!/usr/bin/env bash
# Builds the halint binary of this source tree once into STATE_DIR/halint and prints its
# path; later calls print the path straight away. Used by the pre-commit hooks (STATE_DIR
# in pre-commit's clone of this repository) and by the GitHub Action (a cached directory).
#   scripts/build-release.sh STATE_DIR
# Only the `halint` target, in Release, without tests, benchmarks or fuzzers: a machine
# with the build dependencies and nothing else can run it. Exit 2 when it cannot build.
set -euo pipefail

src=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
state=${1:?usage: build-release.sh STATE_DIR}
bin="$state/halint"

if [ -x "$bin" ]; then
  echo "$bin"
  exit 0
fi

mkdir -p "$state"
# Two commits in two repositories can share pre-commit's cache: build under a lock.
exec 9>"$state/lock"
if command -v flock >/dev/null 2>&1; then flock 9; fi
if [ -x "$bin" ]; then  # built by whoever held the lock before us
  echo "$bin"
  exit 0
fi

missing=()
for tool in cmake make c++ pkg-config; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if ((${#missing[@]})); then
  echo "halint: cannot build: ${missing[*]} not found." >&2
  echo "  Debian/Ubuntu: apt-get install cmake make g++ pkg-config libyaml-dev libre2-dev libfmt-dev libcli11-dev" >&2
  exit 2
fi

jobs=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)
echo "halint: building halint once into $state (later runs reuse it)..." >&2
log="$state/build.log"
if ! { cmake -S "$src" -B "$state/build" -DCMAKE_BUILD_TYPE=Release -DHALINT_BUILD_TESTS=OFF \
         -DHALINT_BUILD_BENCH=OFF -DHALINT_BUILD_FUZZ=OFF &&
       cmake --build "$state/build" --target halint -j "$jobs"; } >"$log" 2>&1; then
  echo "halint: the build failed; the last lines of $log:" >&2
  tail -n 25 "$log" >&2
  exit 2
fi
# Published by rename, so an interrupted build never leaves a half-written binary behind.
cp "$state/build/halint" "$bin.tmp"
mv -f "$bin.tmp" "$bin"
echo "$bin"
