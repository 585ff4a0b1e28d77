#pragma once
// The two glob dialects an ArtifactGenerator's copy rules use (source-watcher):
//   - `from` patterns are matched as Go's fs.Glob does: one path level per segment, `*`
//     never crosses '/', so `**` is just `*` twice; `?`, `[a-z]`, `[^...]` and `\` escapes;
//   - `exclude` patterns are doublestar globs (`**` spans directories), matched against a
//     path in the source and against the path below the copy's literal prefix; a pattern
//     without '/' also matches the file name at any depth.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace halint::render {

// True when `pattern` holds a glob character (source-watcher's test: any of `*?[]`).
bool has_glob_chars(std::string_view pattern);

// Go's path.Match for one path segment (`name` holds no '/'). nullopt: a malformed
// pattern (an unclosed '['), which source-watcher reports as a bad pattern.
std::optional<bool> segment_match(std::string_view pattern, std::string_view name);

// The literal directories before the first glob segment ("." when the pattern starts
// with one): excludes are also matched relative to it.
std::string literal_prefix(std::string_view pattern);

// Whether a file (or directory) at `path` relative to the source root is excluded by
// `patterns`, `base` being the copy's literal prefix ("." for none).
bool copy_excluded(const std::string& path, const std::string& base, const std::vector<std::string>& patterns);

// Lexically clean relative path ("a/./b/" -> "a/b", "" and "." -> ""); ".." segments
// that would leave the root are dropped (a source root cannot be escaped).
std::string clean_relative(std::string_view path);

}  // namespace halint::render
