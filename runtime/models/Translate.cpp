// Translate(text, pair) -> translation:string through Apertium. One pipeline
// per operator instance, kept running across batches: the pair's mode file
// (e.g. /usr/share/apertium/modes/spa-eng.mode) is expanded by
// `apertium-wblank-mode -z` into its null-flush form, where every stage
// flushes its output when it reads a NUL. Each row is sent as its text in
// Apertium stream format (special characters backslash-escaped), then "\n\0":
// without the newline the last token (usually the final full stop) stays
// buffered in the tagger until the next request arrives. The reply for a row
// is everything up to the next NUL, with that newline removed. We run the
// pipeline ourselves rather than the `apertium` wrapper because the wrapper's
// gawk stages hold replies back by one request.
#include <cstdlib>
#include <filesystem>

#include "runtime/models/InstancePool.h"
#include "runtime/models/ModelOperators.h"
#include "runtime/models/ModelSupport.h"
#include "runtime/models/Subprocess.h"

namespace popper::models {
namespace {

constexpr int kIdleTimeoutMs = 60000;

std::string apertiumDataDir() {
  if (const char* dir = std::getenv("APERTIUM_DATADIR")) return dir;
  return "/usr/share/apertium";
}

void escapeInto(std::string_view text, std::string& out) {
  for (char c : text) {
    switch (c) {
      case '\0':
        out += ' ';
        break;
      case '\\':
      case '^':
      case '$':
      case '[':
      case ']':
      case '{':
      case '}':
      case '/':
      case '@':
      case '<':
      case '>':
        out += '\\';
        out += c;
        break;
      default:
        out += c;
    }
  }
}

std::string unescape(std::string_view reply) {
  if (!reply.empty() && reply.back() == '\n') reply.remove_suffix(1);
  std::string out;
  out.reserve(reply.size());
  for (size_t i = 0; i < reply.size(); ++i) {
    if (reply[i] == '\\' && i + 1 < reply.size()) ++i;
    out += reply[i];
  }
  return out;
}

class Translate : public catalog::Processor {
 public:
  Translate(std::string pair, std::string pipeline, int text, std::vector<int> slots)
      : pair_(std::move(pair)), pipeline_(std::move(pipeline)), text_(text), slots_(std::move(slots)) {}

  Status start() {
    std::string error;
    // $1 is lt-proc's generation option (-n: no '*' marks on unknown words),
    // $2 the tagger's extra options (none).
    if (!child_.start({"bash", "-c", pipeline_, "apertium-" + pair_, "-n", ""}, error))
      return Status::unsupported("Translate cannot start apertium: " + error);
    return Status::ok();
  }

  void process(const Batch& in, Batch& out, std::vector<uint32_t>& parents, RowErrors& errors) override {
    const auto& texts = in.column(static_cast<size_t>(text_)).strings;
    if (texts.empty()) return;
    std::string request;
    for (std::string_view t : texts) {
      escapeInto(t, request);
      request += "\n";
      request += '\0';
    }
    std::vector<std::string> replies;
    if (!child_.running()) {
      Status st = start();
      if (!st.isOk()) throw std::runtime_error(st.message());
    }
    auto outcome = child_.exchange(request, '\0', texts.size(), kIdleTimeoutMs, replies);
    if (outcome != Subprocess::Outcome::Ok) {
      // The pipeline is in an unknown state: restart it for the next batch.
      child_.stop();
    }
    std::vector<std::string> strings(1);
    std::vector<double> floats(1);
    for (size_t r = 0; r < texts.size(); ++r) {
      if (r >= replies.size()) {
        errors.add(static_cast<uint32_t>(r), {},
                   outcome == Subprocess::Outcome::Timeout ? "apertium " + pair_ + " timed out"
                                                           : "apertium " + pair_ + " stopped unexpectedly");
        continue;
      }
      strings[0] = unescape(replies[r]);
      appendOutputs(out, slots_, strings, floats);
      parents.push_back(static_cast<uint32_t>(r));
    }
  }

 private:
  std::string pair_;
  std::string pipeline_;
  int text_;
  std::vector<int> slots_;
  Subprocess child_;
};

// The null-flush pipeline of `pair`, or a clear error naming what is missing.
Result<std::string> pipelineFor(const std::string& pair) {
  std::string modes = apertiumDataDir() + "/modes";
  std::string mode = modes + "/" + pair + ".mode";
  if (!std::filesystem::exists(mode)) {
    std::string known;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(modes, ec))
      if (e.path().extension() == ".mode") known += (known.empty() ? "" : ", ") + e.path().stem().string();
    if (known.empty())
      return Status::unsupported("Translate needs Apertium: no language pairs in " + modes +
                                 " (install apertium and a pair such as apertium-eng-spa)");
    return Status::invalidArgument("Translate has no Apertium pair '" + pair + "' (installed: " + known +
                                   ")");
  }
  Subprocess expand;
  std::string error;
  if (!expand.start({"apertium-wblank-mode", "-z", mode}, error))
    return Status::unsupported("Translate needs Apertium (install apertium): " + error);
  std::vector<std::string> lines;
  expand.exchange({}, '\n', 1, 10000, lines);
  if (lines.empty() || lines[0].empty())
    return Status::unsupported("Translate cannot read the Apertium mode " + mode);
  return lines[0];
}

}  // namespace

void registerTranslate(catalog::OperatorCatalog& catalog) {
  OperatorSignature signature =
      modelSignature("Translate", {popper::columnArg("text", Type::String), literalArg("pair", Type::String)},
                     {{"translation", Type::String}});
  catalog.addProcessor(
      std::move(signature),
      pooled([](const catalog::OperatorSetup& s) -> Result<std::unique_ptr<catalog::Processor>> {
        auto text = columnArg(s, "text");
        if (!text) return text.status();
        auto slots = produceSlots(s, {{"translation", Type::String}});
        if (!slots) return slots.status();
        std::string pair = stringArg(s, "pair");
        auto pipeline = pipelineFor(pair);
        if (!pipeline) return pipeline.status();
        auto op = std::make_unique<Translate>(pair, pipeline.value(), text.value(), std::move(slots.value()));
        Status st = op->start();
        if (!st.isOk()) return st;
        return std::unique_ptr<catalog::Processor>(std::move(op));
      }));
}

}  // namespace popper::models
