#!/usr/bin/env python3
"""End-to-end checks of rendering on testdata/render fixtures (one per corpus layout):
findings land on the source line that produced them, with the renders in `via`."""
import json
import os
import subprocess
import sys

SRC = os.environ.get("HALINT_SOURCE_DIR", os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HALINT = os.environ.get("HALINT", os.path.join(SRC, "build", "halint"))
FIX = os.path.join(SRC, "testdata", "render")
failures = []


def check(name, cond, detail=""):
    if not cond:
        failures.append(f"{name}: {detail}")


def findings(fixture):
    p = subprocess.run([HALINT, "check", os.path.join(FIX, fixture), "--format", "json"],
                       capture_output=True, text=True, cwd=SRC)
    check(f"{fixture} exit", p.returncode in (0, 1), p.stderr)
    return json.loads(p.stdout)["findings"]


def render(fixture, *extra):
    p = subprocess.run([HALINT, "render", os.path.join(FIX, fixture), *extra], capture_output=True, text=True,
                       cwd=SRC)
    return p.returncode, p.stdout, p.stderr


def where(f):
    return (f["rule"], f["file"].split("testdata/render/")[-1], f["line"])


# onedr0p / bjw-s: ks.yaml with postBuild.substitute, substituteFrom and components.
fs = findings("flux-ks-substitute")
w = sorted(where(f) for f in fs)
check("substitute: whoami HA101 at the base line",
      ("HA101", "flux-ks-substitute/kubernetes/apps/default/whoami/app/deployment.yaml", 15) in w, w)
check("substitute: echo silenced by the spread component",
      not any(f["rule"] == "HA101" and "echo" in f["file"] for f in fs), w)
check("substitute: HA006 at the ${WHOAMI_TOKEN} site",
      ("HA006", "flux-ks-substitute/kubernetes/apps/default/whoami/app/deployment.yaml", 21) in w, w)
check("substitute: only one HA006", sum(1 for f in fs if f["rule"] == "HA006") == 1, w)
rc, out, err = render("flux-ks-substitute", "--origin")
check("substitute: value from substituteFrom", "value: echo.example.com" in out, out[:500])
check("substitute: $${VAR} escape", "value: ${NOT_SUBSTITUTED}" in out, "")
check("substitute: replicas typed after substitution", "replicas: 3  #" in out, "")
check("substitute: default used", "replicas: 2  #" in out, "")
check("substitute: patch origin in the component",
      "topologySpreadConstraints:  # testdata/render/flux-ks-substitute/kubernetes/components/spread/kustomization.yaml:16"
      in out, "")

# billimek: a Flux Kustomization whose path has no kustomization.yaml.
fs = findings("flux-no-kustomization")
w = [where(f) for f in fs]
check("generated: HA101 through the Flux patch (replicas 4)",
      any(f["rule"] == "HA101" and "4 replicas" in f["message"] and f["via"] == ["flux flux-system/apps"] for f in fs),
      w)
rc, out, err = render("flux-no-kustomization")
check("generated: values.yaml is not a resource", "replicaCount" not in out, out)

# xunholy: one base, several cluster overlays.
fs = findings("base-overlays")
h101 = [f for f in fs if f["rule"] == "HA101"]
check("overlays: one HA101", len(h101) == 1, [where(f) for f in h101])
if h101:
    f = h101[0]
    check("overlays: HA101 at the base line", where(f) == ("HA101", "base-overlays/apps/base/web/deployment.yaml", 15),
          where(f))
    check("overlays: both renders in via", len(f["via"]) == 2 and all("cluster-0" in v for v in f["via"]), f["via"])
    check("overlays: the patched overlay is silent", not any("cluster-02" in v for v in f["via"]), f["via"])
h303 = [f for f in fs if f["rule"] == "HA303"]
check("overlays: HA303 on the typo PDB only", h303 and all("web-typo" in f["message"] for f in h303), h303)
h403 = [f for f in fs if f["rule"] == "HA403"]
check("overlays: HA403 on the api HPA only", h403 and all('"api"' in f["message"] for f in h403), h403)
check("overlays: prefixed HPA target followed by name reference",
      not any("c2-web" in f["message"] for f in h403), h403)

# Errors: missing file, cycle, remote resources.
fs = findings("errors")
w = sorted(where(f) for f in fs)
check("errors: missing resource at its reference", ("HA004", "errors/missing/kustomization.yaml", 5) in w, w)
check("errors: a patch target selecting nothing is a no-op, as in kustomize",
      ("HA004", "errors/missing/kustomization.yaml", 8) not in w, w)
check("errors: cycle", any(f["rule"] == "HA004" and "cycle" in f["message"] for f in fs), w)
check("errors: remote resource is HA005", ("HA005", "errors/remote/kustomization.yaml", 5) in w, w)
check("errors: component folder not a root", not any("errors/component" in v for f in fs for v in f["via"]), w)

if failures:
    print("\n".join("FAIL " + f for f in failures))
    sys.exit(1)
print("render fixtures: ok")
