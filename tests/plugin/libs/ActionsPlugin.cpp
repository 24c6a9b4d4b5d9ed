// A test plugin for the back-edge actions of the plugin API: the processor
// Actions(value, target, action) does, for every input row whose `value` is
// negative, what `action` says to the row of `target` it traces to:
//  "append"  append a copy with value = -value (and emit nothing)
//  "delete"  delete it (and emit nothing)
//  "read"    emit the traced row's value (no correction)
//  "edit"    edit it, which the signature does not declare (a row error)
// Rows with a non-negative value produce their value.
#include <popper/plugin.h>

#include <string>

namespace {

class Actions : public popper::Processor {
 public:
  explicit Actions(const popper::Args& args)
      : value_(args.column("value")), action_(args.getString("action")) {}

  void process(const popper::Row& in, popper::Output& out, popper::ProcessContext& ctx) override {
    double v = in.get<double>(value_);
    if (v >= 0) {
      out.add().set(0, v);
      return;
    }
    std::string_view column = in.name(value_);
    if (action_ == "append")
      ctx.append("target").set(column, -v);
    else if (action_ == "delete")
      ctx.remove("target");
    else if (action_ == "read")
      out.add().set(0, ctx.traced("target").get<double>(column));
    else
      ctx.edit("target");
  }

 private:
  int value_;
  std::string action_;
};

}  // namespace

POPPER_PLUGIN(registry) {
  registry.processor("Actions", [](const popper::Args& a) -> popper::Processor* { return new Actions(a); })
      .column("value", popper::ColumnType::Float)
      .value("target", popper::ColumnType::String)
      .value("action", popper::ColumnType::String)
      .produces("out", popper::ColumnType::Float)
      .backEdge(popper::BackEdgeAction::Append, "target")
      .backEdge(popper::BackEdgeAction::Delete, "target");
}
