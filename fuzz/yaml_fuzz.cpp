// libFuzzer target for halint's YAML layer and everything that consumes its trees.
// For each input:
//  1. parse it with halint's parser (must return, whatever the bytes);
//  2. check invariants of the tree that fixes and reports rely on: every span lies in the
//     file and does not run backwards, quoted scalars and flow collections start and end
//     on their delimiters, a one-line plain scalar's span is exactly its text, children
//     lie inside their parent;
//  3. when halint and yaml-cpp both accept it, require the same tree (src/yaml/oracle.h,
//     the same comparison as the differential test);
//  4. run the pipeline on it in memory: objects, render, HelmRelease modelling (seeds in
//     fuzz/seeds/helmrelease-*.yaml), graph, every rule, fixes of modelled objects turned
//     into values edits, the text and JSON reporters (must not crash).
// A failed check (1, 2, 4) aborts with a message, which libFuzzer records as a crash;
// an oracle mismatch (3) is reported, and fatal with HALINT_FUZZ_ORACLE=strict.
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <string_view>

#include "core/analysis.h"
#include "core/loader.h"
#include "engine/check.h"
#include "helm/stage.h"
#include "model/graph.h"
#include "render/render.h"
#include "report/report.h"
#include "rules/catalog.h"
#include "rules/rule.h"
#include "yaml/oracle.h"
#include "yaml/parser.h"

namespace {

using halint::Span;
using halint::yaml::Node;
using halint::yaml::Style;

// Inputs above this size skip the yaml-cpp comparison: it is 10x slower than libyaml and
// the interesting differences show up in small inputs.
constexpr size_t kOracleMaxInput = 8192;

[[noreturn]] void die(const char* what, const std::string& detail) {
  std::fprintf(stderr, "\n*** halint fuzz: %s\n%s\n", what, detail.c_str());
  std::abort();
}

void check_spans(std::string_view text, const Node& n, Span parent, bool in_copy, size_t depth) {
  // A copy made for an alias or merge key keeps the anchor's origin: it need not lie
  // inside its new parent, but it must still be a valid span of the file.
  in_copy = in_copy || n.has_flag(halint::yaml::kFromAlias) || n.has_flag(halint::yaml::kFromMerge);
  Span s = n.origin().span;
  if (s.begin > s.end || s.end > text.size())
    die("span out of range or inverted", std::to_string(s.begin) + ".." + std::to_string(s.end) + " of " +
                                             std::to_string(text.size()) + " bytes");
  std::string_view w = text.substr(s.begin, s.end - s.begin);
  if (!in_copy && (s.begin < parent.begin || s.end > parent.end))
    die("child span outside its parent", std::to_string(s.begin) + ".." + std::to_string(s.end) + " in " +
                                             std::to_string(parent.begin) + ".." + std::to_string(parent.end));
  if (n.is_scalar()) {
    // A node's span includes its properties (`&anchor`, `!tag`) when it has them.
    bool tagged_or_anchored = n.has_flag(halint::yaml::kTagged) || n.has_flag(halint::yaml::kAnchored);
    auto starts_ok = [&](char quote) { return w.front() == quote || (tagged_or_anchored && (w.front() == '&' || w.front() == '!')); };
    if (n.style() == Style::DoubleQuoted && (w.size() < 2 || !starts_ok('"') || w.back() != '"'))
      die("double-quoted scalar span is not delimited by quotes", std::string(w));
    if (n.style() == Style::SingleQuoted && (w.size() < 2 || !starts_ok('\'') || w.back() != '\''))
      die("single-quoted scalar span is not delimited by quotes", std::string(w));
    // (NEL, LS and PS are line breaks too for libyaml: a scalar spanning one is folded.)
    if (n.style() == Style::Plain && !tagged_or_anchored && !in_copy && !n.str().empty() &&
        w.find_first_of("\r\n") == std::string_view::npos && !halint::yaml::oracle::has_yaml11_only_breaks(w) &&
        w != n.str())
      die("one-line plain scalar span differs from its value", "span: " + std::string(w) + "\nvalue: " + n.str());
    return;
  }
  if (n.style() == Style::Flow && !in_copy) {
    char open = n.is_map() ? '{' : '[', close = n.is_map() ? '}' : ']';
    // A flow collection's span starts at its bracket unless an anchor or tag precedes it.
    bool prefixed = n.has_flag(halint::yaml::kTagged) || n.has_flag(halint::yaml::kAnchored);
    // A single-pair map inside a flow sequence (`[k: v]`) has no braces at all.
    bool implicit_pair = n.is_map() && !w.empty() && w.front() != open && !prefixed;
    if (!implicit_pair && (w.empty() || (!prefixed && w.front() != open) || w.back() != close))
      die("flow collection span is not delimited by its brackets", std::string(w.substr(0, 200)));
  }
  if (depth > 2000) die("tree deeper than the parser's nesting cap", "");
  for (const auto& c : n.children()) check_spans(text, c, in_copy ? Span{0, UINT32_MAX} : s, in_copy, depth + 1);
}

// yaml-cpp has bugs of its own (oracle.h K5..K7 are ones the fuzzer found): a tree
// mismatch is a lead to look at, not proof of a halint bug. By default (the CI run) it is
// printed, with the input, and fuzzing goes on; HALINT_FUZZ_ORACLE=strict makes it fatal,
// to collect one for investigation. Crashes, hangs and invariant violations are always fatal.
void oracle_mismatch(std::string_view text, const std::string& what) {
  static const bool strict = [] {
    const char* e = std::getenv("HALINT_FUZZ_ORACLE");
    return e && std::string_view(e) == "strict";
  }();
  if (strict) die("halint and yaml-cpp build different trees", what);
  static size_t reported = 0;  // fuzzer-only counter: keep the log readable
  if (++reported > 20) return;
  std::string shown;
  for (char c : text.substr(0, 300)) {
    unsigned char u = static_cast<unsigned char>(c);
    if (c == '\n') shown += "\\n";
    else if (u < 0x20 || u >= 0x7F) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", u);
      shown += buf;
    } else shown += c;
  }
  std::fprintf(stderr, "halint fuzz: ORACLE MISMATCH (not fatal; HALINT_FUZZ_ORACLE=strict to stop): %s\n  input: %s\n",
               what.c_str(), shown.c_str());
}

const halint::rules::Catalog& catalog() {
  static const halint::rules::Catalog c = halint::rules::Catalog::load();  // fuzzer-only cache
  return c;
}

void run_pipeline(std::string text) {
  halint::Analysis a;
  a.repository_root = "/nonexistent-halint-fuzz";
  a.files.add(halint::parse_text("/nonexistent-halint-fuzz/input.yaml", std::move(text), 0));
  a.linted_files.push_back(0);
  halint::render::render_repository(a, halint::render::RenderOptions{true});
  // HelmReleases in the input (with their OCIRepository/ConfigMap in the same file) are
  // modelled, and the fixes on modelled objects translated into values edits.
  halint::helm::Stage stage;
  stage.run(a, halint::helm::StageOptions{});
  halint::model::Graph graph(a.objects);
  halint::rules::RuleSettings settings;
  halint::rules::RuleContext ctx{a, graph, settings};
  std::vector<halint::Finding> findings;
  for (const auto& rule : halint::rules::make_all_rules()) rule->check(ctx, findings);
  stage.adapt_fixes(findings, a);
  halint::engine::Summary summary;
  summary.files = 1;
  std::ostringstream sink;
  halint::report::ReportInput in{findings, summary, a, catalog()};
  halint::report::write_json(in, sink);
  halint::report::write_text(in, sink, {true, false});
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = halint::yaml::parse(text, 0);
  if (parsed.error && parsed.error->offset > text.size()) die("error offset past the end", parsed.error->reason);
  for (const auto& d : parsed.documents) check_spans(text, d.root, Span{0, static_cast<uint32_t>(size)}, false, 0);

  if (size <= kOracleMaxInput) {
    auto v = halint::yaml::oracle::compare(text, 200'000, /*only_if_halint_accepts=*/true);
    if (v.compared && !v.mismatch.empty()) oracle_mismatch(text, v.mismatch);
  }
  run_pipeline(std::string(text));
  return 0;
}
