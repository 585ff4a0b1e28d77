#pragma once
// A minimal streaming JSON writer (the reports are the only JSON halint writes).
#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace halint::json {

std::string escape(std::string_view s);  // with the surrounding quotes

class Writer {
 public:
  explicit Writer(std::ostream& out, bool pretty = true) : out_(out), pretty_(pretty) {}
  Writer& begin_object();
  Writer& end_object();
  Writer& begin_array();
  Writer& end_array();
  Writer& key(std::string_view k);
  Writer& value(std::string_view s);
  Writer& value(const char* s) { return value(std::string_view(s)); }
  Writer& value(const std::string& s) { return value(std::string_view(s)); }
  Writer& value(int64_t v);
  Writer& value(uint64_t v) { return value(static_cast<int64_t>(v)); }
  Writer& value(int v) { return value(static_cast<int64_t>(v)); }
  Writer& value(unsigned v) { return value(static_cast<int64_t>(v)); }
  Writer& value(bool v);
  Writer& null();
  // Convenience: key + value.
  template <typename T>
  Writer& field(std::string_view k, const T& v) {
    key(k);
    return value(v);
  }

 private:
  void before_value();
  void newline();
  std::ostream& out_;
  bool pretty_;
  struct Level {
    bool first = true;
    bool is_object = false;
  };
  std::vector<Level> stack_;
  bool after_key_ = false;
};

}  // namespace halint::json
