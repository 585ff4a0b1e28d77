#!/usr/bin/env python3
"""Differential test of `halint render` against `kubectl kustomize` on kustomize's own test
suite (../shared/krusty: one directory per case of kustomize's api/krusty tests, with
case.json naming the directory to build and the load restrictor).

Every case is built by both. tests/krusty_expected.txt lists the cases halint currently
gets right: `same NAME` (kubectl builds it and halint prints the same objects) and
`refused NAME` (kubectl refuses it and so does halint, exit 1, nothing printed). The test
fails when a listed case stops being so, or when halint crashes or hangs on any case.
Cases that got better are reported so that the list can be extended
(`krusty_test.py --write` rewrites it from the current results).

kubectl's output depends only on the case's files and kubectl's version, so it is cached
(build/krusty-kubectl-cache, or $HALINT_KRUSTY_CACHE) keyed by both: a second run costs
only halint's renders.
Skips (exit 0, says why) when ../shared/krusty or kubectl is absent.
"""
import concurrent.futures
import hashlib
import json
import os
import shutil
import subprocess
import sys

import yaml

SRC = os.environ.get("HALINT_SOURCE_DIR", os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HALINT = os.environ.get("HALINT", os.path.join(SRC, "build", "halint"))
CASES = os.environ.get("HALINT_KRUSTY_DIR", os.path.join(SRC, "..", "shared", "krusty"))
EXPECTED = os.path.join(SRC, "tests", "krusty_expected.txt")
CACHE = os.environ.get("HALINT_KRUSTY_CACHE", os.path.join(os.path.dirname(os.path.abspath(HALINT)),
                                                           "krusty-kubectl-cache"))
TIMEOUT = 20


class Loader(yaml.SafeLoader):
    pass


# Both renderers print plain YAML; PyYAML's '=' (value) resolver must not break the comparison.
Loader.yaml_implicit_resolvers = {k: [r for r in v if r[0] != "tag:yaml.org,2002:value"]
                                  for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def run(cmd):
    try:
        p = subprocess.run(cmd, capture_output=True, timeout=TIMEOUT)
        return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        return None, "", ""


def canonical(text):
    """The printed objects as a sorted list of canonical JSON strings (None: not YAML)."""
    try:
        docs = [d for d in yaml.load_all(text, Loader=Loader) if d is not None]
    except yaml.YAMLError:
        return None
    return sorted(json.dumps(d, sort_keys=True, default=str) for d in docs)


def case_key(case_dir, kubectl_version):
    h = hashlib.sha256(kubectl_version.encode())
    for d, dirs, files in os.walk(case_dir):
        dirs.sort()
        for f in sorted(files):
            p = os.path.join(d, f)
            h.update(os.path.relpath(p, case_dir).encode() + b"\0")
            with open(p, "rb") as fh:
                h.update(fh.read() + b"\0")
    return h.hexdigest()


def kubectl_build(case_dir, meta, kubectl_version):
    key = case_key(case_dir, kubectl_version)
    cached = os.path.join(CACHE, key + ".json")
    if os.path.exists(cached):
        with open(cached) as f:
            return json.load(f)
    d = os.path.normpath(os.path.join(case_dir, meta.get("dir") or "."))
    cmd = ["kubectl", "kustomize", d]
    if meta.get("load_restrictor") == "LoadRestrictionsNone":
        cmd += ["--load-restrictor", "LoadRestrictionsNone"]
    rc, out, _ = run(cmd)
    result = {"ok": rc == 0, "objects": canonical(out) if rc == 0 else None}
    if rc is not None:  # a timeout is not cached
        os.makedirs(CACHE, exist_ok=True)
        tmp = cached + f".{os.getpid()}.tmp"
        with open(tmp, "w") as f:
            json.dump(result, f)
        os.replace(tmp, cached)
    return result


def check(name, kubectl_version):
    case_dir = os.path.join(CASES, name)
    with open(os.path.join(case_dir, "case.json")) as f:
        meta = json.load(f)
    k = kubectl_build(case_dir, meta, kubectl_version)
    d = os.path.normpath(os.path.join(case_dir, meta.get("dir") or "."))
    hrc, hout, herr = run([HALINT, "render", d])
    if hrc is None:
        return name, "hang", f"no output after {TIMEOUT} s"
    if hrc < 0 or hrc > 2:
        return name, "crash", f"exit {hrc}: {herr.strip()[:200]}"
    if not k["ok"]:
        if hrc != 0 and not canonical(hout):
            return name, "refused", ""
        return name, "renders-refused", "kubectl refuses it, halint " + ("prints objects" if hrc == 0 else "fails but prints objects")
    if hrc != 0:
        return name, "fails", (herr.strip().splitlines() or ["no message"])[0][:200]
    if k["objects"] is None:
        return name, "kubectl-not-yaml", ""
    if canonical(hout) == k["objects"]:
        return name, "same", ""
    return name, "differs", ""


def load_expected():
    expected = {}
    if os.path.exists(EXPECTED):
        for line in open(EXPECTED):
            line = line.split("#", 1)[0].strip()
            if line:
                verdict, name = line.split(None, 1)
                expected[name] = verdict
    return expected


def main():
    if not os.path.isdir(CASES):
        print(f"SKIP: kustomize's krusty cases not found at {os.path.normpath(CASES)}")
        return 0
    if not shutil.which("kubectl"):
        print("SKIP: kubectl not found on PATH (the oracle for the krusty cases)")
        return 0
    rc, version, _ = run(["kubectl", "version", "--client", "-o", "json"])
    if rc != 0:
        print("SKIP: `kubectl version --client` fails")
        return 0
    names = sorted(c for c in os.listdir(CASES) if os.path.isfile(os.path.join(CASES, c, "case.json")))
    jobs = int(os.environ.get("KRUSTY_JOBS", str(max(2, os.cpu_count() or 2))))
    with concurrent.futures.ThreadPoolExecutor(jobs) as ex:
        results = list(ex.map(lambda n: check(n, version), names))
    if "--write" in sys.argv[1:]:
        with open(EXPECTED, "w") as f:
            f.write("# Cases of ../shared/krusty where halint builds what kubectl kustomize builds (same) or\n"
                    "# refuses what it refuses (refused). tests/krusty_test.py fails when one regresses;\n"
                    "# `python3 tests/krusty_test.py --write` rewrites this list.\n")
            for name, verdict, _ in results:
                if verdict in ("same", "refused"):
                    f.write(f"{verdict} {name}\n")
    expected = load_expected()
    failures, better = [], []
    counts = {}
    for name, verdict, detail in results:
        counts[verdict] = counts.get(verdict, 0) + 1
        want = expected.get(name)
        if verdict in ("crash", "hang"):
            failures.append(f"{name}: halint {verdict}: {detail}")
        elif want and want != verdict:
            failures.append(f"{name}: was {want}, now {verdict}" + (f": {detail}" if detail else ""))
        elif not want and verdict in ("same", "refused"):
            better.append(f"{name}: now {verdict}")
    for line in better:
        print("better (add to tests/krusty_expected.txt):", line)
    for line in failures:
        print("FAIL", line)
    renderable = sum(v for k, v in counts.items() if k in ("same", "differs", "fails", "kubectl-not-yaml"))
    refusals = counts.get("refused", 0) + counts.get("renders-refused", 0)
    print(f"krusty: {counts.get('same', 0)}/{renderable} identical, {counts.get('refused', 0)}/{refusals} refused "
          f"as kubectl refuses ({len(results)} cases, {len(failures)} regressions)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
