#pragma once
// kyaml's SmarterPathSplitter: a field path split on '.', where "\." is a literal dot and
// a bracketed element keeps its dots ("[a.b]" is one key, "[name=x.y]" one matcher).
#include <string>
#include <vector>

namespace halint::render {

// Elements of `path`. A bracketed element that spans dots loses its brackets unless it
// is a matcher (holds '='); with `strip_single`, so does one without dots ("[a]" -> "a"),
// as kustomize's vars read their field paths.
std::vector<std::string> smarter_split(const std::string& path, bool strip_single = false);

}  // namespace halint::render
