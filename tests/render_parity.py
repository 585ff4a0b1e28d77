#!/usr/bin/env python3
"""Parity fixtures of the kustomize renderer (testdata/render/kustomize*/): small
kustomizations, one per behaviour of kustomize halint once got wrong (patch targets
after prefixes, name references in diamonds, field specs, renames, replacements,
buildMetadata, plugin configurations, vars, generator hashes, what kustomize accepts or
refuses). Each root holds kubectl's answer (kubectl kustomize, kustomize v5.5):
`expected.out`, the objects it prints, or `expected.refused`, its error, in which case
halint must refuse too (exit 1, no object printed).

Runs without kubectl; tests/render_diff.py checks the same roots against a live kubectl.
"""
import json
import os
import subprocess
import sys

import yaml

SRC = os.environ.get("HALINT_SOURCE_DIR", os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HALINT = os.environ.get("HALINT", os.path.join(SRC, "build", "halint"))
FIX = os.path.join(SRC, "testdata", "render")


class Loader(yaml.SafeLoader):
    pass


Loader.yaml_implicit_resolvers = {k: [r for r in v if r[0] != "tag:yaml.org,2002:value"]
                                  for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def canonical(text):
    return sorted(json.dumps(d, sort_keys=True, default=str) for d in yaml.load_all(text, Loader=Loader)
                  if d is not None)


def roots():
    for base in ("kustomize", "kustomize-refuses"):
        for d, dirs, files in os.walk(os.path.join(FIX, base)):
            dirs.sort()
            if "expected.out" in files or "expected.refused" in files:
                yield d, "expected.out" in files


def main():
    failures, n = [], 0
    for root, builds in roots():
        n += 1
        name = os.path.relpath(root, FIX)
        p = subprocess.run([HALINT, "render", root], capture_output=True, text=True, timeout=60)
        if p.returncode not in (0, 1):
            failures.append(f"{name}: halint exit {p.returncode}: {p.stderr.strip()[:300]}")
            continue
        if builds:
            with open(os.path.join(root, "expected.out")) as f:
                want = canonical(f.read())
            if p.returncode != 0:
                failures.append(f"{name}: kubectl builds it, halint fails: {p.stderr.strip()[:300]}")
            elif canonical(p.stdout) != want:
                got = canonical(p.stdout)
                only_k = [x for x in want if x not in got][:1]
                only_h = [x for x in got if x not in want][:1]
                failures.append(f"{name}: objects differ\n  kubectl: {only_k}\n  halint:  {only_h}")
        else:
            with open(os.path.join(root, "expected.refused")) as f:
                reason = f.read().strip()
            if p.returncode != 1 or p.stdout.strip():
                failures.append(f"{name}: kubectl refuses it ({reason}); halint exit {p.returncode}, "
                                f"{len(p.stdout.splitlines())} output lines")
    for f in failures:
        print("FAIL", f)
    print(f"render parity fixtures: {n - len(failures)}/{n} as kubectl")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
