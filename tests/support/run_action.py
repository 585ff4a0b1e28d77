#!/usr/bin/env python3
"""Runs a composite action's steps locally, the way the GitHub Actions runner does, so a
test can exercise action.yml itself rather than a copy of its commands.

    run_action.py ACTION_DIR --input NAME=VALUE... --outputs FILE --log FILE

What the runner does and this does too: the inputs' defaults; `${{ }}` expressions in
`env`, `if`, `with` and `run` (contexts inputs, runner, github, steps, env; `==`, `!=`,
`!`, `&&`, `||`); `shell: bash` as `bash --noprofile --norc -eo pipefail FILE`; a fresh
$GITHUB_OUTPUT per step, parsed into steps.<id>.outputs (name=value and name<<EOF forms);
$GITHUB_ACTION_PATH; the working directory $GITHUB_WORKSPACE; the first failing step ends
the action with its status. `uses: actions/cache` is emulated as a restore: a hit when its
path already exists (the test puts a built binary there); other `uses:` are refused.
Base variables (GITHUB_WORKSPACE, RUNNER_TEMP, GITHUB_OUTPUT for the action's caller...)
come from the environment.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

import yaml

EXPR = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


class Context:
    def __init__(self, action_dir, inputs):
        self.action_dir = action_dir
        self.inputs = inputs
        self.steps = {}

    def lookup(self, ref):
        parts = ref.split(".")
        head = parts[0]
        if head == "inputs":
            return self.inputs.get(parts[1], "")
        if head == "runner":
            return {"temp": os.environ["RUNNER_TEMP"], "os": os.environ.get("RUNNER_OS", "Linux"),
                    "arch": os.environ.get("RUNNER_ARCH", "X64")}[parts[1]]
        if head == "github":
            name = parts[1]
            if name == "action_path":
                return self.action_dir
            return os.environ.get("GITHUB_" + name.upper(), "")
        if head == "env":
            return os.environ.get(parts[1], "")
        if head == "steps":
            step = self.steps.get(parts[1], {})
            if parts[2] == "outputs":
                return step.get("outputs", {}).get(parts[3], "")
            return step.get(parts[2], "")
        raise ValueError(f"unsupported expression context: {ref}")

    def value(self, term):
        term = term.strip()
        if term.startswith("!"):
            return not truthy(self.value(term[1:]))
        if term.startswith("'") and term.endswith("'"):
            return term[1:-1].replace("''", "'")
        if term in ("true", "false"):
            return term == "true"
        if re.fullmatch(r"[A-Za-z_][\w.-]*", term):
            return self.lookup(term)
        raise ValueError(f"unsupported expression: {term}")

    def evaluate(self, expr):
        for op in ("||", "&&"):
            if op in expr:
                left, right = expr.split(op, 1)
                a = self.evaluate(left)
                if op == "||":
                    return a if truthy(a) else self.evaluate(right)
                return self.evaluate(right) if truthy(a) else a
        for op in ("!=", "=="):
            if op in expr:
                left, right = expr.split(op, 1)
                equal = str(self.value(left)).lower() == str(self.value(right)).lower()
                return equal if op == "==" else not equal
        return self.value(expr)

    def interpolate(self, text):
        def sub(m):
            v = self.evaluate(m.group(1))
            return ("true" if v else "false") if isinstance(v, bool) else str(v)
        return EXPR.sub(sub, str(text))

    def condition(self, cond):
        if cond is None:
            return True
        m = EXPR.fullmatch(str(cond).strip())
        return truthy(self.evaluate(m.group(1) if m else str(cond)))


def truthy(v):
    return bool(v) and v != "false" if isinstance(v, str) else bool(v)


def parse_outputs(path):
    out = {}
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delim = line.split("<<", 1)
            value = []
            while i < len(lines) and lines[i] != delim:
                value.append(lines[i])
                i += 1
            i += 1
            out[name] = "\n".join(value)
        elif "=" in line:
            name, value = line.split("=", 1)
            out[name] = value
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("action_dir")
    ap.add_argument("--input", action="append", default=[])
    ap.add_argument("--outputs", required=True, help="write the action's outputs here (JSON)")
    ap.add_argument("--log", required=True, help="the steps' stdout and stderr, as the job log")
    args = ap.parse_args()

    action_dir = os.path.abspath(args.action_dir)
    with open(os.path.join(action_dir, "action.yml"), encoding="utf-8") as f:
        action = yaml.safe_load(f)
    if action.get("runs", {}).get("using") != "composite":
        sys.exit("not a composite action")
    inputs = {name: str(spec.get("default", "")) for name, spec in action.get("inputs", {}).items()}
    for kv in args.input:
        name, value = kv.split("=", 1)
        if name not in inputs:
            sys.exit(f"unknown input {name}")
        inputs[name] = value
    ctx = Context(action_dir, inputs)
    workspace = os.environ["GITHUB_WORKSPACE"]
    status = 0
    with open(args.log, "w", encoding="utf-8") as log, tempfile.TemporaryDirectory() as tmp:
        for n, step in enumerate(action["runs"]["steps"]):
            sid = step.get("id", f"__{n}")
            name = step.get("name", sid)
            if not ctx.condition(step.get("if")):
                ctx.steps[sid] = {"outputs": {}, "conclusion": "skipped"}
                log.write(f"## skipped: {name}\n")
                continue
            log.write(f"## step: {name}\n")
            log.flush()
            if "uses" in step:
                if not step["uses"].startswith("actions/cache@"):
                    sys.exit(f"cannot emulate uses: {step['uses']}")
                path = ctx.interpolate(step["with"]["path"])
                hit = os.path.exists(path)
                ctx.steps[sid] = {"outputs": {"cache-hit": "true" if hit else "false"}}
                log.write(f"cache {'restored' if hit else 'miss'}: {path}\n")
                continue
            if step.get("shell") != "bash":
                sys.exit(f"step {name}: only shell: bash is emulated")
            script = os.path.join(tmp, f"step{n}.sh")
            with open(script, "w", encoding="utf-8") as f:
                f.write(ctx.interpolate(step["run"]))
            step_output = os.path.join(tmp, f"output{n}")
            open(step_output, "w").close()
            env = dict(os.environ)
            env.update({k: ctx.interpolate(v) for k, v in (step.get("env") or {}).items()})
            env["GITHUB_OUTPUT"] = step_output
            env["GITHUB_ACTION_PATH"] = action_dir
            r = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", script], env=env,
                               cwd=step.get("working-directory") or workspace, stdout=log, stderr=subprocess.STDOUT)
            ctx.steps[sid] = {"outputs": parse_outputs(step_output)}
            if r.returncode != 0:
                log.write(f"## step failed with exit code {r.returncode}: {name}\n")
                status = r.returncode
                break
    outputs = {name: ctx.interpolate(spec["value"]) for name, spec in action.get("outputs", {}).items()}
    with open(args.outputs, "w", encoding="utf-8") as f:
        json.dump(outputs, f, indent=2)
    return status


if __name__ == "__main__":
    sys.exit(main())
