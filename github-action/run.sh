#!/usr/bin/env bash
# Action step "Run halint": one analysis, written as workflow commands (annotations) or
# text, as SARIF to the sarif-file input, and as the Markdown step summary; then the
# outputs, and the exit status of fail-on. Runs in $GITHUB_WORKSPACE, as the runner does.
#   env: HALINT_BIN, INPUT_PATHS, INPUT_CONFIG, INPUT_FAIL_ON, INPUT_SARIF_FILE,
#        INPUT_ANNOTATE, GITHUB_WORKSPACE, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY (optional)
set -uo pipefail
: "${HALINT_BIN:?}" "${GITHUB_OUTPUT:?}"
cd "${GITHUB_WORKSPACE:-.}" || exit 2

sarif=${INPUT_SARIF_FILE:-halint.sarif}
# Paths are separated by blanks or new lines, never glob-expanded (halint walks directories).
set -f
# shellcheck disable=SC2206
paths=(${INPUT_PATHS:-.})
set +f

args=(check)
case "${INPUT_ANNOTATE:-true}" in
  true | True | TRUE | yes | 1) args+=(--format github) ;;
  false | False | FALSE | no | 0) args+=(--format text --color never) ;;
  *) echo "::error title=halint::input annotate must be true or false, not '$INPUT_ANNOTATE'"; exit 2 ;;
esac
args+=(--format sarif --output "$sarif")
[ -n "${INPUT_CONFIG:-}" ] && args+=(--config "$INPUT_CONFIG")
[ -n "${INPUT_FAIL_ON:-}" ] && args+=(--fail-on "$INPUT_FAIL_ON")
# Explicit, so the summary is written with or without annotations, exactly once.
[ -n "${GITHUB_STEP_SUMMARY:-}" ] && args+=(--step-summary "$GITHUB_STEP_SUMMARY")

mkdir -p "$(dirname "$sarif")"
rm -f "$sarif"
"$HALINT_BIN" "${args[@]}" -- "${paths[@]}"
rc=$?

if [ ! -f "$sarif" ]; then
  echo "::error title=halint::halint did not run (exit $rc): see the messages above"
  exit 2
fi
# The SARIF writer puts each result's ruleId on its own line; rules use "id".
findings=$(grep -c '"ruleId": ' "$sarif" || true)
{
  echo "findings=$findings"
  echo "sarif-file=$sarif"
} >>"$GITHUB_OUTPUT"
echo "halint: $findings findings; SARIF in $sarif"
exit $rc
