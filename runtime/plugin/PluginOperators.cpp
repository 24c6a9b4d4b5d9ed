// Running plugin operators behind the runtime's interfaces (see PluginOperators.h).
#include "runtime/plugin/PluginOperators.h"

#include <deque>
#include <exception>

#include "common/StandardStreams.h"
#include "runtime/plugin/PluginRows.h"

namespace popper::pluginhost {
namespace {

std::string failed(const std::string& name, const std::exception& e) {
  return "operator '" + name + "' failed: " + e.what();
}

// Back-edge requests of one process() call on one input row.
class RowBackEdges : public popper::ProcessContext {
 public:
  RowBackEdges(const OperatorSignature& sig, catalog::BackEdgeTracer& tracer,
               std::vector<catalog::EmittedAction>& actions, uint32_t row)
      : sig_(sig), tracer_(tracer), actions_(actions), row_(row) {}

  const popper::Row& traced(std::string_view targetArg) override {
    int edge = find(targetArg, std::nullopt);
    BatchRow& view = views_.emplace_back();
    view.point(trace(edge, targetArg), 0);
    return view;
  }
  popper::RowBuilder& edit(std::string_view targetArg) override {
    return copy(ast::ActionKind::EditSet, targetArg);
  }
  popper::RowBuilder& append(std::string_view targetArg) override {
    return copy(ast::ActionKind::Append, targetArg);
  }
  void remove(std::string_view targetArg) override {
    int edge = find(targetArg, ast::ActionKind::Delete);
    trace(edge, targetArg);
    actions_.push_back({row_, edge, nullptr});
  }

 private:
  popper::RowBuilder& copy(ast::ActionKind kind, std::string_view targetArg) {
    int edge = find(targetArg, kind);
    const Batch* held = trace(edge, targetArg);
    auto row = std::make_shared<Batch>(held->schemaPtr());
    row->appendRows(*held, 0, 1, StringCopy::Deep);
    BatchRow& view = views_.emplace_back(row.get(), 0);
    actions_.push_back({row_, edge, std::move(row)});
    return view;
  }

  // The declared edge through `targetArg` (of `kind`, if given).
  int find(std::string_view targetArg, std::optional<ast::ActionKind> kind) const {
    for (size_t i = 0; i < sig_.backEdges.size(); ++i) {
      const DeclaredBackEdge& d = sig_.backEdges[i];
      bool kindFits = !kind || d.action == *kind ||
                      (*kind == ast::ActionKind::EditSet && d.action == ast::ActionKind::EditUsing);
      if (d.targetArg == targetArg && kindFits) return static_cast<int>(i);
    }
    throw PluginError("operator '" + sig_.name + "' declares no " +
                      (kind ? actionName(*kind) + " " : std::string()) + "back edge through argument '" +
                      std::string(targetArg) + "'");
  }

  const Batch* trace(int edge, std::string_view targetArg) {
    std::string why;
    const Batch* held = tracer_.trace(edge, row_, why);
    if (!held)
      throw PluginError(why.empty() ? "cannot trace the row to '" + std::string(targetArg) + "'" : why);
    return held;
  }

  static std::string actionName(ast::ActionKind kind) {
    switch (kind) {
      case ast::ActionKind::Append:
        return "append";
      case ast::ActionKind::Delete:
        return "delete";
      default:
        return "edit";
    }
  }

  const OperatorSignature& sig_;
  catalog::BackEdgeTracer& tracer_;
  std::vector<catalog::EmittedAction>& actions_;
  uint32_t row_;
  std::deque<BatchRow> views_;  // stable addresses for the references handed out
};

// Used when the runtime gives no tracer (the operator declared no back edges).
class NoTracer : public catalog::BackEdgeTracer {
 public:
  const Batch* trace(int, uint32_t, std::string& why) override {
    why = "back edges are not available here";
    return nullptr;
  }
};

class ProcessorAdapter : public catalog::Processor {
 public:
  ProcessorAdapter(std::unique_ptr<popper::Processor> op, const OperatorSignature* sig)
      : op_(std::move(op)), sig_(sig) {}

  void process(const Batch& in, Batch& out, std::vector<uint32_t>& parents, RowErrors& errors) override {
    NoTracer tracer;
    std::vector<catalog::EmittedAction> actions;
    processWithBackEdges(in, out, parents, errors, tracer, actions);
  }

  void processWithBackEdges(const Batch& in, Batch& out, std::vector<uint32_t>& parents, RowErrors& errors,
                            catalog::BackEdgeTracer& tracer,
                            std::vector<catalog::EmittedAction>& actions) override {
    BatchOutput output(out);
    BatchRow row;
    for (size_t r = 0; r < in.size(); ++r) {
      size_t rowsBefore = output.rows();
      size_t actionsBefore = actions.size();
      row.point(&in, r);
      RowBackEdges edges(*sig_, tracer, actions, static_cast<uint32_t>(r));
      try {
        op_->process(row, output, edges);
      } catch (const std::exception& e) {
        for (Column& c : out.columns) c.resize(rowsBefore);
        actions.resize(actionsBefore);
        errors.add(static_cast<uint32_t>(r), {}, failed(sig_->name, e));
        continue;
      }
      parents.insert(parents.end(), output.rows() - rowsBefore, static_cast<uint32_t>(r));
    }
  }

 private:
  std::unique_ptr<popper::Processor> op_;
  const OperatorSignature* sig_;
};

class ReducerAdapter : public catalog::Reducer {
 public:
  ReducerAdapter(std::unique_ptr<popper::Reducer> op, std::string name)
      : op_(std::move(op)), name_(std::move(name)) {}
  Status reduce(const Batch& rows, const Selection& group, Batch& out) override {
    BatchOutput output(out);
    SelectedRows groupRows(rows, group);
    try {
      op_->reduce(groupRows, output);
    } catch (const std::exception& e) {
      return Status::invalidArgument(failed(name_, e));
    }
    return Status::ok();
  }

 private:
  std::unique_ptr<popper::Reducer> op_;
  std::string name_;
};

class CombinerAdapter : public catalog::Combiner {
 public:
  CombinerAdapter(std::unique_ptr<popper::Combiner> op, std::string name)
      : op_(std::move(op)), name_(std::move(name)) {}
  Status combine(const Batch& left, const Selection& leftRows, const Batch& right, const Selection& rightRows,
                 Batch& out) override {
    BatchOutput output(out);
    SelectedRows l(left, leftRows), r(right, rightRows);
    try {
      op_->combine(l, r, output);
    } catch (const std::exception& e) {
      return Status::invalidArgument(failed(name_, e));
    }
    return Status::ok();
  }

 private:
  std::unique_ptr<popper::Combiner> op_;
  std::string name_;
};

class ExtractorReader : public BatchReader {
 public:
  ExtractorReader(std::unique_ptr<popper::Extractor> op, std::string name, const ReaderOptions& options)
      : op_(std::move(op)), name_(std::move(name)), options_(options) {}

  Result<bool> next(Batch& out, std::vector<ReadError>&) override {
    out = Batch(options_.schema, options_.withLineage);
    if (done_) return false;
    BatchOutput output(out);
    output.assignIds(options_.sourceId, &nextPosition_);
    try {
      while (out.size() < options_.batchRows && !done_) done_ = !op_->next(output);
    } catch (const std::exception& e) {
      return Status::ioError("extractor '" + name_ + "' failed on '" + options_.path + "': " + e.what());
    }
    return !out.empty() || !done_;
  }
  uint64_t recordsRead() const override { return nextPosition_ - 1; }

 private:
  std::unique_ptr<popper::Extractor> op_;
  std::string name_;
  ReaderOptions options_;
  uint64_t nextPosition_ = 1;  // rows are numbered like lines, from 1
  bool done_ = false;
};

class FileSink : public popper::TextSink {
 public:
  explicit FileSink(StagedFile& file) : file_(file) {}
  void write(std::string_view bytes) override { file_.buffer().append(bytes); }

 private:
  StagedFile& file_;
};

class OutputterWriter : public BatchWriter {
 public:
  OutputterWriter(std::unique_ptr<popper::Outputter> op, std::string name, StagedFile* file, SchemaPtr schema)
      : op_(std::move(op)), name_(std::move(name)), file_(file), sink_(*file_), schema_(std::move(schema)) {}

  Status begin() {
    SchemaColumns columns(schema_.get());
    return guard([&] { op_->begin(columns, sink_); });
  }
  Status write(const Batch& batch) override {
    BatchRow row;
    for (size_t r = 0; r < batch.size(); ++r) {
      if (batch.weights[r] <= 0) continue;  // outputters write live rows only
      row.point(&batch, r);
      Status st = guard([&] { op_->write(row, sink_); });
      if (!st.isOk()) return st;
      st = file_->maybeFlush();
      if (!st.isOk()) return st;
    }
    return Status::ok();
  }
  Status finish() override {
    Status st = guard([&] { op_->end(sink_); });
    return st.isOk() ? file_->flush() : st;
  }
  void abort() override { file_->abort(); }

 private:
  template <typename F>
  Status guard(F&& f) {
    try {
      f();
    } catch (const std::exception& e) {
      return Status::ioError("outputter '" + name_ + "' failed on '" + file_->path() + "': " + e.what());
    }
    return Status::ok();
  }

  std::unique_ptr<popper::Outputter> op_;
  std::string name_;
  StagedFile* file_;  // owned by the run's FileTransaction
  FileSink sink_;
  SchemaPtr schema_;
};

}  // namespace

std::unique_ptr<catalog::Processor> adaptProcessor(std::unique_ptr<popper::Processor> op,
                                                   const OperatorSignature* signature) {
  return std::make_unique<ProcessorAdapter>(std::move(op), signature);
}

std::unique_ptr<catalog::Reducer> adaptReducer(std::unique_ptr<popper::Reducer> op, std::string name) {
  return std::make_unique<ReducerAdapter>(std::move(op), std::move(name));
}

std::unique_ptr<catalog::Combiner> adaptCombiner(std::unique_ptr<popper::Combiner> op, std::string name) {
  return std::make_unique<CombinerAdapter>(std::move(op), std::move(name));
}

Result<std::unique_ptr<BatchReader>> adaptExtractor(std::unique_ptr<popper::Extractor> op, std::string name,
                                                    const ReaderOptions& options) {
  try {
    // A plugin opens its input by name: standard input is /dev/stdin.
    op->open(isStandardStream(options.path) ? std::string("/dev/stdin") : options.path);
  } catch (const std::exception& e) {
    return Status::ioError("extractor '" + name + "' cannot open '" + options.path + "': " + e.what());
  }
  return std::unique_ptr<BatchReader>(new ExtractorReader(std::move(op), std::move(name), options));
}

Result<std::unique_ptr<BatchWriter>> adaptOutputter(std::unique_ptr<popper::Outputter> op, std::string name,
                                                    const WriterOptions& options) {
  if (!options.files)
    return Status::internal("writing '" + options.path + "' needs the run's FileTransaction");
  auto file = options.files->stage(options.path);
  if (!file) return file.status();
  auto writer =
      std::make_unique<OutputterWriter>(std::move(op), std::move(name), file.value(), options.schema);
  Status st = writer->begin();
  if (!st.isOk()) return st;
  return std::unique_ptr<BatchWriter>(std::move(writer));
}

}  // namespace popper::pluginhost
