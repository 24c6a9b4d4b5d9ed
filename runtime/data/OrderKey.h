// Order keys: prefix-free byte encodings whose lexicographic order is the
// canonical lineage order (docs/language.md, "Outputs, errors and determinism" and
// tests/oracle/sqlite_oracle.py):
//  - an extracted row: its record position (8 bytes, big-endian);
//  - a filter / projection keeps its input's key;
//  - a join row: left key ++ right key (left position first, then right);
//  - a union row: the input port (2 bytes) ++ the input row's key;
//  - a group row: its key values in an order-preserving encoding;
//  - the k-th row derived from one input row (PROCESS, REDUCE): parent ++ k.
// Every piece is prefix-free, so concatenations compare like tuples.
#pragma once

#include <cstdint>
#include <string>

#include "runtime/data/Delta.h"
#include "runtime/data/Value.h"

namespace popper {

void appendPositionKey(OrderKey& key, uint64_t position);
void appendPortKey(OrderKey& key, uint16_t port);
void appendIndexKey(OrderKey& key, uint32_t index);
// Ints and floats by numeric value (NaN last, -0.0 == 0.0), false < true,
// strings byte-wise (NUL escaped, then a terminator).
void appendValueKey(OrderKey& key, const Value& v);

}  // namespace popper
