"""NoisyTranslate, the seeded synthetic-error translator the handler cases
use, re-implemented from its definition (runtime/ops/BuiltinOperators.cpp):
a text is mistranslated when mixHash(fnv1a64("<seed>:<text>")) / 2^64 <
error_rate (mixHash: runtime/data/Value.h), and then comes back unchanged;
otherwise its "es:" tag becomes "en:"."""


def fnv1a64(text):
    h = 0xCBF29CE484222325
    for byte in text.encode():
        h = ((h ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


def mix_hash(h):
    mask = 0xFFFFFFFFFFFFFFFF
    h ^= h >> 33
    h = (h * 0xFF51AFD7ED558CCD) & mask
    h ^= h >> 33
    h = (h * 0xC4CEB9FE1A85EC53) & mask
    h ^= h >> 33
    return h


def translate(text, seed, rate):
    if (mix_hash(fnv1a64(f"{seed}:{text}")) >> 11) * 2.0**-53 < rate:
        return text
    return "en:" + text[len("es:"):]
