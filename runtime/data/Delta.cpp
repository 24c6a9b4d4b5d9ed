// Copying a delta for a second consumer without copying string bytes.
#include "runtime/data/Delta.h"

namespace popper {

Delta shareDelta(const Delta& d) {
  Delta copy;
  copy.rows = Batch(d.rows.schemaPtr(), d.rows.hasLineage());
  copy.rows.appendRows(d.rows, 0, d.rows.size(), StringCopy::Share);
  copy.keys = d.keys;
  return copy;
}

}  // namespace popper
