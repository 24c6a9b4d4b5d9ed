// Classify(model, text) -> label:string, score:float on libfasttext, with any
// supervised fastText model (.bin or quantized .ftz): the label is the most
// probable one without its "__label__" prefix, the score its probability.
// Sentiment(text) -> sentiment:string, confidence:float is a Classify over the
// model trained at build time from runtime/models/data (see README there);
// its texts are normalized the way the training set was (lower-case,
// punctuation split off words), since fastText splits on whitespace only.
// The model is loaded once per operator instance.
#include <fasttext/fasttext.h>

#include <cctype>
#include <filesystem>
#include <sstream>

#include "runtime/models/InstancePool.h"
#include "runtime/models/ModelOperators.h"
#include "runtime/models/ModelSupport.h"

namespace popper::models {
namespace {

constexpr std::string_view kLabelPrefix = "__label__";

// Lower-case ASCII, punctuation as separate tokens, newlines as spaces (a
// newline would end fastText's line).
std::string normalizeForSentiment(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  for (char c : text) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x80 && std::ispunct(u) && c != '\'') {
      out += ' ';
      out += c;
      out += ' ';
    } else if (c == '\n' || c == '\r' || c == '\t') {
      out += ' ';
    } else {
      out += static_cast<char>(std::tolower(u));
    }
  }
  return out;
}

class Classifier : public catalog::Processor {
 public:
  Classifier(std::unique_ptr<fasttext::FastText> model, int text, std::vector<int> slots, bool normalize)
      : model_(std::move(model)), text_(text), slots_(std::move(slots)), normalize_(normalize) {}

  void process(const Batch& in, Batch& out, std::vector<uint32_t>& parents, RowErrors&) override {
    const auto& texts = in.column(static_cast<size_t>(text_)).strings;
    std::vector<std::string> strings(2);
    std::vector<double> floats(2);
    std::vector<std::pair<fasttext::real, std::string>> predictions;
    for (size_t r = 0; r < texts.size(); ++r) {
      std::string line = normalize_ ? normalizeForSentiment(texts[r]) : std::string(texts[r]);
      for (char& c : line)
        if (c == '\n' || c == '\r') c = ' ';
      line += '\n';
      std::istringstream stream(line);
      predictions.clear();
      model_->predictLine(stream, predictions, 1, 0.0);
      if (predictions.empty()) {
        strings[0].clear();  // no known word and no label above 0
        floats[1] = 0.0;
      } else {
        std::string_view label = predictions[0].second;
        if (label.substr(0, kLabelPrefix.size()) == kLabelPrefix) label.remove_prefix(kLabelPrefix.size());
        strings[0] = label;
        floats[1] = static_cast<double>(predictions[0].first);
      }
      appendOutputs(out, slots_, strings, floats);
      parents.push_back(static_cast<uint32_t>(r));
    }
  }

 private:
  std::unique_ptr<fasttext::FastText> model_;
  int text_;
  std::vector<int> slots_;
  bool normalize_;
};

Result<std::unique_ptr<fasttext::FastText>> loadModel(const std::string& op, const std::string& path) {
  if (path.empty()) return Status::invalidArgument(op + " needs a model file");
  if (!std::filesystem::is_regular_file(path))
    return Status::notFound(op + " cannot find model file '" + path + "'");
  auto model = std::make_unique<fasttext::FastText>();
  try {
    model->loadModel(path);
  } catch (const std::exception& e) {
    return Status::invalidArgument(op + " cannot load fastText model '" + path + "': " + e.what());
  }
  return model;
}

catalog::OperatorCatalog::ProcessorFactory factory(bool sentiment) {
  return [sentiment](const catalog::OperatorSetup& s) -> Result<std::unique_ptr<catalog::Processor>> {
    auto text = columnArg(s, "text");
    if (!text) return text.status();
    auto slots = produceSlots(s, {{"label", Type::String}, {"score", Type::Float}});
    if (!slots) return slots.status();
    auto model = loadModel(s.call->op, sentiment ? sentimentModelPath() : pathArg(s, "model"));
    if (!model) return model.status();
    return std::unique_ptr<catalog::Processor>(
        new Classifier(std::move(model.value()), text.value(), std::move(slots.value()), sentiment));
  };
}

}  // namespace

void registerClassify(catalog::OperatorCatalog& catalog) {
  catalog.addProcessor(
      modelSignature("Classify", {literalArg("model", Type::String), popper::columnArg("text", Type::String)},
                     {{"label", Type::String}, {"score", Type::Float}}),
      pooled(factory(false)));
  catalog.addProcessor(modelSignature("Sentiment", {popper::columnArg("text", Type::String)},
                                      {{"sentiment", Type::String}, {"confidence", Type::Float}}),
                       pooled(factory(true)));
}

}  // namespace popper::models
