// Defaults of PhysicalOperator: most operators are neither sources nor outputs.
#include "runtime/ops/PhysicalOperator.h"

namespace popper::ops {

Result<bool> PhysicalOperator::produce(OperatorContext&) {
  return Status::internal("produce() called on a non-source operator");
}
Status PhysicalOperator::inputEnded(int, OperatorContext&) { return Status::ok(); }
Status PhysicalOperator::flush(OperatorContext&) { return Status::ok(); }
Status PhysicalOperator::finish(OperatorContext&) { return Status::ok(); }
void PhysicalOperator::abort() {}

}  // namespace popper::ops
