#!/usr/bin/env bash
# `halint fix` on the command line: --diff writes nothing and exits 1, fix writes
# atomically keeping permissions, unsafe fixes wait for --unsafe-fixes, refused fixes are
# reported with their reason, file arguments fix only those files, exit codes follow
# --fail-on after fixing.
set -uo pipefail
HALINT=${HALINT:-build/halint}
HALINT=$(cd "$(dirname "$HALINT")" && pwd)/$(basename "$HALINT")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { if ! eval "$2"; then echo "FAIL: $1"; fail=1; fi; }

deploy() {  # name replicas
  cat <<YAML
apiVersion: apps/v1
kind: Deployment
metadata:
  name: $1
spec:
  replicas: $2
  selector:
    matchLabels:
      app: $1
  template:
    metadata:
      labels:
        app: $1
    spec:
      containers:
        - name: $1
          image: nginx
YAML
}

cd "$tmp"
deploy web 3 > web.yaml
deploy api 3 > api.yaml
chmod 600 web.yaml
cp web.yaml web.orig

out=$("$HALINT" fix . --diff --select HA101 2>err.txt); rc=$?
check "--diff exits 1 when it would change something" '[ $rc = 1 ]'
check "--diff prints a unified diff" 'grep -q "^+++ b/web.yaml" <<<"$out" && grep -q "^+      topologySpreadConstraints:" <<<"$out"'
check "--diff writes nothing" 'cmp -s web.yaml web.orig'
check "--diff summary on stderr" 'grep -q "would apply 2 fixes" err.txt'

out=$("$HALINT" fix web.yaml --select HA101); rc=$?
check "a file argument fixes only that file" 'grep -q topologySpreadConstraints web.yaml && ! grep -q topologySpreadConstraints api.yaml'
check "permissions are kept" '[ "$(stat -c %a web.yaml)" = 600 ]'
check "summary line" 'grep -q "^applied 1 fix, 0 fixes not applied, 1 file changed" <<<"$out"'
check "no temporary file left" '[ -z "$(ls -A | grep halint)" ]'
"$HALINT" fix . --select HA101 >/dev/null
out=$("$HALINT" fix . --diff --select HA101 2>/dev/null); rc=$?
check "second run changes nothing" '[ $rc = 0 ] && [ -z "$out" ]'

# Unsafe fixes wait for --unsafe-fixes.
mkdir unsafe && cd unsafe
cat > pinned.yaml <<'YAML'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: pinned
spec:
  selector:
    matchLabels:
      app: pinned
  template:
    metadata:
      labels:
        app: pinned
    spec:
      nodeSelector:
        kubernetes.io/hostname: node-a
      containers:
        - name: pinned
          image: nginx
YAML
cp pinned.yaml pinned.orig
out=$("$HALINT" fix . --select HA201); rc=$?
check "unsafe fix not applied without --unsafe-fixes" 'cmp -s pinned.yaml pinned.orig'
check "summary mentions --unsafe-fixes" 'grep -q "available with --unsafe-fixes" <<<"$out"'
check "remaining warning fails at the default --fail-on" '[ $rc = 1 ]'
out=$("$HALINT" fix . --select HA201 --unsafe-fixes); rc=$?
check "unsafe fix applied with --unsafe-fixes" 'grep -q preferredDuringSchedulingIgnoredDuringExecution pinned.yaml && ! grep -q nodeSelector pinned.yaml'
check "nothing left: exit 0" '[ $rc = 0 ]'
cd ..

# A refused fix is reported with its reason and leaves the file untouched.
mkdir refused && cd refused
printf 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: tabs}\nspec:\n  replicas: 2\n  selector: {matchLabels: {app: tabs}}\n  template:\n    metadata: {labels: {app: tabs}}\n    spec: {\n\tcontainers: [{name: tabs, image: nginx}]\n    }\n' > tabs.yaml
cp tabs.yaml tabs.orig
out=$("$HALINT" fix . --select HA101); rc=$?
check "refused fix leaves the file untouched" 'cmp -s tabs.yaml tabs.orig'
check "refusal reported with its reason" 'grep -q "tabs.yaml:9:5: HA101 fix not applied: the mapping is indented with tabs" <<<"$out"'
check "summary counts the refusal" 'grep -q "^applied 0 fixes, 1 fix not applied, 0 files changed" <<<"$out"'
cd ..

# A fix that would make a render fail that built before is undone (SPEC §7): removing
# the base's replicas for the HPA (HA402, through overlay b) would leave overlay a's JSON
# patch `replace /spec/replicas` with nothing to replace.
mkdir -p renders/.git renders/base renders/a renders/b && cd renders
deploy web 2 > base/deployment.yaml
printf -- '---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: web\n  minReplicas: 2\n  maxReplicas: 4\n' >> base/deployment.yaml
printf 'resources:\n  - deployment.yaml\n' > base/kustomization.yaml
printf 'namespace: a\nresources:\n  - ../base\npatches:\n  - target:\n      kind: Deployment\n      name: web\n    patch: |-\n      - op: replace\n        path: /spec/replicas\n        value: 3\n' > a/kustomization.yaml
printf 'namespace: b\nresources:\n  - ../base\n' > b/kustomization.yaml
cp base/deployment.yaml deployment.orig
out=$("$HALINT" fix . --select HA402 2>&1); rc=$?
check "a fix that breaks a render is undone" 'cmp -s base/deployment.yaml deployment.orig'
check "the undone fix is reported" 'grep -q "HA402 fix not applied: a kustomization or Flux Kustomization that built before would fail to build" <<<"$out"'
out=$("$HALINT" check . --select HA004 2>&1); rc=$?
check "every render still builds" '[ $rc = 0 ]'
cd ..

exit $fail
