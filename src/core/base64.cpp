#include "core/base64.h"

namespace halint {

std::string base64_decode(std::string_view in) {
  static constexpr std::string_view chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  int val = 0, bits = -8;
  for (unsigned char c : in) {
    auto p = chars.find(static_cast<char>(c));
    if (p == std::string_view::npos) continue;
    val = ((val << 6) + static_cast<int>(p)) & 0xFFFFFF;
    bits += 6;
    if (bits >= 0) {
      out.push_back(static_cast<char>((val >> bits) & 0xFF));
      bits -= 8;
    }
  }
  return out;
}

}  // namespace halint
