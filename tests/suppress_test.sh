#!/usr/bin/env bash
# Suppressions end to end (SPEC §6, issue 6 item 4): every form, codes and names,
# unknown rules warned about, --report-unused-ignores.
set -u
HALINT=${HALINT:?set HALINT to the halint binary}
HALINT=$(cd "$(dirname "$HALINT")" && pwd)/$(basename "$HALINT")
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
FAILS=0
PASSES=0
# The fixtures trigger HA101 (and HA001/HA002 on purpose); other rules that fire on them
# as the catalog grows are not what these tests are about.
SELECT=(--select HA101,HA001,HA002)
fail() { echo "FAIL: $*"; FAILS=$((FAILS + 1)); }
pass() { PASSES=$((PASSES + 1)); }
run() {
  OUT=$(cd "$R" && "$HALINT" "$@" "${SELECT[@]}" 2>"$WORK/stderr"); RC=$?
  ERR=$(cat "$WORK/stderr")
}
expect_rc() { if [ "$RC" -eq "$2" ]; then pass; else fail "$1: exit $RC, expected $2"; echo "$OUT" | head -8; echo "$ERR" | head -5; fi; }
expect_err() { if grep -qF -- "$2" <<<"$ERR"; then pass; else fail "$1: stderr lacks [$2]"; echo "  stderr: $ERR" | head -5; fi; }
expect_no_err() { if grep -qF -- "$2" <<<"$ERR"; then fail "$1: stderr has [$2]"; else pass; fi; }
expect_out() { if grep -qF -- "$2" <<<"$OUT"; then pass; else fail "$1: stdout lacks [$2]"; echo "$OUT" | head -8; fi; }
expect_no_out() { if grep -qF -- "$2" <<<"$OUT"; then fail "$1: stdout has [$2]"; else pass; fi; }
count_ha101() { grep -c 'HA101' <<<"$OUT"; }

R=$WORK/repo
mkdir -p "$R/.git"

# deployment NAME [ANNOTATIONS_YAML] [TEMPLATE_ANNOTATIONS_YAML] [SPEC_LINE_SUFFIX]:
# a Deployment with a HA101 finding located on its pod template's `spec:` line.
deployment() {
  local name=$1 ann=${2:-} tann=${3:-} suffix=${4:-}
  echo "apiVersion: apps/v1"
  echo "kind: Deployment"
  echo "metadata:"
  echo "  name: $name"
  [ -n "$ann" ] && printf '  annotations:\n    %s\n' "$ann"
  echo "spec:"
  echo "  replicas: 3"
  echo "  selector:"
  echo "    matchLabels: {app: $name}"
  echo "  template:"
  echo "    metadata:"
  echo "      labels: {app: $name}"
  [ -n "$tann" ] && printf '      annotations:\n        %s\n' "$tann"
  echo "    spec:$suffix"
  echo "      containers: [{name: c, image: nginx}]"
}
write() { mkdir -p "$(dirname "$R/$1")"; cat >"$R/$1"; }
reset() { rm -rf "$R/apps"; mkdir -p "$R/apps"; }

# --- baseline ----------------------------------------------------------------------------
reset
deployment web | write apps/web.yaml
run check
expect_rc "baseline" 1
expect_out "baseline" "apps/web.yaml:12:5: warning[HA101"

# --- trailing comment on the offending line ------------------------------------------------
reset
deployment web "" "" "  # halint:ignore HA101 -- spread by the descheduler" | write apps/web.yaml
run check --report-unused-ignores
expect_rc "trailing" 0
expect_no_out "trailing" "HA101"
expect_no_err "trailing is used" "unused"
reset
deployment web "" "" "  # halint:ignore HA102" | write apps/web.yaml
run check
expect_rc "trailing for another rule does not suppress" 1

# --- comment alone on the line above --------------------------------------------------------
reset
deployment web | sed 's/^    spec:$/    # halint:ignore missing-topology-spread -- by name\n    spec:/' | write apps/web.yaml
run check --report-unused-ignores
expect_rc "line above, by name" 0
expect_no_err "line above is used" "unused"
# Stacked directives: each applies to the next non-comment line.
reset
deployment web | sed 's/^    spec:$/    # halint:ignore HA002\n    # halint:ignore ha101\n    spec:/' | write apps/web.yaml
run check
expect_rc "stacked, lowercase code" 0
# Two lines above (a blank line between) is not "above it".
reset
deployment web | sed 's/^    spec:$/    # halint:ignore HA101\n\n    spec:/' | write apps/web.yaml
run check --report-unused-ignores
expect_rc "blank line breaks it" 1
expect_out "blank line breaks it" "HA101"
expect_err "blank line breaks it: unused" 'apps/web.yaml:12:21: warning: unused suppression "HA101"'

# --- above the object's first line: the whole object ---------------------------------------
reset
{ echo "# halint:ignore HA101 -- whole object"; deployment web; } | write apps/web.yaml
run check --report-unused-ignores
expect_rc "above the first key" 0
reset
{ echo "# halint:ignore HA101"; echo "---"; deployment web; } | write apps/web.yaml
run check --report-unused-ignores
expect_rc "above ---" 0
reset
{ echo "---"; echo "# halint:ignore HA101"; deployment web; } | write apps/web.yaml
run check --report-unused-ignores
expect_rc "between --- and the first key" 0
reset
{ echo "--- # halint:ignore HA101"; deployment web; } | write apps/web.yaml
run check --report-unused-ignores
expect_rc "trailing on ---" 0
# Only that object: the next document still reports.
reset
{ echo "# halint:ignore HA101"; deployment web; echo "---"; deployment api; } | write apps/web.yaml
run check
expect_rc "object scope stays in its document" 1
expect_out "object scope stays in its document" "apps/web.yaml:27:5: warning[HA101"
[ "$(count_ha101)" -eq 1 ] && pass || fail "object scope: expected one HA101"
# A comment above the second document covers the second only.
reset
{ deployment web; echo "---"; echo "# halint:ignore HA101"; deployment api; } | write apps/web.yaml
run check
expect_out "second document" "apps/web.yaml:12:5: warning[HA101"
[ "$(count_ha101)" -eq 1 ] && pass || fail "second document: expected one HA101"
# Items of a kind: List.
reset
{
  echo "apiVersion: v1"
  echo "kind: List"
  echo "items:"
  echo "# halint:ignore HA101"
  deployment web | sed 's/^/  /; 1s/^  /- /'
  deployment api | sed 's/^/  /; 1s/^  /- /'
} | write apps/list.yaml
run check
[ "$(count_ha101)" -eq 1 ] && pass || fail "List item scope: expected one HA101, got: $OUT"
expect_out "List item scope: the other item reports" "apps/list.yaml:29:7: warning[HA101"

# --- ignore-file -----------------------------------------------------------------------------
reset
{ deployment web; echo "---"; deployment api; echo "# halint:ignore-file HA101 -- legacy file"; } | write apps/web.yaml
deployment other | write apps/other.yaml
run check --report-unused-ignores
expect_rc "ignore-file leaves other files" 1
expect_no_out "ignore-file" "apps/web.yaml"
expect_out "ignore-file leaves other files" "apps/other.yaml"
expect_no_err "ignore-file used" "unused"

# --- annotations ----------------------------------------------------------------------------
reset
deployment web 'halint.io/ignore: "HA101, missing-pdb"' | write apps/web.yaml
run check
expect_rc "annotation on the object" 0
reset
deployment web 'halint.io/ignore: all' | write apps/web.yaml
run check
expect_rc "annotation all" 0
reset
deployment web "" 'halint.io/ignore: missing-topology-spread' | write apps/web.yaml
run check --report-unused-ignores
expect_rc "annotation on the pod template" 0
reset
deployment web 'halint.io/ignore: HA102' | write apps/web.yaml
run check --report-unused-ignores
expect_rc "annotation for another rule" 1
# Another object with the same name elsewhere is not covered.
reset
deployment web 'halint.io/ignore: HA101' | write apps/web.yaml
deployment web | sed 's/^  name: web$/  name: web\n  namespace: other/' | write apps/web2.yaml
run check
[ "$(count_ha101)" -eq 1 ] && pass || fail "annotation is per object: $OUT"
expect_out "annotation is per object" "apps/web2.yaml"

# Every rule, not only the selected ones: `all` and a list of several rules.
SAVED=("${SELECT[@]}"); SELECT=()
reset
deployment web 'halint.io/ignore: all' | write apps/web.yaml
run check
expect_rc "annotation all, every rule running" 0
expect_no_out "annotation all, every rule running" "[HA"
reset
deployment web 'halint.io/ignore: "HA101, missing-pdb"' | write apps/web.yaml
run check --select HA101,HA301 --report-unused-ignores
expect_rc "annotation with two rules" 0
reset
deployment web | write apps/web.yaml
run check --select HA101,HA301
expect_out "without it, both report" "HA301"
# `halint fix` leaves suppressed findings alone.
reset
deployment web 'halint.io/ignore: missing-topology-spread' | write apps/web.yaml
run fix --diff --select HA101,HA301
expect_no_out "fix skips suppressed findings" "topologySpreadConstraints"
expect_out "fix still fixes the others" "PodDisruptionBudget"
SELECT=("${SAVED[@]}")

# --- unknown rules: a warning, never silent -------------------------------------------------
reset
deployment web "" "" "  # halint:ignore HA101, HA999 -- typo" | write apps/web.yaml
run check
expect_rc "unknown rule in a comment does not change the exit code" 0
expect_err "unknown rule in a comment" 'apps/web.yaml:12:35: warning: unknown rule "HA999" in halint:ignore'
reset
deployment web 'halint.io/ignore: "HA101, missng-pdb"' | write apps/web.yaml
run check
expect_rc "unknown rule in an annotation" 0
expect_err "unknown rule in an annotation" 'apps/web.yaml:6:31: warning: unknown rule "missng-pdb" in halint.io/ignore'
reset
{ echo "# halint:ignore-file HA3O1"; deployment web; } | write apps/web.yaml
run check
expect_err "unknown rule in ignore-file" 'apps/web.yaml:1:22: warning: unknown rule "HA3O1" in halint:ignore-file'
reset
{ echo "# halint:ignore-line HA101"; deployment web; } | write apps/web.yaml
run check
expect_err "unknown directive" 'apps/web.yaml:1:3: warning: unknown directive "halint:ignore-line"'
expect_rc "unknown directive suppresses nothing" 1

# --- --report-unused-ignores -------------------------------------------------------------------
reset
deployment web "" "" "  # halint:ignore HA101" | write apps/web.yaml
{ echo "# halint:ignore HA101 -- nothing here"; echo "apiVersion: v1"; echo "kind: ConfigMap"; echo "metadata: {name: c}"; } | write apps/cm.yaml
run check
expect_rc "unused without the flag: silent" 0
expect_no_err "unused without the flag" "unused"
run check --report-unused-ignores
expect_rc "unused with the flag: exit 1" 1
expect_err "unused with the flag" 'apps/cm.yaml:1:17: warning: unused suppression "HA101"'
expect_no_err "used one not reported" "apps/web.yaml"
run check --report-unused-ignores --fail-on never
expect_rc "unused fails even with --fail-on never" 1
# A rule that did not run cannot make its ignore unused.
run check --report-unused-ignores --ignore HA101
expect_rc "unused for a rule that did not run" 0
# Partly used: only the unused code is reported.
reset
deployment web "" "" "  # halint:ignore HA101, HA002" | write apps/web.yaml
run check --report-unused-ignores
expect_rc "partly used" 1
expect_err "partly used" 'apps/web.yaml:12:35: warning: unused suppression "HA002"'
expect_no_err "partly used: HA101 was used" 'unused suppression "HA101"'
# Unused annotations.
reset
deployment web 'halint.io/ignore: "HA101, HA002"' | write apps/web.yaml
run check --report-unused-ignores
expect_err "unused annotation code" 'apps/web.yaml:6:31: warning: unused suppression "HA002"'

# --- other rules and findings --------------------------------------------------------------------
# HA002 (duplicate key) suppressed by a trailing comment on the duplicate.
reset
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  name: d  # halint:ignore duplicate-key\n' | write apps/cm.yaml
run check --report-unused-ignores
expect_rc "HA002 trailing" 0
# HA001 (syntax error) by ignore-file.
reset
printf '# halint:ignore-file HA001\napiVersion: v1\nkind: [\n' | write apps/bad.yaml
run check --report-unused-ignores
expect_rc "HA001 ignore-file" 0
# A `# halint:ignore` inside a block scalar is text, not a suppression.
reset
{ deployment web; echo "---"; printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  script: |\n    # halint:ignore-file HA101\n'; } | write apps/web.yaml
run check
expect_rc "inside a block scalar" 1
expect_out "inside a block scalar" "HA101"
# A bare `# halint:ignore` silences everything on its line.
reset
deployment web "" "" "  # halint:ignore" | write apps/web.yaml
run check
expect_rc "bare ignore" 0

# --- pre-commit style file arguments ------------------------------------------------------------------
reset
deployment web "" "" "  # halint:ignore HA101" | write apps/web.yaml
{ echo "# halint:ignore HA999"; echo "apiVersion: v1"; echo "kind: ConfigMap"; echo "metadata: {name: c}"; } | write apps/cm.yaml
run check apps/web.yaml --report-unused-ignores
expect_rc "file argument" 0
expect_no_err "warnings only for the named files" "cm.yaml"

echo "suppress_test: $PASSES passed, $FAILS failed"
[ "$FAILS" -eq 0 ]
