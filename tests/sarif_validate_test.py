#!/usr/bin/env python3
"""SARIF from halint passes Microsoft's SARIF multitool validation (SPEC §4, issue 6).

Runs `halint check --format sarif` on every fixture repository under testdata/ and on
every repository of ../shared/corpus, validates all the logs in one multitool run
(errors and warnings fail the test; notes are listed), checks what the validator does
not know about our contract (real regions, fingerprints, rule indexes), and proves that
partialFingerprints survive an edit above the findings.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

SRC = os.environ.get("HALINT_SOURCE_DIR", os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HALINT = os.environ.get("HALINT", os.path.join(SRC, "build", "halint"))
TESTS = os.path.join(SRC, "tests")
CORPUS = os.path.join(SRC, "..", "shared", "corpus")
FAILURES = []


def fail(msg):
    FAILURES.append(msg)
    print("FAIL: " + msg)


def halint_sarif(target, out, cwd=None):
    r = subprocess.run([HALINT, "check", target, "--format", "sarif", "--output", out, "--fail-on", "never"],
                       cwd=cwd, capture_output=True, text=True, timeout=120)
    if r.returncode != 0:
        fail(f"halint check {target} exited {r.returncode}: {r.stderr.strip()}")
        return None
    with open(out, encoding="utf-8") as f:
        return json.load(f)


def check_contract(name, log):
    """What the multitool cannot know: our own promises about the log."""
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    results = run.get("results", [])
    lines = set()
    for i, r in enumerate(results):
        where = f"{name}: results[{i}]"
        if rules[r["ruleIndex"]]["id"] != r["ruleId"]:
            fail(f"{where}: ruleIndex {r['ruleIndex']} is not {r['ruleId']}")
        locs = r.get("locations", [])
        if not locs:
            continue
        phys = locs[0]["physicalLocation"]
        uri = phys["artifactLocation"]["uri"]
        if phys["artifactLocation"].get("uriBaseId") != "%SRCROOT%" or uri.startswith("/"):
            fail(f"{where}: {uri} is not relative to %SRCROOT%")
        reg = phys["region"]
        for k in ("startLine", "startColumn", "endLine", "endColumn"):
            if k not in reg:
                fail(f"{where}: region without {k}")
        if (reg["endLine"], reg["endColumn"]) < (reg["startLine"], reg["startColumn"]):
            fail(f"{where}: region ends before it starts")
        lines.add(reg["startLine"])
        if "halint/v1" not in r.get("partialFingerprints", {}):
            fail(f"{where}: no partialFingerprints")
    if len(results) > 1 and lines == {1}:
        fail(f"{name}: every result is on line 1")
    fps = [r["partialFingerprints"]["halint/v1"] for r in results if "partialFingerprints" in r]
    if len(fps) != len(set(fps)):
        fail(f"{name}: duplicate partialFingerprints")
    return len(results)


def multitool():
    exe = os.path.join(TESTS, "node_modules", ".bin", "sarif-multitool")
    return exe if os.path.exists(exe) else None


def validate(files, workdir):
    """One multitool run over every log; returns its error and warning results."""
    out = os.path.join(workdir, "validation.sarif")
    # The npm wrapper runs the tool through a shell: arguments must not need quoting
    # (the default levels, Error and Warning, are the ones that fail us).
    # The multitool is a .NET program: without ICU on the machine it must be told to run
    # culture-invariant rather than abort.
    env = dict(os.environ, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT="1")
    r = subprocess.run([multitool(), "validate", *files, "--output", out, "--log", "ForceOverwrite"],
                       cwd=TESTS, capture_output=True, text=True, timeout=300, env=env)
    if r.returncode != 0 or not os.path.exists(out):
        fail(f"sarif-multitool exited {r.returncode}: {r.stdout[-2000:]} {r.stderr[-2000:]}")
        return []
    with open(out, encoding="utf-8-sig") as f:
        log = json.load(f)
    bad = []
    for run in log.get("runs", []):
        for res in run.get("results", []):
            if res.get("level", "warning") in ("error", "warning"):
                loc = res.get("locations", [{}])[0].get("physicalLocation", {})
                text = res.get("message", {}).get("text") or json.dumps(res.get("message"))
                bad.append(f"{res.get('ruleId')} {loc.get('artifactLocation', {}).get('uri', '')}"
                           f":{loc.get('region', {}).get('startLine', '')}: {text}")
    return bad


def fingerprints_survive_edits(workdir):
    """Lines added above every finding move the regions but not the fingerprints."""
    repo = os.path.join(workdir, "moved")
    shutil.copytree(os.path.join(SRC, "testdata", "integrations", "repo"), repo)
    os.mkdir(os.path.join(repo, ".git"))  # its own repository root
    before = halint_sarif(".", os.path.join(workdir, "before.sarif"), cwd=repo)
    for d, _, names in os.walk(repo):
        for n in names:
            if n.endswith(".yaml"):
                p = os.path.join(d, n)
                with open(p, encoding="utf-8") as f:
                    text = f.read()
                with open(p, "w", encoding="utf-8") as f:
                    f.write("# Reviewed by the platform team.\n# See the runbook.\n\n" + text)
    after = halint_sarif(".", os.path.join(workdir, "after.sarif"), cwd=repo)
    if not before or not after:
        return

    def index(log):
        return {r["partialFingerprints"]["halint/v1"]:
                r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in log["runs"][0]["results"]}
    b, a = index(before), index(after)
    if not b:
        fail("the fixture repository has no findings")
    elif set(b) != set(a):
        fail(f"fingerprints changed after an edit above the findings: {sorted(b)} -> {sorted(a)}")
    elif any(a[k] != b[k] + 3 for k in b):
        fail("the regions did not move with the edit")
    else:
        print(f"ok: {len(b)} fingerprints unchanged after 3 lines were added above them")


def main():
    if not os.path.exists(HALINT):
        print(f"FAIL: no halint binary at {HALINT}")
        return 1
    if not multitool():
        print("SKIP: tests/node_modules has no sarif-multitool (run `npm install` in tests/, as scripts/setup.sh does)")
        return 0
    with tempfile.TemporaryDirectory() as work:
        targets = []
        testdata = os.path.join(SRC, "testdata")
        for d in sorted(os.listdir(testdata)) if os.path.isdir(testdata) else []:
            if os.path.isdir(os.path.join(testdata, d)):
                targets.append(("testdata/" + d, os.path.join(testdata, d)))
        if os.path.isdir(CORPUS):
            for d in sorted(os.listdir(CORPUS)):
                if os.path.isdir(os.path.join(CORPUS, d)):
                    targets.append(("corpus/" + d, os.path.join(CORPUS, d)))
        else:
            print(f"SKIP (corpus part): {CORPUS} is absent; validating the fixtures only")
        files, total = [], 0
        for i, (name, path) in enumerate(targets):
            out = os.path.join(work, f"{i:02d}-{os.path.basename(path)}.sarif")
            log = halint_sarif(path, out)
            if log is not None:
                total += check_contract(name, log)
                files.append(out)
        bad = validate(files, work) if files else []
        for b in bad:
            fail("multitool: " + b)
        print(f"ok: {len(files)} SARIF logs, {total} results, multitool: {len(bad)} errors or warnings")
        fingerprints_survive_edits(work)
    if FAILURES:
        print(f"{len(FAILURES)} failures")
        return 1
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
