// LanguageId(text, languages="") -> lang:string, score:float, on libexttextcat
// (Debian's libexttextcat-data fingerprints). `lang` is the ISO 639-1 code
// (exttextcat's "en--utf8" becomes "en"; languages without a two-letter code
// keep their three-letter one); "und" when the text is too short or unknown.
// `score` is 1/k where k is the number of languages exttextcat could not tell
// apart from the winner, so 1.0 means unambiguous. `languages: "en,es"`
// restricts the candidates, which makes short texts far less noisy: the
// restricted fingerprint list is written to a private config file, and the
// classifier is loaded once per operator instance.
#include <textcat.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "runtime/models/InstancePool.h"
#include "runtime/models/ModelOperators.h"
#include "runtime/models/ModelSupport.h"

namespace popper::models {
namespace {

constexpr const char* kFingerprintDir = "/usr/share/libexttextcat/";

// "en--utf8" -> "en", "sr-Latn--utf8" -> "sr".
std::string isoCode(std::string_view name) {
  size_t end = name.find('-');
  return std::string(name.substr(0, end));
}

std::vector<std::string> splitList(const std::string& list) {
  std::vector<std::string> items;
  std::stringstream in(list);
  std::string item;
  while (std::getline(in, item, ',')) {
    size_t b = item.find_first_not_of(" \t"), e = item.find_last_not_of(" \t");
    if (b != std::string::npos) items.push_back(item.substr(b, e - b + 1));
  }
  return items;
}

class LanguageId : public catalog::Processor {
 public:
  LanguageId(void* handle, int text, std::vector<int> slots)
      : handle_(handle), text_(text), slots_(std::move(slots)) {
    candidates_ = textcat_GetClassifyFullOutput(handle_);
  }
  ~LanguageId() override {
    textcat_ReleaseClassifyFullOutput(handle_, candidates_);
    textcat_Done(handle_);
  }

  void process(const Batch& in, Batch& out, std::vector<uint32_t>& parents, RowErrors&) override {
    const auto& texts = in.column(static_cast<size_t>(text_)).strings;
    std::vector<std::string> strings(2);
    std::vector<double> floats(2);
    for (size_t r = 0; r < texts.size(); ++r) {
      // exttextcat's answer depends on the bytes after `size` (it expects
      // NUL-terminated text), so a view into a batch's arena would let the
      // next row change this row's language: classify a NUL-terminated copy.
      textBuffer_.assign(texts[r]);
      int n = textcat_ClassifyFull(handle_, textBuffer_.c_str(), textBuffer_.size(), candidates_);
      if (n <= 0) {
        strings[0] = "und";
        floats[1] = 0.0;
      } else {
        strings[0] = isoCode(candidates_[0].name);
        floats[1] = 1.0 / n;
      }
      appendOutputs(out, slots_, strings, floats);
      parents.push_back(static_cast<uint32_t>(r));
    }
  }

 private:
  void* handle_;
  candidate_t* candidates_ = nullptr;
  std::string textBuffer_;
  int text_;
  std::vector<int> slots_;
};

// Loads exttextcat over all fingerprints, or only those of `languages`.
Result<void*> loadClassifier(const std::string& languages) {
  std::string conf = std::string(kFingerprintDir) + "fpdb.conf";
  std::string privateConf;
  if (!languages.empty()) {
    std::ifstream all(conf);
    if (!all) return Status::notFound("LanguageId cannot read " + conf + " (install libexttextcat-data)");
    std::vector<std::string> wanted = splitList(languages);
    std::string line, kept;
    std::vector<std::string> found;
    while (std::getline(all, line)) {
      std::istringstream fields(line);
      std::string file, name;
      if (line.empty() || line[0] == '#' || !(fields >> file >> name)) continue;
      for (const std::string& w : wanted)
        if (isoCode(name) == w && name.find("--utf8") != std::string::npos) {
          kept += line + "\n";
          found.push_back(w);
        }
    }
    for (const std::string& w : wanted)
      if (std::find(found.begin(), found.end(), w) == found.end())
        return Status::invalidArgument("LanguageId has no model for language '" + w + "'");
    char path[] = "/tmp/popper-langid-XXXXXX";
    int fd = ::mkstemp(path);
    if (fd < 0) return Status::internal("LanguageId cannot create its configuration file");
    ::close(fd);
    std::ofstream(path) << kept;
    privateConf = conf = path;
  }
  void* handle = special_textcat_Init(conf.c_str(), kFingerprintDir);
  if (!privateConf.empty()) std::remove(privateConf.c_str());
  if (!handle) return Status::notFound("LanguageId cannot load " + conf + " (install libexttextcat-data)");
  // The default minimum (25 bytes) answers SHORT for most single sentences.
  textcat_SetProperty(handle, TCPROP_MINIMUM_DOCUMENT_SIZE, 3);
  return handle;
}

}  // namespace

void registerLanguageId(catalog::OperatorCatalog& catalog) {
  OperatorSignature signature =
      modelSignature("LanguageId",
                     {popper::columnArg("text", Type::String),
                      literalArg("languages", Type::String, Literal{std::string()})},
                     {{"lang", Type::String}, {"score", Type::Float}});
  catalog.addProcessor(
      std::move(signature),
      pooled([](const catalog::OperatorSetup& s) -> Result<std::unique_ptr<catalog::Processor>> {
        auto text = columnArg(s, "text");
        if (!text) return text.status();
        auto slots = produceSlots(s, {{"lang", Type::String}, {"score", Type::Float}});
        if (!slots) return slots.status();
        auto handle = loadClassifier(stringArg(s, "languages"));
        if (!handle) return handle.status();
        return std::unique_ptr<catalog::Processor>(
            new LanguageId(handle.value(), text.value(), std::move(slots.value())));
      }));
}

}  // namespace popper::models
