// UTF-8 counting, slicing and case mapping (see Utf8.h).
#include "runtime/expr/functions/Utf8.h"

#include <cstring>

namespace popper::utf8 {

size_t length(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += !isContinuation(c);
  return n;
}

size_t offsetOf(std::string_view s, size_t index) {
  size_t chars = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (isContinuation(static_cast<unsigned char>(s[i]))) continue;
    if (chars == index) return i;
    ++chars;
  }
  return s.size();
}

uint32_t toLower(uint32_t cp) {
  if (cp < 0x80) return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
  if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) return cp + 32;
  if (cp >= 0x100 && cp <= 0x17F) {
    if (cp == 0x130) return 'i';
    if (cp == 0x178) return 0xFF;
    if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E)) return (cp & 1) ? cp + 1 : cp;
    if (cp == 0x131 || cp == 0x138 || cp == 0x149 || cp == 0x17F) return cp;
    return (cp & 1) ? cp : cp + 1;
  }
  if (cp >= 0x391 && cp <= 0x3A9 && cp != 0x3A2) return cp + 32;
  switch (cp) {
    case 0x386:
      return 0x3AC;
    case 0x388:
      return 0x3AD;
    case 0x389:
      return 0x3AE;
    case 0x38A:
      return 0x3AF;
    case 0x38C:
      return 0x3CC;
    case 0x38E:
      return 0x3CD;
    case 0x38F:
      return 0x3CE;
    default:
      break;
  }
  if (cp >= 0x410 && cp <= 0x42F) return cp + 32;
  if (cp >= 0x400 && cp <= 0x40F) return cp + 80;
  return cp;
}

uint32_t toUpper(uint32_t cp) {
  if (cp < 0x80) return (cp >= 'a' && cp <= 'z') ? cp - 32 : cp;
  if (cp >= 0xE0 && cp <= 0xFE && cp != 0xF7) return cp - 32;
  if (cp == 0xFF) return 0x178;
  if (cp >= 0x100 && cp <= 0x17F) {
    if (cp == 0x131) return 'I';
    if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E)) return (cp & 1) ? cp : cp - 1;
    if (cp == 0x130 || cp == 0x138 || cp == 0x149 || cp == 0x178 || cp == 0x17F) return cp;
    return (cp & 1) ? cp - 1 : cp;
  }
  if (cp >= 0x3B1 && cp <= 0x3C9) return cp == 0x3C2 ? 0x3A3 : cp - 32;
  switch (cp) {
    case 0x3AC:
      return 0x386;
    case 0x3AD:
      return 0x388;
    case 0x3AE:
      return 0x389;
    case 0x3AF:
      return 0x38A;
    case 0x3CC:
      return 0x38C;
    case 0x3CD:
      return 0x38E;
    case 0x3CE:
      return 0x38F;
    default:
      break;
  }
  if (cp >= 0x430 && cp <= 0x44F) return cp - 32;
  if (cp >= 0x450 && cp <= 0x45F) return cp - 80;
  return cp;
}

namespace {

// Decodes one 2-byte sequence at s[i] (the only length the mapped ranges
// use); returns 0 when s[i] does not start a valid one.
uint32_t decodeTwoByte(std::string_view s, size_t i) {
  unsigned char c0 = s[i];
  if ((c0 & 0xE0) != 0xC0 || i + 1 >= s.size()) return 0;
  unsigned char c1 = s[i + 1];
  if (!isContinuation(c1)) return 0;
  uint32_t cp = ((c0 & 0x1Fu) << 6) | (c1 & 0x3Fu);
  return cp >= 0x80 ? cp : 0;
}

size_t encode(uint32_t cp, char* out) {
  if (cp < 0x80) {
    out[0] = static_cast<char>(cp);
    return 1;
  }
  out[0] = static_cast<char>(0xC0 | (cp >> 6));
  out[1] = static_cast<char>(0x80 | (cp & 0x3F));
  return 2;
}

template <uint32_t (*Map)(uint32_t)>
size_t mapCase(std::string_view s, char* out) {
  size_t o = 0;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = s[i];
    if (c < 0x80) {
      out[o++] = static_cast<char>(Map(c));
      ++i;
      continue;
    }
    uint32_t cp = decodeTwoByte(s, i);
    if (cp) {
      o += encode(Map(cp), out + o);  // mapped code points stay below 0x800
      i += 2;
    } else {
      out[o++] = s[i++];
    }
  }
  return o;
}

}  // namespace

size_t mapLower(std::string_view s, char* out) { return mapCase<toLower>(s, out); }
size_t mapUpper(std::string_view s, char* out) { return mapCase<toUpper>(s, out); }

}  // namespace popper::utf8
