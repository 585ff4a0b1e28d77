#!/usr/bin/env bash
# End to end `halint fix` for the catalog rules' safe fixes. The failover story first: a
# descheduler ConfigMap enabling RemovePodsViolatingNodeAffinity under `balance` gets
# HA501 at that plugin's line, and `halint fix` moves it under `deschedule` inside the
# policy string, leaving every other byte of the ConfigMap as it was.
set -uo pipefail
HALINT=${HALINT:?set HALINT to the halint binary}
cd "${HALINT_SOURCE_DIR:-$(dirname "$0")/..}"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fails=0
pass=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { pass=$((pass + 1)); }

# --- HA501 in a ConfigMap string ----------------------------------------------------------
mkdir -p "$TMP/story/.git"
SRC=testdata/rules/HA501/fire/configmap-node-affinity-under-balance/configmap.yaml
cp "$SRC" "$TMP/story/configmap.yaml"
out=$("$HALINT" check "$TMP/story" --select HA501 --format json)
line=$(python3 -c 'import json,sys; f=json.load(sys.stdin)["findings"]; print(len(f), f[0]["line"], f[0]["column"])' <<<"$out")
[ "$line" = "1 21 17" ] && ok || fail "HA501 at 21:17 of the ConfigMap, got '$line'"
"$HALINT" fix "$TMP/story" --select HA501 >/dev/null
[ $? -eq 0 ] && ok || fail "halint fix exits 0 once the policy is fixed"
sed 's/^          balance:$/          deschedule:/' "$SRC" >"$TMP/want.yaml"
cmp -s "$TMP/want.yaml" "$TMP/story/configmap.yaml" && ok || {
  fail "only the extension point changes"
  diff "$TMP/want.yaml" "$TMP/story/configmap.yaml"
}
"$HALINT" fix --diff "$TMP/story" >/dev/null
[ $? -eq 0 ] && ok || fail "a second fix changes nothing"

# --- HA501: move one plugin of several, in the HelmRelease values ------------------------
mkdir -p "$TMP/hr/.git"
cp testdata/rules/HA501/fire/helmrelease-values/helmrelease.yaml "$TMP/hr/"
"$HALINT" fix "$TMP/hr" --select HA501 >/dev/null
"$HALINT" check "$TMP/hr" --select HA501 >/dev/null
[ $? -eq 0 ] && ok || fail "HelmRelease values policy fixed"
grep -q "deschedule:" "$TMP/hr/helmrelease.yaml" && grep -q -- "- LowNodeUtilization" "$TMP/hr/helmrelease.yaml" && ok ||
  fail "RemovePodsViolatingNodeAffinity moved, LowNodeUtilization kept"

# --- HA103, HA304: safe fixes apply and silence the rule ---------------------------------
for scen in HA103/fire/parallel-do-not-schedule HA103/fire/when-unsatisfiable-omitted HA304/fire/no-policy; do
  code=${scen%%/*}
  d="$TMP/$(echo "$scen" | tr / _)"
  mkdir -p "$d/.git"
  cp -r "testdata/rules/$scen/." "$d/"
  "$HALINT" fix "$d" --select "$code" >/dev/null
  "$HALINT" check "$d" --select "$code" >/dev/null
  [ $? -eq 0 ] && ok || fail "$scen: fixed by halint fix"
done

# --- HA302, HA003: unsafe fixes only with --unsafe-fixes ---------------------------------
for scen in HA302/fire/min-available-equals-replicas HA003/fire/misspelled-fields; do
  code=${scen%%/*}
  d="$TMP/$(echo "$scen" | tr / _)"
  mkdir -p "$d/.git"
  cp -r "testdata/rules/$scen/." "$d/"
  "$HALINT" fix "$d" --select "$code" >/dev/null
  "$HALINT" check "$d" --select "$code" >/dev/null
  [ $? -eq 1 ] && ok || fail "$scen: not fixed without --unsafe-fixes"
  "$HALINT" fix "$d" --select "$code" --unsafe-fixes >/dev/null
  "$HALINT" check "$d" --select "$code" >/dev/null
  [ $? -eq 0 ] && ok || fail "$scen: fixed with --unsafe-fixes"
done

echo "catalog_fix_test: $pass passed, $fails failed"
[ "$fails" -eq 0 ]
