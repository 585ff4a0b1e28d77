#!/usr/bin/env python3
"""Corpus round trip of `halint fix` (safe fixes). Skips when ../shared/corpus is absent.

Copies the corpus to a scratch directory, runs `halint fix` in each repository, then checks:
- every changed file still parses (PyYAML, when it parsed before; halint reports no HA001);
- outside the fix regions every line is byte-identical: the diff of each file is made of
  small hunks, and no blank or comment line is lost unless its hunk deletes YAML too;
- a second `halint fix` changes nothing;
- every kustomize root that `kubectl kustomize` rendered before, and whose inputs changed,
  still renders, and its output differs only in fields that fixes set (or new PDBs).
Prints files changed, fixes applied and fixes refused by reason."""
import collections
import concurrent.futures
import difflib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HALINT = os.path.abspath(os.environ.get("HALINT", "build/halint"))
SRC = os.environ.get("HALINT_SOURCE_DIR", os.getcwd())
CORPUS = os.path.normpath(os.path.join(SRC, "..", "shared", "corpus"))
# Fields that the fixes of SPEC §3 add, replace or remove.
FIXED_FIELDS = {"topologySpreadConstraints", "labelSelector", "matchLabels", "whenUnsatisfiable", "strategy",
                "rollingUpdate", "maxSurge", "maxUnavailable", "minAvailable", "replicas", "affinity",
                "nodeAffinity", "nodeSelector", "unhealthyPodEvictionPolicy", "type", "updateStrategy",
                # Fixes of modelled charts edit the HelmRelease values where the chart reads them
                # (chart profiles: PDB enable flags and maps, replica counts).
                "podDisruptionBudget", "enabled", "replicaCount", "pdb", "create",
                # app-template values (docs/helm.md)
                "pod", "defaultPodOptions"}
# A ConfigMap generated from a values file changes its name hash when a fix edits the file.
HASHED = re.compile(r"-[a-z0-9]{10}$")

if not os.path.isdir(CORPUS):
    print(f"SKIP: corpus not found at {CORPUS}")
    sys.exit(0)
try:
    import yaml
except ImportError:
    yaml = None

start = time.time()
failures = []


def snapshot(d):
    out = {}
    for root, dirs, files in os.walk(d):
        dirs[:] = [x for x in dirs if x != ".git"]
        for f in files:
            p = os.path.join(root, f)
            try:
                with open(p, "rb") as fh:
                    out[os.path.relpath(p, d)] = fh.read()
            except OSError:
                pass
    return out


def pyyaml_ok(data):
    if yaml is None:
        return True
    try:
        list(yaml.safe_load_all(data))
        return True
    except Exception:
        return False


KUST_NAMES = ("kustomization.yaml", "kustomization.yml", "Kustomization")


def kustomize_dirs(root):
    out = []
    for d, dirs, files in os.walk(root):
        dirs[:] = [x for x in dirs if x != ".git"]
        if any(n in files for n in KUST_NAMES):
            out.append(d)
    return out


def referenced_dirs(kdir, seen=None):
    """Directories whose files a kustomization may read (over-approximation)."""
    seen = set() if seen is None else seen
    if kdir in seen:
        return seen
    seen.add(kdir)
    for n in KUST_NAMES:
        p = os.path.join(kdir, n)
        if not os.path.exists(p):
            continue
        text = open(p, encoding="utf-8", errors="replace").read()
        for ref in re.findall(r"(?:^|\s|-\s*|path:\s*)((?:\.\./|\./)?[\w.\-/]+)", text):
            q = os.path.normpath(os.path.join(kdir, ref))
            if os.path.isdir(q) and q.startswith(os.path.dirname(CORPUS_COPY)):
                referenced_dirs(q, seen)
            elif os.path.isfile(q):
                seen.add(os.path.dirname(q))
    return seen


def render(d):
    r = subprocess.run(["kubectl", "kustomize", d], capture_output=True, timeout=120)
    return r.returncode == 0, r.stdout


def doc_key(doc):
    if not isinstance(doc, dict):
        return None
    md = doc.get("metadata") or {}
    name = md.get("name")
    if doc.get("kind") in ("ConfigMap", "Secret") and isinstance(name, str):
        name = HASHED.sub("-<hash>", name)
    return (doc.get("apiVersion"), doc.get("kind"), md.get("namespace"), name)


def parsed_data(doc):
    """A generated ConfigMap's values file compared as YAML (a fix edits it in place), and
    a HelmRelease's reference to it by its hashed name."""
    if isinstance(doc, dict) and doc.get("kind") == "HelmRelease" and isinstance(doc.get("spec"), dict):
        refs = doc["spec"].get("valuesFrom")
        if isinstance(refs, list):
            out = dict(doc, spec=dict(doc["spec"]))
            out["spec"]["valuesFrom"] = [dict(r, name=HASHED.sub("-<hash>", r["name"]))
                                         if isinstance(r, dict) and isinstance(r.get("name"), str) else r for r in refs]
            return out
    if not isinstance(doc, dict) or doc.get("kind") != "ConfigMap" or not isinstance(doc.get("data"), dict):
        return doc
    out = dict(doc)
    data = {}
    for k, v in doc["data"].items():
        try:
            data[k] = yaml.safe_load(v) if isinstance(v, str) and k.endswith((".yaml", ".yml")) else v
        except Exception:
            data[k] = v
    out["data"] = data
    out["metadata"] = dict(doc.get("metadata") or {}, name=doc_key(doc)[3])
    return out


def diff_paths(a, b, path=()):
    if type(a) is not type(b):
        return [path]
    if isinstance(a, dict):
        out = []
        for k in set(a) | set(b):
            if k not in a or k not in b:
                out.append(path + (k,))
            else:
                out += diff_paths(a[k], b[k], path + (k,))
        return out
    if isinstance(a, list):
        if len(a) != len(b):
            return [path]
        out = []
        for i, (x, y) in enumerate(zip(a, b)):
            out += diff_paths(x, y, path + (i,))
        return out
    return [] if a == b else [path]


def render_diff_ok(before, after):
    if yaml is None:
        return True, ""
    try:
        a = {doc_key(d): d for d in yaml.safe_load_all(before) if d}
        b = {doc_key(d): d for d in yaml.safe_load_all(after) if d}
    except Exception as e:
        return False, f"output does not parse: {e}"
    for k in set(a) - set(b):
        return False, f"object {k} disappeared"
    for k in set(b) - set(a):
        if k[1] != "PodDisruptionBudget":
            return False, f"new object {k}"
    for k in set(a) & set(b):
        for p in diff_paths(parsed_data(a[k]), parsed_data(b[k])):
            if not any(isinstance(c, str) and c in FIXED_FIELDS for c in p):
                return False, f"{k}: unexpected change at {'.'.join(map(str, p))}"
    return True, ""


with tempfile.TemporaryDirectory() as tmp:
    CORPUS_COPY = os.path.join(tmp, "corpus")
    shutil.copytree(CORPUS, CORPUS_COPY, symlinks=True)
    repos = sorted(d for d in os.listdir(CORPUS_COPY) if os.path.isdir(os.path.join(CORPUS_COPY, d)))
    before = snapshot(CORPUS_COPY)

    applied = 0
    refused = collections.Counter()
    summary_re = re.compile(r"^applied (\d+) fix(?:es)?, (\d+) fix(?:es)? not applied, (\d+) files? changed")
    for repo in repos:
        r = subprocess.run([HALINT, "fix", "--quiet", "."], cwd=os.path.join(CORPUS_COPY, repo), capture_output=True,
                           timeout=300)
        if r.returncode == 2:
            failures.append(f"{repo}: halint fix exited 2: {r.stderr.decode(errors='replace')[:500]}")
        for line in r.stdout.decode(errors="replace").splitlines():
            m = summary_re.match(line)
            if m:
                applied += int(m.group(1))
            elif " fix not applied: " in line:
                refused[line.split(" fix not applied: ", 1)[1]] += 1
    after = snapshot(CORPUS_COPY)
    changed = sorted(k for k in after if before.get(k) != after[k])
    created = sorted(k for k in after if k not in before)
    missing = sorted(k for k in before if k not in after)
    if missing:
        failures.append(f"files disappeared: {missing[:5]}")

    hunks = removed_lines = 0
    for rel in changed:
        old, new = before.get(rel, b""), after[rel]
        if rel in before and pyyaml_ok(old) and not pyyaml_ok(new):
            failures.append(f"{rel}: no longer parses")
        sm = difflib.SequenceMatcher(None, old.splitlines(True), new.splitlines(True), autojunk=False)
        for tag, i1, i2, j1, j2 in sm.get_opcodes():
            if tag == "equal":
                continue
            hunks += 1
            gone = old.splitlines(True)[i1:i2]
            removed_lines += len(gone)
            if len(gone) > 12:
                failures.append(f"{rel}: a hunk replaces {len(gone)} lines (lines {i1 + 1}-{i2})")
            yaml_gone = [l for l in gone if l.strip() and not l.lstrip().startswith(b"#")]
            for l in gone:
                if not yaml_gone and (not l.strip() or l.lstrip().startswith(b"#")):
                    # Changing `|` to `|-` rewrites a YAML line; losing only comments or
                    # blank lines never happens on purpose.
                    failures.append(f"{rel}: lines {i1 + 1}-{i2} lose comments or blank lines only")
                    break

    # halint sees no syntax error in changed files.
    for repo in repos:
        files = [os.path.join(CORPUS_COPY, c) for c in changed if c.startswith(repo + "/")]
        if not files:
            continue
        r = subprocess.run([HALINT, "check", "--format", "json", "--select", "HA001", "--fail-on", "never"] + files,
                           cwd=os.path.join(CORPUS_COPY, repo), capture_output=True)
        try:
            found = json.loads(r.stdout)["findings"]
        except Exception:
            found = [{"message": r.stderr.decode(errors="replace")[:300]}]
        for f in found:
            failures.append(f"syntax error after fix: {f.get('file')}: {f.get('message')}")

    # Second run: nothing changes.
    for repo in repos:
        subprocess.run([HALINT, "fix", "--quiet", "."], cwd=os.path.join(CORPUS_COPY, repo), capture_output=True,
                       timeout=300)
    again = snapshot(CORPUS_COPY)
    second = sorted(k for k in again if after.get(k) != again[k])
    if second:
        failures.append(f"a second halint fix changed {len(second)} files: {second[:5]}")
    # Put the first run's result back for the render comparison.
    for k in second:
        if k in after:
            with open(os.path.join(CORPUS_COPY, k), "wb") as fh:
                fh.write(after[k])

    # kustomize roots whose inputs changed render before and after.
    changed_dirs = {os.path.dirname(os.path.join(CORPUS_COPY, c)) for c in changed + created}
    affected = []
    for kd in kustomize_dirs(CORPUS_COPY):
        dirs = referenced_dirs(kd)
        if any(cd == d or cd.startswith(d + os.sep) for d in dirs for cd in changed_dirs):
            affected.append(kd)
    rendered = broken = differing = 0
    if shutil.which("kubectl") and affected:
        def both(kd):
            orig = os.path.join(CORPUS, os.path.relpath(kd, CORPUS_COPY))
            return kd, render(orig), render(kd)
        with concurrent.futures.ThreadPoolExecutor(max_workers=4) as ex:
            for kd, (ok0, out0), (ok1, out1) in ex.map(both, affected):
                if not ok0:
                    continue
                rendered += 1
                rel = os.path.relpath(kd, CORPUS_COPY)
                if not ok1:
                    broken += 1
                    failures.append(f"kustomize root {rel} no longer renders")
                    continue
                if out0 != out1:
                    differing += 1
                    ok, why = render_diff_ok(out0, out1)
                    if not ok:
                        failures.append(f"kustomize root {rel}: {why}")
    elif not shutil.which("kubectl"):
        print("note: kubectl not found, render comparison skipped")

    print(f"files changed: {len(changed)} (created: {len(created)})")
    print(f"fixes applied: {applied}")
    print(f"fixes refused: {sum(refused.values())}")
    for reason, n in refused.most_common():
        print(f"  {n:5d}  {reason}")
    print(f"diff hunks: {hunks}, original lines replaced or removed: {removed_lines}")
    print(f"kustomize roots affected: {len(affected)}, rendered before: {rendered}, "
          f"still render: {rendered - broken}, output changed (fixed fields only): {differing}")
    print(f"second run changed: {len(second)} files")
    print(f"time: {time.time() - start:.1f}s")
for f in failures:
    print("FAIL", f)
sys.exit(1 if failures else 0)
