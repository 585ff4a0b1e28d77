#!/usr/bin/env bash
# Runs the YAML fuzzer for DURATION seconds (default 60):
#   fuzz/run.sh [DURATION]
# Uses $HALINT_FUZZER when set (ctest passes the binary the build made), else builds
# fuzz/project with clang into build-fuzz/. The corpus directory (default
# build-fuzz/corpus, or $HALINT_FUZZ_CORPUS) is seeded from testdata/ and fuzz/seeds/,
# and from ../shared/corpus when present; libFuzzer adds what it finds
# interesting, so successive runs go deeper. A crash, a failed invariant or an oracle
# mismatch leaves crash-* / timeout-* / oom-* files in fuzz/artifacts/ and exits non-zero.
set -euo pipefail
duration=${1:-60}
root=$(cd "$(dirname "$0")/.." && pwd)
fuzzer=${HALINT_FUZZER:-}
if [ -z "$fuzzer" ]; then
  command -v clang++ >/dev/null || { echo "fuzz/run.sh: clang++ not found (apt-get install clang libclang-rt-14-dev)"; exit 2; }
  cmake -S "$root/fuzz/project" -B "$root/build-fuzz" -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ >/dev/null
  cmake --build "$root/build-fuzz" -j"$(nproc)" >/dev/null
  fuzzer=$root/build-fuzz/yaml_fuzz
fi
corpus=${HALINT_FUZZ_CORPUS:-$root/build-fuzz/corpus}
artifacts=$root/fuzz/artifacts
mkdir -p "$corpus" "$artifacts"
# libFuzzer reads every further directory (recursively) as seeds and writes what it
# finds to the first one.
seeds=("$root/testdata" "$root/fuzz/seeds" "$root/fuzz/regressions")
[ -d "$root/../shared/corpus" ] && seeds+=("$root/../shared/corpus")
echo "fuzz: ${duration}s, corpus $corpus, seeds ${seeds[*]}"
# -timeout: one input may not take more than 10 s (a hang); -rss_limit_mb: nor 2 GB.
# -max_len 65536 keeps mutations of large seeds quick.
exec "$fuzzer" "$corpus" "${seeds[@]}" -max_total_time="$duration" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
  -dict="$root/fuzz/yaml.dict" -artifact_prefix="$artifacts/" -print_final_stats=1
