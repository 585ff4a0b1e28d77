#!/usr/bin/env bash
# The pre-commit hooks, with the real pre-commit (SPEC §8, issue 6): a scratch repository
# with a bad manifest and a .pre-commit-config.yaml pointing at this repository (a local
# path, rev = the current HEAD commit, so the hooks come from the committed tree).
#   1. `pre-commit run --all-files` builds halint once into a fresh PRE_COMMIT_HOME and
#      fails with halint's message; a second run reuses the binary.
#   2. the `halint-fix` hook repairs the file and a second run passes.
set -uo pipefail
: "${HALINT:?}" "${HALINT_SOURCE_DIR:?}"
for tool in pre-commit git; do
  if ! command -v "$tool" >/dev/null 2>&1; then echo "SKIP: $tool is not installed"; exit 0; fi
done
if ! rev=$(git -C "$HALINT_SOURCE_DIR" rev-parse HEAD 2>/dev/null); then
  echo "SKIP: $HALINT_SOURCE_DIR is not a git checkout with a commit"
  exit 0
fi
for f in .pre-commit-hooks.yaml hooks/halint-check hooks/halint-fix hooks/ensure-halint scripts/build-release.sh; do
  if ! git -C "$HALINT_SOURCE_DIR" cat-file -e "$rev:$f" 2>/dev/null; then
    echo "FAIL: $f is not committed at $rev (pre-commit uses the committed tree)"
    exit 1
  fi
done
if [ -n "$(git -C "$HALINT_SOURCE_DIR" status --porcelain -- .pre-commit-hooks.yaml hooks src CMakeLists.txt 2>/dev/null)" ]; then
  echo "note: uncommitted changes in $HALINT_SOURCE_DIR are not what pre-commit tests (it uses $rev)"
fi

if ! pre-commit validate-manifest "$HALINT_SOURCE_DIR/.pre-commit-hooks.yaml"; then
  echo "FAIL: .pre-commit-hooks.yaml is not a valid pre-commit manifest"
  exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PRE_COMMIT_HOME="$work/pre-commit-home"  # fresh: no cached clone, no binary
unset PRE_COMMIT_COLOR GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

repo="$work/gitops"
mkdir -p "$repo/apps/web"
cd "$repo" || exit 1
git init -q .
git config user.email test@example.com
git config user.name test
git config commit.gpgsign false
cat >apps/web/deployment.yaml <<'YAML'
# Three replicas and nothing that spreads them across nodes.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app.kubernetes.io/name: web
  template:
    metadata:
      labels:
        app.kubernetes.io/name: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
YAML
# `halint fix --diff` on the bad manifest must say it would change something (exit 1)
# before the hooks are tried: any other exit (2: a usage or internal error) fails this
# test at once, never a reason to skip the fix hook.
probe="$work/probe"
mkdir -p "$probe"
cp apps/web/deployment.yaml "$probe/"
"$HALINT" fix --diff "$probe" >"$work/fix-probe.out" 2>"$work/fix-probe.err"
rc=$?
if [ $rc -ne 1 ]; then
  echo "FAIL: halint fix --diff on the bad manifest exited $rc, expected 1: $(head -n 3 "$work/fix-probe.err")"
  exit 1
fi

write_config() {  # hook ids...
  {
    echo "repos:"
    echo "  - repo: $HALINT_SOURCE_DIR"
    echo "    rev: $rev"
    echo "    hooks:"
    for id in "$@"; do echo "      - id: $id"; done
  } >.pre-commit-config.yaml
  git add -A
}
write_config halint

# 1. The check fails the commit with halint's message (the first run builds halint).
start=$(date +%s)
pre-commit run --all-files >"$work/run1.log" 2>&1
rc=$?
echo "first run (with the build): $(($(date +%s) - start)) s, exit $rc"
[ $rc -ne 0 ] || fail "pre-commit passed on a bad manifest"
grep -q 'apps/web/deployment.yaml:16:5: warning\[HA101 missing-topology-spread\]' "$work/run1.log" ||
  fail "halint's finding is not in the output"
[ $rc -ne 0 ] && ! grep -q 'HA101' "$work/run1.log" && cat "$work/run1.log"
bins=$(find "$PRE_COMMIT_HOME" -path '*/.halint-hook/halint' -type f | wc -l)
[ "$bins" -eq 1 ] || fail "expected one binary in the pre-commit cache, found $bins"

# The second run reuses the binary: no build, well under the first run's time.
start=$(date +%s)
pre-commit run --all-files --verbose >"$work/run2.log" 2>&1
rc=$?
echo "second run: $(($(date +%s) - start)) s, exit $rc"
[ $rc -ne 0 ] || fail "second run passed on a bad manifest"
grep -q "building halint" "$work/run2.log" && fail "the second run built halint again"
grep -q 'HA101' "$work/run2.log" || fail "second run lost halint's message"

# A file that is not a manifest is linted in its repository's context and passes.
echo "key: value" >notes.yaml
git add notes.yaml
pre-commit run --files notes.yaml >"$work/run3.log" 2>&1 || fail "a clean file failed: $(cat "$work/run3.log")"

# 2. The fix hook repairs the file; a second run passes.
write_config halint-fix halint
pre-commit run halint-fix --all-files >"$work/fix.log" 2>&1
rc=$?
[ $rc -ne 0 ] || fail "halint-fix changed nothing (pre-commit fails a hook that modifies files)"
grep -q 'topologySpreadConstraints' apps/web/deployment.yaml || fail "the fix did not add topologySpreadConstraints"
grep -q '^# Three replicas' apps/web/deployment.yaml || fail "the fix lost the comment"
git add -A
pre-commit run --all-files >"$work/run4.log" 2>&1 || fail "second run after the fix failed: $(cat "$work/run4.log")"

if [ $failures -ne 0 ]; then
  echo "--- first run:"; cat "$work/run1.log"
  echo "$failures failures"
  exit 1
fi
echo "PASS"
