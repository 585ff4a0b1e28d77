#!/usr/bin/env python3
"""halint on the real-world corpus (../shared/corpus, 12 GitOps repositories).

- `halint check REPO` exits 0 or 1 for each repository (never a crash, never 2), within a
  time bound, in text and in JSON; the JSON validates against schemas/report.schema.json;
- the files PyYAML rejects but the Kubernetes decoder accepts (corpus STATS.md §2:
  redefined anchors, plain `=` scalars, custom tags) get no HA001;
- a check of the whole corpus at once agrees with the per-repository runs.

Skips (exit 0 with a message) when the corpus is absent.
"""
import json
import os
import re
import subprocess
import sys
import time

HALINT = os.environ.get("HALINT")
SRC = os.environ.get("HALINT_SOURCE_DIR", os.path.join(os.path.dirname(__file__), ".."))
CORPUS = os.path.normpath(os.path.join(SRC, "..", "shared", "corpus"))
PER_REPO_SECONDS = 60  # the largest repository takes well under a second

# STATS.md §2 classifies why PyYAML fails on each file. These categories are PyYAML-only
# quirks that go-yaml (kubectl, kustomize, Flux) accepts. The one "tab character" file
# has a trailing tab after `apiVersion: v1`, which YAML 1.2 and go-yaml allow (its
# kustomization, kustomize-guestbook, builds with kubectl per STATS.md). Go/Helm/Jinja
# templates are rejected by kubectl too, so HA001 is right for them when they are read.
KUBECTL_ACCEPTS = ("duplicate anchor", "plain '=' scalar", "unknown/custom tag", "tab character")


def pyyaml_only_failures(stats_path):
    """Files of STATS.md §2 ('Every failing file') in a category kubectl accepts."""
    files = []
    in_section = False
    with open(stats_path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("## "):
                in_section = line.startswith("## 2.")
                continue
            m = re.match(r"^- `([^`]+)` — ([^:]+):", line)
            if in_section and m and m.group(2).startswith(KUBECTL_ACCEPTS):
                files.append(m.group(1))
    return files


def main():
    if not HALINT:
        print("HALINT is not set", file=sys.stderr)
        return 2
    if not os.path.isdir(CORPUS):
        print(f"SKIP: corpus not found at {CORPUS}")
        return 0
    try:
        import jsonschema
    except ImportError:
        print("FAIL: python3-jsonschema is missing (scripts/setup.sh installs it)")
        return 1
    with open(os.path.join(SRC, "schemas", "report.schema.json"), encoding="utf-8") as f:
        validator = jsonschema.Draft202012Validator(json.load(f))

    failures = []
    repos = sorted(d for d in os.listdir(CORPUS) if os.path.isdir(os.path.join(CORPUS, d)))
    if len(repos) != 12:
        failures.append(f"expected 12 repositories in the corpus, found {len(repos)}")
    ha001 = {}
    per_repo_findings = 0
    for repo in repos:
        for fmt in ("text", "json"):
            start = time.monotonic()
            try:
                p = subprocess.run([HALINT, "check", repo, "--format", fmt, "--color", "never"], cwd=CORPUS,
                                   capture_output=True, timeout=PER_REPO_SECONDS)
            except subprocess.TimeoutExpired:
                failures.append(f"{repo} ({fmt}): no result within {PER_REPO_SECONDS}s")
                continue
            secs = time.monotonic() - start
            if p.returncode not in (0, 1):
                failures.append(f"{repo} ({fmt}): exit {p.returncode}: {p.stderr.decode(errors='replace')[:500]}")
                continue
            if fmt == "text":
                continue
            report = json.loads(p.stdout)
            errors = sorted(validator.iter_errors(report), key=lambda e: list(e.path))
            for e in errors[:5]:
                failures.append(f"{repo}: JSON report invalid at {list(e.path)}: {e.message}")
            findings = report["findings"]
            per_repo_findings += len(findings)
            for f in findings:
                if f["rule"] == "HA001":
                    ha001[f["file"]] = f["message"]
            print(f"{repo}: exit {p.returncode}, {report['summary']['files']} files, "
                  f"{report['summary']['objects']} objects, {len(findings)} findings, {secs:.2f}s")

    accepted = pyyaml_only_failures(os.path.join(CORPUS, "STATS.md"))
    if len(accepted) < 10:
        failures.append(f"parsed only {len(accepted)} PyYAML-only failures from STATS.md §2 (format changed?)")
    for path in accepted:
        if not os.path.isfile(os.path.join(CORPUS, path)):
            failures.append(f"STATS.md lists {path}, which is not in the corpus")
        if path in ha001:
            failures.append(f"HA001 on a file kubectl accepts: {path}: {ha001[path]}")
    print(f"{len(accepted)} files PyYAML rejects but kubectl accepts: "
          f"{sum(p not in ha001 for p in accepted)} without HA001")
    print(f"HA001 reported on {len(ha001)} files: " + ", ".join(sorted(ha001)))

    # The whole corpus in one run (what `halint check ../shared/corpus` does).
    p = subprocess.run([HALINT, "check", ".", "--format", "json"], cwd=CORPUS, capture_output=True,
                       timeout=PER_REPO_SECONDS * 3)
    if p.returncode not in (0, 1):
        failures.append(f"whole corpus: exit {p.returncode}: {p.stderr.decode(errors='replace')[:500]}")
    else:
        report = json.loads(p.stdout)
        for e in list(validator.iter_errors(report))[:5]:
            failures.append(f"whole corpus: JSON report invalid at {list(e.path)}: {e.message}")
        print(f"whole corpus: exit {p.returncode}, {report['summary']}")

    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
