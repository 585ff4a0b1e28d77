#!/usr/bin/env bash
# Several formats in one run (SPEC §4, issue 6): which report goes where, the usage errors
# for ambiguous combinations, and the step summary appended to $GITHUB_STEP_SUMMARY.
set -uo pipefail
: "${HALINT:?}" "${HALINT_SOURCE_DIR:?}"
repo="$HALINT_SOURCE_DIR/testdata/integrations/repo"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# text to stdout, SARIF to the file, one analysis.
"$HALINT" check "$repo" --format text --format sarif --output "$work/h.sarif" >"$work/out" 2>"$work/err"
rc=$?
[ $rc -eq 1 ] || fail "text+sarif exited $rc: $(cat "$work/err")"
grep -q 'warning\[HA101 missing-topology-spread\]' "$work/out" || fail "text report not on stdout"
grep -q '"version": "2.1.0"' "$work/h.sarif" || fail "SARIF not in --output"
grep -q '"version": "2.1.0"' "$work/out" && fail "SARIF leaked to stdout"

# github + sarif: workflow commands on stdout, nothing else there.
"$HALINT" check "$repo" --format github --format sarif --output "$work/g.sarif" >"$work/out" 2>"$work/err"
grep -qv '^::' "$work/out" && fail "non-command line in github output: $(grep -v '^::' "$work/out" | head -1)"
want=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["runs"][0]["results"]))' "$work/g.sarif")
[ "$(grep -c '^::' "$work/out")" -eq "$want" ] || fail "expected $want workflow commands (one per SARIF result), got: $(cat "$work/out")"
cmp -s "$work/h.sarif" "$work/g.sarif" || fail "the SARIF differs between runs"

# A single format goes to --output.
"$HALINT" check "$repo" --format=json --output "$work/one.json" >"$work/out" 2>&1
[ -s "$work/out" ] && fail "single format with --output still printed: $(head -2 "$work/out")"
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$work/one.json" || fail "json --output is not JSON"

# Ambiguous combinations are usage errors (exit 2) before any work.
for args in "--format json --format sarif --output $work/x" "--format text --format json" \
            "--format text --format github --output $work/x"; do
  # shellcheck disable=SC2086
  "$HALINT" check "$repo" $args >/dev/null 2>"$work/err"
  rc=$?
  [ $rc -eq 2 ] || fail "'$args' exited $rc, want 2"
  grep -q -- '--output' "$work/err" || fail "'$args': message does not say what to do: $(cat "$work/err")"
done

# The step summary is appended when GITHUB_STEP_SUMMARY is set and github is requested.
echo "# earlier step" >"$work/summary.md"
GITHUB_STEP_SUMMARY="$work/summary.md" "$HALINT" check "$repo" --format github >/dev/null
grep -q '^# earlier step' "$work/summary.md" || fail "summary overwrote the earlier steps"
grep -q '^### halint' "$work/summary.md" || fail "no summary written"
grep -q 'halint explain HA101' "$work/summary.md" || fail "summary has no explain hint"
GITHUB_STEP_SUMMARY="$work/text-only.md" "$HALINT" check "$repo" --format text >/dev/null
[ -e "$work/text-only.md" ] && fail "text format wrote a step summary"
"$HALINT" check "$repo" --format text --step-summary "$work/explicit.md" >/dev/null
grep -q '^### halint' "$work/explicit.md" || fail "--step-summary wrote nothing"

# pre-commit appends file names after a hook's args: --format takes one value per
# occurrence, and multi-value flags end with `--` (docs/integrations.md).
"$HALINT" check --format github --select HA002 --ignore HA101 -- "$repo/apps/web/config.yaml" >"$work/out" 2>"$work/err"
rc=$?
[ $rc -eq 1 ] || fail "flags before a file name: exit $rc: $(cat "$work/err")"
grep -q '^::error .*title=HA002' "$work/out" || fail "flags before a file name: no HA002 annotation"
"$HALINT" check "$repo" --format text,sarif --output "$work/c.sarif" --select HA101,HA002 >/dev/null 2>"$work/err"
[ $? -eq 1 ] || fail "comma-separated values: $(cat "$work/err")"
grep -q '"ruleId": "HA002"' "$work/c.sarif" || fail "comma-separated --format/--select: no HA002 in the SARIF"

if [ $failures -ne 0 ]; then echo "$failures failures"; exit 1; fi
echo "PASS"
