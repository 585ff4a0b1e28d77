#include "core/json.h"

#include <gtest/gtest.h>

namespace halint::json {
namespace {

TEST(JsonEscape, QuotesAndControlCharacters) {
  EXPECT_EQ(escape("a\"b\\c\n\t"), "\"a\\\"b\\\\c\\n\\t\"");
  EXPECT_EQ(escape(std::string("\0\x1f\x7f", 3)), "\"\\u0000\\u001f\\u007f\"");
}

TEST(JsonEscape, KeepsValidUtf8) {
  EXPECT_EQ(escape("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"), "\"caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\"");
}

TEST(JsonEscape, ReplacesInvalidUtf8) {
  // A Latin-1 file name, a truncated sequence, an overlong '/', a surrogate.
  EXPECT_EQ(escape("caf\xE9.yaml"), "\"caf\xEF\xBF\xBD.yaml\"");
  EXPECT_EQ(escape("x\xE2\x82"), "\"x\xEF\xBF\xBD\xEF\xBF\xBD\"");
  EXPECT_EQ(escape("\xC0\xAF"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");
  EXPECT_EQ(escape("\xED\xA0\x80"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
}

}  // namespace
}  // namespace halint::json
