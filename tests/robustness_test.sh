#!/usr/bin/env bash
# Nothing a user can put in a repository may crash or hang halint (issue 2): hostile
# files, deep nesting, alias bombs, a 50 MB file, symlink loops, FIFOs, unreadable
# files, Helm templates and Jinja files. Every run is under `timeout`; a crash (signal,
# exit >= 128) or a hang fails the test. Inputs are generated in a temp dir.
set -uo pipefail
HALINT=${HALINT:?set HALINT to the halint binary}
TMP=$(mktemp -d)
trap 'chmod -R u+rwx "$TMP" 2>/dev/null; rm -rf "$TMP"' EXIT
fails=0
pass=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { pass=$((pass + 1)); }

# check_dir NAME EXPECTED_RCS SECONDS DIR [ARGS...]: runs `halint check` on DIR.
check_dir() {
  local name=$1 want=$2 limit=$3 dir=$4
  shift 4
  local start=$SECONDS
  timeout "$limit" "$HALINT" check "$dir" --color never "$@" >"$TMP/out" 2>"$TMP/err"
  local rc=$?
  if [ "$rc" = 124 ]; then fail "$name: hung (killed after ${limit}s)"; return; fi
  if [ "$rc" -ge 128 ]; then fail "$name: crashed (exit $rc)"; sed 's/^/    /' "$TMP/err" | head -5; return; fi
  if [[ " $want " != *" $rc "* ]]; then fail "$name: exit $rc, expected one of: $want"; sed 's/^/    /' "$TMP/err" | head -5; return; fi
  ok
  [ $((SECONDS - start)) -gt 5 ] && echo "note: $name took $((SECONDS - start))s"
  return 0
}
has() { if grep -aqE -- "$2" "$3"; then ok; else fail "$1: /$2/ not in output"; head -c 600 "$3" | sed 's/^/    /'; fi; }
hasnt() { if grep -aqE -- "$2" "$3"; then fail "$1: /$2/ in output"; head -c 600 "$3" | sed 's/^/    /'; else ok; fi; }

# one NAME EXPECTED_RCS yes|no|maybe < CONTENT: a directory with one file x.yaml; yes/no:
# HA001 must / must not be reported.
one() {
  local name=$1 want=$2 ha001=$3
  local dir="$TMP/$name"
  mkdir -p "$dir"
  cat >"$dir/x.yaml"
  check_dir "$name" "$want" 60 "$dir"
  if [ "$ha001" = yes ]; then has "$name: HA001" 'x\.yaml:[0-9]+:[0-9]+: error\[HA001' "$TMP/out"
  elif [ "$ha001" = no ]; then hasnt "$name: no HA001" 'HA001' "$TMP/out"; fi
}

one empty 0 no </dev/null
one comments-only 0 no < <(printf '\n\n# only a comment\n')
one binary 1 yes < <(head -c 65536 /dev/urandom)
one invalid-utf8 1 yes < <(printf 'a: caf\xc3\xa9\nb: \xff\xfe\xfd\n')
one nul-byte 1 yes < <(printf 'a: b\0c: d\n')
has "nul-byte: position of the NUL" 'x\.yaml:1:5: ' "$TMP/out"
one crlf 0 no < <(printf 'apiVersion: v1\r\nkind: ConfigMap\r\nmetadata:\r\n  name: crlf\r\ndata:\r\n  k: |\r\n    v\r\n')
one bom 0 no < <(printf '\xef\xbb\xbfapiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bom\n')
one bom-only 0 no < <(printf '\xef\xbb\xbf')
one crlf-broken 1 yes < <(printf 'apiVersion: v1\r\nkind: ConfigMap\r\nmetadata:\r\n  name: [oops\r\n')
has "crlf-broken: line counted once per CRLF" 'x\.yaml:[45]:[0-9]+: error\[HA001' "$TMP/out"
one utf16 1 yes < <(printf '\xff\xfea\x00:\x00 \x00b\x00\n\x00')
one deep-flow-seq 1 yes < <(python3 -c "print('[' * 100000)")
has "deep-flow-seq: nesting cap" 'nesting deeper than' "$TMP/out"
one deep-flow-map 1 yes < <(python3 -c "print('{a: ' * 100000)")
one deep-block-seq 1 yes < <(python3 -c "print('- ' * 100000 + 'x')")
# 100,000 levels of block-map indentation would be 5 GB; 3,000 levels (4.5 MB) pass the cap.
one deep-block-map 1 yes < <(python3 -c "import sys; sys.stdout.write(''.join(' ' * i + 'a:\n' for i in range(3000)))")
one billion-laughs 1 yes < <(python3 -c "
print('a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]')
p = 'a'
for n in 'bcdefghij':
    print(n + ': &' + n + ' [' + ', '.join(['*' + p] * 9) + ']'); p = n")
has "billion-laughs: alias cap" 'excessive aliasing' "$TMP/out"
one merge-bomb "0 1" maybe < <(python3 -c "
print('a: &a {k0: 1, k1: 2, k2: 3, k3: 4}')
p = 'a'
for n in 'bcdefghijklmnopqrstuvwxyz':
    print(n + ': &' + n + ' {<<: [' + ', '.join(['*' + p] * 4) + '], ' + n + ': [' + ', '.join(['*' + p] * 4) + ']}'); p = n")
one empty-list 0 no < <(printf 'apiVersion: v1\nkind: List\nitems:\n')
one list-with-scalar-items "0 1" maybe < <(printf 'apiVersion: v1\nkind: List\nitems: 3\n')
one wrong-shapes "0 1" no < <(printf 'apiVersion: apps/v1\nkind: Deployment\nmetadata: 7\nspec: [1, 2]\n')
one unresolved-and-wrong-types "0 1" no < <(printf 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec:\n  replicas: ${REPLICAS}\n  template: {spec: {affinity: 5, topologySpreadConstraints: x}}\n')
one top-level-sequence 0 no < <(printf -- '- a\n- b\n')
one empty-documents 0 no < <(printf -- '---\n---\n...\n---\n')
one complex-keys 0 no < <(printf '? [a, b]\n: complex\n{x: y}: z\n')

# A 50 MB file: bounded time (a minute on a 2-core CI machine) and no crash.
big="$TMP/big"
mkdir -p "$big"
python3 - "$big/big.yaml" <<'EOF'
import sys
doc = """---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web-%d
  namespace: default
spec:
  replicas: 1
  selector:
    matchLabels: {app: web-%d}
  template:
    metadata:
      labels: {app: web-%d}
    spec:
      containers:
        - name: web
          image: nginx:1.27
          args: ["--port", "8080", "--verbose"]
"""
with open(sys.argv[1], "w") as f:
    n = i = 0
    while n < 50 * 1024 * 1024:
        s = doc % (i, i, i)
        f.write(s)
        n += len(s)
        i += 1
EOF
check_dir "50MB-file" "0 1" 120 "$big" --select HA001,HA101
rm -rf "$big"

# Symlink loops: a directory symlink to an ancestor, a file symlink to itself, a
# dangling symlink, a symlinked directory named like a manifest.
loop="$TMP/loop"
mkdir -p "$loop/a/b"
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: real}\n' >"$loop/a/real.yaml"
ln -s .. "$loop/a/b/up"
ln -s ../../a "$loop/a/b/again"
ln -s self.yaml "$loop/self.yaml"
ln -s nowhere.yaml "$loop/dangling.yaml"
ln -s a "$loop/dir.yaml"
check_dir "symlink-loops" "0 1" 30 "$loop"
has "symlink-loops: the real file is read once" 'in 1 file' "$TMP/out"
timeout 30 "$HALINT" check "$loop/self.yaml" >"$TMP/out" 2>"$TMP/err"
rc=$?
if [ "$rc" = 2 ]; then ok; else fail "a self-referencing symlink as argument: exit $rc, expected 2"; fi

# A FIFO named *.yaml must not block the walk, nor a run that names it.
fifo="$TMP/fifo"
mkdir -p "$fifo"
mkfifo "$fifo/pipe.yaml"
check_dir "fifo-in-dir" "0" 30 "$fifo"
timeout 30 "$HALINT" check "$fifo/pipe.yaml" >"$TMP/out" 2>"$TMP/err"
rc=$?
if [ "$rc" = 2 ]; then ok; else fail "a FIFO as argument: exit $rc, expected 2 (rc 124 = hung)"; fi

# An unreadable file is an unreadable path: exit 2 naming it. root reads through
# chmod 000, so as root the check runs as nobody (runuser/setpriv) when possible.
unr="$TMP/unreadable"
mkdir -p "$unr"
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok}\n' >"$unr/ok.yaml"
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: secret}\n' >"$unr/secret.yaml"
chmod 000 "$unr/secret.yaml"
as_user=()
if [ "$(id -u)" = 0 ]; then
  chmod 755 "$TMP"
  if command -v setpriv >/dev/null && setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null; then
    as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
  else
    as_user=(skip)
  fi
fi
if [ "${as_user[0]:-}" = skip ]; then
  echo "note: running as root without setpriv: unreadable-file case skipped"
elif ! "${as_user[@]}" test -x "$HALINT" 2>/dev/null; then
  echo "note: $HALINT not executable by nobody: unreadable-file case skipped"
else
  (cd "$TMP" && timeout 30 "${as_user[@]}" "$HALINT" check unreadable) >"$TMP/out" 2>"$TMP/err"
  rc=$?
  if [ "$rc" = 2 ]; then ok; else fail "unreadable file: exit $rc, expected 2"; cat "$TMP/err"; fi
  has "unreadable file named" 'secret\.yaml: cannot read file: Permission denied' "$TMP/err"
fi
chmod 644 "$unr/secret.yaml"

# Helm chart templates/ and Jinja files are skipped and counted, never an error.
helm="$TMP/helm"
mkdir -p "$helm/chart/templates/sub" "$helm/ansible"
printf 'apiVersion: v2\nname: demo\nversion: 1.0.0\n' >"$helm/chart/Chart.yaml"
printf 'replicaCount: 3\n' >"$helm/chart/values.yaml"
printf 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n{{ toYaml .Values.spec | indent 2 }}\n' >"$helm/chart/templates/deploy.yaml"
printf '{{- define "x" -}}\n{{ end }}\n' >"$helm/chart/templates/_helpers.tpl"
printf 'a: {{ oops\n' >"$helm/chart/templates/sub/nested.yaml"
printf 'a: {%% for x in y %%}\n' >"$helm/ansible/pool.yaml.j2"
printf 'name: {{ jinja }}\n' >"$helm/ansible/config.yml.j2"
mkdir -p "$helm/notachart/templates"
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: plain}\n' >"$helm/notachart/templates/cm.yaml"
check_dir "helm-and-jinja" "0" 30 "$helm" --format json
if python3 - "$TMP/out" <<'EOF'; then ok; else fail "helm-and-jinja: skipped counts"; cat "$TMP/out" | head -30; fi
import json, sys
d = json.load(open(sys.argv[1]))
assert not any(f["rule"] == "HA001" for f in d["findings"]), d["findings"]
assert d["skipped"] == {"helmTemplates": 3, "jinja": 2}, d.get("skipped")
# Chart.yaml, values.yaml and the templates/ dir of a directory that is not a chart
assert d["summary"]["files"] == 3, d["summary"]
EOF
check_dir "helm-and-jinja text" "0" 30 "$helm"
has "helm-and-jinja: summary mentions the skip" 'skipped 3 Helm template' "$TMP/out"

echo "robustness_test: $pass passed, $fails failed"
[ "$fails" = 0 ]
