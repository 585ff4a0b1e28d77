#!/usr/bin/env python3
"""Mutation check: do the tests fail when the behaviour breaks?

Applies each small source mutation listed in scripts/mutations.toml, one at a time, to a
scratch copy of this working tree (never the tree itself), rebuilds incrementally, runs
the tests that mutation names, and reports whether a test failed (caught) or all passed
(survived). Every mutation on the list must be caught: when one survives, add the test
that catches it.

    scripts/mutation_check.py                 # every mutation
    scripts/mutation_check.py --only ID[,ID]  # some of them
    scripts/mutation_check.py --list          # what is on the list

The scratch copy and its build live in --work (default /tmp/halint-mutation) and are
reused: a second run copies only the files that changed and rebuilds only what they
touch (ccache, when installed, makes restoring a file after its mutation cheap). Not part
of ctest: a full run takes tens of minutes on two cores.

Each [[mutation]] in the data file has:
  id       short name, unique
  file     path relative to the repository root
  find     exact text that must occur exactly once in the file
  replace  what it becomes
  tests    what to run: "gtest:FILTER" (halint_tests --gtest_filter=FILTER) or
           "script:tests/NAME.sh|py" (run as ctest runs it, HALINT and HALINT_SOURCE_DIR set)
  why      what behaviour the mutation breaks
"""
import argparse
import os
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "scripts" / "mutations.toml"
TEST_TIMEOUT = 900  # seconds per test command


def log(msg):
    print(msg, flush=True)


def load_mutations(path):
    with open(path, "rb") as f:
        data = tomllib.load(f)
    muts = data.get("mutation", [])
    seen = set()
    problems = []
    for m in muts:
        for key in ("id", "file", "find", "replace", "tests", "why"):
            if key not in m:
                problems.append(f"{m.get('id', '?')}: missing '{key}'")
        if m.get("id") in seen:
            problems.append(f"{m['id']}: duplicate id")
        seen.add(m.get("id"))
        for t in m.get("tests", []):
            if not (t.startswith("gtest:") or t.startswith("script:")):
                problems.append(f"{m['id']}: test '{t}' is neither gtest: nor script:")
        if m.get("find") == m.get("replace"):
            problems.append(f"{m['id']}: find and replace are the same")
    if problems:
        sys.exit("mutations.toml:\n  " + "\n  ".join(problems))
    return muts


def source_files():
    """Tracked and untracked (not ignored) files of the working tree."""
    out = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                         check=True, capture_output=True).stdout
    return [p for p in out.decode().split("\0") if p and (ROOT / p).is_file()]


def sync_tree(dest):
    """Copies the working tree into dest, touching only files whose bytes differ (so the
    scratch build stays incremental), and removes files that are gone."""
    files = source_files()
    wanted = set(files)
    copied = 0
    for rel in files:
        src, dst = ROOT / rel, dest / rel
        data = src.read_bytes()
        if dst.is_file() and dst.read_bytes() == data:
            continue
        dst.parent.mkdir(parents=True, exist_ok=True)
        dst.write_bytes(data)
        shutil.copymode(src, dst)
        copied += 1
    for p in dest.rglob("*"):
        rel = p.relative_to(dest).as_posix()
        if p.is_file() and rel not in wanted:
            p.unlink()
    return copied


def run(cmd, cwd, env=None, timeout=None):
    start = time.time()
    try:
        p = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
        return p.returncode, p.stdout + p.stderr, time.time() - start
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b"").decode(errors="replace") if isinstance(e.stdout, bytes) else (e.stdout or "")
        return 124, out + "\n(timed out)", time.time() - start


class Scratch:
    def __init__(self, work, jobs, opt):
        self.work = work
        self.src = work / "halint"
        self.build = work / "build"
        self.jobs = jobs
        self.opt = opt

    def prepare(self):
        self.src.mkdir(parents=True, exist_ok=True)
        n = sync_tree(self.src)
        log(f"scratch copy: {self.src} ({n} files updated)")
        # Tests find the real-world corpus at HALINT_SOURCE_DIR/../shared/corpus.
        shared = ROOT.parent / "shared"
        link = self.work / "shared"
        if shared.is_dir() and not link.exists():
            link.symlink_to(shared)
        if not (self.build / "CMakeCache.txt").exists():
            # Optimised but without debug information: most of a mutation's time is the
            # link of halint_tests, which debug information makes several times slower.
            cmd = ["cmake", "-S", str(self.src), "-B", str(self.build), "-DCMAKE_BUILD_TYPE=Release",
                   f"-DCMAKE_CXX_FLAGS_RELEASE={self.opt} -DNDEBUG", "-DHALINT_BUILD_FUZZ=OFF",
                   "-DHALINT_BUILD_BENCH=OFF"]
            if shutil.which("ccache"):
                cmd.append("-DCMAKE_CXX_COMPILER_LAUNCHER=ccache")
            rc, out, _ = run(cmd, self.work)
            if rc != 0:
                sys.exit("cmake failed:\n" + out[-3000:])

    def compile(self):
        return run(["cmake", "--build", str(self.build), "-j", str(self.jobs), "--target", "halint", "halint_tests"],
                   self.work)

    def env(self):
        e = dict(os.environ)
        e["HALINT"] = str(self.build / "halint")
        e["HALINT_SOURCE_DIR"] = str(self.src)
        return e

    def run_test(self, spec):
        """Returns (passed, detail, seconds)."""
        kind, _, what = spec.partition(":")
        if kind == "gtest":
            rc, out, secs = run([str(self.build / "halint_tests"), f"--gtest_filter={what}", "--gtest_brief=1"],
                                self.src, self.env(), TEST_TIMEOUT)
            if "Running 0 tests" in out:
                return False, f"{spec}: the filter matches no test", secs
            failed = [l.split("]", 1)[1].strip() for l in out.splitlines() if l.startswith("[  FAILED  ]")]
            detail = ", ".join(sorted(set(f.split(" (")[0] for f in failed if "listed below" not in f)))
            return rc == 0, detail or out[-400:], secs
        script = self.src / what
        if not script.is_file():
            return False, f"{spec}: no such script", 0.0
        cmd = ["python3", str(script)] if what.endswith(".py") else ["bash", str(script)]
        rc, out, secs = run(cmd, self.src, self.env(), TEST_TIMEOUT)
        fails = [l for l in out.splitlines() if "FAIL" in l][:3]
        return rc == 0, "; ".join(fails) or out[-400:], secs


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", help="comma-separated mutation ids")
    ap.add_argument("--list", action="store_true", help="list the mutations and exit")
    ap.add_argument("--work", default=os.environ.get("HALINT_MUTATION_WORK", "/tmp/halint-mutation"),
                    help="scratch directory (kept between runs)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--opt", default="-O1", help="optimisation flags of the scratch build (default -O1)")
    ap.add_argument("--data", default=str(DATA))
    ap.add_argument("--no-baseline", action="store_true",
                    help="skip running the tests on the unmutated build first (they must pass)")
    args = ap.parse_args()

    muts = load_mutations(args.data)
    if args.only:
        ids = set(args.only.split(","))
        unknown = ids - {m["id"] for m in muts}
        if unknown:
            sys.exit(f"unknown mutation ids: {', '.join(sorted(unknown))}")
        muts = [m for m in muts if m["id"] in ids]
    if args.list:
        for m in muts:
            log(f"{m['id']:45} {m['file']}\n{'':45} {m['why']}")
        log(f"{len(muts)} mutations")
        return 0

    t0 = time.time()
    sc = Scratch(Path(args.work).resolve(), args.jobs, args.opt)
    sc.prepare()

    # Every mutation must apply to the current sources, exactly once.
    bad = []
    for m in muts:
        text = (sc.src / m["file"]).read_text() if (sc.src / m["file"]).is_file() else None
        n = text.count(m["find"]) if text is not None else -1
        if n != 1:
            bad.append(f"{m['id']}: 'find' occurs {n if n >= 0 else 'nowhere (no file)'} times in {m['file']}")
    if bad:
        log("mutations that no longer apply (update scripts/mutations.toml):\n  " + "\n  ".join(bad))
        return 2

    log("building the unmutated sources ...")
    rc, out, secs = sc.compile()
    if rc != 0:
        log(out[-3000:])
        log("the unmutated sources do not build")
        return 2
    log(f"  built in {secs:.0f}s")
    if not args.no_baseline:
        specs = sorted({t for m in muts for t in m["tests"]})
        log(f"baseline: {len(specs)} test commands on the unmutated build ...")
        failing = []
        for spec in specs:
            ok, detail, secs = sc.run_test(spec)
            log(f"  {'pass' if ok else 'FAIL'} {spec} ({secs:.0f}s)")
            if not ok:
                failing.append(f"{spec}: {detail}")
        if failing:
            log("tests fail without any mutation; fix them first:\n  " + "\n  ".join(failing))
            return 2

    results = []
    for i, m in enumerate(muts, 1):
        path = sc.src / m["file"]
        original = path.read_text()
        start = time.time()
        path.write_text(original.replace(m["find"], m["replace"], 1))
        try:
            rc, out, _ = sc.compile()
            if rc != 0:
                status, detail = "invalid", "does not compile: " + next(
                    (l for l in out.splitlines() if "error" in l), out[-300:])
            else:
                status, detail = "survived", ""
                for spec in m["tests"]:
                    ok, d, _ = sc.run_test(spec)
                    if not ok:
                        status, detail = "caught", f"{spec}: {d}"
                        break
        finally:
            path.write_text(original)
        secs = time.time() - start
        results.append((m, status, detail, secs))
        mark = {"caught": "caught  ", "survived": "SURVIVED", "invalid": "INVALID "}[status]
        log(f"[{i}/{len(muts)}] {mark} {m['id']} ({secs:.0f}s)")
        if detail:
            log(f"           {detail[:300]}")
        if status == "survived":
            log(f"           {m['why']}")

    # Leave the scratch build matching the sources.
    sc.compile()
    caught = sum(r[1] == "caught" for r in results)
    survived = [r[0]["id"] for r in results if r[1] == "survived"]
    invalid = [r[0]["id"] for r in results if r[1] == "invalid"]
    log("")
    log(f"{caught}/{len(results)} mutations caught, {len(survived)} survived, {len(invalid)} invalid "
        f"in {(time.time() - t0) / 60:.1f} min")
    if survived:
        log("survived: " + ", ".join(survived))
    if invalid:
        log("invalid (do not compile): " + ", ".join(invalid))
    return 0 if not survived and not invalid else 1


if __name__ == "__main__":
    sys.exit(main())
