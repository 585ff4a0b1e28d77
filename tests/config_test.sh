#!/usr/bin/env bash
# .halint.yaml end to end (SPEC §5, issue 6 item 3): discovery, every key, every error
# path. A bad config is exit 2 with file:line:col, never a crash, never a half-applied lint.
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

# run DIR ARGS...: runs halint in DIR, captures $OUT $ERR $RC.
run() {
  local dir=$1; shift
  OUT=$(cd "$dir" && "$HALINT" "$@" "${SELECT[@]}" 2>"$WORK/stderr"); RC=$?
  ERR=$(cat "$WORK/stderr")
}
expect_rc() {  # name expected
  if [ "$RC" -eq "$2" ]; then pass; else fail "$1: exit $RC, expected $2"; echo "  stdout: $OUT" | head -5; echo "  stderr: $ERR" | head -5; fi
}
expect_err() {  # name substring
  if grep -qF -- "$2" <<<"$ERR"; then pass; else fail "$1: stderr lacks [$2]"; echo "  stderr: $ERR" | head -5; fi
}
expect_out() {
  if grep -qF -- "$2" <<<"$OUT"; then pass; else fail "$1: stdout lacks [$2]"; echo "  stdout: $OUT" | head -5; fi
}
expect_no_out() {
  if grep -qF -- "$2" <<<"$OUT"; then fail "$1: stdout has [$2]"; else pass; fi
}

# A repository whose one Deployment has a HA101 warning (3 replicas, no spread).
new_repo() {
  R=$WORK/$1
  rm -rf "$R"
  mkdir -p "$R/.git" "$R/apps/web"
  cat >"$R/apps/web/deploy.yaml" <<'EOF'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers: [{name: web, image: nginx}]
EOF
}

# --- no config: the defaults -------------------------------------------------------------
new_repo defaults
run "$R" check
expect_rc "defaults" 1
expect_out "defaults" "warning[HA101"

# --- failOn -----------------------------------------------------------------------------
new_repo failon
printf 'failOn: error\n' >"$R/.halint.yaml"
run "$R" check
expect_rc "failOn error, only a warning" 0
expect_out "failOn error still reports" "warning[HA101"
run "$R" check --fail-on warning
expect_rc "--fail-on overrides failOn" 1
printf 'failOn: never\n' >"$R/.halint.yaml"
run "$R" check
expect_rc "failOn never" 0

# --- rules: off / severity by code or name, flow or block forms -------------------------
new_repo rules
printf 'rules:\n  missing-topology-spread: off\n' >"$R/.halint.yaml"
run "$R" check
expect_rc "rule off by name" 0
expect_no_out "rule off by name" "HA101"
printf 'rules:\n  HA101: off\n' >"$R/.halint.yaml"
run "$R" check
expect_rc "rule off by code" 0
printf 'rules:\n  HA101: { severity: error }\n' >"$R/.halint.yaml"
run "$R" check
expect_rc "severity error" 1
expect_out "severity error" "error[HA101"
printf 'rules:\n  missing-topology-spread: info\n' >"$R/.halint.yaml"
run "$R" check
expect_rc "severity info below failOn" 0
expect_out "severity info" "info[HA101"
printf 'rules:\n  HA101: error\n  missing-topology-spread: off\n' >"$R/.halint.yaml"
run "$R" check
expect_rc "rule configured twice" 2
expect_err "rule configured twice" ".halint.yaml:3:3: rule HA101 is configured twice"

# --- exclude: globs relative to the config's directory, whatever path is linted ----------
new_repo exclude
mkdir -p "$R/apps/.archive" "$R/apps/legacy"
cp "$R/apps/web/deploy.yaml" "$R/apps/.archive/old.yaml"
cp "$R/apps/web/deploy.yaml" "$R/apps/legacy/old.yaml"
printf 'exclude: ["**/.archive/**", "apps/legacy/*.yaml"]\n' >"$R/.halint.yaml"
run "$R" check
expect_no_out "exclude **/.archive/**" ".archive"
expect_no_out "exclude apps/legacy" "legacy"
expect_out "exclude keeps the rest" "apps/web/deploy.yaml"
run "$R/apps" check .
expect_no_out "exclude from a subdirectory" "legacy/old.yaml"
expect_no_out "exclude from a subdirectory (.archive)" ".archive"
expect_out "exclude from a subdirectory keeps the rest" "web/deploy.yaml"
run "$R" check apps/legacy/old.yaml
expect_rc "an excluded file named explicitly stays excluded" 0
expect_no_out "excluded file named explicitly" "HA101"
run "$R" check apps/web/deploy.yaml
expect_rc "a file argument still linted" 1
# A --config outside the repository: its globs are relative to the repository root.
printf 'exclude: ["apps/web/*.yaml", "**/.archive/**", "apps/legacy/**"]\n' >"$WORK/outside.yaml"
run "$R" check --config "$WORK/outside.yaml"
expect_rc "outside --config: globs relative to the repository root" 0
expect_no_out "outside --config excludes" "HA101"

# --- kubernetesVersion -----------------------------------------------------------------
new_repo k8s
printf 'kubernetesVersion: "1.30"\n' >"$R/.halint.yaml"
run "$R" check
expect_rc "kubernetesVersion quoted" 1
printf 'kubernetesVersion: 1.30\n' >"$R/.halint.yaml"
run "$R" check
expect_rc "kubernetesVersion unquoted" 2
expect_err "kubernetesVersion unquoted" '.halint.yaml:1:20: kubernetesVersion: expected string, got number 1.30; quote it: kubernetesVersion: "1.30"'
printf 'kubernetesVersion: "v1.30"\n' >"$R/.halint.yaml"
run "$R" check
expect_rc "kubernetesVersion pattern" 2
expect_err "kubernetesVersion pattern" '.halint.yaml:1:20: kubernetesVersion: "v1.30" does not match the pattern'

# --- cluster ---------------------------------------------------------------------------
new_repo cluster
mkdir -p "$R/cluster"
cat >"$R/.halint.yaml" <<'EOF'
cluster:
  nodesFrom: cluster/nodes.yaml
  nodes:
    - name: w1
      labels: { role: primary }
      taints: [ { key: role, value: backup, effect: PreferNoSchedule } ]
      allocatable: { cpu: "4", memory: 16Gi, pods: 110 }
EOF
cat >"$R/cluster/nodes.yaml" <<'EOF'
apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Node
  metadata:
    name: w2
    labels: {kubernetes.io/hostname: w2, topology.kubernetes.io/zone: a}
  spec:
    taints: [{key: node-role.kubernetes.io/control-plane, effect: NoSchedule}]
  status:
    allocatable: {cpu: "4", memory: 16318496Ki, pods: "110"}
EOF
run "$R" check
expect_rc "cluster nodes inline + nodesFrom" 1
# nodesFrom is relative to the config file, not the working directory.
run "$R/apps" check .
expect_rc "nodesFrom from a subdirectory" 1
rm "$R/cluster/nodes.yaml"
run "$R" check
expect_rc "nodesFrom missing" 2
expect_err "nodesFrom missing" '.halint.yaml:2:14: cluster.nodesFrom: cannot read "cluster/nodes.yaml"'
printf 'apiVersion: v1\nkind: List\nitems: []\n' >"$R/cluster/nodes.yaml"
run "$R" check
expect_rc "nodesFrom without Node" 2
expect_err "nodesFrom without Node" "no Node in it"
printf 'items: [\n' >"$R/cluster/nodes.yaml"
run "$R" check
expect_rc "nodesFrom not YAML" 2
expect_err "nodesFrom not YAML" "cluster/nodes.yaml:2:1: YAML syntax error"
printf 'cluster:\n  nodes:\n    - name: w1\n      taints: [{key: a, effect: NoScheduel}]\n' >"$R/.halint.yaml"
run "$R" check
expect_rc "bad taint effect" 2
expect_err "bad taint effect" '.halint.yaml:4:33: cluster.nodes[0].taints[0].effect: invalid value "NoScheduel" (expected one of: NoSchedule, PreferNoSchedule, NoExecute) (did you mean "NoSchedule"?)'
printf 'cluster:\n  nodes:\n    - labels: {a: b}\n' >"$R/.halint.yaml"
run "$R" check
expect_rc "node without name" 2
expect_err "node without name" 'missing required field "name"'
printf 'cluster:\n  nodes:\n    - name: w1\n      labels: {zone: 1}\n' >"$R/.halint.yaml"
run "$R" check
expect_rc "label value not a string" 2
expect_err "label value not a string" '.halint.yaml:4:22: cluster.nodes[0].labels.zone: expected string, got integer 1'

# --- fix -------------------------------------------------------------------------------
new_repo fix
printf 'fix:\n  rollout: recreate\n  pdb: { maxUnavailable: "50%%" }\n' >"$R/.halint.yaml"
run "$R" check
expect_rc "fix preferences" 1
printf 'fix:\n  rollout: Recreate\n' >"$R/.halint.yaml"
run "$R" check
expect_rc "fix.rollout bad enum" 2
expect_err "fix.rollout bad enum" '.halint.yaml:2:12: fix.rollout: invalid value "Recreate" (expected one of: maxSurgeZero, recreate) (did you mean "recreate"?)'
printf 'fix:\n  pdb: { maxUnavailable: 0 }\n' >"$R/.halint.yaml"
run "$R" check
expect_rc "fix.pdb.maxUnavailable minimum" 2
expect_err "fix.pdb.maxUnavailable minimum" 'fix.pdb.maxUnavailable: value 0 is less than the minimum 1'
printf 'fix:\n  pdb: { maxUnavailable: true }\n' >"$R/.halint.yaml"
run "$R" check
expect_rc "fix.pdb.maxUnavailable type" 2
expect_err "fix.pdb.maxUnavailable type" 'expected integer or string, got boolean true'

# --- discovery ---------------------------------------------------------------------------
new_repo discover
printf 'failOn: never\n' >"$R/.halint.yaml"
run "$R/apps/web" check .
expect_rc "config found in a parent directory" 0
run "$R" check apps/web/deploy.yaml
expect_rc "config found for a file argument" 0
rm "$R/.halint.yaml"
printf 'failOn: never\n' >"$R/.halint.yml"
run "$R" check
expect_rc ".halint.yml" 0
rm "$R/.halint.yml"
printf 'failOn: never\n' >"$R/apps/.halint.yaml"
run "$R/apps/web" check .
expect_rc "nearest config wins" 0
rm "$R/apps/.halint.yaml"
# Above the repository root: not this repository's config.
printf 'failOn: never\n' >"$WORK/.halint.yaml"
run "$R" check
expect_rc "config above the repository root is ignored" 1
rm "$WORK/.halint.yaml"
printf 'failOn: never\n' >"$WORK/elsewhere.yaml"
run "$R" check --config "$WORK/elsewhere.yaml"
expect_rc "--config FILE" 0
run "$R" check --config "$WORK/missing.yaml"
expect_rc "--config missing" 2
expect_err "--config missing" "missing.yaml: cannot read config file: no such file"
run "$R" check --config "$WORK"
expect_rc "--config a directory" 2

# --- error paths: every one is exit 2 with a location ----------------------------------
new_repo errors
cat >"$R/.halint.yaml" <<'EOF'
failOn: error
rules:
  HA101: off
rulez: {}
EOF
run "$R" check
expect_rc "unknown key" 2
expect_err "unknown key" '.halint.yaml:4:1: unknown key "rulez" (did you mean "rules"?)'
# Never half a config: failOn and rules were valid, but nothing was linted.
expect_no_out "nothing linted with a bad config" "HA101"
printf 'fix:\n  rolout: recreate\n' >"$R/.halint.yaml"
run "$R" check
expect_rc "unknown nested key" 2
expect_err "unknown nested key" '.halint.yaml:2:3: unknown key "rolout" in "fix" (did you mean "rollout"?)'
printf 'rules:\n  missng-pdb: off\n' >"$R/.halint.yaml"
run "$R" check
expect_rc "unknown rule" 2
expect_err "unknown rule" '.halint.yaml:2:3: unknown rule "missng-pdb" (did you mean "missing-pdb"?)'
printf 'failOn: warn\n' >"$R/.halint.yaml"
run "$R" check
expect_rc "bad enum" 2
expect_err "bad enum" '.halint.yaml:1:9: failOn: invalid value "warn" (expected one of: error, warning, info, never)'
printf 'rules:\n  HA101: { severity: fatal }\n' >"$R/.halint.yaml"
run "$R" check
expect_rc "bad severity" 2
expect_err "bad severity" '.halint.yaml:2:22: rules.HA101.severity: invalid value "fatal"'
printf 'exclude: "**/.archive/**"\n' >"$R/.halint.yaml"
run "$R" check
expect_rc "wrong type" 2
expect_err "wrong type" '.halint.yaml:1:10: exclude: expected array, got string "**/.archive/**"'
printf 'failOn: error\nrules:\n  HA101: [off\n' >"$R/.halint.yaml"
run "$R" check
expect_rc "YAML syntax error" 2
expect_err "YAML syntax error" '.halint.yaml:4:1: YAML syntax error:'
printf 'failOn: error\nfailOn: never\n' >"$R/.halint.yaml"
run "$R" check
expect_rc "duplicate key" 2
expect_err "duplicate key" '.halint.yaml:2:1: duplicate key "failOn" (first on line 1)'
printf 'failOn: error\n---\nfailOn: never\n' >"$R/.halint.yaml"
run "$R" check
expect_rc "two documents" 2
expect_err "two documents" "holds one YAML document"
printf -- '- failOn\n' >"$R/.halint.yaml"
run "$R" check
expect_rc "config is a list" 2
expect_err "config is a list" ".halint.yaml:1:1: expected object, got array"
printf 'failOn: error\nfailOn: never\n' >"$R/.halint.yaml"
run "$R" check --format json
expect_rc "bad config with --format json" 2
[ -z "$OUT" ] && pass || fail "a bad config prints no report"
# Several problems: all reported, in file order.
printf 'rulez: {}\nfailOn: warn\nfix: {rollout: x}\n' >"$R/.halint.yaml"
run "$R" check
expect_rc "several problems" 2
[ "$(grep -c '^.halint.yaml:' <<<"$ERR")" -eq 3 ] && pass || fail "several problems: expected 3 lines, got: $ERR"

# An empty config (or only comments) is the defaults.
: >"$R/.halint.yaml"
run "$R" check
expect_rc "empty config" 1
printf '# yaml-language-server: $schema=https://halint.io/schemas/config.schema.json\n' >"$R/.halint.yaml"
run "$R" check
expect_rc "comment-only config" 1

# --- robustness: garbage never crashes --------------------------------------------------
i=0
while IFS= read -r cfg; do
  i=$((i + 1))
  printf '%b' "$cfg" >"$R/.halint.yaml"
  run "$R" check
  expect_rc "garbage config #$i ($cfg)" 2
done <<'EOF'
rules: [a, b]
rules: {HA101: {severity: error, extra: 1}}
rules: {HA101: {}}
rules: {? [a]: off}
cluster: {nodes: x}
cluster: {nodes: [{}]}
cluster: {nodes: [1, 2]}
cluster: {nodesFrom: 12}
cluster: {nodesFrom: /nonexistent/nodes.yaml}
cluster: {nodes: [{name: a, allocatable: {gpu: 1}}]}
cluster: {nodes: [{name: a, taints: [{effect: NoSchedule}]}]}
exclude: [1, {a: b}]
failOn: &a error\nkubernetesVersion: *a
!!binary AAAA
\x00\x01\x02
a: b: c
failOn: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]
fix: {pdb: {maxUnavailable: "50"}}
fix: null\nrulez: 1
"just a string"
EOF
# Deep nesting: no crash.
python3 -c "print('rules: ' + '['*5000 + ']'*5000)" >"$R/.halint.yaml"
run "$R" check
expect_rc "deeply nested config" 2

echo "config_test: $PASSES passed, $FAILS failed"
[ "$FAILS" -eq 0 ]
