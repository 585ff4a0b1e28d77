// Every shipped chart profile against what its chart renders. Each profile has a case
// file testdata/chart-profiles/<name>.yaml: releases with values, and the objects the
// chart renders for them, derived by hand from the chart's templates (each case cites the
// files and tag it was read from). Also: every shipped profile loads and validates
// against schemas/chart-profile.schema.json, and has a case file.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "core/embedded.h"
#include "helm/profile/set.h"
#include "helm/test_util.h"
#include "schema/validator.h"
#include "yaml/parser.h"

namespace halint::helm::profile {
namespace {

namespace stdfs = std::filesystem;
using yaml::Node;

std::string read(const stdfs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string scalar(const Node* n) { return n && n->is_scalar() && !n->is_null() ? n->str() : ""; }

// Structural equality as the API server sees it: map order does not matter.
bool same(const Node& a, const Node& b) {
  if (a.is_null() && b.is_null()) return true;
  if (a.kind() != b.kind()) return false;
  if (a.is_scalar()) return a.str() == b.str() && (a.scalar_type() == b.scalar_type() || a.is_string() || b.is_string());
  if (a.size() != b.size()) return false;
  if (a.is_seq()) {
    for (size_t i = 0; i < a.size(); ++i)
      if (!same(a.at(i), b.at(i))) return false;
    return true;
  }
  for (size_t i = 0; i < a.size(); ++i) {
    const Node* o = b.get(a.key_at(i).str());
    if (!o || !same(a.value_at(i), *o)) return false;
  }
  return true;
}

const Node* at_dotted(const Node& root, const std::string& path) {
  const Node* cur = &root;
  std::stringstream ss(path);
  std::string k;
  while (std::getline(ss, k, '.')) {
    if (!cur->is_map()) return nullptr;
    cur = cur->get(k);
    if (!cur) return nullptr;
  }
  return cur;
}

// The text of a node's span in the case file (values are written as YAML there).
std::string source_text(const std::string& file, const Node& n) {
  auto span = n.origin().span;
  std::string t = file.substr(span.begin, span.end - span.begin);
  // A block mapping's span starts at its first key: re-indent from its column.
  size_t line_start = file.rfind('\n', span.begin);
  size_t col = span.begin - (line_start == std::string::npos ? 0 : line_start + 1);
  return std::string(col, ' ') + t;
}

struct Case {
  std::string file, profile, name;
  const Node* node;
  std::string text;
};

void run_case(const Case& c, const Node& cs) {
  SCOPED_TRACE(c.file + ": " + c.name);
  const Node* chart = cs.get("chart");
  ASSERT_TRUE(chart && chart->is_map()) << "case needs chart: {name, version, url}";
  std::string release = scalar(cs.get("release"));
  std::string ns = scalar(cs.get("namespace"));
  if (release.empty()) release = scalar(chart->get("name"));
  if (ns.empty()) ns = "default";
  std::string values = "    {}\n";
  if (const Node* v = cs.get("values"); v && v->is_map() && !v->empty()) {
    std::string t = source_text(c.text, *v);
    // Normalise indentation to 4 spaces under spec.values.
    size_t first = t.find_first_not_of(' ');
    std::stringstream ss(t);
    std::string line, out;
    while (std::getline(ss, line)) out += (line.size() > first ? "    " + line.substr(first) : "") + "\n";
    values = out;
    if (v->style() == yaml::Style::Flow) values = "    " + t.substr(first) + "\n";
  }
  // An OCI URL is an OCIRepository named by chartRef; anything else a HelmRepository.
  std::string url = scalar(chart->get("url")), version = scalar(chart->get("version"));
  bool oci_source = url.starts_with("oci://");
  std::string source_ref =
      oci_source ? "  chartRef:\n    kind: OCIRepository\n    name: chart\n"
                 : "  chart:\n    spec:\n      chart: " + scalar(chart->get("name")) + "\n      version: \"" + version +
                       "\"\n      sourceRef:\n        kind: HelmRepository\n        name: chart\n";
  std::string hr = "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: " + release +
                   "\n  namespace: " + ns + "\nspec:\n" + source_ref + "  values:\n" + values;
  std::string oci = oci_source ? "apiVersion: source.toolkit.fluxcd.io/v1\nkind: OCIRepository\nmetadata:\n  name: chart\n"
                                 "  namespace: " + ns + "\nspec:\n  ref:\n    tag: \"" + version + "\"\n  url: " + url + "\n"
                               : "apiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmRepository\nmetadata:\n  name: chart\n"
                                 "  namespace: " + ns + "\nspec:\n  url: " + url + "\n";
  auto m = testing::model_files({{"helmrelease.yaml", hr}, {"ocirepository.yaml", oci}});
  bool want_modelled = !(cs.get("modelled") && !cs.get("modelled")->as_bool().value_or(true));
  EXPECT_EQ(m.stage.modelled_releases(), want_modelled ? 1u : 0u) << hr;
  if (const Node* n = cs.get("objects")) {
    EXPECT_EQ(m.count_modelled(), static_cast<size_t>(n->as_int().value_or(-1)));
  }
  const Node* expect = cs.get("expect");
  if (!expect) return;
  for (const auto& e : expect->items()) {
    std::string kind = scalar(e.get("kind")), name = scalar(e.get("name"));
    const model::Object* o = m.find(kind, name);
    if (e.get("absent")) {
      EXPECT_EQ(o, nullptr) << kind << "/" << name << " should not be rendered";
      continue;
    }
    if (!o) {
      std::string have;
      for (const auto& x : m.analysis.objects)
        if (x.helm) have += " " + x.kind + "/" + x.name;
      ADD_FAILURE() << kind << "/" << name << " not modelled; modelled:" << have;
      continue;
    }
    if (const Node* crit = e.get("critical")) {
      EXPECT_EQ(o->critical.empty(), !crit->as_bool().value_or(false)) << kind << "/" << name << " critical";
    }
    if (const Node* single = e.get("singleton")) {
      EXPECT_EQ(o->singleton.empty(), !single->as_bool().value_or(false)) << kind << "/" << name << " singleton";
    }
    if (const Node* fields = e.get("fields"))
      for (size_t i = 0; i < fields->size(); ++i) {
        std::string path = fields->key_at(i).str();
        const Node& want = fields->value_at(i);
        const Node* got = at_dotted(o->root(), path);
        if (want.is_scalar() && want.str() == "<absent>") {
          EXPECT_EQ(got, nullptr) << kind << "/" << name << " " << path << " = " << (got ? yaml::to_flow(*got) : "");
          continue;
        }
        if (!got) {
          ADD_FAILURE() << kind << "/" << name << " " << path << " absent, want " << yaml::to_flow(want);
          continue;
        }
        EXPECT_TRUE(same(want, *got)) << kind << "/" << name << " " << path << ": got " << yaml::to_flow(*got, 400)
                                      << ", want " << yaml::to_flow(want, 400);
      }
  }
  for (const auto& note : m.messages("HA005")) {
    if (!cs.get("notes")) ADD_FAILURE() << "unexpected HA005: " << note;
  }
}

TEST(ChartProfiles, ShippedProfilesLoadAndValidate) {
  const ProfileSet& set = shipped_profiles();
  for (const auto& e : set.errors()) ADD_FAILURE() << e;
  auto schema = schema::Schema::from_embedded("schemas/chart-profile.schema.json");
  ASSERT_TRUE(std::holds_alternative<schema::Schema>(schema)) << std::get<std::string>(schema);
  size_t n = 0;
  for (const auto& f : embedded_files()) {
    if (!f.path.starts_with("charts/")) continue;
    ++n;
    auto parsed = yaml::parse(f.data, 0);
    ASSERT_FALSE(parsed.error) << f.path;
    ASSERT_FALSE(parsed.documents.empty()) << f.path;
    for (const auto& v : std::get<schema::Schema>(schema).validate(parsed.documents[0].root))
      ADD_FAILURE() << f.path << ": " << v.path << ": " << v.message;
  }
  EXPECT_GE(n, 25u);
  EXPECT_EQ(set.profiles().size(), n);
}

TEST(ChartProfiles, EveryProfileHasCases) {
  std::set<std::string> cases;
  for (const auto& e : stdfs::directory_iterator(stdfs::path(HALINT_SOURCE_DIR) / "testdata" / "chart-profiles"))
    cases.insert(e.path().stem().string());
  for (const Profile* p : shipped_profiles().profiles())
    EXPECT_TRUE(cases.count(p->name)) << "no testdata/chart-profiles/" << p->name << ".yaml";
}

TEST(ChartProfiles, Cases) {
  stdfs::path dir = stdfs::path(HALINT_SOURCE_DIR) / "testdata" / "chart-profiles";
  std::vector<stdfs::path> files;
  for (const auto& e : stdfs::directory_iterator(dir))
    if (e.path().extension() == ".yaml") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  ASSERT_FALSE(files.empty());
  for (const auto& f : files) {
    std::string text = read(f);
    auto parsed = yaml::parse(text, 0);
    ASSERT_FALSE(parsed.error) << f;
    const Node& root = parsed.documents.at(0).root;
    const Node* cases = root.get("cases");
    ASSERT_TRUE(cases && cases->is_seq() && !cases->empty()) << f;
    for (const auto& cs : cases->items()) {
      EXPECT_FALSE(scalar(cs.get("source")).empty()) << f << ": every case cites the chart source it was derived from";
      run_case({f.filename().string(), scalar(root.get("profile")), scalar(cs.get("name")), &cs, text}, cs);
    }
  }
}

}  // namespace
}  // namespace halint::helm::profile
