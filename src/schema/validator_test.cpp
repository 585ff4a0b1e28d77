#include "schema/validator.h"

#include <gtest/gtest.h>

#include "core/embedded.h"
#include "yaml/parser.h"

namespace halint::schema {
namespace {

Schema load(std::string_view text) {
  auto r = Schema::from_text(text);
  if (auto* e = std::get_if<std::string>(&r)) {
    ADD_FAILURE() << *e;
    return Schema();
  }
  return std::get<Schema>(std::move(r));
}

// Parses YAML and keeps the tree alive for the violations that point into it.
struct Doc {
  yaml::ParseResult parsed;
  explicit Doc(std::string_view text) : parsed(yaml::parse(text, 0)) {
    EXPECT_FALSE(parsed.error);
    EXPECT_EQ(parsed.documents.size(), 1u);
  }
  const yaml::Node& root() const { return parsed.documents[0].root; }
};

std::vector<Violation> check(std::string_view schema, std::string_view instance) {
  static std::vector<std::unique_ptr<Doc>> keep;  // violations hold pointers into the doc
  Schema s = load(schema);
  keep.push_back(std::make_unique<Doc>(instance));
  return s.validate(keep.back()->root());
}

TEST(EditDistance, Basics) {
  EXPECT_EQ(edit_distance("rules", "rulez"), 1u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(edit_distance("same", "same"), 0u);
}

TEST(Validator, TypeString) {
  const char* s = R"({"type": "string"})";
  EXPECT_TRUE(check(s, "abc").empty());
  EXPECT_TRUE(check(s, "\"42\"").empty());  // quoted number is a string
  auto v = check(s, "42");
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].kind, Violation::Kind::WrongType);
  EXPECT_EQ(v[0].message, "expected string, got integer 42");
  EXPECT_EQ(check(s, "true").size(), 1u);
  EXPECT_EQ(check(s, "{a: b}").size(), 1u);
}

TEST(Validator, TypeIntegerAcceptsYamlIntsOnly) {
  const char* s = R"({"type": "integer"})";
  EXPECT_TRUE(check(s, "3").empty());
  EXPECT_TRUE(check(s, "-3").empty());
  EXPECT_EQ(check(s, "\"3\"").size(), 1u);
  EXPECT_EQ(check(s, "3.5").size(), 1u);
  EXPECT_EQ(check(s, "null").size(), 1u);
}

TEST(Validator, TypeNumberBooleanNullObjectArray) {
  EXPECT_TRUE(check(R"({"type": "number"})", "3").empty());
  EXPECT_TRUE(check(R"({"type": "number"})", "3.5").empty());
  EXPECT_EQ(check(R"({"type": "number"})", "\"3\"").size(), 1u);
  EXPECT_TRUE(check(R"({"type": "boolean"})", "false").empty());
  EXPECT_EQ(check(R"({"type": "boolean"})", "\"true\"").size(), 1u);
  EXPECT_TRUE(check(R"({"type": "null"})", "null").empty());
  EXPECT_TRUE(check(R"({"type": "null"})", "~").empty());
  EXPECT_TRUE(check(R"({"type": "object"})", "{a: 1}").empty());
  EXPECT_EQ(check(R"({"type": "object"})", "[1]").size(), 1u);
  EXPECT_TRUE(check(R"({"type": "array"})", "[1]").empty());
  EXPECT_EQ(check(R"({"type": "array"})", "{}").size(), 1u);
}

TEST(Validator, TypeList) {
  const char* s = R"({"type": ["object", "null"]})";
  EXPECT_TRUE(check(s, "{}").empty());
  EXPECT_TRUE(check(s, "null").empty());
  auto v = check(s, "x");
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].message, "expected object or null, got string \"x\"");
}

TEST(Validator, PropertiesAndUnknownFieldWithSuggestion) {
  const char* s = R"({"type": "object", "properties": {"rules": {"type": "object"}, "failOn": {"type": "string"}},
                      "additionalProperties": false})";
  EXPECT_TRUE(check(s, "rules: {}\nfailOn: error\n").empty());
  auto v = check(s, "failOn: error\nrulez: {}\n");
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].kind, Violation::Kind::UnknownField);
  EXPECT_EQ(v[0].message, "unknown field \"rulez\"");
  EXPECT_EQ(v[0].suggestion, "rules");
  EXPECT_EQ(v[0].path, "rulez");
  ASSERT_TRUE(v[0].key);
  EXPECT_EQ(v[0].key->str(), "rulez");
  EXPECT_EQ(v[0].key->origin().span.begin, 14u);  // the key's own position
  // Too far from every field: no suggestion.
  v = check(s, "completelyDifferent: 1\n");
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].suggestion, "");
  // Nested property paths.
  v = check(s, "failOn: [1]\n");
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].path, "failOn");
}

TEST(Validator, AdditionalPropertiesSchemaAndDefaultOpen) {
  const char* s = R"({"type": "object", "additionalProperties": {"type": "string"}})";
  EXPECT_TRUE(check(s, "a: x\nb: y\n").empty());
  auto v = check(s, "a: x\nb: 1\n");
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].path, "b");
  // Without additionalProperties, unknown fields are allowed.
  EXPECT_TRUE(check(R"({"type": "object", "properties": {"a": {"type": "string"}}})", "z: 1\n").empty());
}

TEST(Validator, Required) {
  const char* s = R"({"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"]})";
  EXPECT_TRUE(check(s, "name: w1\n").empty());
  auto v = check(s, "other: 1\n");
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].kind, Violation::Kind::Required);
  EXPECT_EQ(v[0].message, "missing required field \"name\"");
}

TEST(Validator, EnumWithSuggestion) {
  const char* s = R"({"type": "string", "enum": ["DoNotSchedule", "ScheduleAnyway"]})";
  EXPECT_TRUE(check(s, "ScheduleAnyway").empty());
  auto v = check(s, "ScheduleAnyWay");
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].kind, Violation::Kind::BadEnum);
  EXPECT_EQ(v[0].suggestion, "ScheduleAnyway");
  EXPECT_EQ(v[0].message, "invalid value \"ScheduleAnyWay\" (expected one of: DoNotSchedule, ScheduleAnyway)");
  // Enum of numbers compares values, not texts.
  EXPECT_TRUE(check(R"({"enum": [1, 2]})", "2").empty());
  EXPECT_EQ(check(R"({"enum": [1, 2]})", "\"2\"").size(), 1u);
}

TEST(Validator, Const) {
  const char* s = R"({"const": "v1"})";
  EXPECT_TRUE(check(s, "v1").empty());
  auto v = check(s, "v2");
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].kind, Violation::Kind::BadEnum);
}

TEST(Validator, PatternIsUnanchoredSearchOnStringsOnly) {
  const char* s = R"({"pattern": "^[0-9]+%$"})";
  EXPECT_TRUE(check(s, "25%").empty());
  auto v = check(s, "25");  // an int: pattern does not apply
  EXPECT_TRUE(v.empty());
  v = check(s, "abc%");
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].kind, Violation::Kind::Pattern);
  EXPECT_TRUE(check(R"({"pattern": "b"})", "abc").empty());
}

TEST(Validator, MinimumMaximum) {
  const char* s = R"({"type": "integer", "minimum": 1, "maximum": 100})";
  EXPECT_TRUE(check(s, "1").empty());
  EXPECT_TRUE(check(s, "100").empty());
  auto v = check(s, "0");
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].kind, Violation::Kind::Minimum);
  EXPECT_EQ(v[0].message, "value 0 is less than the minimum 1");
  v = check(s, "101");
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].kind, Violation::Kind::Maximum);
  EXPECT_TRUE(check(R"({"type": "number", "minimum": 0.5})", "0.75").empty());
  EXPECT_EQ(check(R"({"type": "number", "minimum": 0.5})", "0.25").size(), 1u);
}

TEST(Validator, ItemsAndMinItems) {
  const char* s = R"({"type": "array", "items": {"type": "string"}, "minItems": 1})";
  EXPECT_TRUE(check(s, "[a, b]").empty());
  auto v = check(s, "[a, 1]");
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].path, "[1]");
  v = check(s, "[]");
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].message, "expected at least 1 item, got 0");
}

TEST(Validator, AnyOfPicksTheMeantAlternative) {
  const char* s = R"({"anyOf": [{"type": "integer", "minimum": 0}, {"type": "string", "pattern": "^[0-9]+%$"}]})";
  EXPECT_TRUE(check(s, "1").empty());
  EXPECT_TRUE(check(s, "25%").empty());
  auto v = check(s, "-1");
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].kind, Violation::Kind::Minimum);
  v = check(s, "abc");
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].kind, Violation::Kind::Pattern);
  v = check(s, "true");
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].kind, Violation::Kind::WrongType);
  EXPECT_EQ(v[0].message, "expected integer or string, got boolean true");
}

TEST(Validator, OneOfExactlyOne) {
  const char* s = R"({"oneOf": [{"type": "integer"}, {"type": "number", "minimum": 10}]})";
  EXPECT_TRUE(check(s, "3").empty());      // integer only (3 < 10)
  EXPECT_TRUE(check(s, "10.5").empty());   // number only
  auto v = check(s, "12");                 // both
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].message, "value matches more than one allowed form");
  EXPECT_EQ(check(s, "x").size(), 1u);    // none
}

TEST(Validator, RefToDefs) {
  const char* s = R"({"type": "object", "properties": {"taints": {"type": "array", "items": {"$ref": "#/$defs/Taint"}}},
      "additionalProperties": false,
      "$defs": {"Taint": {"type": "object", "properties": {"key": {"type": "string"},
                "effect": {"enum": ["NoSchedule", "NoExecute"]}}, "required": ["key"], "additionalProperties": false}}})";
  EXPECT_TRUE(check(s, "taints: [{key: a, effect: NoSchedule}]").empty());
  auto v = check(s, "taints: [{key: a, efect: NoSchedule}]");
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].path, "taints[0].efect");
  EXPECT_EQ(v[0].suggestion, "effect");
  // Validate against a definition directly.
  Schema schema = load(s);
  Doc d("{effect: Nope}");
  auto w = schema.validate(d.root(), "spec.taints[3]", "Taint");
  ASSERT_EQ(w.size(), 2u);  // missing key, bad effect
  EXPECT_EQ(w[0].kind, Violation::Kind::Required);
  EXPECT_EQ(w[1].path, "spec.taints[3].effect");
}

TEST(Validator, UnresolvableRefIsALoadError) {
  auto r = Schema::from_text(R"({"$ref": "#/$defs/Missing"})");
  ASSERT_TRUE(std::holds_alternative<std::string>(r));
  EXPECT_NE(std::get<std::string>(r).find("does not resolve"), std::string::npos);
  auto bad = Schema::from_text(R"({"pattern": "(["})");
  EXPECT_TRUE(std::holds_alternative<std::string>(bad));
  auto badtype = Schema::from_text(R"({"type": "int"})");
  EXPECT_TRUE(std::holds_alternative<std::string>(badtype));
}

TEST(Validator, PropertyNamesGiveUnknownFieldWithSuggestion) {
  const char* s = R"({"type": "object", "propertyNames": {"enum": ["missing-pdb", "HA301"]},
                      "additionalProperties": {"type": "string"}})";
  EXPECT_TRUE(check(s, "missing-pdb: off\n").empty());
  auto v = check(s, "missng-pdb: off\n");
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].kind, Violation::Kind::UnknownField);
  EXPECT_EQ(v[0].suggestion, "missing-pdb");
  EXPECT_EQ(v[0].key->str(), "missng-pdb");
}

TEST(Validator, SubstitutionsAreNeverTypeEnumOrPatternViolations) {
  EXPECT_TRUE(check(R"({"type": "integer", "minimum": 1})", "${REPLICAS}").empty());
  EXPECT_TRUE(check(R"({"enum": ["a", "b"]})", "${MODE:=a}").empty());
  EXPECT_TRUE(check(R"({"type": "string", "pattern": "^[0-9]+%$"})", "\"${PCT}\"").empty());
  EXPECT_TRUE(check(R"({"type": "object"})", "${AFFINITY}").empty());
  // Anything else in the same document is still checked.
  auto v = check(R"({"type": "object", "properties": {"a": {"type": "integer"}, "b": {"type": "integer"}}})",
                 "a: ${A}\nb: x\n");
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].path, "b");
}

TEST(Validator, Description) {
  // description (and title, $schema, $id) are annotations: they never fail.
  EXPECT_TRUE(check(R"({"description": "anything", "title": "t", "type": "string"})", "x").empty());
}

TEST(Validator, EveryEmbeddedSchemaLoads) {
  size_t n = 0;
  for (const auto& f : embedded_files()) {
    if (!f.path.starts_with("schemas/") || !f.path.ends_with(".json")) continue;
    ++n;
    auto r = Schema::from_embedded(f.path);
    EXPECT_TRUE(std::holds_alternative<Schema>(r)) << f.path << ": " << std::get<std::string>(r);
  }
  EXPECT_GE(n, 11u);
  EXPECT_TRUE(std::holds_alternative<Schema>(Schema::from_embedded("config.schema.json")));
  EXPECT_TRUE(std::holds_alternative<std::string>(Schema::from_embedded("nope.schema.json")));
}

TEST(Validator, ConfigSchemaOnExamples) {
  auto r = Schema::from_embedded("schemas/config.schema.json");
  ASSERT_TRUE(std::holds_alternative<Schema>(r));
  const Schema& s = std::get<Schema>(r);
  Doc good(R"(failOn: warning
kubernetesVersion: "1.31"
exclude: ["**/.archive/**"]
rules:
  missing-pdb: off
  HA101: { severity: error }
cluster:
  nodesFrom: cluster/nodes.yaml
  nodes:
    - name: w1
      labels: { role: primary }
      taints: [ { key: role, value: backup, effect: PreferNoSchedule } ]
      allocatable: { cpu: "4", memory: 16Gi, pods: 110 }
fix:
  rollout: maxSurgeZero
  pdb: { maxUnavailable: 1 }
)");
  auto v = s.validate(good.root());
  for (const auto& x : v) ADD_FAILURE() << x.path << ": " << x.message;
  Doc bad("rules:\n  HA101: { severity: fatal }\nfix:\n  pdb: { maxUnavailable: 0 }\n");
  v = s.validate(bad.root());
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[0].path, "rules.HA101.severity");
  EXPECT_EQ(v[0].kind, Violation::Kind::BadEnum);
  EXPECT_EQ(v[1].path, "fix.pdb.maxUnavailable");
  EXPECT_EQ(v[1].kind, Violation::Kind::Minimum);
}

TEST(Validator, SchedulingSchemaTolerations) {
  auto r = Schema::from_embedded("scheduling/tolerations.schema.json");
  ASSERT_TRUE(std::holds_alternative<Schema>(r));
  Doc d("- key: a\n  operator: Exists\n  efect: NoSchedule\n");
  auto v = std::get<Schema>(r).validate(d.root(), "spec.template.spec.tolerations");
  ASSERT_FALSE(v.empty());
  EXPECT_EQ(v[0].kind, Violation::Kind::UnknownField);
  EXPECT_EQ(v[0].suggestion, "effect");
  EXPECT_EQ(v[0].path, "spec.template.spec.tolerations[0].efect");
}

}  // namespace
}  // namespace halint::schema
