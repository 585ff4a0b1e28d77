#!/usr/bin/env python3
"""`halint check --format json` (SPEC §4) on the fixtures of testdata/ and on hostile
inputs: every report validates against schemas/report.schema.json (python jsonschema)
and is consistent with itself (summary counts, positions inside the file, order, rule
names as `halint rules --format json` lists them). The corpus run is validated by
tests/corpus_test.py."""
import json
import os
import subprocess
import sys
import tempfile

HALINT = os.environ.get("HALINT")
SRC = os.path.abspath(os.environ.get("HALINT_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..")))
failures = []


def fail(msg):
    failures.append(msg)


def run_json(args, cwd):
    p = subprocess.run([HALINT, "check", *args, "--format", "json"], cwd=cwd, capture_output=True, timeout=120)
    if p.returncode not in (0, 1):
        fail(f"check {args}: exit {p.returncode}: {p.stderr.decode(errors='replace')[:300]}")
        return None
    try:
        return json.loads(p.stdout)  # strict: invalid UTF-8 or control characters fail here
    except ValueError as e:
        fail(f"check {args}: output is not JSON: {e}: {p.stdout[:300]!r}")
        return None


def check_report(report, label, cwd, validator, catalog):
    for e in list(validator.iter_errors(report))[:5]:
        fail(f"{label}: schema: {list(e.path)}: {e.message}")
    fs = report["findings"]
    s = report["summary"]
    counts = {sev: sum(f["severity"] == sev for f in fs) for sev in ("error", "warning", "info")}
    if (s["errors"], s["warnings"], s["infos"]) != (counts["error"], counts["warning"], counts["info"]):
        fail(f"{label}: summary counts {s} do not match the findings {counts}")
    # fixable counts what `halint fix` applies (safe fixes); unsafe ones are counted apart.
    safe = sum(f["fix"]["available"] and f["fix"]["safe"] for f in fs)
    unsafe = sum(f["fix"]["available"] and not f["fix"]["safe"] for f in fs)
    if s["fixable"] != safe:
        fail(f"{label}: summary.fixable {s['fixable']} != findings with a safe fix ({safe})")
    if s.get("unsafeFixable") != unsafe:
        fail(f"{label}: summary.unsafeFixable {s.get('unsafeFixable')} != findings with an unsafe fix ({unsafe})")
    keys = []
    for f in fs:
        where = f"{label}: {f['file']}:{f['line']}:{f['column']} {f['rule']}"
        meta = catalog.get(f["rule"])
        if not meta:
            fail(f"{where}: rule not in `halint rules`")
        elif meta["name"] != f["name"]:
            fail(f"{where}: name {f['name']} but the catalog says {meta['name']}")
        if (f["endLine"], f["endColumn"]) < (f["line"], f["column"]):
            fail(f"{where}: ends before it starts")
        path = os.path.join(cwd, f["file"])
        if not os.path.isfile(path):
            fail(f"{where}: file does not exist (paths are relative to the working directory)")
            continue
        with open(path, "rb") as fh:
            lines = fh.read().split(b"\n")
        if f["line"] > len(lines) or f["endLine"] > len(lines):
            fail(f"{where}: line beyond the end of the file ({len(lines)} lines)")
        elif f["column"] > len(lines[f["line"] - 1].decode("utf-8", errors="replace")) + 1:
            fail(f"{where}: column beyond the end of line {f['line']}")
        if f["fix"]["safe"] and not f["fix"]["available"]:
            fail(f"{where}: a safe fix that is not available")
        keys.append((f["file"], f["line"], f["column"]))
    if keys != sorted(keys):
        fail(f"{label}: findings are not in file/line/column order")


def main():
    if not HALINT:
        print("HALINT is not set", file=sys.stderr)
        return 2
    try:
        import jsonschema
    except ImportError:
        print("FAIL: python3-jsonschema is missing (scripts/setup.sh installs it)")
        return 1
    with open(os.path.join(SRC, "schemas", "report.schema.json"), encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    rules = json.loads(subprocess.run([HALINT, "rules", "--format", "json"], capture_output=True, check=True).stdout)
    catalog = {r["code"]: r for r in rules}

    # Every fixture directory (and testdata as a whole), run from the source dir.
    testdata = os.path.join(SRC, "testdata")
    targets = ["testdata"] if os.path.isdir(testdata) else []
    for root, dirs, _ in os.walk(testdata):
        dirs.sort()
        for d in dirs:
            targets.append(os.path.relpath(os.path.join(root, d), SRC))
    n = 0
    for t in targets:
        report = run_json([t], SRC)
        if report is not None:
            check_report(report, t, SRC, validator, catalog)
            n += len(report["findings"])
    print(f"{len(targets)} fixture directories, {n} findings validated")

    # Hostile file names and contents: quotes, backslashes, control characters, a name
    # that is not UTF-8, messages that quote binary data.
    with tempfile.TemporaryDirectory() as tmp:
        names = [b'we"ird\\name.yaml', b"tab\there.yaml", b"caf\xe9-latin1.yaml", "ünïcödé.yaml".encode()]
        for name in names:
            with open(os.path.join(tmp.encode(), name), "wb") as fh:
                fh.write(b"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \"x\x01\"\n  k: [\n")
        with open(os.path.join(tmp, "bin.yaml"), "wb") as fh:
            fh.write(bytes(range(256)))
        with open(os.path.join(tmp, "dup.yaml"), "wb") as fh:
            fh.write('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: "q\\"uote"}\ndata:\n  "k\\u0007": 1\n  "k\\u0007": 2\n  é: 1\n  é: 2\n'.encode())
        report = run_json(["."], tmp)
        if report is not None:
            for e in list(validator.iter_errors(report))[:5]:
                fail(f"hostile names: schema: {list(e.path)}: {e.message}")
            got = {f["file"] for f in report["findings"] if f["rule"] == "HA001"}
            if len(got) != len(names) + 1:
                fail(f"hostile names: expected {len(names) + 1} HA001 findings, got {sorted(got)}")
            print(f"hostile inputs: {len(report['findings'])} findings validated")

    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
