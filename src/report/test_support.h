#pragma once
// Test helpers for reporters: a small in-memory repository and findings placed on text.
#include <string>
#include <string_view>

#include "core/analysis.h"
#include "core/loader.h"
#include "engine/check.h"

namespace halint::report::testing {

// An Analysis rooted at /repo with the given files (path relative to the root, text).
inline Analysis make_analysis(std::initializer_list<std::pair<std::string, std::string>> files) {
  Analysis a;
  a.repository_root = "/repo";
  for (const auto& [rel, text] : files) {
    FileId id = static_cast<FileId>(a.files.size());
    a.files.add(parse_text("/repo/" + rel, text, id));
    a.linted_files.push_back(id);
  }
  return a;
}

// A finding whose span is the first occurrence of `needle` in the file.
inline Finding finding_at(const Analysis& a, FileId file, std::string_view needle, std::string rule = "HA101",
                          Severity sev = Severity::Warning, std::string message = "Deployment \"web\" has 3 replicas") {
  Finding f;
  f.rule = std::move(rule);
  f.severity = sev;
  f.message = std::move(message);
  size_t at = a.files[file].text.find(needle);
  f.location = Origin{file, Span{static_cast<uint32_t>(at), static_cast<uint32_t>(at + needle.size())}};
  f.resource = ResourceRef{"apps/v1", "Deployment", "web", "web"};
  return f;
}

}  // namespace halint::report::testing
