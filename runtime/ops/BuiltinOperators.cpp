// The built-in operators (see BuiltinOperators.h). The IO formats are
// runtime/io's readers and writers. The test operators:
//  Tokenize(text)  one row per whitespace-separated token of `text` (PRODUCE token)
//  Identity()      one row per input row, no produced columns
//  NoisyTranslate(text, pair, error_rate, seed)
//                  a stand-in translator with seeded synthetic errors (the
//                  lab injects 10% bad translations): a row whose
//                  mixHash(fnv1a64("<seed>:<text>")) / 2^64 is below error_rate comes
//                  back untranslated (text unchanged); any other row has its
//                  leading "<tag>:" replaced by the pair's target tag (pair
//                  "es-en": "es:hola" -> "en:hola"; no tag: "en:" is prefixed).
//                  Decided by content alone, so it is the same for any batching.
//  TopK(k, by)     the k rows of the group with the largest `by` (ties and a
//                  missing `by`: canonical order); PRODUCE columns by name
//  First()         the group's first row in canonical order; PRODUCE by name
//  Matcher()       every (left, right) pair of a key: PRODUCE columns by name
//                  from the left row, else the right row; a float `score`
//                  found in neither is 1.0 (an exact key match)
#include "runtime/ops/BuiltinOperators.h"

#include <algorithm>

#include "runtime/data/Value.h"

namespace popper::ops {
namespace {

using catalog::Combiner;
using catalog::OperatorSetup;
using catalog::Processor;
using catalog::produceColumnsByName;
using catalog::Reducer;

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

class Tokenize : public Processor {
 public:
  explicit Tokenize(int column) : column_(column) {}
  void process(const Batch& in, Batch& out, std::vector<uint32_t>& parents, RowErrors&) override {
    out.shareStringsOf(in);
    const auto& texts = in.column(static_cast<size_t>(column_)).strings;
    auto& tokens = out.column(0).strings;
    for (size_t r = 0; r < texts.size(); ++r) {
      std::string_view s = texts[r];
      size_t i = 0;
      while (i < s.size()) {
        while (i < s.size() && isSpace(s[i])) ++i;
        size_t start = i;
        while (i < s.size() && !isSpace(s[i])) ++i;
        if (i > start) {
          tokens.push_back(s.substr(start, i - start));
          parents.push_back(static_cast<uint32_t>(r));
        }
      }
    }
  }

 private:
  int column_;
};

class Identity : public Processor {
 public:
  void process(const Batch& in, Batch&, std::vector<uint32_t>& parents, RowErrors&) override {
    for (size_t r = 0; r < in.size(); ++r) parents.push_back(static_cast<uint32_t>(r));
  }
};

class NoisyTranslate : public Processor {
 public:
  NoisyTranslate(int column, std::string target, double errorRate, int64_t seed)
      : column_(column),
        target_(std::move(target)),
        errorRate_(errorRate),
        seed_(std::to_string(seed) + ":") {}
  void process(const Batch& in, Batch& out, std::vector<uint32_t>& parents, RowErrors&) override {
    out.shareStringsOf(in);
    const auto& texts = in.column(static_cast<size_t>(column_)).strings;
    auto& translations = out.column(0).strings;
    for (size_t r = 0; r < texts.size(); ++r) {
      std::string_view text = texts[r];
      if (mistranslated(text)) {
        translations.push_back(text);
      } else {
        size_t colon = text.find(':');
        bool tagged = colon != std::string_view::npos && colon > 0 && colon <= 3;
        std::string translated = target_ + ":" + std::string(tagged ? text.substr(colon + 1) : text);
        translations.push_back(out.arena().store(translated));
      }
      parents.push_back(static_cast<uint32_t>(r));
    }
  }

 private:
  bool mistranslated(std::string_view text) const {
    uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a, 64 bits (simple to reproduce in a test oracle)
    auto mix = [&h](std::string_view s) {
      for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ULL;
    };
    mix(seed_);
    mix(text);
    // FNV's high bits barely change with the last bytes: finish with mixHash.
    return static_cast<double>(mixHash(h) >> 11) * 0x1.0p-53 < errorRate_;
  }

  int column_;
  std::string target_;
  double errorRate_;
  std::string seed_;
};

void copyRow(const Batch& rows, uint32_t r, const std::vector<int>& from, Batch& out) {
  out.shareStringsOf(rows);
  for (size_t c = 0; c < from.size(); ++c)
    out.column(c).appendGather(rows.column(static_cast<size_t>(from[c])), &r, 1);
}

class TopK : public Reducer {
 public:
  TopK(int64_t k, int by, std::vector<int> from) : k_(k), by_(by), from_(std::move(from)) {}
  Status reduce(const Batch& rows, const Selection& group, Batch& out) override {
    Selection sorted = group;
    if (by_ >= 0) {
      const Column& c = rows.column(static_cast<size_t>(by_));
      std::stable_sort(sorted.begin(), sorted.end(),
                       [&](uint32_t a, uint32_t b) { return compareValues(cellAt(c, a), cellAt(c, b)) > 0; });
    }
    for (size_t i = 0; i < sorted.size() && static_cast<int64_t>(i) < k_; ++i)
      copyRow(rows, sorted[i], from_, out);
    return Status::ok();
  }

 private:
  int64_t k_;
  int by_;
  std::vector<int> from_;
};

class First : public Reducer {
 public:
  explicit First(std::vector<int> from) : from_(std::move(from)) {}
  Status reduce(const Batch& rows, const Selection& group, Batch& out) override {
    if (!group.empty()) copyRow(rows, group[0], from_, out);
    return Status::ok();
  }

 private:
  std::vector<int> from_;
};

class Matcher : public Combiner {
 public:
  // Per produced column: (side, column); side 2 = the constant score 1.0.
  explicit Matcher(std::vector<std::pair<int, int>> from) : from_(std::move(from)) {}
  Status combine(const Batch& left, const Selection& l, const Batch& right, const Selection& r,
                 Batch& out) override {
    out.shareStringsOf(left);
    out.shareStringsOf(right);
    for (uint32_t a : l) {
      for (uint32_t b : r) {
        for (size_t c = 0; c < from_.size(); ++c) {
          auto [side, col] = from_[c];
          if (side == 2)
            out.column(c).floats.push_back(1.0);
          else
            out.column(c).appendGather((side == 0 ? left : right).column(static_cast<size_t>(col)),
                                       side == 0 ? &a : &b, 1);
        }
      }
    }
    return Status::ok();
  }

 private:
  std::vector<std::pair<int, int>> from_;
};

}  // namespace

void registerBuiltinOperators(catalog::OperatorCatalog& catalog) {
  using K = OperatorKind;
  using T = Type;
  auto csvArgs = [] {
    return std::vector<OperatorArgSpec>{literalArg("header", T::Bool, Literal{false}),
                                        literalArg("delimiter", T::String, Literal{std::string(",")})};
  };

  // Extractors. Lines yields one string per line; EXTRACT may declare more
  // columns after it, which take their defaults.
  catalog.addExtractor(makeSignature("Lines", K::Extractor, {}, {{"line", T::String}}), openExtractor);
  catalog.addExtractor(makeSignature("Csv", K::Extractor, csvArgs(), {}, /*openProduce=*/true),
                       openExtractor);
  catalog.addExtractor(makeSignature("Jsonl", K::Extractor, {}, {}, true), openExtractor);

  // Outputters write whatever columns they are given.
  catalog.addOutputter(makeSignature("Csv", K::Outputter, csvArgs(), {}, true), openOutputter);
  catalog.addOutputter(makeSignature("Jsonl", K::Outputter, {}, {}, true), openOutputter);
  catalog.addOutputter(makeSignature("Lines", K::Outputter, {}, {}, true), openOutputter);
  catalog.addOutputter(makeSignature("Changelog", K::Outputter, {}, {}, true), openOutputter);

  // Test operators: Tokenize yields 0..n rows per input; Identity copies rows.
  catalog.addProcessor(
      makeSignature("Tokenize", K::Processor, {columnArg("text", T::String)}, {{"token", T::String}}),
      [](const OperatorSetup& s) -> Result<std::unique_ptr<Processor>> {
        const BoundArg* text = s.call->arg("text");
        if (!text || !text->isColumn) return Status::invalidArgument("Tokenize needs a text column");
        return std::unique_ptr<Processor>(new Tokenize(text->column));
      });
  catalog.addProcessor(rowWise(makeSignature("Identity", K::Processor, {}, {})),
                       [](const OperatorSetup&) -> Result<std::unique_ptr<Processor>> {
                         return std::unique_ptr<Processor>(new Identity());
                       });
  // NoisyTranslate: a translator with seeded synthetic errors.
  catalog.addProcessor(
      rowWise(makeSignature(
          "NoisyTranslate", K::Processor,
          {columnArg("text", T::String), literalArg("pair", T::String),
           literalArg("error_rate", T::Float, Literal{0.1}), literalArg("seed", T::Int, Literal{int64_t{0}})},
          {{"translation", T::String}})),
      [](const OperatorSetup& s) -> Result<std::unique_ptr<Processor>> {
        const BoundArg* text = s.call->arg("text");
        if (!text || !text->isColumn) return Status::invalidArgument("NoisyTranslate needs a text column");
        const BoundArg* pair = s.call->arg("pair");
        std::string target = pair && !pair->isColumn ? pair->value.asString() : "en";
        if (size_t dash = target.find('-'); dash != std::string::npos) target = target.substr(dash + 1);
        const BoundArg* rate = s.call->arg("error_rate");
        double errorRate = 0.1;
        if (rate && !rate->isColumn)
          errorRate = rate->value.type() == Type::Int ? static_cast<double>(rate->value.asInt())
                                                      : rate->value.asFloat();
        const BoundArg* seed = s.call->arg("seed");
        int64_t seedValue = seed && !seed->isColumn ? seed->value.asInt() : 0;
        return std::unique_ptr<Processor>(new NoisyTranslate(text->column, target, errorRate, seedValue));
      });
  // Reducers and combiners.
  catalog.addReducer(makeSignature("TopK", K::Reducer,
                                   {literalArg("k", T::Int), columnArg("by", std::nullopt, false)}, {}, true),
                     [](const OperatorSetup& s) -> Result<std::unique_ptr<Reducer>> {
                       auto from = produceColumnsByName("TopK", *s.produce, *s.input);
                       if (!from) return from.status();
                       const BoundArg* k = s.call->arg("k");
                       const BoundArg* by = s.call->arg("by");
                       int byColumn = by && by->isColumn ? by->column : -1;
                       return std::unique_ptr<Reducer>(new TopK(k && !k->isColumn ? k->value.asInt() : 1,
                                                                byColumn, std::move(from.value())));
                     });
  catalog.addReducer(makeSignature("First", K::Reducer, {}, {}, true),
                     [](const OperatorSetup& s) -> Result<std::unique_ptr<Reducer>> {
                       auto from = produceColumnsByName("First", *s.produce, *s.input);
                       if (!from) return from.status();
                       return std::unique_ptr<Reducer>(new First(std::move(from.value())));
                     });
  catalog.addCombiner(makeSignature("Matcher", K::Combiner, {}, {}, true),
                      [](const OperatorSetup& s) -> Result<std::unique_ptr<Combiner>> {
                        std::vector<std::pair<int, int>> from;
                        for (const ColumnInfo& c : *s.produce) {
                          int l = findColumn(*s.input, c.name), r = findColumn(*s.right, c.name);
                          if (l >= 0 && (*s.input)[static_cast<size_t>(l)].type == c.type)
                            from.emplace_back(0, l);
                          else if (r >= 0 && (*s.right)[static_cast<size_t>(r)].type == c.type)
                            from.emplace_back(1, r);
                          else if (c.name == "score" && c.type == Type::Float)
                            from.emplace_back(2, 0);
                          else
                            return Status::invalidArgument("Matcher cannot produce column '" + c.name +
                                                           "': neither input has a " + typeName(c.type) +
                                                           " column of that name");
                        }
                        return std::unique_ptr<Combiner>(new Matcher(std::move(from)));
                      });
}

}  // namespace popper::ops
