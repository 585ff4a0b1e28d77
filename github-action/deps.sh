#!/usr/bin/env bash
# Action step "Install build dependencies": the Debian/Ubuntu packages halint builds and
# runs with (the shared libraries are needed even when the binary comes from the cache).
set -euo pipefail
pkgs=(cmake make g++ pkg-config libyaml-dev libre2-dev libfmt-dev libcli11-dev)
if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "::error title=halint::this action builds halint with apt packages: use a Debian or Ubuntu runner (runs-on: ubuntu-latest)"
  exit 2
fi
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  echo "halint build dependencies already installed"
  exit 0
fi
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
echo "installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
