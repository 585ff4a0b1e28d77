#!/usr/bin/env python3
"""Differential test: `halint render DIR` against `kubectl kustomize --load-restrictor
LoadRestrictionsNone DIR` for every directory holding a kustomization.yaml in testdata/ and
in ../shared/corpus. Objects are compared as sets (order aside), field by field.

Fails when a root kubectl renders differs, unless it is listed with a reason in
tests/render_diff_allowlist.txt. Prints identical / differ / kubectl-fails counts.
Usage: render_diff.py [--show ROOT] [--only SUBSTR] [--write-allowlist]
"""
import concurrent.futures
import os
import shutil
import subprocess
import sys

import yaml

SRC = os.environ.get("HALINT_SOURCE_DIR", os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HALINT = os.environ.get("HALINT", os.path.join(SRC, "build", "halint"))
CORPUS = os.path.join(SRC, "..", "shared", "corpus")
ALLOW = os.path.join(SRC, "tests", "render_diff_allowlist.txt")
KNAMES = ("kustomization.yaml", "kustomization.yml", "Kustomization")

class Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """YAML 1.1 quirks aside: `=` and timestamps stay strings on both sides."""


def _as_string(loader, node):
    return loader.construct_scalar(node)


Loader.add_constructor("tag:yaml.org,2002:value", _as_string)
Loader.add_constructor("tag:yaml.org,2002:timestamp", _as_string)


def roots():
    out = []
    for base in (os.path.join(SRC, "testdata"), CORPUS):
        if not os.path.isdir(base):
            continue
        for d, dirs, files in os.walk(base):
            dirs[:] = sorted(x for x in dirs if x != ".git")
            if any(k in files for k in KNAMES):
                out.append(os.path.normpath(d))
    return out


def objects(text):
    objs = {}
    for doc in yaml.load_all(text, Loader=Loader):
        if not isinstance(doc, dict):
            continue
        md = doc.get("metadata") or {}
        key = (doc.get("apiVersion"), doc.get("kind"), md.get("namespace"), md.get("name"))
        objs[key] = doc
    return objs


def run(cmd):
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    return p.returncode, p.stdout, p.stderr


def is_number(x):
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def first_difference(a, b, path=""):
    if is_number(a) and is_number(b):
        # kustomize writes 1.0 as 1: same value.
        return None if a == b else f"{path}: kubectl {a!r} vs halint {b!r}"
    if type(a) != type(b):
        return f"{path}: {a!r} != {b!r}"
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b), key=str):
            if k not in a:
                return f"{path}/{k}: only in halint"
            if k not in b:
                return f"{path}/{k}: only in kubectl"
            d = first_difference(a[k], b[k], f"{path}/{k}")
            if d:
                return d
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{path}: {len(a)} items (kubectl) vs {len(b)} (halint)"
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_difference(x, y, f"{path}[{i}]")
            if d:
                return d
        return None
    return None if a == b else f"{path}: kubectl {a!r} vs halint {b!r}"


def compare(root):
    kc, kout, kerr = run(["kubectl", "kustomize", "--load-restrictor", "LoadRestrictionsNone", root])
    # Modelled HelmRelease objects have no kubectl counterpart: compare the render alone.
    hc, hout, herr = run([HALINT, "render", "--no-helm", root])
    if hc not in (0, 1):
        return root, "crash", f"halint exit {hc}: {herr[-300:]}"
    if kc != 0:
        # halint must say why: HA004 (error) or HA005 (skipped), never nothing.
        lines = herr.strip().splitlines()
        if not any(": error: " in l or ": info: skipped" in l for l in lines):
            return root, "unexplained", f"kubectl fails ({kerr.strip()[:120]}) but halint reports nothing"
        return root, "kubectl-fails", lines[0]
    try:
        k = objects(kout)
        h = objects(hout)
    except yaml.YAMLError as e:
        return root, "differ", f"unparsable output: {e}"
    if set(k) != set(h):
        only_k = sorted(map(str, set(k) - set(h)))[:3]
        only_h = sorted(map(str, set(h) - set(k)))[:3]
        return root, "differ", f"objects only in kubectl {only_k}, only in halint {only_h}"
    for key in k:
        d = first_difference(k[key], h[key])
        if d:
            return root, "differ", f"{key}: {d}"
    return root, "identical", ""


def load_allow():
    allow = {}
    if os.path.exists(ALLOW):
        for line in open(ALLOW):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            path, _, reason = line.partition("#")
            allow[path.strip()] = reason.strip()
    return allow


def rel(root):
    r = os.path.relpath(root, SRC)
    return r


def main():
    if not shutil.which("kubectl"):
        print("SKIP: kubectl not found")
        return 0
    if not os.path.isdir(CORPUS):
        print(f"note: corpus {CORPUS} absent: testdata only")
    args = sys.argv[1:]
    rs = roots()
    if "--only" in args:
        s = args[args.index("--only") + 1]
        rs = [r for r in rs if s in r]
    if "--show" in args:
        r = os.path.normpath(args[args.index("--show") + 1])
        print(compare(r))
        return 0
    allow = load_allow()
    counts = {"identical": 0, "differ": 0, "kubectl-fails": 0, "crash": 0, "unexplained": 0}
    failures = []
    jobs = int(os.environ.get("RENDER_DIFF_JOBS", "4"))
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as ex:
        for root, verdict, detail in ex.map(compare, rs):
            counts[verdict] += 1
            if verdict == "kubectl-fails" and "-v" in args:
                print(f"kubectl fails {rel(root)}: halint says: {detail}")
            if verdict in ("differ", "crash", "unexplained"):
                r = rel(root)
                status = "allowed" if r in allow and verdict == "differ" else "FAIL"
                if status == "FAIL":
                    failures.append((r, verdict))
                print(f"{status} {verdict} {r}: {detail}")
    renderable = counts["identical"] + counts["differ"]
    allowed = counts["differ"] - sum(1 for f in failures if f[1] == "differ")
    print(f"roots: {len(rs)}; kubectl renders {renderable}: identical {counts['identical']}, "
          f"differ {counts['differ']} (allow-listed {allowed}); "
          f"kubectl fails {counts['kubectl-fails'] + counts['unexplained']} "
          f"(halint silent on {counts['unexplained']}); halint crashes {counts['crash']}")
    if "--write-allowlist" in args:
        with open(ALLOW, "a") as f:
            for r, _ in failures:
                f.write(f"{r}  # TODO reason\n")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
