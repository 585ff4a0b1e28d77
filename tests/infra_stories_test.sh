#!/usr/bin/env bash
# The infrastructure stories of testdata/infra-stories/ (README there): third-party
# charts modelled through chart profiles, and HA105 on plain manifests. Checks each
# finding at its line, that `halint fix --unsafe-fixes` repairs the fixable ones in the
# values (golden diff: testdata/infra-stories.expected.diff), that a second check is clean
# of them and that a second fix changes nothing.
set -uo pipefail
HALINT=${HALINT:-build/halint}
HALINT=$(cd "$(dirname "$HALINT")" && pwd)/$(basename "$HALINT")
cd "${HALINT_SOURCE_DIR:-$(dirname "$0")/..}"
SRC=$PWD/testdata/infra-stories
GOLDEN=$PWD/testdata/infra-stories.expected.diff
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
has() { grep -qF -- "$2" "$3" || { fail "$1: '$2' not reported"; }; }
hasnt() { ! grep -qF -- "$2" "$3" || { fail "$1: '$2' unexpectedly reported"; }; }

cp -r "$SRC" "$tmp/repo"
cp -r "$SRC" "$tmp/orig"
cd "$tmp/repo" && git init -q .

"$HALINT" check . --format text --color never >"$tmp/before.txt" 2>&1
rc=$?
[ "$rc" = 1 ] || fail "check exits 1 (got $rc)"
B=$tmp/before.txt
# traefik: the chart's own strategy (maxSurge 1) under required anti-affinity, and no PDB.
has traefik 'infrastructure/traefik/helmrelease.yaml:19:5: error[HA401 rollout-blocked-by-anti-affinity]: Deployment "traefik" rolls out with maxSurge 1' "$B"
has traefik 'infrastructure/traefik/helmrelease.yaml:19:5: warning[HA301 missing-pdb]: Deployment "traefik" runs 2 replicas' "$B"
hasnt traefik 'HA101 missing-topology-spread]: Deployment "traefik"' "$B"
# cert-manager: replicas without spread or PDB; the cainjector's PDB at the default budget.
has cert-manager 'infrastructure/cert-manager/helmrelease.yaml:19:5: warning[HA101 missing-topology-spread]: Deployment "cert-manager" can run 2 replicas' "$B"
has cert-manager 'infrastructure/cert-manager/helmrelease.yaml:19:5: warning[HA301 missing-pdb]: Deployment "cert-manager" runs 2 replicas' "$B"
has cert-manager 'infrastructure/cert-manager/helmrelease.yaml:22:5: warning[HA101 missing-topology-spread]: Deployment "cert-manager-webhook"' "$B"
has cert-manager 'infrastructure/cert-manager/helmrelease.yaml:22:5: warning[HA301 missing-pdb]: Deployment "cert-manager-webhook"' "$B"
has cert-manager 'infrastructure/cert-manager/helmrelease.yaml:24:5: error[HA302 pdb-blocks-eviction]: PodDisruptionBudget "cert-manager-cainjector" allows no disruption: minAvailable 1 with 1 effective replica' "$B"
# coredns at its default single replica; the hand-written DNS and webhook backend.
has coredns 'infrastructure/coredns/helmrelease.yaml:13:5: warning[HA105 single-replica-critical]: Deployment "coredns" runs 1 replica' "$B"
has kube-dns 'infrastructure/kube-dns/deployment.yaml:8:13: warning[HA105 single-replica-critical]: Deployment "node-dns" runs 1 replica' "$B"
has policy-webhook 'infrastructure/policy-webhook/webhook.yaml:8:3: warning[HA105 single-replica-critical]: Deployment "policy-webhook" runs 1 replica' "$B"
has policy-webhook 'ValidatingWebhookConfiguration "policy-webhook", which fails closed' "$B"
# ingress-nginx: the chart's automatic PDB covers its two replicas.
hasnt ingress-nginx 'HA301 missing-pdb]: Deployment "ingress-nginx-controller"' "$B"
hasnt ingress-nginx 'HA101 missing-topology-spread]: Deployment "ingress-nginx-controller"' "$B"
# cilium: a misspelled values key the chart ignores.
has cilium 'infrastructure/cilium/helmrelease.yaml:21:7: error[HA003 invalid-field]: values operator.PodDisruptionBudget: unknown key "PodDisruptionBudget"' "$B"
# podinfo: older than its profile covers, nothing invented.
has podinfo 'infrastructure/podinfo/helmrelease.yaml:11:14: info[HA005 render-skipped]: not analysed: chart "podinfo" 6.9.2 is older than what halint'"'"'s profile "podinfo" covers (>=6.14.1) (HelmRelease apps/podinfo)' "$B"
hasnt podinfo 'Deployment "podinfo"' "$B"
has summary 'HelmReleases: 5 modelled, 1 not' "$B"

"$HALINT" check . --format json >"$tmp/before.json" 2>/dev/null
python3 - "$tmp/before.json" <<'PY' || fail "json summary"
import json, sys
s = json.load(open(sys.argv[1]))["summary"]
assert s["helmReleases"] == {"total": 6, "modelled": 5}, s["helmReleases"]
PY

"$HALINT" fix . --unsafe-fixes --color never >"$tmp/fix.txt" 2>&1
grep -q "0 fixes not applied" "$tmp/fix.txt" || { fail "every fix applies"; cat "$tmp/fix.txt" | tail -5; }
(cd "$tmp" && diff -ru -U2 --exclude=.git orig repo | grep -v '^diff -ru' | sed -E 's/^(---|\+\+\+) ([^\t]*)\t.*/\1 \2/') >"$tmp/got.diff"
if ! diff -u "$GOLDEN" "$tmp/got.diff" >"$tmp/golden.out"; then
  fail "fix diff differs from $GOLDEN"
  head -40 "$tmp/golden.out"
fi

"$HALINT" check . --format text --color never >"$tmp/after.txt" 2>&1
for code in HA101 HA105 HA301 HA302 HA401 HA003; do
  hasnt "after fix" "[$code " "$tmp/after.txt"
done
"$HALINT" fix . --unsafe-fixes --diff >"$tmp/again.diff" 2>/dev/null
rc=$?
[ "$rc" = 0 ] && [ ! -s "$tmp/again.diff" ] || fail "a second fix changes nothing (rc $rc)"

if [ "$fails" -ne 0 ]; then echo "$fails failure(s)"; exit 1; fi
echo "infra stories: ok"
