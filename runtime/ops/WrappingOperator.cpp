// Forwarding to a wrapped operator (see WrappingOperator.h).
#include "runtime/ops/WrappingOperator.h"

namespace popper::ops {

// The context the inner operator sees: emits go through the wrapper's
// onEmit(), everything else straight to the node's context.
class WrappingOperator::Context : public OperatorContext {
 public:
  Context(WrappingOperator& wrapper, OperatorContext& outer) : wrapper_(wrapper), outer_(outer) {}
  void emit(Delta&& delta) override { wrapper_.onEmit(std::move(delta), outer_); }
  Status reject(uint64_t line, std::string reason, const std::string& rowset) override {
    return outer_.reject(line, std::move(reason), rowset);
  }
  Status rejectRow(uint64_t line, std::string reason, const std::string& rowset, std::string row) override {
    return outer_.rejectRow(line, std::move(reason), rowset, std::move(row));
  }
  NodeCounters& counters() override { return outer_.counters(); }

 private:
  WrappingOperator& wrapper_;
  OperatorContext& outer_;
};

Result<bool> WrappingOperator::produce(OperatorContext& ctx) {
  Context c(*this, ctx);
  return inner_->produce(c);
}

Status WrappingOperator::consume(int port, Delta&& in, OperatorContext& ctx) {
  Context c(*this, ctx);
  return inner_->consume(port, std::move(in), c);
}

Status WrappingOperator::inputEnded(int port, OperatorContext& ctx) {
  Context c(*this, ctx);
  return inner_->inputEnded(port, c);
}

Status WrappingOperator::flush(OperatorContext& ctx) {
  Context c(*this, ctx);
  return inner_->flush(c);
}

Status WrappingOperator::finish(OperatorContext& ctx) {
  Context c(*this, ctx);
  return inner_->finish(c);
}

}  // namespace popper::ops
