// TextFacts of a file's bytes, in one pass while they are in cache after reading. It
// runs over every byte of the repository, so the pass looks at 16 bytes at a time where
// SSE2 is there (every x86-64): '$', '\' and the first two letters of the words it
// looks for are found by compares on the whole block; only the rare hits are checked
// one by one.
#include <cstring>

#include "core/file_table.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace halint {
namespace {

constexpr std::string_view kHalint = "halint";
constexpr std::string_view kDescheduler = "DeschedulerPolicy";

struct Scan {
  std::string_view text;
  bool escape = false, dollar = false, halint = false, descheduler = false;
  std::vector<uint32_t> marks;  // offsets of '$' and '\', ascending

  bool word_at(size_t i, std::string_view w) const {
    return text.size() - i >= w.size() && std::memcmp(text.data() + i, w.data(), w.size()) == 0;
  }
  // Byte i is one of the bytes of interest (the caller's filter said so, or may have).
  void byte(size_t i) {
    char c = text[i];
    if (c == '$' || c == '\\') {
      (c == '$' ? dollar : escape) = true;
      marks.push_back(static_cast<uint32_t>(i));
    } else if (c == 'h') {
      halint = halint || word_at(i, kHalint);
    } else if (c == 'D') {
      descheduler = descheduler || word_at(i, kDescheduler);
    }
  }

  void run() {
    size_t i = 0, n = text.size();
    const char* p = text.data();
#if defined(__SSE2__)
    const __m128i dollar_v = _mm_set1_epi8('$'), escape_v = _mm_set1_epi8('\\');
    const __m128i h = _mm_set1_epi8('h'), a = _mm_set1_epi8('a'), d = _mm_set1_epi8('D'), e = _mm_set1_epi8('e');
    // Blocks of 16 with the next byte readable (word starts are told by their first two).
    for (; i + 17 <= n; i += 16) {
      __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
      __m128i y = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i + 1));
      __m128i hits = _mm_or_si128(_mm_cmpeq_epi8(x, dollar_v), _mm_cmpeq_epi8(x, escape_v));
      hits = _mm_or_si128(hits, _mm_and_si128(_mm_cmpeq_epi8(x, h), _mm_cmpeq_epi8(y, a)));
      hits = _mm_or_si128(hits, _mm_and_si128(_mm_cmpeq_epi8(x, d), _mm_cmpeq_epi8(y, e)));
      for (unsigned m = static_cast<unsigned>(_mm_movemask_epi8(hits)); m; m &= m - 1)
        byte(i + static_cast<size_t>(__builtin_ctz(m)));
    }
#endif
    for (; i < n; ++i) byte(i);
  }
};

}  // namespace

TextFacts text_facts(std::string_view text) {
  Scan s{text};
  s.run();
  TextFacts f;
  f.dollar = s.dollar || s.escape;
  f.halint_bytes = s.halint;
  f.halint = s.halint || s.escape;
  f.descheduler = s.descheduler || s.escape;
  if (f.dollar) {
    s.marks.shrink_to_fit();
    f.dollar_at = std::move(s.marks);
  }
  return f;
}

}  // namespace halint
