#pragma once
// Reads and parses files in parallel; each file is parsed once however many renders use it.
#include <string>
#include <vector>

#include "core/file_table.h"

namespace halint {

// Reads and parses every path (absolute) into the table, using `jobs` threads (0 = all
// cores). File ids follow the order of `paths`. Never throws: unreadable files get
// read_error, syntax errors become syntax_error.
void load_files(const std::vector<std::string>& paths, FileTable& table, unsigned jobs);

// Reads and parses one file (used by the renderer for files outside the walked set,
// and by the fixer to verify its output).
std::unique_ptr<SourceFile> load_file(const std::string& abs_path, FileId id);
std::unique_ptr<SourceFile> parse_text(std::string abs_path, std::string text, FileId id);

}  // namespace halint
