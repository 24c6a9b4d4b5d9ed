// findStructural: the CSV reader's inner scan — the first delimiter, '\n' or
// '"' at or after p. SSE2 compares 16 bytes at a time (every x86-64 has it);
// other targets and the last bytes of a buffer use a plain loop.
#pragma once

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace popper {

inline const char* findStructural(const char* p, const char* end, char delim) {
#if defined(__SSE2__)
  const __m128i d = _mm_set1_epi8(delim);
  const __m128i nl = _mm_set1_epi8('\n');
  const __m128i quote = _mm_set1_epi8('"');
  while (end - p >= 16) {
    __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    __m128i hits = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(chunk, d), _mm_cmpeq_epi8(chunk, nl)),
                                _mm_cmpeq_epi8(chunk, quote));
    int mask = _mm_movemask_epi8(hits);
    if (mask) return p + __builtin_ctz(static_cast<unsigned>(mask));
    p += 16;
  }
#endif
  while (p < end && *p != delim && *p != '\n' && *p != '"') ++p;
  return p;
}

}  // namespace popper
