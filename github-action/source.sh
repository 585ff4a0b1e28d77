#!/usr/bin/env bash
# Action step "Locate halint source": which source tree to build, and the cache key of its
# binary. Outputs (to $GITHUB_OUTPUT): dir, key.
#   INPUT_VERSION empty: the source this action was downloaded with (its own ref);
#   else that git ref of the action's repository, cloned into $RUNNER_TEMP.
set -euo pipefail
action_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
src=$(cd "$action_dir/.." && pwd)

if [ -n "${INPUT_VERSION:-}" ]; then
  if [ -z "${ACTION_REPOSITORY:-}" ]; then
    echo "::error title=halint::input 'version' needs the action to be used from its repository (uses: owner/repo/github-action@ref)"
    exit 2
  fi
  src="$RUNNER_TEMP/halint-src"
  rm -rf "$src"
  git clone --quiet --depth 1 --branch "$INPUT_VERSION" "${GITHUB_SERVER_URL:-https://github.com}/$ACTION_REPOSITORY" "$src" 2>/dev/null ||
    { git clone --quiet "${GITHUB_SERVER_URL:-https://github.com}/$ACTION_REPOSITORY" "$src" &&
      git -C "$src" checkout --quiet "$INPUT_VERSION"; }
fi

# The content of everything that goes into the binary: a tag moved to a new commit gets a
# new key, the same commit reuses the cached binary.
hash=$(cd "$src" && find CMakeLists.txt cmake src rules schemas -type f ! -name '*_test.cpp' -print0 2>/dev/null |
  LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)
key="halint-${RUNNER_OS:-Linux}-${RUNNER_ARCH:-X64}-${ImageOS:-self-hosted}-$hash"
{
  echo "dir=$src"
  echo "key=$key"
} >>"${GITHUB_OUTPUT:?}"
echo "halint source: $src (cache key $key)"
