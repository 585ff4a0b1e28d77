#!/usr/bin/env bash
# `halint charts`: the shipped chart profiles and their version ranges (text and JSON),
# a user profile from the config's `charts:` listed first and replacing the shipped one of
# its name, and a broken user profile as a config error (exit 2, file:line:col).
set -uo pipefail
HALINT=${HALINT:-build/halint}
HALINT=$(cd "$(dirname "$HALINT")" && pwd)/$(basename "$HALINT")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { if ! eval "$2"; then echo "FAIL: $1"; fail=1; fi; }

cd "$tmp" && mkdir .git
out=$("$HALINT" charts); rc=$?
check "charts exits 0" '[ $rc = 0 ]'
check "lists traefik with its range" 'grep -qE "^traefik +>=17.0.0" <<<"$out"'
check "lists cert-manager overrides" 'grep -qE "^cert-manager +>=1.9.0 \(differs for" <<<"$out"'
check "both snapshot-controller charts" '[ $(grep -c "chart snapshot-controller" <<<"$out") = 2 ]'
check "summary line" 'grep -qE "^[0-9]+ chart profiles \(0 from the config\)" <<<"$out"'
json=$("$HALINT" charts --format json)
check "json lists at least 25 profiles with versions" 'python3 -c "
import json,sys; d=json.loads(sys.argv[1]); assert len(d) >= 25; assert all(p[\"versions\"] and p[\"charts\"] and p[\"shipped\"] for p in d)
" "$json"'

mkdir -p charts
cat > charts/traefik.yaml <<'YAML'
profile: 1
name: traefik
charts: [traefik]
versions: ">=30.0.0"
workloads: []
YAML
printf 'charts:\n  - charts/\n' > .halint.yaml
out=$("$HALINT" charts)
check "user profile listed with its file" 'grep -qE "^traefik +>=30.0.0 +\[charts/traefik.yaml\]" <<<"$out"'
check "shipped traefik replaced" '[ $(grep -c "^traefik " <<<"$out") = 1 ]'
check "summary counts the config" 'grep -q "(1 from the config)" <<<"$out"'

printf 'profile: 1\ncharts: [x]\nversions: ">=1.0.0"\nworkloads:\n  - id: a\n    kind: Pod\n' > charts/bad.yaml
err=$("$HALINT" charts 2>&1 >/dev/null); rc=$?
check "broken profile exits 2" '[ $rc = 2 ]'
check "error names file:line:col" 'grep -q "charts/bad.yaml:6:11:" <<<"$err"'
"$HALINT" check . >/dev/null 2>&1; rc=$?
check "check exits 2 on a broken profile" '[ $rc = 2 ]'

exit $fail
