// An example Popper plugin (include/popper/plugin.h), built as
// libpopper_example_plugin.so and used by tests/plugin/. It shows each kind
// of operator once:
//  KeyValue()                    extractor: lines of `name=value` pairs; each
//                                declared column takes the value of its name
//                                (a missing name leaves the zero value)
//  FixUnits(value, target, max)  processor with a back edge: a `value` above
//                                `max` was recorded in millimetres, not metres;
//                                it edits the row of `target` the input row
//                                comes from (value / 1000) and emits nothing for
//                                the row; plausible rows produce `meters`
//  Summary(key, value)           reducer: per group, the key, the row count and
//                                the mean of `value`
//  Offset(value, by)             combiner: for each pair of rows sharing the key,
//                                the left row's first PRODUCE column (by name)
//                                and left.value + right.by (`value` and `by` name
//                                columns: a combiner's arguments are literals)
//  Markdown()                    outputter: a Markdown table of the rows
#include <popper/plugin.h>

#include <charconv>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

using popper::ColumnType;

// ---------------------------------------------------------------- KeyValue

class KeyValue : public popper::Extractor {
 public:
  explicit KeyValue(const popper::Args&) {}

  void open(const std::string& path) override {
    in_.open(path);
    if (!in_) throw popper::PluginError("cannot open the file");
  }

  bool next(popper::Output& out) override {
    std::string line;
    if (!std::getline(in_, line)) return false;
    popper::RowBuilder& row = out.add();
    std::istringstream words(line);
    std::string word;
    while (words >> word) {
      size_t eq = word.find('=');
      if (eq == std::string::npos) continue;
      int column = row.index(std::string_view(word).substr(0, eq));
      if (column >= 0) setFromText(row, column, word.substr(eq + 1));
    }
    return true;
  }

 private:
  static void setFromText(popper::RowBuilder& row, int column, const std::string& text) {
    switch (row.type(column)) {
      case ColumnType::String:
        row.setString(column, text);
        break;
      case ColumnType::Int:
        row.setInt(column, std::stoll(text));
        break;
      case ColumnType::Float:
        row.setFloat(column, std::stod(text));
        break;
      case ColumnType::Bool:
        row.setBool(column, text == "true");
        break;
    }
  }

  std::ifstream in_;
};

// ---------------------------------------------------------------- FixUnits

class FixUnits : public popper::Processor {
 public:
  explicit FixUnits(const popper::Args& args)
      : value_(args.column("value")), target_(args.getString("target")), max_(args.getFloat("max")) {}

  void process(const popper::Row& in, popper::Output& out, popper::ProcessContext& ctx) override {
    double value = in.get<double>(value_);
    if (value > max_) {
      // The ancestor row has the same column under the same name.
      std::string_view column = in.name(value_);
      popper::RowBuilder& fixed = ctx.edit("target");
      fixed.set(column, fixed.get<double>(column) / 1000.0);
      return;
    }
    out.add().set(0, value);
  }

 private:
  int value_;
  std::string target_;
  double max_;
};

// ---------------------------------------------------------------- Summary

class Summary : public popper::Reducer {
 public:
  explicit Summary(const popper::Args& args) : key_(args.column("key")), value_(args.column("value")) {}

  void reduce(const popper::Rows& group, popper::Output& out) override {
    if (group.size() == 0) return;
    double total = 0;
    for (int i = 0; i < group.size(); ++i) total += group.at(i).get<double>(value_);
    std::string key(group.at(0).get<std::string_view>(key_));
    popper::RowBuilder& row = out.add();
    row.set(0, key);
    row.set(1, static_cast<int64_t>(group.size()));
    row.set(2, total / group.size());
  }

 private:
  int key_, value_;
};

// ---------------------------------------------------------------- Offset

class Offset : public popper::Combiner {
 public:
  explicit Offset(const popper::Args& args) : value_(args.getString("value")), by_(args.getString("by")) {}

  void combine(const popper::Rows& left, const popper::Rows& right, popper::Output& out) override {
    std::string_view keyName = out.columns().name(0);
    for (int i = 0; i < left.size(); ++i) {
      for (int j = 0; j < right.size(); ++j) {
        const popper::Row& l = left.at(i);
        double sum = l.get<double>(value_) + right.at(j).get<double>(by_);
        popper::RowBuilder& row = out.add();
        row.set(0, l.get<std::string_view>(keyName));
        row.set(1, sum);
      }
    }
  }

 private:
  std::string value_, by_;
};

// ---------------------------------------------------------------- Markdown

class Markdown : public popper::Outputter {
 public:
  explicit Markdown(const popper::Args&) {}

  void begin(const popper::Columns& columns, popper::TextSink& out) override {
    std::string header = "|", rule = "|";
    for (int c = 0; c < columns.size(); ++c) {
      header += " " + std::string(columns.name(c)) + " |";
      rule += columns.type(c) == ColumnType::String ? " --- |" : " ---: |";
    }
    out.write(header + "\n" + rule + "\n");
  }

  void write(const popper::Row& row, popper::TextSink& out) override {
    std::string line = "|";
    for (int c = 0; c < row.size(); ++c) line += " " + cell(row, c) + " |";
    out.write(line + "\n");
  }

 private:
  static std::string cell(const popper::Row& row, int c) {
    switch (row.type(c)) {
      case ColumnType::String:
        return std::string(row.getString(c));
      case ColumnType::Int:
        return std::to_string(row.getInt(c));
      case ColumnType::Bool:
        return row.getBool(c) ? "true" : "false";
      case ColumnType::Float: {
        char buffer[64];
        auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, row.getFloat(c));
        return std::string(buffer, end);
      }
    }
    return "";
  }
};

}  // namespace

POPPER_PLUGIN(registry) {
  registry.extractor("KeyValue", [](const popper::Args& a) -> popper::Extractor* { return new KeyValue(a); })
      .producesAny();
  registry.processor("FixUnits", [](const popper::Args& a) -> popper::Processor* { return new FixUnits(a); })
      .column("value", ColumnType::Float)
      .value("target", ColumnType::String)
      .optionalFloat("max", 1000.0)
      .produces("meters", ColumnType::Float)
      .backEdge(popper::BackEdgeAction::Edit, "target");
  registry.reducer("Summary", [](const popper::Args& a) -> popper::Reducer* { return new Summary(a); })
      .column("key", ColumnType::String)
      .column("value", ColumnType::Float)
      .produces("key", ColumnType::String)
      .produces("n", ColumnType::Int)
      .produces("mean", ColumnType::Float);
  registry.combiner("Offset", [](const popper::Args& a) -> popper::Combiner* { return new Offset(a); })
      .value("value", ColumnType::String)
      .value("by", ColumnType::String)
      .produces("key", ColumnType::String)
      .produces("sum", ColumnType::Float);
  registry.outputter("Markdown", [](const popper::Args& a) -> popper::Outputter* { return new Markdown(a); })
      .producesAny();
}
