// The vectorized interpreter: one recursive evaluation per expression node
// per selection (see Interpreter.h for the semantics).
#include "runtime/expr/Interpreter.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <unordered_map>

#include "runtime/expr/Functions.h"
#include "runtime/expr/VectorOps.h"

namespace popper {

struct Interpreter::State {
  std::unordered_map<const BoundExpr*, std::unique_ptr<FunctionState>> functionStates;
  ColumnPool pool;
};

namespace {

using Rows = std::vector<uint32_t>;

class Evaluation {
 public:
  Evaluation(Interpreter::State& state, const EvalContext& ctx, RowErrors& errors)
      : state_(state), ctx_(ctx), errors_(errors) {}

  void eval(const BoundExpr& e, const uint32_t* sel, size_t n, Column& out);

 private:
  template <typename T>
  Operand<T> operand(const BoundExpr& e, const uint32_t* sel, size_t n, PooledColumn& scratch);

  void evalConst(const BoundExpr& e, size_t n, Column& out);
  void evalColumn(const BoundExpr& e, const uint32_t* sel, size_t n, Column& out);
  void evalCast(const BoundExpr& e, const uint32_t* sel, size_t n, Column& out);
  void evalUnary(const BoundExpr& e, const uint32_t* sel, size_t n, Column& out);
  void evalBinary(const BoundExpr& e, const uint32_t* sel, size_t n, Column& out);
  void evalLogical(const BoundExpr& e, const uint32_t* sel, size_t n, Column& out);
  void evalIf(const BoundExpr& e, const uint32_t* sel, size_t n, Column& out);
  void evalCall(const BoundExpr& e, const uint32_t* sel, size_t n, Column& out);
  void callBuiltin(BuiltinImpl impl, const BoundExpr& e, std::vector<Column>& args, const uint32_t* sel,
                   size_t n, Column& out);

  template <typename T, typename F>
  void arithmetic(const BoundExpr& e, const uint32_t* sel, size_t n, T* out, F&& op);
  void intArithmetic(const BoundExpr& e, const uint32_t* sel, size_t n, Column& out);
  void floatArithmetic(const BoundExpr& e, const uint32_t* sel, size_t n, Column& out);
  void stringConcat(const BoundExpr& e, const uint32_t* sel, size_t n, Column& out);
  template <typename T>
  void compare(const BoundExpr& e, const uint32_t* sel, size_t n, uint8_t* out);

  void fail(uint32_t row, const BoundExpr& e, const char* message) { errors_.add(row, e.range, message); }

  Interpreter::State& state_;
  const EvalContext& ctx_;
  RowErrors& errors_;
};

template <typename T>
Operand<T> Evaluation::operand(const BoundExpr& e, const uint32_t* sel, size_t n, PooledColumn& scratch) {
  Operand<T> op;
  if (e.kind == BoundExpr::Kind::Const) {
    op.mode = OperandMode::Const;
    op.constant = literalAs<T>(e.value);
    return op;
  }
  if (e.kind == BoundExpr::Kind::Column && e.input == 0) {
    op.mode = OperandMode::Indexed;
    op.data = valuesOf<T>(ctx_.row->column(e.column)).data();
    op.index = sel;
    return op;
  }
  scratch = state_.pool.take(e.type);
  eval(e, sel, n, *scratch);
  op.mode = OperandMode::Dense;
  op.data = valuesOf<T>(*scratch).data();
  return op;
}

void Evaluation::eval(const BoundExpr& e, const uint32_t* sel, size_t n, Column& out) {
  out.type = e.type;
  switch (e.kind) {
    case BoundExpr::Kind::Const:
      return evalConst(e, n, out);
    case BoundExpr::Kind::Column:
      return evalColumn(e, sel, n, out);
    case BoundExpr::Kind::Cast:
      return evalCast(e, sel, n, out);
    case BoundExpr::Kind::Unary:
      return evalUnary(e, sel, n, out);
    case BoundExpr::Kind::Binary:
      if (e.binaryOp == ast::BinaryOp::And || e.binaryOp == ast::BinaryOp::Or)
        return evalLogical(e, sel, n, out);
      return evalBinary(e, sel, n, out);
    case BoundExpr::Kind::If:
      return evalIf(e, sel, n, out);
    case BoundExpr::Kind::Call:
      return evalCall(e, sel, n, out);
  }
}

void Evaluation::evalConst(const BoundExpr& e, size_t n, Column& out) {
  switch (e.type) {
    case Type::Int:
      out.ints.assign(n, e.value.asInt());
      return;
    case Type::Float:
      out.floats.assign(n, e.value.asFloat());
      return;
    case Type::Bool:
      out.bools.assign(n, e.value.asBool() ? 1 : 0);
      return;
    case Type::String:
      // A copy in the result's arena: results may outlive this interpreter and its literals.
      out.strings.assign(n, ctx_.arena->store(e.value.asString()));
      return;
  }
}

void Evaluation::evalColumn(const BoundExpr& e, const uint32_t* sel, size_t n, Column& out) {
  out.clear();
  if (e.input == 0) {
    out.appendGather(ctx_.row->column(e.column), sel, n);
    return;
  }
  const Batch* traced = ctx_.traced;
  if (!traced) throw std::logic_error("expression reads a traced row but none was given");
  if (!ctx_.tracedRows) {
    out.appendGather(traced->column(e.column), sel, n);
    return;
  }
  Rows rows(n);
  for (size_t i = 0; i < n; ++i) rows[i] = ctx_.tracedRows[sel[i]];
  out.appendGather(traced->column(e.column), rows.data(), n);
}

void Evaluation::evalCast(const BoundExpr& e, const uint32_t* sel, size_t n, Column& out) {
  const BoundExpr& arg = e.args[0];
  if (arg.type == e.type) return eval(arg, sel, n, out);
  if (arg.type == Type::Int && e.type == Type::Float) {
    PooledColumn scratch;
    Operand<int64_t> a = operand<int64_t>(arg, sel, n, scratch);
    out.floats.resize(n);
    double* o = out.floats.data();
    forEach1(a, n, [o](size_t i, int64_t v) { o[i] = static_cast<double>(v); });
    return;
  }
  // Other casts behave as the conversion functions.
  std::vector<Column> args(1);
  eval(arg, sel, n, args[0]);
  BuiltinImpl impl = e.type == Type::Int ? fnToInt : e.type == Type::Float ? fnToFloat : fnToString;
  if (e.type == Type::Bool) {
    out.bools.assign(n, 0);
    for (size_t i = 0; i < n; ++i) fail(sel[i], e, "cannot convert to bool");
    return;
  }
  callBuiltin(impl, e, args, sel, n, out);
}

void Evaluation::evalUnary(const BoundExpr& e, const uint32_t* sel, size_t n, Column& out) {
  PooledColumn scratch;
  const BoundExpr& arg = e.args[0];
  if (e.unaryOp == ast::UnaryOp::Not) {
    Operand<uint8_t> a = operand<uint8_t>(arg, sel, n, scratch);
    out.bools.resize(n);
    uint8_t* o = out.bools.data();
    forEach1(a, n, [o](size_t i, uint8_t v) { o[i] = v ^ 1; });
    return;
  }
  if (e.type == Type::Float) {
    Operand<double> a = operand<double>(arg, sel, n, scratch);
    out.floats.resize(n);
    double* o = out.floats.data();
    forEach1(a, n, [o](size_t i, double v) { o[i] = -v; });
    return;
  }
  Operand<int64_t> a = operand<int64_t>(arg, sel, n, scratch);
  out.ints.resize(n);
  int64_t* o = out.ints.data();
  bool overflow = false;
  forEach1(a, n, [o, &overflow](size_t i, int64_t v) {
    overflow |= v == std::numeric_limits<int64_t>::min();
    o[i] = static_cast<int64_t>(0ULL - static_cast<uint64_t>(v));
  });
  if (overflow)
    forEach1(a, n, [&](size_t i, int64_t v) {
      if (v == std::numeric_limits<int64_t>::min()) fail(sel[i], e, "integer overflow");
    });
}

template <typename T, typename F>
void Evaluation::arithmetic(const BoundExpr& e, const uint32_t* sel, size_t n, T* out, F&& op) {
  PooledColumn sa, sb;
  Operand<T> a = operand<T>(e.args[0], sel, n, sa);
  Operand<T> b = operand<T>(e.args[1], sel, n, sb);
  forEach2(a, b, n, [&](size_t i, T x, T y) { out[i] = op(i, x, y); });
}

void Evaluation::intArithmetic(const BoundExpr& e, const uint32_t* sel, size_t n, Column& out) {
  out.ints.resize(n);
  int64_t* o = out.ints.data();
  constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
  bool overflow = false;
  switch (e.binaryOp) {
    case ast::BinaryOp::Add:
      arithmetic<int64_t>(e, sel, n, o, [&](size_t, int64_t x, int64_t y) {
        int64_t r;
        overflow |= __builtin_add_overflow(x, y, &r);
        return r;
      });
      break;
    case ast::BinaryOp::Sub:
      arithmetic<int64_t>(e, sel, n, o, [&](size_t, int64_t x, int64_t y) {
        int64_t r;
        overflow |= __builtin_sub_overflow(x, y, &r);
        return r;
      });
      break;
    case ast::BinaryOp::Mul:
      arithmetic<int64_t>(e, sel, n, o, [&](size_t, int64_t x, int64_t y) {
        int64_t r;
        overflow |= __builtin_mul_overflow(x, y, &r);
        return r;
      });
      break;
    case ast::BinaryOp::Div:
      arithmetic<int64_t>(e, sel, n, o, [&](size_t i, int64_t x, int64_t y) -> int64_t {
        if (y == 0) return fail(sel[i], e, "integer division by zero"), 0;
        if (y == -1) {
          if (x == kMin) return fail(sel[i], e, "integer overflow"), 0;
          return -x;
        }
        return x / y;
      });
      return;
    case ast::BinaryOp::Mod:
      arithmetic<int64_t>(e, sel, n, o, [&](size_t i, int64_t x, int64_t y) -> int64_t {
        if (y == 0) return fail(sel[i], e, "integer modulo by zero"), 0;
        if (y == -1) return 0;  // also INT64_MIN % -1, which C++ leaves undefined
        return x % y;
      });
      return;
    default:
      throw std::logic_error("not an arithmetic operator");
  }
  if (!overflow) return;
  // Rare: find the rows that overflowed.
  arithmetic<int64_t>(e, sel, n, o, [&](size_t i, int64_t x, int64_t y) {
    int64_t r;
    bool ovf = e.binaryOp == ast::BinaryOp::Add   ? __builtin_add_overflow(x, y, &r)
               : e.binaryOp == ast::BinaryOp::Sub ? __builtin_sub_overflow(x, y, &r)
                                                  : __builtin_mul_overflow(x, y, &r);
    if (ovf) fail(sel[i], e, "integer overflow");
    return r;
  });
}

void Evaluation::floatArithmetic(const BoundExpr& e, const uint32_t* sel, size_t n, Column& out) {
  out.floats.resize(n);
  double* o = out.floats.data();
  switch (e.binaryOp) {
    case ast::BinaryOp::Add:
      arithmetic<double>(e, sel, n, o, [](size_t, double x, double y) { return x + y; });
      return;
    case ast::BinaryOp::Sub:
      arithmetic<double>(e, sel, n, o, [](size_t, double x, double y) { return x - y; });
      return;
    case ast::BinaryOp::Mul:
      arithmetic<double>(e, sel, n, o, [](size_t, double x, double y) { return x * y; });
      return;
    case ast::BinaryOp::Div:
      arithmetic<double>(e, sel, n, o, [](size_t, double x, double y) { return x / y; });
      return;
    case ast::BinaryOp::Mod:
      arithmetic<double>(e, sel, n, o, [](size_t, double x, double y) { return std::fmod(x, y); });
      return;
    default:
      throw std::logic_error("not an arithmetic operator");
  }
}

void Evaluation::stringConcat(const BoundExpr& e, const uint32_t* sel, size_t n, Column& out) {
  PooledColumn sa, sb;
  Operand<std::string_view> a = operand<std::string_view>(e.args[0], sel, n, sa);
  Operand<std::string_view> b = operand<std::string_view>(e.args[1], sel, n, sb);
  out.strings.resize(n);
  std::string_view* o = out.strings.data();
  StringArena& arena = *ctx_.arena;
  forEach2(a, b, n, [&](size_t i, std::string_view x, std::string_view y) {
    char* p = arena.allocate(x.size() + y.size());
    if (!x.empty()) std::memcpy(p, x.data(), x.size());
    if (!y.empty()) std::memcpy(p + x.size(), y.data(), y.size());
    o[i] = std::string_view(p, x.size() + y.size());
  });
}

template <typename T>
void Evaluation::compare(const BoundExpr& e, const uint32_t* sel, size_t n, uint8_t* o) {
  PooledColumn sa, sb;
  Operand<T> a = operand<T>(e.args[0], sel, n, sa);
  Operand<T> b = operand<T>(e.args[1], sel, n, sb);
  switch (e.binaryOp) {
    case ast::BinaryOp::Eq:
      forEach2(a, b, n, [o](size_t i, T x, T y) { o[i] = x == y; });
      return;
    case ast::BinaryOp::Ne:
      forEach2(a, b, n, [o](size_t i, T x, T y) { o[i] = x != y; });
      return;
    case ast::BinaryOp::Lt:
      forEach2(a, b, n, [o](size_t i, T x, T y) { o[i] = x < y; });
      return;
    case ast::BinaryOp::Le:
      forEach2(a, b, n, [o](size_t i, T x, T y) { o[i] = x <= y; });
      return;
    case ast::BinaryOp::Gt:
      forEach2(a, b, n, [o](size_t i, T x, T y) { o[i] = x > y; });
      return;
    case ast::BinaryOp::Ge:
      forEach2(a, b, n, [o](size_t i, T x, T y) { o[i] = x >= y; });
      return;
    default:
      throw std::logic_error("not a comparison");
  }
}

void Evaluation::evalBinary(const BoundExpr& e, const uint32_t* sel, size_t n, Column& out) {
  switch (e.binaryOp) {
    case ast::BinaryOp::Add:
    case ast::BinaryOp::Sub:
    case ast::BinaryOp::Mul:
    case ast::BinaryOp::Div:
    case ast::BinaryOp::Mod:
      if (e.type == Type::String) return stringConcat(e, sel, n, out);
      if (e.type == Type::Float) return floatArithmetic(e, sel, n, out);
      return intArithmetic(e, sel, n, out);
    default:
      break;
  }
  out.bools.resize(n);
  uint8_t* o = out.bools.data();
  switch (e.args[0].type) {
    case Type::Int:
      return compare<int64_t>(e, sel, n, o);
    case Type::Float:
      return compare<double>(e, sel, n, o);
    case Type::Bool:
      return compare<uint8_t>(e, sel, n, o);
    case Type::String:
      return compare<std::string_view>(e, sel, n, o);
  }
}

void Evaluation::evalLogical(const BoundExpr& e, const uint32_t* sel, size_t n, Column& out) {
  bool isAnd = e.binaryOp == ast::BinaryOp::And;
  eval(e.args[0], sel, n, out);
  uint8_t* l = out.bools.data();
  // The rows whose result the right side decides: lhs true for AND, false for OR.
  Rows rows, positions;
  for (size_t i = 0; i < n; ++i) {
    if (bool(l[i]) == isAnd && !errors_.hasFailed(sel[i])) {
      rows.push_back(sel[i]);
      positions.push_back(static_cast<uint32_t>(i));
    }
  }
  if (rows.empty()) return;
  PooledColumn rhs = state_.pool.take(Type::Bool);
  if (rows.size() == n) {
    eval(e.args[1], sel, n, *rhs);
    const uint8_t* r = rhs->bools.data();
    for (size_t i = 0; i < n; ++i) l[i] = r[i];
    return;
  }
  eval(e.args[1], rows.data(), rows.size(), *rhs);
  const uint8_t* r = rhs->bools.data();
  for (size_t k = 0; k < rows.size(); ++k) l[positions[k]] = r[k];
}

void Evaluation::evalIf(const BoundExpr& e, const uint32_t* sel, size_t n, Column& out) {
  PooledColumn cond = state_.pool.take(Type::Bool);
  eval(e.args[0], sel, n, *cond);
  Rows thenRows, thenPos, elseRows, elsePos;
  for (size_t i = 0; i < n; ++i) {
    if (errors_.hasFailed(sel[i])) continue;
    if (cond->bools[i]) {
      thenRows.push_back(sel[i]);
      thenPos.push_back(static_cast<uint32_t>(i));
    } else {
      elseRows.push_back(sel[i]);
      elsePos.push_back(static_cast<uint32_t>(i));
    }
  }
  out.clear();
  out.resize(n);
  PooledColumn branch = state_.pool.take(e.type);
  if (!thenRows.empty()) {
    eval(e.args[1], thenRows.data(), thenRows.size(), *branch);
    scatter(*branch, thenPos, out);
  }
  if (!elseRows.empty()) {
    eval(e.args[2], elseRows.data(), elseRows.size(), *branch);
    scatter(*branch, elsePos, out);
  }
}

void Evaluation::callBuiltin(BuiltinImpl impl, const BoundExpr& e, std::vector<Column>& args,
                             const uint32_t* sel, size_t n, Column& out) {
  out.clear();
  std::unique_ptr<FunctionState>& fnState = state_.functionStates[&e];
  FunctionCall call{args, n, sel, out, *ctx_.arena, errors_, e.range, fnState};
  impl(call);
}

void Evaluation::evalCall(const BoundExpr& e, const uint32_t* sel, size_t n, Column& out) {
  std::vector<Column> args(e.args.size());
  for (size_t k = 0; k < e.args.size(); ++k) eval(e.args[k], sel, n, args[k]);
  out.type = e.type;
  callBuiltin(builtinImpl(e.func), e, args, sel, n, out);
}

}  // namespace

Interpreter::Interpreter(BoundExpr expr) : expr_(std::move(expr)), state_(std::make_unique<State>()) {}
Interpreter::~Interpreter() = default;

void Interpreter::evaluate(const EvalContext& ctx, const Selection& sel, Column& out, RowErrors& errors) {
  Evaluation evaluation(*state_, ctx, errors);
  evaluation.eval(expr_, sel.data(), sel.size(), out);
}

void Interpreter::filter(const EvalContext& ctx, const Selection& sel, Selection& out, RowErrors& errors) {
  PooledColumn result = state_->pool.take(Type::Bool);
  Evaluation evaluation(*state_, ctx, errors);
  evaluation.eval(expr_, sel.data(), sel.size(), *result);
  out.resize(sel.size());
  const uint8_t* b = result->bools.data();
  size_t k = 0;
  if (errors.empty()) {
    // Branch-free compaction.
    for (size_t i = 0; i < sel.size(); ++i) {
      out[k] = sel[i];
      k += b[i];
    }
  } else {
    for (size_t i = 0; i < sel.size(); ++i)
      if (b[i] && !errors.hasFailed(sel[i])) out[k++] = sel[i];
  }
  out.resize(k);
}

std::unique_ptr<ExprEvaluator> makeInterpreter(const BoundExpr& expr) {
  return std::make_unique<Interpreter>(expr);
}

const EvaluatorFactory& interpreterFactory() {
  static const EvaluatorFactory factory = [](const BoundExpr& expr) { return makeInterpreter(expr); };
  return factory;
}

}  // namespace popper
