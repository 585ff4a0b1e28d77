#!/usr/bin/env python3
"""Golden fixtures of `halint fix` (testdata/fix/rules/<case>/{input,expected}/, optional
`args` file with extra flags such as --unsafe-fixes): the fixed tree must equal expected/
byte for byte, `fix --diff` on the input must print a diff and exit 1, and a second
`halint fix` on the fixed tree must change nothing (also checked on every engine golden
in testdata/fix/engine/*/expected.yaml and every scenario's expected tree)."""
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile

HALINT = os.path.abspath(os.environ.get("HALINT", "build/halint"))
SRC = os.environ.get("HALINT_SOURCE_DIR", os.getcwd())
failures = []


def snapshot(d):
    out = {}
    for root, _, files in os.walk(d):
        for f in files:
            p = os.path.join(root, f)
            with open(p, "rb") as fh:
                out[os.path.relpath(p, d)] = fh.read()
    return out


def run(args, cwd):
    return subprocess.run([HALINT] + args, cwd=cwd, capture_output=True)


def check_case(case_dir, name):
    args = []
    if os.path.exists(os.path.join(case_dir, "args")):
        args = open(os.path.join(case_dir, "args")).read().split()
    with tempfile.TemporaryDirectory() as tmp:
        work = os.path.join(tmp, "repo")
        shutil.copytree(os.path.join(case_dir, "input"), work)
        d = run(["fix", ".", "--diff"] + args, work)
        if d.returncode != 1 or not d.stdout.startswith(b"--- "):
            failures.append(f"{name}: fix --diff should print a diff and exit 1 (exit {d.returncode})")
        if snapshot(work) != snapshot(os.path.join(case_dir, "input")):
            failures.append(f"{name}: fix --diff wrote files")
        r = run(["fix", "."] + args, work)
        if r.returncode == 2:
            failures.append(f"{name}: fix exited 2: {r.stderr.decode()}")
        got, want = snapshot(work), snapshot(os.path.join(case_dir, "expected"))
        if got != want:
            for k in sorted(set(got) | set(want)):
                if got.get(k) != want.get(k):
                    failures.append(f"{name}: {k} differs from expected:\n--- got\n"
                                    f"{got.get(k, b'<missing>').decode(errors='replace')}\n--- expected\n"
                                    f"{want.get(k, b'<missing>').decode(errors='replace')}")
        check_idempotent(work, args, name)


def check_idempotent(work, args, name):
    before = snapshot(work)
    r = run(["fix", "."] + args, work)
    if snapshot(work) != before:
        failures.append(f"{name}: a second halint fix changed files")
    d = run(["fix", ".", "--diff"] + args, work)
    if d.returncode != 0 or d.stdout:
        failures.append(f"{name}: fix --diff on the fixed tree is not empty:\n{d.stdout.decode()}")


rules_dir = os.path.join(SRC, "testdata/fix/rules")
count = 0
for name in sorted(os.listdir(rules_dir)):
    check_case(os.path.join(rules_dir, name), name)
    count += 1

engine_dir = os.path.join(SRC, "testdata/fix/engine")
for name in sorted(os.listdir(engine_dir)):
    exp = os.path.join(engine_dir, name, "expected.yaml")
    if not os.path.exists(exp):
        continue
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copy(exp, os.path.join(tmp, "expected.yaml"))
        check_idempotent(tmp, [], "engine/" + name)
        count += 1

for f in failures:
    print("FAIL", f)
print(f"{count} fix fixtures, {len(failures)} failures")
sys.exit(1 if failures else 0)
