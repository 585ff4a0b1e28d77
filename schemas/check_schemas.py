#!/usr/bin/env python3
"""Self-test for halint's schemas/ and rules/ metadata.

Run from the repository root:  python3 schemas/check_schemas.py
Needs PyYAML and jsonschema (no network). Exits non-zero on any failure; the last line
is "N passed, N failed".
"""
import glob
import json
import os
import re
import sys

import yaml
import jsonschema
from jsonschema.validators import validator_for

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCHEMAS = os.path.join(ROOT, "schemas")
RULES_DIR = os.path.join(ROOT, "rules")

PASSED = 0
FAILED = 0


def check(ok, what, detail=""):
    global PASSED, FAILED
    if ok:
        PASSED += 1
    else:
        FAILED += 1
        print("FAIL: %s%s" % (what, (" -- " + detail) if detail else ""))


# --------------------------------------------------------------------------------------
# Rule catalog (SPEC section 3): code, name, severity, fix safety, topology
# --------------------------------------------------------------------------------------
CATALOG = [
    ("HA001", "yaml-syntax", "error", "none", False),
    ("HA002", "duplicate-key", "error", "none", False),
    ("HA003", "invalid-field", "error", "unsafe", False),
    ("HA004", "render-error", "error", "none", False),
    ("HA005", "render-skipped", "info", "none", False),
    ("HA006", "unresolved-substitution", "error", "none", False),
    ("HA101", "missing-topology-spread", "warning", "safe", False),
    ("HA102", "spread-selector-mismatch", "error", "safe", False),
    ("HA103", "strict-spread-blocks-scaling", "warning", "safe", False),
    ("HA104", "anti-affinity-exceeds-nodes", "error", "none", True),
    ("HA105", "single-replica-critical", "warning", "unsafe", False),
    ("HA201", "node-selector-blocks-failover", "warning", "unsafe", False),
    ("HA202", "failback-without-descheduler", "info", "none", False),
    ("HA203", "unschedulable-after-node-failure", "error", "none", True),
    ("HA204", "overcommit-after-node-failure", "warning", "none", True),
    ("HA301", "missing-pdb", "warning", "safe", False),
    ("HA302", "pdb-blocks-eviction", "error", "unsafe", False),
    ("HA303", "pdb-selects-nothing", "warning", "none", False),
    ("HA304", "pdb-unhealthy-eviction-policy", "info", "safe", False),
    ("HA305", "overlapping-pdbs", "error", "none", False),
    ("HA401", "rollout-blocked-by-anti-affinity", "error", "safe", False),
    ("HA402", "replicas-with-hpa", "warning", "safe", False),
    ("HA403", "hpa-target-not-found", "warning", "none", False),
    ("HA501", "descheduler-policy-invalid", "error", "safe", False),
]

# Keywords halint's own validator implements (plus annotations / structure keywords).
ALLOWED_KEYWORDS = {
    "type", "properties", "additionalProperties", "required", "enum", "const", "pattern",
    "minimum", "maximum", "items", "minItems", "oneOf", "anyOf", "$ref", "propertyNames",
    "description", "$schema", "$id", "title", "$defs",
}


def load_schema(rel):
    with open(os.path.join(SCHEMAS, rel)) as f:
        return json.load(f)


def validator(rel):
    s = load_schema(rel)
    return validator_for(s)(s)


def walk_keywords(node, path, problems, root):
    """Check keyword subset, local $refs, additionalProperties on every object type."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k not in ALLOWED_KEYWORDS:
                problems.append("%s: keyword %r outside the supported subset" % (path, k))
            if k == "$ref":
                if not isinstance(v, str) or not v.startswith("#/$defs/"):
                    problems.append("%s: $ref %r is not local (#/$defs/...)" % (path, v))
                elif v[len("#/$defs/"):] not in root.get("$defs", {}):
                    problems.append("%s: $ref %r does not resolve" % (path, v))
            if k in ("properties", "$defs"):
                for pk, pv in v.items():
                    walk_keywords(pv, path + "/" + k + "/" + pk, problems, root)
            elif k in ("items", "additionalProperties", "propertyNames") and isinstance(v, dict):
                walk_keywords(v, path + "/" + k, problems, root)
            elif k in ("anyOf", "oneOf"):
                for i, sub in enumerate(v):
                    walk_keywords(sub, "%s/%s/%d" % (path, k, i), problems, root)
        t = node.get("type")
        is_obj = t == "object" or (isinstance(t, list) and "object" in t)
        if is_obj and "properties" in node and "additionalProperties" not in node:
            problems.append("%s: object with properties but no additionalProperties" % path)


# --------------------------------------------------------------------------------------
# (a) every schema is valid against its metaschema, and uses the supported subset
# --------------------------------------------------------------------------------------
def check_metaschemas():
    files = sorted(glob.glob(os.path.join(SCHEMAS, "**", "*.json"), recursive=True))
    check(len(files) >= 11, "schemas present", "found %d" % len(files))
    for p in files:
        rel = os.path.relpath(p, SCHEMAS)
        try:
            with open(p) as f:
                s = json.load(f)
        except Exception as e:  # noqa: BLE001
            check(False, "%s parses as JSON" % rel, str(e))
            continue
        try:
            validator_for(s).check_schema(s)
            check(True, rel)
        except jsonschema.exceptions.SchemaError as e:
            check(False, "%s is a valid schema" % rel, e.message)
        check(s.get("$schema") == "https://json-schema.org/draft/2020-12/schema", "%s: $schema is 2020-12" % rel)
        check(s.get("$id") == "https://halint.io/schemas/" + rel.replace(os.sep, "/"), "%s: $id" % rel, str(s.get("$id")))
        problems = []
        walk_keywords(s, "#", problems, s)
        check(not problems, "%s: keyword subset / refs / additionalProperties" % rel, "; ".join(problems[:5]))


# --------------------------------------------------------------------------------------
# (b) positive and negative samples
# --------------------------------------------------------------------------------------
def y(text):
    return yaml.safe_load(text)


SAMPLES = {
    "scheduling/affinity.schema.json": {
        "valid": [
            y("""
nodeAffinity:
  requiredDuringSchedulingIgnoredDuringExecution:
    nodeSelectorTerms:
      - matchExpressions:
          - key: kubernetes.io/arch
            operator: In
            values: [amd64, arm64]
      - matchFields:
          - key: metadata.name
            operator: NotIn
            values: [node3]
  preferredDuringSchedulingIgnoredDuringExecution:
    - weight: 100
      preference:
        matchExpressions:
          - key: node-role.kubernetes.io/worker
            operator: Exists
podAntiAffinity:
  requiredDuringSchedulingIgnoredDuringExecution:
    - topologyKey: kubernetes.io/hostname
      labelSelector:
        matchLabels:
          app.kubernetes.io/name: web
      matchLabelKeys: [pod-template-hash]
  preferredDuringSchedulingIgnoredDuringExecution:
    - weight: 50
      podAffinityTerm:
        topologyKey: topology.kubernetes.io/zone
        namespaces: [web]
        namespaceSelector: {}
        labelSelector:
          matchExpressions:
            - key: app.kubernetes.io/name
              operator: In
              values: [web]
podAffinity:
  preferredDuringSchedulingIgnoredDuringExecution:
    - weight: 1
      podAffinityTerm:
        topologyKey: kubernetes.io/hostname
        labelSelector:
          matchLabels:
            app.kubernetes.io/name: redis
        mismatchLabelKeys: [tenant]
"""),
            y("nodeAffinity:\n  requiredDuringSchedulingIgnoredDuringExecution:\n    nodeSelectorTerms:\n      - matchExpressions:\n          - key: gpu-count\n            operator: Gt\n            values: ['1']\n"),
            {},
            None,
        ],
        "invalid": [
            ("misspelled requiredDuringSchedulingIgnoreDuringExecution", y("""
podAntiAffinity:
  requiredDuringSchedulingIgnoreDuringExecution:
    - topologyKey: kubernetes.io/hostname
      labelSelector:
        matchLabels:
          app: web
""")),
            ("misspelled podAntiAfinity", y("podAntiAfinity: {}")),
            ("weight 0", y("""
nodeAffinity:
  preferredDuringSchedulingIgnoredDuringExecution:
    - weight: 0
      preference: {matchExpressions: [{key: a, operator: Exists}]}
""")),
            ("weight 101", y("""
podAntiAffinity:
  preferredDuringSchedulingIgnoredDuringExecution:
    - weight: 101
      podAffinityTerm: {topologyKey: kubernetes.io/hostname}
""")),
            ("missing topologyKey", y("""
podAntiAffinity:
  requiredDuringSchedulingIgnoredDuringExecution:
    - labelSelector: {matchLabels: {app: web}}
""")),
            ("bad node operator", y("""
nodeAffinity:
  requiredDuringSchedulingIgnoredDuringExecution:
    nodeSelectorTerms:
      - matchExpressions: [{key: a, operator: Equals, values: [b]}]
""")),
            ("label selector Gt operator", y("""
podAffinity:
  requiredDuringSchedulingIgnoredDuringExecution:
    - topologyKey: kubernetes.io/hostname
      labelSelector:
        matchExpressions: [{key: a, operator: Gt, values: ['1']}]
""")),
            ("required node affinity as a list", y("""
nodeAffinity:
  requiredDuringSchedulingIgnoredDuringExecution:
    - matchExpressions: [{key: a, operator: Exists}]
""")),
            ("empty nodeSelectorTerms", y("nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: []}}")),
            ("preferred term without podAffinityTerm wrapper", y("""
podAntiAffinity:
  preferredDuringSchedulingIgnoredDuringExecution:
    - weight: 100
      topologyKey: kubernetes.io/hostname
""")),
            ("matchLabels value not a string", y("""
podAntiAffinity:
  requiredDuringSchedulingIgnoredDuringExecution:
    - topologyKey: kubernetes.io/hostname
      labelSelector: {matchLabels: {enabled: true}}
""")),
        ],
    },
    "scheduling/tolerations.schema.json": {
        "valid": [
            y("""
- key: node-role.kubernetes.io/control-plane
  operator: Exists
  effect: NoSchedule
- key: node.kubernetes.io/unreachable
  operator: Exists
  effect: NoExecute
  tolerationSeconds: 30
- key: dedicated
  operator: Equal
  value: gpu
- operator: Exists
"""),
            [],
            None,
        ],
        "invalid": [
            ("operator In", y("- {key: a, operator: In, value: b}")),
            ("effect NoScheduled", y("- {key: a, operator: Exists, effect: NoScheduled}")),
            ("tolerationSeconds string", y("- {key: a, operator: Exists, effect: NoExecute, tolerationSeconds: '30'}")),
            ("unknown field effects", y("- {key: a, operator: Exists, effects: NoSchedule}")),
            ("not a list", y("{key: a, operator: Exists}")),
        ],
    },
    "scheduling/topology-spread-constraints.schema.json": {
        "valid": [
            y("""
- maxSkew: 1
  topologyKey: kubernetes.io/hostname
  whenUnsatisfiable: ScheduleAnyway
  labelSelector:
    matchLabels:
      app.kubernetes.io/name: web
- maxSkew: 2
  topologyKey: topology.kubernetes.io/zone
  whenUnsatisfiable: DoNotSchedule
  minDomains: 3
  nodeAffinityPolicy: Honor
  nodeTaintsPolicy: Ignore
  matchLabelKeys: [pod-template-hash]
  labelSelector:
    matchExpressions:
      - {key: app.kubernetes.io/name, operator: In, values: [web]}
"""),
            None,
        ],
        "invalid": [
            ("whenUnsatisfiable ScheduleAnyWay", y("- {maxSkew: 1, topologyKey: kubernetes.io/hostname, whenUnsatisfiable: ScheduleAnyWay}")),
            ("maxSkew 0", y("- {maxSkew: 0, topologyKey: kubernetes.io/hostname, whenUnsatisfiable: DoNotSchedule}")),
            ("missing whenUnsatisfiable", y("- {maxSkew: 1, topologyKey: kubernetes.io/hostname}")),
            ("missing topologyKey", y("- {maxSkew: 1, whenUnsatisfiable: DoNotSchedule}")),
            ("minDomains 0", y("- {maxSkew: 1, topologyKey: z, whenUnsatisfiable: DoNotSchedule, minDomains: 0}")),
            ("nodeTaintsPolicy honor", y("- {maxSkew: 1, topologyKey: z, whenUnsatisfiable: DoNotSchedule, nodeTaintsPolicy: honor}")),
            ("misspelled labelSelectors", y("- {maxSkew: 1, topologyKey: z, whenUnsatisfiable: DoNotSchedule, labelSelectors: {}}")),
            ("maxSkew as string", y("- {maxSkew: '1', topologyKey: z, whenUnsatisfiable: DoNotSchedule}")),
        ],
    },
    "scheduling/node-selector.schema.json": {
        "valid": [y("kubernetes.io/os: linux\nnode-role.kubernetes.io/worker: ''\n"), {}, None],
        "invalid": [
            ("boolean value", y("feature.node.kubernetes.io/gpu: true")),
            ("integer value", y("zone: 1")),
            ("list", y("- kubernetes.io/os=linux")),
        ],
    },
    "scheduling/deployment-strategy.schema.json": {
        "valid": [
            y("type: RollingUpdate\nrollingUpdate:\n  maxSurge: 0\n  maxUnavailable: 1\n"),
            y("type: RollingUpdate\nrollingUpdate: {maxSurge: 25%, maxUnavailable: 25%}\n"),
            y("type: Recreate\n"),
            {},
        ],
        "invalid": [
            ("type Rolling", y("type: Rolling")),
            ("maxSurge '1' string", y("rollingUpdate: {maxSurge: '1'}")),
            ("maxUnavailable negative", y("rollingUpdate: {maxUnavailable: -1}")),
            ("misspelled rollingUpdates", y("type: RollingUpdate\nrollingUpdates: {maxSurge: 1}")),
            ("misspelled maxsurge", y("rollingUpdate: {maxsurge: 1}")),
        ],
    },
    "scheduling/statefulset-update-strategy.schema.json": {
        "valid": [
            y("type: RollingUpdate\nrollingUpdate: {partition: 0}\n"),
            y("type: OnDelete\n"),
            y("type: RollingUpdate\nrollingUpdate: {partition: 2, maxUnavailable: 50%}\n"),
        ],
        "invalid": [
            ("type Recreate", y("type: Recreate")),
            ("partition negative", y("rollingUpdate: {partition: -1}")),
            ("maxSurge on StatefulSet", y("rollingUpdate: {maxSurge: 1}")),
        ],
    },
    "scheduling/pod-management-policy.schema.json": {
        "valid": ["OrderedReady", "Parallel"],
        "invalid": [("parallel lowercase", "parallel"), ("Ordered", "Ordered")],
    },
    "scheduling/pdb-spec.schema.json": {
        "valid": [
            y("maxUnavailable: 1\nunhealthyPodEvictionPolicy: AlwaysAllow\nselector:\n  matchLabels:\n    app.kubernetes.io/name: web\n"),
            y("minAvailable: 50%\nselector: {matchExpressions: [{key: app, operator: In, values: [a, b]}]}\n"),
            y("minAvailable: 2\nunhealthyPodEvictionPolicy: IfHealthyBudget\nselector: {}\n"),
        ],
        "invalid": [
            ("unhealthyPodEvictionPolicy Always", y("maxUnavailable: 1\nunhealthyPodEvictionPolicy: Always")),
            ("minAvailable '2' string", y("minAvailable: '2'")),
            ("misspelled maxUnavaliable", y("maxUnavaliable: 1")),
            ("selector with matchLabel", y("maxUnavailable: 1\nselector: {matchLabel: {app: web}}")),
        ],
    },
    "scheduling/hpa-v2-spec.schema.json": {
        "valid": [
            y("""
scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
minReplicas: 2
maxReplicas: 10
metrics:
  - type: Resource
    resource:
      name: cpu
      target: {type: Utilization, averageUtilization: 70}
  - type: ContainerResource
    containerResource:
      name: memory
      container: app
      target: {type: AverageValue, averageValue: 500Mi}
  - type: Pods
    pods:
      metric: {name: packets-per-second}
      target: {type: AverageValue, averageValue: 1k}
  - type: Object
    object:
      metric: {name: requests-per-second}
      describedObject: {apiVersion: networking.k8s.io/v1, kind: Ingress, name: main-route}
      target: {type: Value, value: 10k}
  - type: External
    external:
      metric:
        name: queue_messages_ready
        selector: {matchLabels: {queue: worker_tasks}}
      target: {type: AverageValue, averageValue: 30}
behavior:
  scaleDown:
    stabilizationWindowSeconds: 300
    policies:
      - {type: Percent, value: 100, periodSeconds: 15}
  scaleUp:
    stabilizationWindowSeconds: 0
    selectPolicy: Max
    policies:
      - {type: Pods, value: 4, periodSeconds: 15}
      - {type: Percent, value: 100, periodSeconds: 15}
"""),
            y("scaleTargetRef: {kind: StatefulSet, name: db}\nmaxReplicas: 3\n"),
        ],
        "invalid": [
            ("missing maxReplicas", y("scaleTargetRef: {kind: Deployment, name: web}\nminReplicas: 1")),
            ("minReplicas 0", y("scaleTargetRef: {kind: Deployment, name: web}\nminReplicas: 0\nmaxReplicas: 2")),
            ("scaleTargetRef without name", y("scaleTargetRef: {kind: Deployment}\nmaxReplicas: 2")),
            ("metric type Cpu", y("scaleTargetRef: {kind: Deployment, name: w}\nmaxReplicas: 2\nmetrics: [{type: Cpu}]")),
            ("v1 targetCPUUtilizationPercentage", y("scaleTargetRef: {kind: Deployment, name: w}\nmaxReplicas: 2\ntargetCPUUtilizationPercentage: 80")),
            ("v2beta1 targetAverageUtilization", y("""
scaleTargetRef: {kind: Deployment, name: w}
maxReplicas: 2
metrics:
  - type: Resource
    resource: {name: cpu, targetAverageUtilization: 80}
""")),
            ("target type Percent", y("""
scaleTargetRef: {kind: Deployment, name: w}
maxReplicas: 2
metrics: [{type: Resource, resource: {name: cpu, target: {type: Percent, averageUtilization: 80}}}]
""")),
            ("selectPolicy max", y("scaleTargetRef: {kind: Deployment, name: w}\nmaxReplicas: 2\nbehavior: {scaleDown: {selectPolicy: max}}")),
            ("stabilizationWindowSeconds 4000", y("scaleTargetRef: {kind: Deployment, name: w}\nmaxReplicas: 2\nbehavior: {scaleUp: {stabilizationWindowSeconds: 4000}}")),
            ("policy without periodSeconds", y("scaleTargetRef: {kind: Deployment, name: w}\nmaxReplicas: 2\nbehavior: {scaleUp: {policies: [{type: Pods, value: 1}]}}")),
            ("bad quantity", y("""
scaleTargetRef: {kind: Deployment, name: w}
maxReplicas: 2
metrics: [{type: Pods, pods: {metric: {name: x}, target: {type: AverageValue, averageValue: 10 req}}}]
""")),
        ],
    },
    "config.schema.json": {
        "valid": [
            # Written as JSON-like dicts: PyYAML (YAML 1.1) would read `off` as false;
            # halint reads YAML 1.2, where `off` is a string.
            {
                "failOn": "warning",
                "kubernetesVersion": "1.31",
                "exclude": ["**/.archive/**"],
                "rules": {"missing-pdb": "off", "HA101": {"severity": "error"}, "HA305": "warning"},
                "cluster": {
                    "nodesFrom": "cluster/nodes.yaml",
                    "nodes": [{
                        "name": "w1",
                        "labels": {"role": "primary"},
                        "taints": [{"key": "role", "value": "backup", "effect": "PreferNoSchedule"}],
                        "allocatable": {"cpu": "4", "memory": "16Gi", "pods": 110},
                    }, {"name": "w2"}],
                },
                "fix": {"rollout": "maxSurgeZero", "pdb": {"maxUnavailable": 1}},
            },
            {"fix": {"rollout": "recreate", "pdb": {"maxUnavailable": "25%"}}, "failOn": "never"},
            {},
        ],
        "invalid": [
            ("unknown top-level key", {"failon": "warning"}),
            ("failOn fatal", {"failOn": "fatal"}),
            ("kubernetesVersion number", {"kubernetesVersion": 1.31}),
            ("kubernetesVersion v-prefixed", {"kubernetesVersion": "v1.31"}),
            ("unknown rule name", {"rules": {"missing-pbd": "off"}}),
            ("unknown rule code", {"rules": {"HA999": "off"}}),
            ("bad severity", {"rules": {"HA101": "fatal"}}),
            ("rule object extra key", {"rules": {"HA101": {"severity": "error", "enabled": True}}}),
            ("node without name", {"cluster": {"nodes": [{"labels": {"a": "b"}}]}}),
            ("taint without effect", {"cluster": {"nodes": [{"name": "w1", "taints": [{"key": "a"}]}]}}),
            ("taint effect NoExec", {"cluster": {"nodes": [{"name": "w1", "taints": [{"key": "a", "effect": "NoExec"}]}]}}),
            ("allocatable gpu", {"cluster": {"nodes": [{"name": "w1", "allocatable": {"gpu": 1}}]}}),
            ("fix rollout surge", {"fix": {"rollout": "surge"}}),
            ("fix pdb maxUnavailable 0", {"fix": {"pdb": {"maxUnavailable": 0}}}),
            ("fix pdb minAvailable", {"fix": {"pdb": {"minAvailable": 1}}}),
            ("exclude as string", {"exclude": "**/.archive/**"}),
        ],
    },
    "report.schema.json": {
        "valid": [
            {
                "version": 1,
                "tool": {"name": "halint", "version": "0.1.0"},
                "findings": [
                    {"rule": "HA101", "name": "missing-topology-spread", "severity": "warning",
                     "message": "Deployment web has 3 replicas and no topology spread",
                     "file": "apps/web/deployment.yaml", "line": 7, "column": 3, "endLine": 7, "endColumn": 14,
                     "resource": {"apiVersion": "apps/v1", "kind": "Deployment", "namespace": "web", "name": "web"},
                     "via": ["clusters/home/apps", "apps/web"],
                     "fix": {"available": True, "safe": True, "description": "add topologySpreadConstraints"}},
                    {"rule": "HA001", "name": "yaml-syntax", "severity": "error",
                     "message": "mapping values are not allowed here", "file": "bad.yaml",
                     "line": 5, "column": 14, "endLine": 5, "endColumn": 15, "resource": None, "via": [],
                     "fix": {"available": False, "safe": False, "description": ""}},
                    {"rule": "HA305", "name": "overlapping-pdbs", "severity": "error", "message": "m",
                     "file": "p.yaml", "line": 1, "column": 1, "endLine": 3, "endColumn": 1,
                     "resource": {"apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "namespace": None, "name": "x"},
                     "via": [], "fix": {"available": False, "safe": False, "description": ""}},
                ],
                "summary": {"files": 12, "objects": 30, "renders": 3, "workloads": 4,
                            "helmReleases": {"total": 2, "modelled": 1}, "errors": 2, "warnings": 1, "infos": 0, "fixable": 1},
                "skipped": {"helmTemplates": 3, "jinja": 2},
            },
            {"version": 1, "tool": {"name": "halint", "version": "dev"}, "findings": [],
             "summary": {"files": 0, "objects": 0, "renders": 0, "workloads": 0,
                         "helmReleases": {"total": 0, "modelled": 0}, "errors": 0, "warnings": 0, "infos": 0, "fixable": 0}},
        ],
        "invalid": [],  # filled in below from the valid report
    },
}


def report_negatives():
    import copy
    base = SAMPLES["report.schema.json"]["valid"][0]
    out = []

    def mut(label, fn):
        r = copy.deepcopy(base)
        fn(r)
        out.append((label, r))

    mut("version 2", lambda r: r.update(version=2))
    mut("extra top-level key", lambda r: r.update(extra=1))
    mut("rule lowercase", lambda r: r["findings"][0].update(rule="ha101"))
    mut("severity fatal", lambda r: r["findings"][0].update(severity="fatal"))
    mut("line 0", lambda r: r["findings"][0].update(line=0))
    mut("column string", lambda r: r["findings"][0].update(column="3"))
    mut("missing endLine", lambda r: r["findings"][0].pop("endLine"))
    mut("resource extra key", lambda r: r["findings"][0]["resource"].update(uid="x"))
    mut("resource without namespace key", lambda r: r["findings"][0]["resource"].pop("namespace"))
    mut("via not strings", lambda r: r["findings"][0].update(via=[1]))
    mut("fix without safe", lambda r: r["findings"][0]["fix"].pop("safe"))
    mut("summary negative", lambda r: r["summary"].update(errors=-1))
    mut("summary missing fixable", lambda r: r["summary"].pop("fixable"))
    mut("summary missing workloads", lambda r: r["summary"].pop("workloads"))
    mut("helmReleases without modelled", lambda r: r["summary"]["helmReleases"].pop("modelled"))
    mut("skipped non-integer", lambda r: r.update(skipped={"jinja": "2"}))
    mut("finding extra key", lambda r: r["findings"][0].update(hint="x"))
    return out


def check_samples():
    SAMPLES["report.schema.json"]["invalid"] = report_negatives()
    for rel, cases in SAMPLES.items():
        v = validator(rel)
        for i, inst in enumerate(cases["valid"]):
            errs = sorted(v.iter_errors(inst), key=lambda e: list(e.path))
            check(not errs, "%s accepts valid sample #%d" % (rel, i),
                  "; ".join("%s: %s" % ("/".join(map(str, e.path)), e.message) for e in errs[:3]))
        for label, inst in cases["invalid"]:
            check(not v.is_valid(inst), "%s rejects %s" % (rel, label))


# --------------------------------------------------------------------------------------
# (c) rules/
# --------------------------------------------------------------------------------------
RULE_KEYS = ["code", "name", "severity", "summary", "topology", "rationale", "example", "fix", "references"]
REF_PREFIXES = (
    "https://kubernetes.io/", "https://fluxcd.io/", "https://kubectl.docs.kubernetes.io/",
    "https://github.com/kubernetes-sigs/descheduler",
)

POD_FIELDS = {
    "affinity": "scheduling/affinity.schema.json",
    "tolerations": "scheduling/tolerations.schema.json",
    "topologySpreadConstraints": "scheduling/topology-spread-constraints.schema.json",
    "nodeSelector": "scheduling/node-selector.schema.json",
}


def scheduling_errors(doc):
    """Validate the scheduling fields of one manifest document like HA003 does."""
    errs = []
    if not isinstance(doc, dict) or "kind" not in doc or "apiVersion" not in doc:
        return errs
    kind = doc["kind"]
    spec = doc.get("spec") or {}

    def val(rel, inst, where):
        for e in validator(rel).iter_errors(inst):
            errs.append("%s %s/%s: %s" % (kind, where, "/".join(map(str, e.path)), e.message))

    pod = None
    if kind in ("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"):
        pod = ((spec.get("template") or {}).get("spec")) or {}
    elif kind == "CronJob":
        pod = (((spec.get("jobTemplate") or {}).get("spec") or {}).get("template") or {}).get("spec") or {}
    elif kind == "Pod":
        pod = spec
    if pod is not None:
        for field, rel in POD_FIELDS.items():
            if field in pod:
                val(rel, pod[field], field)
    if kind == "Deployment" and "strategy" in spec:
        val("scheduling/deployment-strategy.schema.json", spec["strategy"], "strategy")
    if kind == "StatefulSet":
        if "updateStrategy" in spec:
            val("scheduling/statefulset-update-strategy.schema.json", spec["updateStrategy"], "updateStrategy")
        if "podManagementPolicy" in spec:
            val("scheduling/pod-management-policy.schema.json", spec["podManagementPolicy"], "podManagementPolicy")
    if kind == "PodDisruptionBudget":
        val("scheduling/pdb-spec.schema.json", spec, "spec")
        if "minAvailable" in spec and "maxUnavailable" in spec:
            errs.append("PDB with both minAvailable and maxUnavailable")
    if kind == "HorizontalPodAutoscaler" and doc["apiVersion"] == "autoscaling/v2":
        val("scheduling/hpa-v2-spec.schema.json", spec, "spec")
    return errs


def top_level_style_problems(path):
    """No anchors/aliases, no tabs, no flow collections at the top level."""
    problems = []
    with open(path) as f:
        text = f.read()
    if "\t" in text:
        problems.append("contains a tab")
    for ev in yaml.parse(text):
        if isinstance(ev, yaml.AliasEvent) or getattr(ev, "anchor", None):
            problems.append("uses an anchor/alias")
            break
    node = yaml.compose(text)
    if node is None or not isinstance(node, yaml.MappingNode) or node.flow_style:
        problems.append("top level is not a block mapping")
        return problems
    for k, v in node.value:
        if isinstance(v, (yaml.MappingNode, yaml.SequenceNode)) and v.flow_style:
            problems.append("flow collection under %s" % k.value)
        if isinstance(v, yaml.ScalarNode) and "\n" in v.value and v.style != "|":
            problems.append("multi-line %s is not a | block scalar" % k.value)
    return problems


def check_rules():
    files = sorted(glob.glob(os.path.join(RULES_DIR, "*.yaml")))
    by_code = {}
    config_validator = validator("config.schema.json")
    for p in files:
        base = os.path.basename(p)
        try:
            with open(p) as f:
                r = yaml.safe_load(f)
        except yaml.YAMLError as e:
            check(False, "rules/%s parses" % base, str(e))
            continue
        check(isinstance(r, dict), "rules/%s is a mapping" % base)
        if not isinstance(r, dict):
            continue
        probs = top_level_style_problems(p)
        check(not probs, "rules/%s style" % base, "; ".join(probs))
        missing = [k for k in RULE_KEYS if k not in r]
        extra = [k for k in r if k not in RULE_KEYS]
        check(not missing and not extra, "rules/%s keys" % base, "missing %s extra %s" % (missing, extra))
        code = r.get("code")
        by_code[code] = r
        check(base == "%s-%s.yaml" % (code, r.get("name")), "rules/%s file name matches code-name" % base)
        summary = r.get("summary")
        check(isinstance(summary, str) and 0 < len(summary) < 100 and "\n" not in summary
              and not summary.endswith("."), "rules/%s summary (<100 chars, one line, no period)" % base,
              repr(summary))
        check(isinstance(r.get("topology"), bool), "rules/%s topology is a boolean" % base)
        rat = r.get("rationale")
        check(isinstance(rat, str) and len(rat) > 200, "rules/%s rationale" % base)
        fix = r.get("fix") or {}
        check(isinstance(fix, dict) and set(fix) == {"safety", "description"}
              and fix.get("safety") in ("safe", "unsafe", "none")
              and isinstance(fix.get("description"), str) and fix["description"].strip(),
              "rules/%s fix" % base, repr(fix))
        refs = r.get("references")
        ok = isinstance(refs, list) and refs and all(
            isinstance(x, dict) and set(x) == {"title", "url"} and isinstance(x["title"], str)
            and isinstance(x["url"], str) and x["url"].startswith(REF_PREFIXES) for x in refs)
        check(ok, "rules/%s references" % base, repr(refs))
        ex = r.get("example") or {}
        check(isinstance(ex, dict) and set(ex) == {"bad", "good"}, "rules/%s example has bad and good" % base)
        docs = {}
        for which in ("bad", "good"):
            text = ex.get(which)
            if not isinstance(text, str) or not text.strip():
                check(False, "rules/%s example.%s is a non-empty string" % (base, which))
                continue
            if code == "HA001" and which == "bad":
                try:
                    list(yaml.safe_load_all(text))
                    check(False, "rules/%s example.bad must be invalid YAML" % base)
                except yaml.YAMLError:
                    check(True, "rules/%s example.bad is invalid YAML" % base)
                continue
            try:
                docs[which] = [d for d in yaml.safe_load_all(text) if d is not None]
                check(True, "rules/%s example.%s parses" % (base, which))
            except yaml.YAMLError as e:
                check(False, "rules/%s example.%s parses" % (base, which), str(e))
                continue
            for d in docs[which]:
                if isinstance(d, dict) and "apiVersion" not in d and "cluster" in d:
                    errs = list(config_validator.iter_errors(d))
                    check(not errs, "rules/%s example.%s .halint.yaml is a valid config" % (base, which),
                          "; ".join(e.message for e in errs[:3]))
            # every example except HA003's bad one must be clean for HA003
            if not (code == "HA003" and which == "bad"):
                errs = [e for d in docs[which] for e in scheduling_errors(d)]
                check(not errs, "rules/%s example.%s has valid scheduling fields" % (base, which),
                      "; ".join(errs[:3]))
        if code == "HA003" and "bad" in docs:
            errs = [e for d in docs["bad"] for e in scheduling_errors(d)]
            check(len(errs) >= 2, "rules/HA003 example.bad is rejected by the schemas", "; ".join(errs))
        if "bad" in docs and "good" in docs:
            check(docs["bad"] != docs["good"], "rules/%s bad and good examples differ" % base)
    check(len(files) == len(CATALOG), "rules/ has one file per rule", "%d files, %d rules" % (len(files), len(CATALOG)))
    for code, name, sev, safety, topo in CATALOG:
        r = by_code.get(code)
        if r is None:
            check(False, "rules/ has %s-%s.yaml" % (code, name))
            continue
        check(r.get("name") == name, "%s name is %s" % (code, name), repr(r.get("name")))
        check(r.get("severity") == sev, "%s severity is %s" % (code, sev), repr(r.get("severity")))
        check((r.get("fix") or {}).get("safety") == safety, "%s fix safety is %s" % (code, safety))
        check(r.get("topology") is topo, "%s topology is %s" % (code, topo))
    # config schema enumerates exactly the catalog
    names = load_schema("config.schema.json")["properties"]["rules"]["propertyNames"]["enum"]
    expected = [c for c, *_ in CATALOG] + [n for _, n, *_ in CATALOG]
    check(sorted(names) == sorted(expected), "config.schema.json rules.propertyNames lists every code and name")


# --------------------------------------------------------------------------------------
# (d) charts/: every shipped chart profile validates against chart-profile.schema.json
# --------------------------------------------------------------------------------------
def check_chart_profiles():
    v = validator("chart-profile.schema.json")
    files = sorted(glob.glob(os.path.join(ROOT, "charts", "*.yaml")))
    check(len(files) >= 25, "charts/ holds at least 25 profiles", "found %d" % len(files))
    names = set()
    for p in files:
        rel = os.path.relpath(p, ROOT)
        with open(p) as f:
            doc = yaml.safe_load(f)
        errs = sorted(v.iter_errors(doc), key=lambda e: list(e.path))
        check(not errs, "%s validates" % rel,
              "; ".join("%s: %s" % ("/".join(map(str, e.path)), e.message) for e in errs[:3]))
        name = (doc or {}).get("name") or ((doc or {}).get("charts") or [""])[0]
        check(name not in names, "%s: profile name %r is unique" % (rel, name))
        names.add(name)
        check(os.path.exists(os.path.join(ROOT, "testdata", "chart-profiles", name + ".yaml")),
              "%s has test cases in testdata/chart-profiles/%s.yaml" % (rel, name))


def main():
    os.chdir(ROOT)
    check_metaschemas()
    check_samples()
    check_rules()
    check_chart_profiles()
    print("%d passed, %d failed" % (PASSED, FAILED))
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main())
