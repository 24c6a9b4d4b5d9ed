// The models benchmark's baseline: the multilingual workflow's three models
// called directly in a C++ loop, with the same libraries and settings as
// Popper's operators and no framework: libexttextcat restricted to en,es
// (minimum document size 3), Apertium spa-eng through the same null-flush
// pipeline (one request per line, a batch of lines in flight at a time, a
// writer thread feeding it while the loop reads), and the build's fastText
// sentiment model over the same normalized text. Reads the input lines,
// writes "line,sentiment,confidence" per line (Spanish lines translated
// first) to OUT and prints the wall time.
//
// Usage: models_direct INPUT OUT SENTIMENT_MODEL
// Build: tests/bench/models_bench.sh compiles it (g++ -O2, same libraries).
#include <fasttext/fasttext.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <textcat.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

constexpr size_t kBatch = 2048;  // Popper's batch size (runtime/data/Batch.h)

// Same normalization as Sentiment (runtime/models/Classify.cpp).
std::string normalizeForSentiment(const std::string& text) {
  std::string out;
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

// RFC 4180 quoting, as Popper's Csv outputter writes it.
std::string csvField(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

void* loadTextcat() {
  std::ifstream all("/usr/share/libexttextcat/fpdb.conf");
  std::string line, kept;
  while (std::getline(all, line))
    if (line.find("en--utf8") != std::string::npos || line.find("es--utf8") != std::string::npos) {
      std::istringstream fields(line);
      std::string file, name;
      fields >> file >> name;
      if (name == "en--utf8" || name == "es--utf8") kept += line + "\n";
    }
  char path[] = "/tmp/models-direct-XXXXXX";
  int fd = ::mkstemp(path);
  ::close(fd);
  std::ofstream(path) << kept;
  void* handle = special_textcat_Init(path, "/usr/share/libexttextcat/");
  std::remove(path);
  if (!handle) throw std::runtime_error("cannot load exttextcat");
  textcat_SetProperty(handle, TCPROP_MINIMUM_DOCUMENT_SIZE, 3);
  return handle;
}

std::string lang(void* handle, candidate_t* candidates, const std::string& text) {
  int n = textcat_ClassifyFull(handle, text.data(), text.size(), candidates);
  if (n <= 0) return "und";
  std::string name = candidates[0].name;
  return name.substr(0, name.find('-'));
}

// The spa-eng null-flush pipeline, as Translate runs it.
class Apertium {
 public:
  Apertium() {
    FILE* mode = ::popen("apertium-wblank-mode -z /usr/share/apertium/modes/spa-eng.mode", "r");
    char buf[8192];
    std::string pipeline;
    while (std::fgets(buf, sizeof buf, mode)) pipeline += buf;
    ::pclose(mode);
    while (!pipeline.empty() && pipeline.back() == '\n') pipeline.pop_back();
    int in[2], out[2];
    if (::pipe(in) != 0 || ::pipe(out) != 0) throw std::runtime_error("pipe");
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(in[0], 0);
      ::dup2(out[1], 1);
      ::close(in[1]);
      ::close(out[0]);
      ::execlp("bash", "bash", "-c", pipeline.c_str(), "apertium-spa-eng", "-n", "", nullptr);
      ::_exit(127);
    }
    ::close(in[0]);
    ::close(out[1]);
    to_ = in[1];
    from_ = out[0];
  }
  ~Apertium() {
    ::close(to_);
    ::close(from_);
    ::kill(pid_, SIGTERM);
    ::waitpid(pid_, nullptr, 0);
  }

  std::vector<std::string> translate(const std::vector<std::string>& texts) {
    std::string request;
    for (const std::string& t : texts) {
      for (char c : t) {
        if (std::strchr("\\^$[]{}/@<>", c)) request += '\\';
        request += c == '\0' ? ' ' : c;
      }
      request += "\n";
      request += '\0';
    }
    std::thread writer([&] {
      size_t done = 0;
      while (done < request.size()) {
        ssize_t n = ::write(to_, request.data() + done, request.size() - done);
        if (n <= 0) return;
        done += static_cast<size_t>(n);
      }
    });
    std::vector<std::string> replies;
    char buf[65536];
    while (replies.size() < texts.size()) {
      size_t nul;
      while (replies.size() < texts.size() && (nul = pending_.find('\0')) != std::string::npos) {
        std::string reply = pending_.substr(0, nul);
        pending_.erase(0, nul + 1);
        if (!reply.empty() && reply.back() == '\n') reply.pop_back();
        std::string plain;
        for (size_t i = 0; i < reply.size(); ++i) {
          if (reply[i] == '\\' && i + 1 < reply.size()) ++i;
          plain += reply[i];
        }
        replies.push_back(std::move(plain));
      }
      if (replies.size() == texts.size()) break;
      ssize_t n = ::read(from_, buf, sizeof buf);
      if (n <= 0) throw std::runtime_error("apertium stopped");
      pending_.append(buf, static_cast<size_t>(n));
    }
    writer.join();
    return replies;
  }

 private:
  pid_t pid_ = -1;
  int to_ = -1, from_ = -1;
  std::string pending_;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: models_direct INPUT OUT SENTIMENT_MODEL\n";
    return 2;
  }
  auto start = std::chrono::steady_clock::now();
  void* textcat = loadTextcat();
  candidate_t* candidates = textcat_GetClassifyFullOutput(textcat);
  Apertium apertium;
  fasttext::FastText sentiment;
  sentiment.loadModel(argv[3]);

  std::ifstream input(argv[1]);
  std::ofstream out(argv[2]);
  out << "line,sentiment,confidence\n";
  std::vector<std::string> batch;
  std::string line;
  std::vector<std::pair<fasttext::real, std::string>> predictions;
  auto flush = [&] {
    std::vector<std::string> english, spanish;
    for (const std::string& l : batch)
      (lang(textcat, candidates, l) == "en" ? english : spanish).push_back(l);
    std::vector<std::string> translated = spanish.empty() ? spanish : apertium.translate(spanish);
    english.insert(english.end(), translated.begin(), translated.end());
    for (const std::string& l : english) {
      std::istringstream stream(normalizeForSentiment(l) + "\n");
      predictions.clear();
      sentiment.predictLine(stream, predictions, 1, 0.0);
      std::string label = predictions.empty() ? "" : predictions[0].second.substr(9);
      out << csvField(l) << ',' << label << ',' << (predictions.empty() ? 0.0 : predictions[0].first) << '\n';
    }
    batch.clear();
  };
  while (std::getline(input, line)) {
    batch.push_back(line);
    if (batch.size() == kBatch) flush();
  }
  flush();
  textcat_ReleaseClassifyFullOutput(textcat, candidates);
  textcat_Done(textcat);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("direct: %.3f s\n", seconds);
  return 0;
}
