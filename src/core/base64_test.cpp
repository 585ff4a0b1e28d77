#include "core/base64.h"

#include <gtest/gtest.h>

namespace halint {
namespace {

TEST(Base64, DecodesRfc4648Vectors) {
  EXPECT_EQ(base64_decode(""), "");
  EXPECT_EQ(base64_decode("Zg=="), "f");
  EXPECT_EQ(base64_decode("Zm8="), "fo");
  EXPECT_EQ(base64_decode("Zm9v"), "foo");
  EXPECT_EQ(base64_decode("Zm9vYg=="), "foob");
  EXPECT_EQ(base64_decode("Zm9vYmE="), "fooba");
  EXPECT_EQ(base64_decode("Zm9vYmFy"), "foobar");
}

TEST(Base64, SkipsLineBreaksAndKeepsBinary) {
  EXPECT_EQ(base64_decode("Zm9v\nYmFy\n"), "foobar");
  EXPECT_EQ(base64_decode("AP8="), std::string("\x00\xff", 2));
  // A long input: the accumulator must not overflow (it keeps the last 24 bits).
  std::string many;
  for (int i = 0; i < 1000; ++i) many += "Zm9v";
  EXPECT_EQ(base64_decode(many).size(), 3000u);
}

}  // namespace
}  // namespace halint
