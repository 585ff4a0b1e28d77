#!/usr/bin/env python3
"""The README's rule table must match rules/*.yaml and `halint rules --format json`."""
import glob
import json
import os
import re
import subprocess
import sys

import yaml

root = os.environ.get("HALINT_SOURCE_DIR", os.path.join(os.path.dirname(__file__), ".."))
halint = os.environ.get("HALINT", os.path.join(root, "build", "halint"))
failures = 0
checks = 0


def check(cond, msg):
    global failures, checks
    checks += 1
    if not cond:
        failures += 1
        print("FAIL:", msg)


readme = open(os.path.join(root, "README.md"), encoding="utf-8").read()
table = {}
for m in re.finditer(r"^\| (HA\d{3}) \| ([a-z0-9-]+) \| (\w+) \| (\w+) \| (\w+) \|$", readme, re.M):
    table[m.group(1)] = m.groups()[1:]

files = {}
for f in glob.glob(os.path.join(root, "rules", "*.yaml")):
    r = yaml.safe_load(open(f, encoding="utf-8"))
    files[r["code"]] = r
    check(os.path.basename(f) == f"{r['code']}-{r['name']}.yaml", f"{f}: file name matches code and name")

check(set(table) == set(files), f"README table codes {sorted(table)} == rules/ codes {sorted(files)}")
for code, r in files.items():
    if code not in table:
        continue
    name, sev, fix, status = table[code]
    check(name == r["name"], f"{code}: README name {name} == {r['name']}")
    check(sev == r["severity"], f"{code}: README severity {sev} == {r['severity']}")
    check(fix == r["fix"]["safety"], f"{code}: README fix {fix} == {r['fix']['safety']}")

out = subprocess.run([halint, "rules", "--format", "json"], capture_output=True, text=True)
check(out.returncode == 0, "halint rules --format json exits 0")
catalog = {r["code"]: r for r in json.loads(out.stdout)} if out.returncode == 0 else {}
check(set(catalog) == set(files), "halint rules lists every rules/ file")
for code, r in catalog.items():
    if code in table:
        status = table[code][3]
        check((status == "yes") == r.get("implemented", True),
              f"{code}: README status {status} matches halint rules implemented={r.get('implemented')}")

print(f"{checks - failures} passed, {failures} failed")
sys.exit(1 if failures else 0)
