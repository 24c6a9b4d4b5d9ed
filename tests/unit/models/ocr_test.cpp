// Ocr on tesseract over the shipped identity-card scans
// (workflows/data/cards, rendered by make_cards.py from records.csv, the
// ground truth): fields are found by their labels even when a label is
// misread, the careful "alt" engine reads more dates right than the light one
// and fixes mistakes the light one makes, two instances read the same as one,
// and a missing image or an unknown engine is a clear error.
#include <doctest/doctest.h>

#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "model_test_support.h"

using namespace popper;
using namespace popper::models::test;

namespace {

const std::string kCards = std::string(POPPER_SOURCE_DIR) + "/workflows/data/cards";

struct Card {
  std::string id, name, dob, issued, expires;
};

// records.csv has no quoted fields.
std::vector<Card> groundTruth() {
  std::ifstream in(kCards + "/records.csv");
  std::string line;
  std::getline(in, line);
  std::vector<Card> cards;
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::stringstream fields(line);
    std::string cell;
    while (std::getline(fields, cell, ',')) f.push_back(cell);
    std::string upper = f[2];
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    cards.push_back({f[0], upper, f[3], f[4], f[5]});
  }
  return cards;
}

ModelHarness ocr(const std::string& engine, int64_t instances = 1, const std::string& folder = kCards) {
  ModelHarness h(
      "Ocr", {"image"}, -1,
      {{"engine", Literal{engine}}, {"folder", Literal{folder}}, {"instances", Literal{instances}}},
      {{"name", Type::String}, {"dob", Type::String}, {"issued", Type::String}, {"expires", Type::String}});
  h.bindColumn("image", 0);
  return h;
}

std::vector<std::vector<std::string>> scans(const std::vector<Card>& cards) {
  std::vector<std::vector<std::string>> rows;
  for (const Card& c : cards) {
    std::string file = c.id;
    for (char& ch : file) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    rows.push_back({"scans/" + file + ".png"});
  }
  return rows;
}

// What the identity_cards workflow's handler rejects: a malformed date or
// dates out of order.
bool implausible(const std::vector<std::string>& row) {
  static const std::regex date("^[0-9]{4}-[0-9]{2}-[0-9]{2}$");
  for (int i = 1; i <= 3; ++i)
    if (!std::regex_match(row[i], date)) return true;
  return row[1] > row[2] || row[2] > row[3];
}

struct Score {
  int dates = 0, names = 0, implausible = 0;
};

Score score(const ModelRun& run, const std::vector<Card>& cards) {
  Score s;
  for (size_t i = 0; i < cards.size(); ++i) {
    const auto& r = run.rows[i];
    s.dates += (r[1] == cards[i].dob) + (r[2] == cards[i].issued) + (r[3] == cards[i].expires);
    s.names += r[0] == cards[i].name;
    s.implausible += implausible(r);
  }
  return s;
}

}  // namespace

TEST_CASE("Ocr light and alt engines read the shipped cards; alt fixes light's date mistakes") {
  std::vector<Card> cards = groundTruth();
  REQUIRE(cards.size() == 16);
  auto rows = scans(cards);
  ModelHarness light = ocr("tesseract"), alt = ocr("alt");
  auto lightOp = light.make(), altOp = alt.make();
  REQUIRE(lightOp.isOk());
  REQUIRE(altOp.isOk());
  ModelRun l = light.run(**lightOp, rows), a = alt.run(**altOp, rows);
  REQUIRE(l.errors.empty());
  REQUIRE(a.errors.empty());
  REQUIRE(l.rows.size() == cards.size());
  REQUIRE(a.rows.size() == cards.size());

  // A clean scan is read right by both engines.
  CHECK(l.rows[7] == std::vector<std::string>{"LOUIS MARTIN", "1950-01-20", "2015-05-15", "2025-05-14"});
  CHECK(a.rows[7] == l.rows[7]);
  // On another clean one the light engine takes the font's 8 for a 6; alt does not.
  CHECK(l.rows[0][1] == "1966-03-14");
  CHECK(a.rows[0][1] == "1988-03-14");

  Score ls = score(l, cards), as = score(a, cards);
  MESSAGE("dates right of 48: light " << ls.dates << ", alt " << as.dates << "; names right of 16: light "
                                      << ls.names << ", alt " << as.names << "; implausible cards: light "
                                      << ls.implausible << ", alt " << as.implausible);
  CHECK(as.dates > ls.dates);
  CHECK(as.implausible < ls.implausible);
  // Among the cards the handler would send to alt, alt gets dates right that light got wrong.
  int fixed = 0;
  for (size_t i = 0; i < cards.size(); ++i)
    if (implausible(l.rows[i]))
      for (int f = 1; f <= 3; ++f) {
        const std::string& truth = f == 1 ? cards[i].dob : f == 2 ? cards[i].issued : cards[i].expires;
        fixed += l.rows[i][f] != truth && a.rows[i][f] == truth;
      }
  CHECK(fixed >= 3);
}

TEST_CASE("Ocr reads the same with two instances as with one") {
  auto rows = scans(groundTruth());
  rows.resize(6);
  ModelHarness one = ocr("tesseract", 1), two = ocr("tesseract", 2);
  auto p1 = one.make(), p2 = two.make();
  REQUIRE(p1.isOk());
  REQUIRE(p2.isOk());
  CHECK(two.run(**p2, rows).rows == one.run(**p1, rows).rows);
}

TEST_CASE("Ocr rejects a row whose image is missing and names unknown engines") {
  ModelHarness h = ocr("tesseract", 1, "/nonexistent");
  auto op = h.make();
  REQUIRE(op.isOk());
  ModelRun run = h.run(**op, {{"card.png"}});
  REQUIRE(run.errors.size() == 1);
  CHECK(run.errors[0].message == "Ocr cannot read image '/nonexistent/card.png'");

  auto bad = ocr("cuneiform").make();
  REQUIRE_FALSE(bad.isOk());
  CHECK(bad.status().message() == "Ocr has no engine 'cuneiform' (engines: tesseract, alt)");
}
