// IR generation for one expression's batch loop (see ExprCodegen.h).
#include "compiler/jit/ExprCodegen.h"

#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/Intrinsics.h>
#include <llvm/IR/MDBuilder.h>

#include <algorithm>
#include <limits>
#include <map>
#include <stdexcept>

#include "compiler/jit/RuntimeHelpers.h"

namespace popper::jit {

namespace {

class LoopEmitter {
 public:
  LoopEmitter(llvm::Module& module, const ExprShape& shape, std::vector<ErrorSite>& sites)
      : ctx_(module.getContext()), module_(module), b_(ctx_), shape_(shape), sites_(sites) {}

  void emit(const std::string& name, const BoundExpr& root, LoopKind kind);

 private:
  llvm::Type* i1() { return b_.getInt1Ty(); }
  llvm::Type* i8() { return b_.getInt8Ty(); }
  llvm::Type* i32() { return b_.getInt32Ty(); }
  llvm::Type* i64() { return b_.getInt64Ty(); }
  llvm::Type* f64() { return b_.getDoubleTy(); }
  llvm::Type* ptr() { return b_.getPtrTy(); }
  llvm::Type* storageType(Type t) { return t == Type::Int ? i64() : t == Type::Float ? f64() : i8(); }
  // Strings are pointers to a std::string_view cell.
  llvm::Type* valueType(Type t) {
    return t == Type::Int ? i64() : t == Type::Float ? f64() : t == Type::String ? ptr() : i1();
  }

  llvm::Value* value(const BoundExpr& e);
  llvm::Value* load(int slot, Type t, llvm::Value* index);
  llvm::Value* stringConst(const BoundExpr& e);
  llvm::Value* textGlobal(const std::string& text);
  llvm::Value* constantNeedle(BuiltinFunc f, llvm::Value* cell, const std::string& needle);
  llvm::Value* equalsConstant(llvm::Value* cell, const std::string& text);
  llvm::Value* perRowCall(const BoundExpr& e, int site);
  llvm::Value* helper(const char* name, llvm::Type* result, const std::vector<llvm::Value*>& args);
  llvm::Value* entryCell(uint64_t cells);
  void storeCell(Type t, llvm::Value* v, llvm::Value* cell);
  llvm::Value* cast(const BoundExpr& e, Type from, llvm::Value* v);
  llvm::Value* floatToInt(const BoundExpr& e, llvm::Value* v);
  llvm::Value* unary(const BoundExpr& e);
  llvm::Value* binary(const BoundExpr& e);
  llvm::Value* intArithmetic(const BoundExpr& e, llvm::Value* x, llvm::Value* y);
  llvm::Value* compare(const BoundExpr& e, llvm::Value* x, llvm::Value* y);
  llvm::Value* logical(const BoundExpr& e);
  llvm::Value* conditional(const BoundExpr& e);
  llvm::Value* call(const BoundExpr& e);
  llvm::Value* extreme(const BoundExpr& e, bool isMin);

  // Fails the row when `cond` holds; the builder continues on the other path.
  void failIf(llvm::Value* cond, ErrorSite site, llvm::Value* errValue = nullptr);
  llvm::BasicBlock* block(const char* name) { return llvm::BasicBlock::Create(ctx_, name, fn_); }

  llvm::LLVMContext& ctx_;
  llvm::Module& module_;
  llvm::IRBuilder<> b_;
  const ExprShape& shape_;
  std::vector<ErrorSite>& sites_;

  llvm::Function* fn_ = nullptr;
  std::vector<llvm::Value*> slots_;
  llvm::Value* errValues_ = nullptr;
  llvm::Value* i_ = nullptr;    // dense position
  llvm::Value* row_ = nullptr;  // sel[i], as i64
  llvm::BasicBlock* entry_ = nullptr;
  std::map<const BoundExpr*, llvm::Value*> stringConsts_;
  llvm::BasicBlock* failBlock_ = nullptr;
  llvm::PHINode* failCode_ = nullptr;
};

void LoopEmitter::emit(const std::string& name, const BoundExpr& root, LoopKind kind) {
  auto* fnType = llvm::FunctionType::get(i64(), {ptr(), ptr(), i64(), ptr(), ptr(), ptr(), ptr()}, false);
  fn_ = llvm::Function::Create(fnType, llvm::Function::ExternalLinkage, name, module_);
  for (unsigned a = 0; a < 7; ++a)
    if (a != 2) fn_->addParamAttr(a, llvm::Attribute::NoAlias);
  llvm::Value* slotsArg = fn_->getArg(0);
  llvm::Value* sel = fn_->getArg(1);
  llvm::Value* n = fn_->getArg(2);
  llvm::Value* out = fn_->getArg(3);
  llvm::Value* errors = fn_->getArg(4);
  errValues_ = fn_->getArg(5);
  llvm::Value* outCount = fn_->getArg(6);

  llvm::BasicBlock* entry = block("entry");
  entry_ = entry;
  llvm::BasicBlock* loop = block("loop");
  llvm::BasicBlock* latch = block("latch");
  llvm::BasicBlock* exit = block("exit");
  failBlock_ = block("fail");

  b_.SetInsertPoint(entry);
  for (size_t s = 0; s < shape_.slotCount(); ++s)
    slots_.push_back(b_.CreateLoad(ptr(), b_.CreateConstInBoundsGEP1_64(ptr(), slotsArg, s)));
  b_.CreateCondBr(b_.CreateICmpEQ(n, b_.getInt64(0)), exit, loop);

  b_.SetInsertPoint(loop);
  llvm::PHINode* i = b_.CreatePHI(i64(), 2, "i");
  llvm::PHINode* failed = b_.CreatePHI(i64(), 2, "failed");
  llvm::PHINode* count = b_.CreatePHI(i64(), 2, "count");
  i->addIncoming(b_.getInt64(0), entry);
  failed->addIncoming(b_.getInt64(0), entry);
  count->addIncoming(b_.getInt64(0), entry);
  i_ = i;
  llvm::Value* row32 = b_.CreateLoad(i32(), b_.CreateInBoundsGEP(i32(), sel, i));
  row_ = b_.CreateZExt(row32, i64());

  // The failure block: record the site, skip the row.
  {
    llvm::IRBuilder<>::InsertPointGuard guard(b_);
    b_.SetInsertPoint(failBlock_);
    failCode_ = b_.CreatePHI(i32(), 4, "site");
    b_.CreateStore(failCode_, b_.CreateInBoundsGEP(i32(), errors, i));
    b_.CreateBr(latch);
  }

  llvm::Value* v = value(root);
  llvm::Value* nextCount = count;
  if (kind == LoopKind::Evaluate && root.type == Type::String) {
    llvm::Value* dst =
        b_.CreateInBoundsGEP(i8(), out, b_.CreateMul(i, b_.getInt64(sizeof(std::string_view))));
    b_.CreateMemCpy(dst, llvm::Align(8), v, llvm::Align(8), sizeof(std::string_view));
  } else if (kind == LoopKind::Evaluate) {
    llvm::Value* stored = root.type == Type::Bool ? b_.CreateZExt(v, i8()) : v;
    b_.CreateStore(stored, b_.CreateInBoundsGEP(storageType(root.type), out, i));
  } else {
    b_.CreateStore(row32, b_.CreateInBoundsGEP(i32(), out, count));
    nextCount = b_.CreateAdd(count, b_.CreateZExt(v, i64()));
  }
  llvm::BasicBlock* okEnd = b_.GetInsertBlock();
  b_.CreateBr(latch);

  b_.SetInsertPoint(latch);
  llvm::PHINode* failed2 = b_.CreatePHI(i64(), 2);
  failed2->addIncoming(failed, okEnd);
  failed2->addIncoming(b_.CreateAdd(failed, b_.getInt64(1)), failBlock_);
  // The add above was inserted into the latch; move it where its operand lives.
  llvm::cast<llvm::Instruction>(failed2->getIncomingValue(1))->moveBefore(failBlock_->getTerminator());
  llvm::PHINode* count2 = b_.CreatePHI(i64(), 2);
  count2->addIncoming(nextCount, okEnd);
  count2->addIncoming(count, failBlock_);
  llvm::Value* iNext = b_.CreateAdd(i, b_.getInt64(1));
  i->addIncoming(iNext, latch);
  failed->addIncoming(failed2, latch);
  count->addIncoming(count2, latch);
  b_.CreateCondBr(b_.CreateICmpULT(iNext, n), loop, exit);

  b_.SetInsertPoint(exit);
  llvm::PHINode* failedOut = b_.CreatePHI(i64(), 2);
  failedOut->addIncoming(b_.getInt64(0), entry);
  failedOut->addIncoming(failed2, latch);
  llvm::PHINode* countOut = b_.CreatePHI(i64(), 2);
  countOut->addIncoming(b_.getInt64(0), entry);
  countOut->addIncoming(count2, latch);
  b_.CreateStore(countOut, outCount);
  b_.CreateRet(failedOut);
}

void LoopEmitter::failIf(llvm::Value* cond, ErrorSite site, llvm::Value* errValue) {
  sites_.push_back(std::move(site));
  uint32_t code = static_cast<uint32_t>(sites_.size());
  llvm::BasicBlock* here = block("fail.site");
  llvm::BasicBlock* cont = block("cont");
  if (cond) {
    b_.CreateCondBr(cond, here, cont, llvm::MDBuilder(ctx_).createBranchWeights(1, 1 << 20));
  } else {
    b_.CreateBr(here);  // always fails (a cast to bool): the continuation is unreachable
  }
  b_.SetInsertPoint(here);
  if (errValue) b_.CreateStore(errValue, b_.CreateInBoundsGEP(f64(), errValues_, i_));
  b_.CreateBr(failBlock_);
  failCode_->addIncoming(b_.getInt32(code), here);
  b_.SetInsertPoint(cont);
}

llvm::Value* LoopEmitter::load(int slot, Type t, llvm::Value* index) {
  if (t == Type::String)
    return b_.CreateInBoundsGEP(i8(), slots_[slot],
                                b_.CreateMul(index, b_.getInt64(sizeof(std::string_view))));
  llvm::Value* v = b_.CreateLoad(storageType(t), b_.CreateInBoundsGEP(storageType(t), slots_[slot], index));
  return t == Type::Bool ? b_.CreateICmpNE(v, b_.getInt8(0)) : v;
}

llvm::Value* LoopEmitter::helper(const char* name, llvm::Type* result,
                                 const std::vector<llvm::Value*>& args) {
  std::vector<llvm::Type*> types;
  for (llvm::Value* a : args) types.push_back(a->getType());
  llvm::FunctionCallee callee =
      module_.getOrInsertFunction(name, llvm::FunctionType::get(result, types, false));
  return b_.CreateCall(callee, args);
}

// `cells` 16-byte cells on the stack, allocated once in the entry block.
llvm::Value* LoopEmitter::entryCell(uint64_t cells) {
  llvm::IRBuilder<> eb(entry_, entry_->getFirstInsertionPt());
  llvm::AllocaInst* a =
      eb.CreateAlloca(llvm::ArrayType::get(i8(), kCellBytes * std::max<uint64_t>(cells, 1)));
  a->setAlignment(llvm::Align(16));
  return a;
}

// Copied into the batch's arena once per call, in the entry block, as the
// interpreter copies a constant once per evaluation.
llvm::Value* LoopEmitter::stringConst(const BoundExpr& e) {
  if (auto it = stringConsts_.find(&e); it != stringConsts_.end()) return it->second;
  const std::string& text = e.value.asString();
  llvm::Value* global = textGlobal(text);
  llvm::Value* cell = entryCell(1);
  llvm::IRBuilder<>::InsertPointGuard guard(b_);
  b_.SetInsertPoint(entry_->getTerminator());
  helper("popper_rt_const", b_.getVoidTy(),
         {slots_[ExprShape::kContextSlot], global, b_.getInt64(text.size()), cell});
  stringConsts_.emplace(&e, cell);
  return cell;
}

llvm::Value* LoopEmitter::textGlobal(const std::string& text) {
  auto* data = llvm::ConstantDataArray::getString(ctx_, text, false);
  return new llvm::GlobalVariable(module_, data->getType(), true, llvm::GlobalValue::PrivateLinkage, data,
                                  "popper.str");
}

// contains / starts_with / ends_with with a constant, non-empty needle, inline
// (what a C++ compiler makes of s.find("abc")): memchr for the first byte,
// then a memcmp of constant length that code generation expands into loads.
// Same answers as the helpers: byte-wise search on the string's bytes.
llvm::Value* LoopEmitter::constantNeedle(BuiltinFunc f, llvm::Value* cell, const std::string& needle) {
  llvm::Value* size = b_.CreateLoad(i64(), cell);
  llvm::Value* data = b_.CreateLoad(ptr(), b_.CreateConstInBoundsGEP1_64(i8(), cell, 8));
  llvm::Value* text = textGlobal(needle);
  uint64_t n = needle.size();
  auto* memcmpType = llvm::FunctionType::get(i32(), {ptr(), ptr(), i64()}, false);
  llvm::FunctionCallee memcmpFn = module_.getOrInsertFunction("memcmp", memcmpType);
  llvm::Value* enough = b_.CreateICmpUGE(size, b_.getInt64(n));
  llvm::BasicBlock* start = b_.GetInsertBlock();
  llvm::BasicBlock* done = block("needle.done");
  if (f != BuiltinFunc::Contains) {
    llvm::BasicBlock* check = block("needle.check");
    b_.CreateCondBr(enough, check, done);
    b_.SetInsertPoint(check);
    llvm::Value* at = f == BuiltinFunc::StartsWith
                          ? data
                          : b_.CreateInBoundsGEP(i8(), data, b_.CreateSub(size, b_.getInt64(n)));
    llvm::Value* same = b_.CreateICmpEQ(b_.CreateCall(memcmpFn, {at, text, b_.getInt64(n)}), b_.getInt32(0));
    b_.CreateBr(done);
    b_.SetInsertPoint(done);
    llvm::PHINode* result = b_.CreatePHI(i1(), 2);
    result->addIncoming(b_.getFalse(), start);
    result->addIncoming(same, check);
    return result;
  }
  // Candidate starts are offsets [0, size - n]; `from` is the next one to try.
  auto* memchrType = llvm::FunctionType::get(ptr(), {ptr(), i32(), i64()}, false);
  llvm::FunctionCallee memchrFn = module_.getOrInsertFunction("memchr", memchrType);
  llvm::BasicBlock* search = block("needle.search");
  llvm::BasicBlock* scan = block("needle.scan");
  llvm::BasicBlock* found = block("needle.found");
  llvm::Value* limit =
      b_.CreateAdd(b_.CreateSub(size, b_.getInt64(n)), b_.getInt64(1));  // candidates, if enough
  b_.CreateCondBr(enough, search, done);
  b_.SetInsertPoint(search);
  llvm::PHINode* from = b_.CreatePHI(i64(), 2);
  from->addIncoming(b_.getInt64(0), start);
  llvm::Value* more = b_.CreateICmpULT(from, limit);
  llvm::BasicBlock* searchEnd = b_.GetInsertBlock();
  b_.CreateCondBr(more, scan, done);
  b_.SetInsertPoint(scan);
  llvm::Value* hit = b_.CreateCall(
      memchrFn, {b_.CreateInBoundsGEP(i8(), data, from), b_.getInt32(static_cast<unsigned char>(needle[0])),
                 b_.CreateSub(limit, from)});
  llvm::Value* none = b_.CreateICmpEQ(hit, llvm::ConstantPointerNull::get(b_.getPtrTy()));
  b_.CreateCondBr(none, done, found);
  b_.SetInsertPoint(found);
  llvm::Value* same = b_.getTrue();
  if (n > 1)
    same = b_.CreateICmpEQ(
        b_.CreateCall(memcmpFn, {b_.CreateConstInBoundsGEP1_64(i8(), hit, 1),
                                 b_.CreateConstInBoundsGEP1_64(i8(), text, 1), b_.getInt64(n - 1)}),
        b_.getInt32(0));
  llvm::Value* next = b_.CreateAdd(b_.CreatePtrDiff(i8(), hit, data), b_.getInt64(1));
  from->addIncoming(next, found);
  b_.CreateCondBr(same, done, search);
  b_.SetInsertPoint(done);
  llvm::PHINode* result = b_.CreatePHI(i1(), 4);
  result->addIncoming(b_.getFalse(), start);
  result->addIncoming(b_.getFalse(), searchEnd);
  result->addIncoming(b_.getFalse(), scan);
  result->addIncoming(b_.getTrue(), found);
  return result;
}

llvm::Value* LoopEmitter::equalsConstant(llvm::Value* cell, const std::string& text) {
  llvm::Value* size = b_.CreateLoad(i64(), cell);
  llvm::Value* sameSize = b_.CreateICmpEQ(size, b_.getInt64(text.size()));
  if (text.empty()) return sameSize;
  llvm::BasicBlock* start = b_.GetInsertBlock();
  llvm::BasicBlock* bytes = block("equals.bytes");
  llvm::BasicBlock* done = block("equals.done");
  b_.CreateCondBr(sameSize, bytes, done);
  b_.SetInsertPoint(bytes);
  llvm::Value* data = b_.CreateLoad(ptr(), b_.CreateConstInBoundsGEP1_64(i8(), cell, 8));
  auto* memcmpType = llvm::FunctionType::get(i32(), {ptr(), ptr(), i64()}, false);
  llvm::FunctionCallee memcmpFn = module_.getOrInsertFunction("memcmp", memcmpType);
  llvm::Value* same = b_.CreateICmpEQ(
      b_.CreateCall(memcmpFn, {data, textGlobal(text), b_.getInt64(text.size())}), b_.getInt32(0));
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
  llvm::PHINode* result = b_.CreatePHI(i1(), 2);
  result->addIncoming(b_.getFalse(), start);
  result->addIncoming(same, bytes);
  return result;
}

void LoopEmitter::storeCell(Type t, llvm::Value* v, llvm::Value* cell) {
  switch (t) {
    case Type::String:
      b_.CreateMemCpy(cell, llvm::Align(8), v, llvm::Align(8), sizeof(std::string_view));
      return;
    case Type::Bool:
      b_.CreateStore(b_.CreateZExt(v, i8()), cell);
      return;
    default:
      b_.CreateStore(v, cell);
      return;
  }
}

// The interpreter's own builtin, on this row (popper_rt_call).
llvm::Value* LoopEmitter::perRowCall(const BoundExpr& e, int site) {
  llvm::Value* args = entryCell(e.args.size());
  llvm::Value* result = entryCell(1);
  for (size_t k = 0; k < e.args.size(); ++k) {
    llvm::Value* v = value(e.args[k]);
    storeCell(e.args[k].type, v, b_.CreateConstInBoundsGEP1_64(i8(), args, k * kCellBytes));
  }
  llvm::Value* failed =
      helper("popper_rt_call", i8(),
             {slots_[ExprShape::kContextSlot], b_.getInt32(static_cast<uint32_t>(site)), i_, args, result});
  ErrorSite s;
  s.kind = ErrorSite::Kind::Helper;
  s.range = e.range;
  failIf(b_.CreateICmpNE(failed, b_.getInt8(0)), std::move(s));
  switch (e.type) {
    case Type::String:
      return result;
    case Type::Bool:
      return b_.CreateICmpNE(b_.CreateLoad(i8(), result), b_.getInt8(0));
    default:
      return b_.CreateLoad(storageType(e.type), result);
  }
}

llvm::Value* LoopEmitter::value(const BoundExpr& e) {
  if (auto it = shape_.callSite.find(&e); it != shape_.callSite.end()) return perRowCall(e, it->second);
  switch (e.kind) {
    case BoundExpr::Kind::Const:
      switch (e.type) {
        case Type::Int:
          return b_.getInt64(static_cast<uint64_t>(e.value.asInt()));
        case Type::Float:
          return llvm::ConstantFP::get(f64(), e.value.asFloat());
        case Type::Bool:
          return b_.getInt1(e.value.asBool());
        case Type::String:
          return stringConst(e);
      }
      break;
    case BoundExpr::Kind::Column: {
      if (e.input == 0) return load(shape_.columnSlot.at(&e), e.type, row_);
      llvm::Value* traced =
          b_.CreateLoad(i32(), b_.CreateInBoundsGEP(i32(), slots_[ExprShape::kTracedIndexSlot], i_));
      return load(shape_.columnSlot.at(&e), e.type, b_.CreateZExt(traced, i64()));
    }
    case BoundExpr::Kind::Cast: {
      const BoundExpr& arg = e.args[0];
      llvm::Value* v = value(arg);
      if (e.type == Type::Bool && arg.type != Type::Bool) {
        ErrorSite site;
        site.range = e.range;
        site.message = "cannot convert to bool";
        failIf(nullptr, std::move(site));
        return llvm::PoisonValue::get(i1());
      }
      return cast(e, arg.type, v);
    }
    case BoundExpr::Kind::Unary:
      return unary(e);
    case BoundExpr::Kind::Binary:
      if (e.binaryOp == ast::BinaryOp::And || e.binaryOp == ast::BinaryOp::Or) return logical(e);
      return binary(e);
    case BoundExpr::Kind::If:
      return conditional(e);
    case BoundExpr::Kind::Call:
      return call(e);
  }
  throw std::logic_error("jit: expression node is not compilable inline");
}

llvm::Value* LoopEmitter::cast(const BoundExpr& e, Type from, llvm::Value* v) {
  if (from == e.type) return v;
  switch (e.type) {
    case Type::Float:
      return from == Type::Int ? b_.CreateSIToFP(v, f64()) : b_.CreateUIToFP(v, f64());
    case Type::Int:
      return from == Type::Float ? floatToInt(e, v) : b_.CreateZExt(v, i64());
    default:
      break;
  }
  throw std::logic_error("jit: unsupported cast");
}

llvm::Value* LoopEmitter::floatToInt(const BoundExpr& e, llvm::Value* v) {
  // The range is [-2^63, 2^63); ordered comparisons also reject NaN.
  llvm::Value* inRange =
      b_.CreateAnd(b_.CreateFCmpOGE(v, llvm::ConstantFP::get(f64(), -9223372036854775808.0)),
                   b_.CreateFCmpOLT(v, llvm::ConstantFP::get(f64(), 9223372036854775808.0)));
  ErrorSite site;
  site.kind = ErrorSite::Kind::FloatToInt;
  site.range = e.range;
  failIf(b_.CreateNot(inRange), std::move(site), v);
  return b_.CreateFPToSI(v, i64());
}

llvm::Value* LoopEmitter::unary(const BoundExpr& e) {
  llvm::Value* v = value(e.args[0]);
  if (e.unaryOp == ast::UnaryOp::Not) return b_.CreateNot(v);
  if (e.type == Type::Float) return b_.CreateFNeg(v);
  ErrorSite site;
  site.range = e.range;
  site.message = "integer overflow";
  failIf(b_.CreateICmpEQ(v, b_.getInt64(static_cast<uint64_t>(std::numeric_limits<int64_t>::min()))),
         std::move(site));
  return b_.CreateSub(b_.getInt64(0), v);
}

llvm::Value* LoopEmitter::binary(const BoundExpr& e) {
  llvm::Value* x = value(e.args[0]);
  llvm::Value* y = value(e.args[1]);
  switch (e.binaryOp) {
    case ast::BinaryOp::Add:
    case ast::BinaryOp::Sub:
    case ast::BinaryOp::Mul:
    case ast::BinaryOp::Div:
    case ast::BinaryOp::Mod:
      if (e.type == Type::String) {
        llvm::Value* cell = entryCell(1);
        helper("popper_rt_concat", b_.getVoidTy(), {slots_[ExprShape::kContextSlot], x, y, cell});
        return cell;
      }
      if (e.type == Type::Int) return intArithmetic(e, x, y);
      switch (e.binaryOp) {
        case ast::BinaryOp::Add:
          return b_.CreateFAdd(x, y);
        case ast::BinaryOp::Sub:
          return b_.CreateFSub(x, y);
        case ast::BinaryOp::Mul:
          return b_.CreateFMul(x, y);
        case ast::BinaryOp::Div:
          return b_.CreateFDiv(x, y);
        default:
          return b_.CreateFRem(x, y);  // fmod semantics
      }
    default:
      return compare(e, x, y);
  }
}

llvm::Value* LoopEmitter::intArithmetic(const BoundExpr& e, llvm::Value* x, llvm::Value* y) {
  auto site = [&e](const char* message) {
    ErrorSite s;
    s.range = e.range;
    s.message = message;
    return s;
  };
  llvm::Intrinsic::ID checked = llvm::Intrinsic::not_intrinsic;
  switch (e.binaryOp) {
    case ast::BinaryOp::Add:
      checked = llvm::Intrinsic::sadd_with_overflow;
      break;
    case ast::BinaryOp::Sub:
      checked = llvm::Intrinsic::ssub_with_overflow;
      break;
    case ast::BinaryOp::Mul:
      checked = llvm::Intrinsic::smul_with_overflow;
      break;
    default:
      break;
  }
  if (checked != llvm::Intrinsic::not_intrinsic) {
    llvm::Value* r = b_.CreateBinaryIntrinsic(checked, x, y);
    failIf(b_.CreateExtractValue(r, 1), site("integer overflow"));
    return b_.CreateExtractValue(r, 0);
  }
  bool isDiv = e.binaryOp == ast::BinaryOp::Div;
  failIf(b_.CreateICmpEQ(y, b_.getInt64(0)),
         site(isDiv ? "integer division by zero" : "integer modulo by zero"));
  llvm::Value* minusOne = b_.CreateICmpEQ(y, b_.getInt64(~uint64_t{0}));
  // y == -1 never reaches the hardware divide (INT64_MIN / -1 traps).
  llvm::Value* safeY = b_.CreateSelect(minusOne, b_.getInt64(1), y);
  if (!isDiv) return b_.CreateSRem(x, safeY);  // x % 1 == 0, as x % -1
  llvm::Value* isMin =
      b_.CreateICmpEQ(x, b_.getInt64(static_cast<uint64_t>(std::numeric_limits<int64_t>::min())));
  failIf(b_.CreateAnd(minusOne, isMin), site("integer overflow"));
  return b_.CreateSelect(minusOne, b_.CreateSub(b_.getInt64(0), x), b_.CreateSDiv(x, safeY));
}

llvm::Value* LoopEmitter::compare(const BoundExpr& e, llvm::Value* x, llvm::Value* y) {
  using P = llvm::CmpInst::Predicate;
  Type t = e.args[0].type;
  // Strings compare the helper's sign with the signed predicates.
  auto pick = [t](P si, P ui, P fp) {
    return t == Type::Int || t == Type::String ? si : t == Type::Bool ? ui : fp;
  };
  P p;
  switch (e.binaryOp) {
    case ast::BinaryOp::Eq:
      p = pick(P::ICMP_EQ, P::ICMP_EQ, P::FCMP_OEQ);
      break;
    case ast::BinaryOp::Ne:
      p = pick(P::ICMP_NE, P::ICMP_NE, P::FCMP_UNE);
      break;
    case ast::BinaryOp::Lt:
      p = pick(P::ICMP_SLT, P::ICMP_ULT, P::FCMP_OLT);
      break;
    case ast::BinaryOp::Le:
      p = pick(P::ICMP_SLE, P::ICMP_ULE, P::FCMP_OLE);
      break;
    case ast::BinaryOp::Gt:
      p = pick(P::ICMP_SGT, P::ICMP_UGT, P::FCMP_OGT);
      break;
    case ast::BinaryOp::Ge:
      p = pick(P::ICMP_SGE, P::ICMP_UGE, P::FCMP_OGE);
      break;
    default:
      throw std::logic_error("jit: not a comparison");
  }
  bool equality = e.binaryOp == ast::BinaryOp::Eq || e.binaryOp == ast::BinaryOp::Ne;
  if (t == Type::String && equality) {
    // Against a constant: length, then a memcmp of constant length (expanded inline).
    for (int k = 0; k < 2; ++k) {
      if (e.args[k].kind != BoundExpr::Kind::Const) continue;
      llvm::Value* same = equalsConstant(k == 0 ? y : x, e.args[k].value.asString());
      return e.binaryOp == ast::BinaryOp::Eq ? same : b_.CreateNot(same);
    }
  }
  if (t == Type::String) {
    llvm::Value* sign = helper("popper_rt_compare", i32(), {x, y});
    return b_.CreateICmp(p, sign, b_.getInt32(0));
  }
  return t == Type::Float ? b_.CreateFCmp(p, x, y) : b_.CreateICmp(p, x, y);
}

llvm::Value* LoopEmitter::logical(const BoundExpr& e) {
  bool isAnd = e.binaryOp == ast::BinaryOp::And;
  llvm::Value* l = value(e.args[0]);
  llvm::BasicBlock* lEnd = b_.GetInsertBlock();
  llvm::BasicBlock* rhs = block(isAnd ? "and.rhs" : "or.rhs");
  llvm::BasicBlock* merge = block("logic.merge");
  if (isAnd)
    b_.CreateCondBr(l, rhs, merge);
  else
    b_.CreateCondBr(l, merge, rhs);
  b_.SetInsertPoint(rhs);
  llvm::Value* r = value(e.args[1]);
  llvm::BasicBlock* rEnd = b_.GetInsertBlock();
  b_.CreateBr(merge);
  b_.SetInsertPoint(merge);
  llvm::PHINode* phi = b_.CreatePHI(i1(), 2);
  phi->addIncoming(b_.getInt1(!isAnd), lEnd);
  phi->addIncoming(r, rEnd);
  return phi;
}

llvm::Value* LoopEmitter::conditional(const BoundExpr& e) {
  llvm::Value* c = value(e.args[0]);
  llvm::BasicBlock* thenB = block("if.then");
  llvm::BasicBlock* elseB = block("if.else");
  llvm::BasicBlock* merge = block("if.merge");
  b_.CreateCondBr(c, thenB, elseB);
  b_.SetInsertPoint(thenB);
  llvm::Value* t = value(e.args[1]);
  llvm::BasicBlock* thenEnd = b_.GetInsertBlock();
  b_.CreateBr(merge);
  b_.SetInsertPoint(elseB);
  llvm::Value* f = value(e.args[2]);
  llvm::BasicBlock* elseEnd = b_.GetInsertBlock();
  b_.CreateBr(merge);
  b_.SetInsertPoint(merge);
  llvm::PHINode* phi = b_.CreatePHI(valueType(e.type), 2);
  phi->addIncoming(t, thenEnd);
  phi->addIncoming(f, elseEnd);
  return phi;
}

llvm::Value* LoopEmitter::extreme(const BoundExpr& e, bool isMin) {
  std::vector<llvm::Value*> args;
  for (const BoundExpr& a : e.args) args.push_back(value(a));
  llvm::Value* o = args[0];
  for (size_t k = 1; k < args.size(); ++k) {
    llvm::Value* v = args[k];
    switch (e.type) {
      case Type::Int:
        o = b_.CreateSelect(isMin ? b_.CreateICmpSLT(v, o) : b_.CreateICmpSGT(v, o), v, o);
        break;
      case Type::Bool:
        o = b_.CreateSelect(isMin ? b_.CreateICmpULT(v, o) : b_.CreateICmpUGT(v, o), v, o);
        break;
      default: {
        // NaN wins: once the running result is NaN it stays; a NaN argument takes over.
        llvm::Value* better = b_.CreateSelect(isMin ? b_.CreateFCmpOLT(v, o) : b_.CreateFCmpOGT(v, o), v, o);
        llvm::Value* pick = b_.CreateSelect(b_.CreateFCmpUNO(v, v), v, better);
        o = b_.CreateSelect(b_.CreateFCmpUNO(o, o), o, pick);
        break;
      }
    }
  }
  return o;
}

llvm::Value* LoopEmitter::call(const BoundExpr& e) {
  switch (e.func) {
    case BuiltinFunc::Min:
      return extreme(e, true);
    case BuiltinFunc::Max:
      return extreme(e, false);
    case BuiltinFunc::Len:
      return helper("popper_rt_len", i64(), {value(e.args[0])});
    case BuiltinFunc::Contains:
    case BuiltinFunc::StartsWith:
    case BuiltinFunc::EndsWith: {
      const char* name = e.func == BuiltinFunc::Contains     ? "popper_rt_contains"
                         : e.func == BuiltinFunc::StartsWith ? "popper_rt_starts_with"
                                                             : "popper_rt_ends_with";
      llvm::Value* s = value(e.args[0]);
      const BoundExpr& needle = e.args[1];
      if (needle.kind == BoundExpr::Kind::Const && !needle.value.asString().empty())
        return constantNeedle(e.func, s, needle.value.asString());
      llvm::Value* t = value(needle);
      return b_.CreateICmpNE(helper(name, i8(), {s, t}), b_.getInt8(0));
    }
    default:
      break;
  }
  const BoundExpr& arg = e.args[0];
  llvm::Value* v = value(arg);
  switch (e.func) {
    case BuiltinFunc::Abs: {
      if (e.type == Type::Float) return b_.CreateUnaryIntrinsic(llvm::Intrinsic::fabs, v);
      ErrorSite site;
      site.range = e.range;
      site.message = "integer overflow";
      failIf(b_.CreateICmpEQ(v, b_.getInt64(static_cast<uint64_t>(std::numeric_limits<int64_t>::min()))),
             std::move(site));
      return b_.CreateSelect(b_.CreateICmpSLT(v, b_.getInt64(0)), b_.CreateSub(b_.getInt64(0), v), v);
    }
    case BuiltinFunc::Round:
    case BuiltinFunc::Floor:
    case BuiltinFunc::Ceil: {
      if (e.type == Type::Int) return v;
      llvm::Intrinsic::ID id = e.func == BuiltinFunc::Round   ? llvm::Intrinsic::round
                               : e.func == BuiltinFunc::Floor ? llvm::Intrinsic::floor
                                                              : llvm::Intrinsic::ceil;
      return b_.CreateUnaryIntrinsic(id, v);
    }
    case BuiltinFunc::ToInt:
    case BuiltinFunc::ToFloat:
      return cast(e, arg.type, v);
    default:
      break;
  }
  throw std::logic_error("jit: builtin is not compilable inline");
}

}  // namespace

void emitExprFunction(llvm::Module& module, const std::string& name, const BoundExpr& root,
                      const ExprShape& shape, LoopKind kind, std::vector<ErrorSite>& sites) {
  LoopEmitter(module, shape, sites).emit(name, root, kind);
}

}  // namespace popper::jit
