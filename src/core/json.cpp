#include "core/json.h"

#include <cstdio>

namespace halint::json {

std::string escape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  out += '"';
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
  return out;
}

void Writer::newline() {
  if (!pretty_) return;
  out_ << '\n';
  for (size_t i = 0; i < stack_.size(); ++i) out_ << "  ";
}

void Writer::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (stack_.empty()) return;
  if (!stack_.back().first) out_ << ',';
  stack_.back().first = false;
  newline();
}

Writer& Writer::begin_object() {
  before_value();
  out_ << '{';
  stack_.push_back({true, true});
  return *this;
}

Writer& Writer::end_object() {
  bool empty = stack_.back().first;
  stack_.pop_back();
  if (!empty) newline();
  out_ << '}';
  if (stack_.empty() && pretty_) out_ << '\n';
  return *this;
}

Writer& Writer::begin_array() {
  before_value();
  out_ << '[';
  stack_.push_back({true, false});
  return *this;
}

Writer& Writer::end_array() {
  bool empty = stack_.back().first;
  stack_.pop_back();
  if (!empty) newline();
  out_ << ']';
  return *this;
}

Writer& Writer::key(std::string_view k) {
  before_value();
  out_ << escape(k) << (pretty_ ? ": " : ":");
  after_key_ = true;
  return *this;
}

Writer& Writer::value(std::string_view s) {
  before_value();
  out_ << escape(s);
  return *this;
}

Writer& Writer::value(int64_t v) {
  before_value();
  out_ << v;
  return *this;
}

Writer& Writer::value(bool v) {
  before_value();
  out_ << (v ? "true" : "false");
  return *this;
}

Writer& Writer::null() {
  before_value();
  out_ << "null";
  return *this;
}

}  // namespace halint::json
