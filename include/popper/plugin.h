// The Popper C++ plugin API: write Processor, Reducer, Combiner, Extractor and
// Outputter operators in a shared library and load it with `IMPORT "lib.so";`.
//
// A plugin defines its operators and one registration function:
//
//   #include <popper/plugin.h>
//   class Upper : public popper::Processor {
//    public:
//     explicit Upper(const popper::Args& args) : text_(args.column("text")) {}
//     void process(const popper::Row& in, popper::Output& out, popper::ProcessContext&) override {
//       std::string s(in.get<std::string_view>(text_));
//       for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
//       out.add().set(0, s);
//     }
//    private:
//     int text_;
//   };
//   POPPER_PLUGIN(registry) {
//     registry.processor("Upper", [](const popper::Args& a) -> popper::Processor* { return new Upper(a); })
//         .column("text", popper::ColumnType::String)
//         .produces("upper", popper::ColumnType::String);
//   }
//
// What the runtime keeps: operators only compute values. Row ids, weights,
// order keys and lineage are assigned by Popper, so an operator cannot break
// retraction, canonical order or backward tracing. Values are never null: a
// column holds a string, a 64-bit int, a double or a bool, and a produced row
// starts with every column at "" / 0 / 0.0 / false.
//
// Why header-only with abstract classes: every object an operator touches
// (rows, arguments, outputs, the registry) is implemented inside `popper` and
// reached through virtual calls, so a plugin resolves no popper symbol at load
// time. It needs no library to link against and `popper` needs no exported
// symbols; the plugin only exports the two C functions POPPER_PLUGIN defines.
// The vtables are the ABI: they only ever change together with
// kPluginApiVersion, which the loader checks before calling popper_register,
// so a plugin built against another version is refused with a clear error
// instead of crashing. Build plugins with the same compiler and C++ standard
// library as popper (exceptions and std::string_view cross the boundary).
//
// Errors: an operator reports a bad row by throwing (std::exception); Popper
// rejects that input row with the message (rejects.jsonl) and goes on. Using a
// missing column, a wrong type or an undeclared back edge throws PluginError.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>

namespace popper {

// Bumped whenever any class below changes shape.
inline constexpr int kPluginApiVersion = 1;

// The language's four types (docs/language.md).
enum class ColumnType : int32_t { String = 0, Int = 1, Float = 2, Bool = 3 };

// The back-edge actions of docs/error-handling.md an operator may emit.
enum class BackEdgeAction : int32_t {
  Edit = 0,    // replace the traced ancestor row with an edited copy
  Append = 1,  // add an edited copy beside the traced ancestor row
  Delete = 2,  // retract the traced ancestor row
};

class PluginError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The column names and types of a row, an input or an output.
class Columns {
 public:
  virtual int size() const = 0;
  virtual std::string_view name(int column) const = 0;
  virtual ColumnType type(int column) const = 0;
  virtual int index(std::string_view column) const = 0;  // -1 when there is none

  // The index of a column that must exist (throws PluginError otherwise).
  int require(std::string_view column) const {
    int i = index(column);
    if (i < 0) throw PluginError("no column '" + std::string(column) + "'");
    return i;
  }

 protected:
  ~Columns() = default;
};

// Read access to one row. The typed getters throw PluginError when the
// column's type is not the one asked for (int is not widened to float here).
class Row : public Columns {
 public:
  virtual std::string_view getString(
      int column) const = 0;  // valid while the call that gave you the row runs
  virtual int64_t getInt(int column) const = 0;
  virtual double getFloat(int column) const = 0;
  virtual bool getBool(int column) const = 0;

  // get<std::string_view>, get<int64_t>, get<double>, get<bool>, by index or name.
  template <typename T>
  T get(int column) const {
    if constexpr (std::is_same_v<T, bool>)
      return getBool(column);
    else if constexpr (std::is_same_v<T, int64_t>)
      return getInt(column);
    else if constexpr (std::is_same_v<T, double>)
      return getFloat(column);
    else if constexpr (std::is_same_v<T, std::string_view>)
      return getString(column);
    else
      static_assert(sizeof(T) == 0, "get<T>: T is std::string_view, int64_t, double or bool");
  }
  template <typename T>
  T get(std::string_view column) const {
    return get<T>(require(column));
  }

 protected:
  ~Row() = default;
};

// A row being written: an output row, or an ancestor row being edited.
class RowBuilder : public Row {
 public:
  virtual void setString(int column, std::string_view value) = 0;  // the bytes are copied
  virtual void setInt(int column, int64_t value) = 0;
  virtual void setFloat(int column, double value) = 0;  // an int column is not accepted
  virtual void setBool(int column, bool value) = 0;

  // set(column, value) by index or name; picks the setter from the value's type.
  template <typename V>
  RowBuilder& set(int column, const V& value) {
    if constexpr (std::is_same_v<V, bool>)
      setBool(column, value);
    else if constexpr (std::is_integral_v<V>)
      setInt(column, static_cast<int64_t>(value));
    else if constexpr (std::is_floating_point_v<V>)
      setFloat(column, static_cast<double>(value));
    else
      setString(column, std::string_view(value));
    return *this;
  }
  template <typename V>
  RowBuilder& set(std::string_view column, const V& value) {
    return set(require(column), value);
  }

 protected:
  ~RowBuilder() = default;
};

// Rows an operator produces. Columns are the PRODUCE columns (or, for an
// extractor, the EXTRACT's declared columns), by index or by the name the
// workflow gave them.
class Output {
 public:
  virtual const Columns& columns() const = 0;
  // Appends a row with every column at its zero value and returns it for filling.
  virtual RowBuilder& add() = 0;

 protected:
  ~Output() = default;
};

// A group of rows (a REDUCE group, one side of a COMBINE key), in canonical order.
class Rows {
 public:
  virtual int size() const = 0;
  virtual const Row& at(int i) const = 0;  // valid until the next at() on these Rows

 protected:
  ~Rows() = default;
};

// The arguments of one call, `Op(name: value, ...)`, as bound by `popper check`
// (declared defaults filled in). Valid only while the factory runs: copy what
// you keep.
class Args {
 public:
  virtual bool has(std::string_view name) const = 0;
  virtual std::string_view getString(std::string_view name) const = 0;  // literal arguments
  virtual int64_t getInt(std::string_view name) const = 0;
  virtual double getFloat(std::string_view name) const = 0;
  virtual bool getBool(std::string_view name) const = 0;
  // A column argument: the column's index in the input row, -1 when not given.
  virtual int column(std::string_view name) const = 0;

 protected:
  ~Args() = default;
};

// Back edges from operator code (docs/error-handling.md), traced from the input row
// being processed to the row of the target rowset it derives from. The target
// is the rowset named by the string argument `targetArg`; the operator's
// signature must declare (action, targetArg). Actions are applied between
// correction waves, like a HANDLE's: an edit or delete retracts the traced
// row and everything derived from it (this call's outputs included), edited
// and appended rows flow down again as new rows, and each lineage can be
// corrected at most `SET max_rounds` times, after which the input row asking
// is rejected. Through a join, the traced row is the first in id order. For
// a retracted input row the calls are no-ops whose rows may hold zero values.
class ProcessContext {
 public:
  // The traced row, to read from.
  virtual const Row& traced(std::string_view targetArg) = 0;
  // A copy of the traced row that replaces it; change its columns with set().
  virtual RowBuilder& edit(std::string_view targetArg) = 0;
  // A copy of the traced row added beside it; change its columns with set().
  virtual RowBuilder& append(std::string_view targetArg) = 0;
  // Retracts the traced row.
  virtual void remove(std::string_view targetArg) = 0;

 protected:
  ~ProcessContext() = default;
};

// PROCESS: 0..n output rows per input row. process() also runs for an input
// row being retracted, to find the outputs to retract: it must be a
// deterministic function of the row (and the traced rows it reads).
class Processor {
 public:
  virtual ~Processor() = default;
  virtual void process(const Row& in, Output& out, ProcessContext& ctx) = 0;
};

// REDUCE: the rows of one group to output rows (re-run whenever the group changes).
class Reducer {
 public:
  virtual ~Reducer() = default;
  virtual void reduce(const Rows& group, Output& out) = 0;
};

// COMBINE: the rows of both sides that share a key to output rows.
class Combiner {
 public:
  virtual ~Combiner() = default;
  virtual void combine(const Rows& left, const Rows& right, Output& out) = 0;
};

// EXTRACT ... USING: reads its input file (a path resolved against the
// workflow's folder) in order; each call of next() adds some rows to `out`
// and returns false once the input is exhausted. Throw to fail the run.
class Extractor {
 public:
  virtual ~Extractor() = default;
  virtual void open(const std::string& path) = 0;
  virtual bool next(Output& out) = 0;
};

// Bytes an outputter writes; Popper puts them in the output file atomically.
class TextSink {
 public:
  virtual void write(std::string_view bytes) = 0;

 protected:
  ~TextSink() = default;
};

// OUTPUT ... USING: the live rows of the output, in output order.
class Outputter {
 public:
  virtual ~Outputter() = default;
  virtual void begin(const Columns& columns, TextSink& out) { (void)columns, (void)out; }
  virtual void write(const Row& row, TextSink& out) = 0;
  virtual void end(TextSink& out) { (void)out; }
};

using ProcessorFactory = Processor* (*)(const Args& args);
using ReducerFactory = Reducer* (*)(const Args& args);
using CombinerFactory = Combiner* (*)(const Args& args);
using ExtractorFactory = Extractor* (*)(const Args& args);
using OutputterFactory = Outputter* (*)(const Args& args);

// An operator's signature, checked by `popper check` like a built-in's.
class Signature {
 public:
  // A required argument naming a column of the input (of `type`).
  virtual Signature& column(std::string_view name, ColumnType type) = 0;
  // A required literal (or @param) argument.
  virtual Signature& value(std::string_view name, ColumnType type) = 0;
  // Optional literal arguments with their defaults.
  virtual Signature& optionalString(std::string_view name, std::string_view defaultValue) = 0;
  virtual Signature& optionalInt(std::string_view name, int64_t defaultValue) = 0;
  virtual Signature& optionalFloat(std::string_view name, double defaultValue) = 0;
  virtual Signature& optionalBool(std::string_view name, bool defaultValue) = 0;
  // Produced columns in order (PRODUCE must match their types; it may rename them).
  virtual Signature& produces(std::string_view name, ColumnType type) = 0;
  // Any PRODUCE list (or EXTRACT column list) is accepted ("PRODUCE decides").
  virtual Signature& producesAny() = 0;
  // One output row per input row, computed from that row alone (lets the
  // optimizer move filters across it). Ignored when back edges are declared.
  virtual Signature& rowWise() = 0;
  // A back edge the processor may emit: `targetArg` is a required string
  // argument naming the target rowset, which `popper check` requires to be
  // upstream of the PROCESS.
  virtual Signature& backEdge(BackEdgeAction action, std::string_view targetArg) = 0;

 protected:
  ~Signature() = default;
};

// Handed to popper_register. Operator names must be new: a name a built-in or
// another plugin already uses for the same kind is a load error.
class PluginRegistry {
 public:
  virtual Signature& processor(std::string_view name, ProcessorFactory factory) = 0;
  virtual Signature& reducer(std::string_view name, ReducerFactory factory) = 0;
  virtual Signature& combiner(std::string_view name, CombinerFactory factory) = 0;
  virtual Signature& extractor(std::string_view name, ExtractorFactory factory) = 0;
  virtual Signature& outputter(std::string_view name, OutputterFactory factory) = 0;

 protected:
  ~PluginRegistry() = default;
};

}  // namespace popper

// Defines the plugin's entry points: its API version and popper_register.
// (The argument names popper_register's parameter, so it cannot be parenthesized.)
// NOLINTBEGIN(bugprone-macro-parentheses)
#define POPPER_PLUGIN(registry)                                                       \
  extern "C" __attribute__((visibility("default"))) int popper_plugin_api_version() { \
    return ::popper::kPluginApiVersion;                                               \
  }                                                                                   \
  extern "C" __attribute__((visibility("default"))) void popper_register(::popper::PluginRegistry& registry)
// NOLINTEND(bugprone-macro-parentheses)
