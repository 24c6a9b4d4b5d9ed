// Ocr(image, engine="tesseract", folder=".") -> the PRODUCE columns, read from
// a scanned "LABEL: value" document (an identity card, a form) with Debian's
// tesseract (LSTM model of tesseract-ocr-eng). Each PRODUCE column (a string)
// holds the value of the line whose label is closest to the column's name
// (edit distance, so a label misread as "D0B" still finds "dob"), or "" when
// no line has such a label. `image` (default: the input column named
// "image") holds a path; relative paths are read from `folder`, itself
// relative to the workflow's folder.
//
// Two engines, two genuinely different configurations:
//   "tesseract" (light): the page as it was scanned, one pass in block mode
//                        (PSM 6) over all characters.
//   "alt" (careful):     lines found on a median-filtered copy of the scan
//                        (speckles no longer split or hide lines), then every
//                        field's value read again on its own, as a single
//                        line (PSM 7), with a character whitelist chosen by
//                        what the value looks like: digits and '-' for dates
//                        and numbers, letters for names. For digits, three
//                        readings vote character by character: whitelisted
//                        off the scan, whitelisted off the cleaned copy, and
//                        the layout pass's reading with look-alike letters
//                        mapped to digits. This fixes many of the light
//                        engine's O/0, G/6, i/1 mistakes and finds lines it
//                        missed, for about twice the CPU time.
// One TessBaseAPI (the model loaded once) per instance; `instances: n` runs
// several (InstancePool.h).
#include <leptonica/allheaders.h>
#include <tesseract/baseapi.h>
#include <tesseract/resultiterator.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <memory>

#include "common/NameSuggest.h"
#include "runtime/models/InstancePool.h"
#include "runtime/models/ModelOperators.h"
#include "runtime/models/ModelSupport.h"

namespace popper::models {
namespace {

constexpr const char* kDigits = "0123456789-";
constexpr const char* kLetters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz '-";
// Characters a scan of a digit is commonly misread as.
constexpr std::string_view kDigitLike = "0123456789-OoIl|SsBZz";
constexpr int kPad = 6;  // pixels around a field's value when it is read again

struct Word {
  std::string text;
  int left = 0, top = 0, right = 0, bottom = 0;
};
using Line = std::vector<Word>;

struct PixDeleter {
  void operator()(Pix* p) const { pixDestroy(&p); }
};
using PixPtr = std::unique_ptr<Pix, PixDeleter>;

std::string takeText(char* text) {
  std::string out = text ? text : "";
  delete[] text;
  return out;
}

// Drops what scanners add around a value: spaces, stray punctuation, quotes.
std::string trimValue(std::string s) {
  auto keep = [](unsigned char c) { return std::isalnum(c) || c >= 0x80 ? false : true; };
  while (!s.empty() && keep(static_cast<unsigned char>(s.back()))) s.pop_back();
  size_t b = 0;
  while (b < s.size() && keep(static_cast<unsigned char>(s[b]))) ++b;
  return s.substr(b);
}

// Upper-case letters of a label or column name ("Date_of_birth" -> "DATEOFBIRTH").
std::string labelKey(std::string_view s) {
  std::string out;
  for (char c : s)
    if (std::isalpha(static_cast<unsigned char>(c)))
      out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// How many leading words of a line form its label: up to the first word
// holding ':' (or a misread of it, '.' ',' ';' ')'), else just the first word.
size_t labelWords(const Line& line) {
  for (size_t w = 0; w + 1 < line.size() && w < 3; ++w)
    if (line[w].text.find_first_of(":.,;)") != std::string::npos) return w + 1;
  return 1;
}

// `value` with the letters OCR engines mistake for digits (O for 0, S for 5,
// l for 1, ...) and dash look-alikes mapped; other characters dropped.
std::string asDigits(std::string_view value) {
  static const std::string_view from = "OoDUQIl|i!ZzSsGbBgqAT*~_", to = "000001111122556689947---";
  std::string out;
  for (char c : value) {
    if (std::isdigit(static_cast<unsigned char>(c)) || c == '-')
      out += c;
    else if (size_t k = from.find(c); k != std::string_view::npos)
      out += to[k];
  }
  return out;
}

bool looksNumeric(const std::string& value) {
  size_t digitLike = 0, total = 0;
  for (char c : value) {
    if (c == ' ') continue;
    ++total;
    if (kDigitLike.find(c) != std::string_view::npos) ++digitLike;
  }
  return total > 0 && digitLike * 4 >= total * 3;
}

class Ocr : public catalog::Processor {
 public:
  Ocr(std::unique_ptr<tesseract::TessBaseAPI> api, bool careful, std::string folder, int image,
      std::vector<std::string> fields)
      : api_(std::move(api)),
        careful_(careful),
        folder_(std::move(folder)),
        image_(image),
        fields_(std::move(fields)) {}
  ~Ocr() override { api_->End(); }

  void process(const Batch& in, Batch& out, std::vector<uint32_t>& parents, RowErrors& errors) override {
    const auto& images = in.column(static_cast<size_t>(image_)).strings;
    for (size_t r = 0; r < images.size(); ++r) {
      std::filesystem::path path{std::string(images[r])};
      if (path.is_relative()) path = std::filesystem::path(folder_) / path;
      PixPtr pix(pixRead(path.c_str()));
      if (!pix) {
        errors.add(static_cast<uint32_t>(r), {}, "Ocr cannot read image '" + path.string() + "'");
        continue;
      }
      PixPtr gray(pixConvertTo8(pix.get(), 0));
      std::vector<std::string> values = read(gray.get());
      for (size_t c = 0; c < fields_.size(); ++c)
        out.column(c).strings.push_back(out.arena().store(values[c]));
      parents.push_back(static_cast<uint32_t>(r));
    }
  }

 private:
  std::vector<std::string> read(Pix* page) {
    api_->SetVariable("tessedit_char_whitelist", "");
    api_->SetPageSegMode(tesseract::PSM_SINGLE_BLOCK);
    // The careful engine finds the lines on a median-filtered copy, where
    // speckles no longer break lines apart, and reads values off the scan.
    PixPtr cleaned(careful_ ? pixRankFilterGray(page, 3, 3, 0.5f) : nullptr);
    api_->SetImage(cleaned ? cleaned.get() : page);
    std::vector<Line> lines = layout();
    if (cleaned) api_->SetImage(page);
    std::vector<std::string> values(fields_.size());
    for (size_t f = 0; f < fields_.size(); ++f) {
      const Line* best = nullptr;
      size_t bestLabel = 0, bestDistance = SIZE_MAX;
      for (const Line& line : lines) {
        if (line.size() < 2) continue;
        size_t n = labelWords(line);
        std::string label;
        for (size_t w = 0; w < n; ++w) label += line[w].text;
        size_t d = editDistance(labelKey(label), fields_[f]);
        if (d < bestDistance) {
          best = &line;
          bestLabel = n;
          bestDistance = d;
        }
      }
      if (!best || bestDistance > std::max<size_t>(1, fields_[f].size() / 3)) continue;
      values[f] = careful_ ? rereadValue(*best, bestLabel, page, cleaned.get()) : joinWords(*best, bestLabel);
    }
    return values;
  }

  // The words of each text line, with their boxes, from one block-mode pass.
  std::vector<Line> layout() {
    std::vector<Line> lines;
    if (api_->Recognize(nullptr) != 0) return lines;
    std::unique_ptr<tesseract::ResultIterator> it(api_->GetIterator());
    if (!it) return lines;
    do {
      if (it->Empty(tesseract::RIL_WORD)) continue;
      if (lines.empty() || it->IsAtBeginningOf(tesseract::RIL_TEXTLINE)) lines.emplace_back();
      Word w;
      w.text = takeText(it->GetUTF8Text(tesseract::RIL_WORD));
      it->BoundingBox(tesseract::RIL_WORD, &w.left, &w.top, &w.right, &w.bottom);
      lines.back().push_back(std::move(w));
    } while (it->Next(tesseract::RIL_WORD));
    return lines;
  }

  static std::string joinWords(const Line& line, size_t from) {
    std::string out;
    for (size_t w = from; w < line.size(); ++w) out += (out.empty() ? "" : " ") + line[w].text;
    return trimValue(out);
  }

  // Reads the value's box again as one line, whitelisted by its kind.
  std::string rereadValue(const Line& line, size_t from, Pix* page, Pix* cleaned) {
    std::string first = joinWords(line, from);
    // Start right after the label: the first character's box may be cut short.
    int left = line[from - 1].right + 2, top = line[from].top, right = line[from].right,
        bottom = line[from].bottom;
    for (size_t w = from; w < line.size(); ++w) {
      top = std::min(top, line[w].top);
      right = std::max(right, line[w].right);
      bottom = std::max(bottom, line[w].bottom);
    }
    top = std::max(0, top - kPad);
    right = std::min(static_cast<int>(pixGetWidth(page)), right + kPad);
    bottom = std::min(static_cast<int>(pixGetHeight(page)), bottom + kPad);
    if (right <= left || bottom <= top) return first;
    bool numeric = looksNumeric(first);
    api_->SetVariable("tessedit_char_whitelist", numeric ? kDigits : kLetters);
    api_->SetPageSegMode(tesseract::PSM_SINGLE_LINE);
    std::string again = readBox(page, left, top, right, bottom);
    if (!numeric) {
      api_->SetVariable("tessedit_char_whitelist", "");
      return again.empty() ? first : again;
    }
    again.erase(std::remove(again.begin(), again.end(), ' '), again.end());
    // Digits: three readings vote character by character (the first one with
    // look-alike letters mapped to digits, the whitelisted one off the scan
    // and the whitelisted one off the cleaned copy).
    std::string againCleaned = readBox(cleaned, left, top, right, bottom);
    againCleaned.erase(std::remove(againCleaned.begin(), againCleaned.end(), ' '), againCleaned.end());
    api_->SetVariable("tessedit_char_whitelist", "");
    api_->SetImage(page);
    return vote({again, againCleaned, asDigits(first)});
  }

  std::string readBox(Pix* image, int left, int top, int right, int bottom) {
    api_->SetImage(image);
    api_->SetRectangle(left, top, right - left, bottom - top);
    return trimValue(takeText(api_->GetUTF8Text()));
  }

  // The readings of the most common length (ties: the earlier reading's
  // length), then per position the most common character (ties: the earlier
  // reading's).
  static std::string vote(const std::vector<std::string>& readings) {
    size_t length = 0, lengthVotes = 0;
    for (const std::string& r : readings) {
      size_t n = static_cast<size_t>(std::count_if(
          readings.begin(), readings.end(), [&](const std::string& o) { return o.size() == r.size(); }));
      if (n > lengthVotes) {
        length = r.size();
        lengthVotes = n;
      }
    }
    std::string out;
    for (size_t i = 0; i < length; ++i) {
      char best = 0;
      size_t bestVotes = 0;
      for (const std::string& r : readings) {
        if (r.size() != length) continue;
        size_t n =
            static_cast<size_t>(std::count_if(readings.begin(), readings.end(), [&](const std::string& o) {
              return o.size() == length && o[i] == r[i];
            }));
        if (n > bestVotes) {
          best = r[i];
          bestVotes = n;
        }
      }
      out += best;
    }
    return out;
  }

  std::unique_ptr<tesseract::TessBaseAPI> api_;
  bool careful_;
  std::string folder_;
  int image_;
  std::vector<std::string> fields_;  // label keys of the PRODUCE columns
};

Result<std::unique_ptr<catalog::Processor>> makeOcr(const catalog::OperatorSetup& s) {
  int image = findColumn(*s.input, "image");
  if (const BoundArg* a = s.call->arg("image"); a && a->isColumn) image = a->column;
  if (image < 0)
    return Status::invalidArgument("Ocr needs an image column: give image: col, or name one 'image'");
  std::string engine = stringArg(s, "engine");
  if (engine != "tesseract" && engine != "alt")
    return Status::invalidArgument("Ocr has no engine '" + engine + "' (engines: tesseract, alt)");
  std::vector<std::string> fields;
  for (const ColumnInfo& c : *s.produce) {
    if (c.type != Type::String)
      return Status::invalidArgument("Ocr produces strings; column '" + c.name + "' is " + typeName(c.type));
    fields.push_back(labelKey(c.name));
  }
  setMsgSeverity(L_SEVERITY_NONE);  // a missing image is a row error, not leptonica chatter
  // Tesseract's OpenMP threads would only contend with our instances.
  ::setenv("OMP_THREAD_LIMIT", "1", 0);
  auto api = std::make_unique<tesseract::TessBaseAPI>();
  if (api->Init(nullptr, "eng", tesseract::OEM_LSTM_ONLY) != 0)
    return Status::unsupported("Ocr cannot load tesseract's English model (install tesseract-ocr-eng)");
  api->SetVariable("debug_file", "/dev/null");  // no "Warning: Invalid resolution" chatter
  api->SetVariable("user_defined_dpi", "300");
  std::string folder = pathArg(s, "folder");
  return std::unique_ptr<catalog::Processor>(
      new Ocr(std::move(api), engine == "alt", folder.empty() ? "." : folder, image, std::move(fields)));
}

}  // namespace

// Ocr reads a "LABEL: value" document image; each PRODUCE column is the value
// of the line labelled with its name. `image` defaults to the input column
// named "image"; `folder` (against the workflow's folder) holds relative paths.
void registerOcr(catalog::OperatorCatalog& catalog) {
  catalog.addProcessor(modelSignature("Ocr",
                                      {popper::columnArg("image", Type::String, false),
                                       literalArg("engine", Type::String, Literal{std::string("tesseract")}),
                                       literalArg("folder", Type::String, Literal{std::string(".")})},
                                      {}, /*openProduce=*/true),
                       pooled(makeOcr));
}

}  // namespace popper::models
