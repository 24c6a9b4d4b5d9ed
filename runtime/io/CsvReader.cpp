// The Csv extractor: RFC 4180 (quoted fields with doubled quotes, embedded
// delimiters and newlines, LF or CRLF line ends) parsed in place from 1 MB
// blocks. A record without quotes takes the fast path: an SSE2 scan for the
// next delimiter or line end (CsvScan.h); the first quote switches that record
// to the full state machine. Numbers are parsed straight from the buffer.
//
// Rules: blank lines are skipped. With `header`, fields map to declared
// columns by name (header columns not declared are ignored; a declared column missing from
// the header takes its default, and without a default the file is an error).
// Without a header, fields map by position; trailing columns with defaults may
// be absent. An empty field of a non-string column with a default takes the
// default. Everything else that does not fit is a row error with its line.
#include <cstring>

#include "runtime/io/BatchReader.h"
#include "runtime/io/BlockInput.h"
#include "runtime/io/CsvScan.h"
#include "runtime/io/FieldConversion.h"

namespace popper {

namespace {

struct Field {
  const char* begin;
  const char* end;
  bool quoted;
  bool escaped;  // holds doubled quotes to undo
};

enum class Scan { Complete, NeedMore, Malformed };

const char* trimCr(const char* begin, const char* end) {
  return end > begin && end[-1] == '\r' ? end - 1 : end;
}

class CsvReader : public BatchReader {
 public:
  CsvReader(ReaderOptions options, std::unique_ptr<BlockInput> in)
      : o_(std::move(options)), in_(std::move(in)) {
    const Schema& schema = *o_.schema;
    if (o_.materialize.empty()) o_.materialize.assign(schema.size(), true);
    if (!o_.header) {
      for (size_t c = 0; c < schema.size(); ++c) fieldToColumn_.push_back(static_cast<int>(c));
      maxFields_ = schema.size();
      minFields_ = schema.size();
      while (minFields_ > 0 && schema[minFields_ - 1].defaultValue) --minFields_;
      headerDone_ = true;
    }
  }

  Result<bool> next(Batch& out, std::vector<ReadError>& errors) override;
  uint64_t recordsRead() const override { return records_; }

 private:
  Scan tokenize(const char* p, const char* end, bool eof, const char*& next);
  Scan tokenizeQuoted(const char* p, const char* end, bool eof, const char*& next);
  Status takeHeader();
  void planFields(Batch& out);
  void convertRecord(uint64_t line, Batch& out, std::vector<ReadError>& errors);
  std::string_view fieldText(const Field& f) {
    if (!f.escaped) return std::string_view(f.begin, static_cast<size_t>(f.end - f.begin));
    return unescape(f);
  }
  std::string_view unescape(const Field& f);

  ReaderOptions o_;
  std::unique_ptr<BlockInput> in_;
  uint64_t line_ = 1;  // line of the byte at in_->begin()
  uint64_t records_ = 0;
  bool headerDone_ = false;
  std::vector<int> fieldToColumn_;  // -1: field not read
  // Per field, resolved for the batch being filled: where it goes and whether to parse it.
  struct FieldPlan {
    Column* column = nullptr;
    int declared = -1;
    bool parse = false;
  };
  std::vector<FieldPlan> plan_;
  std::vector<size_t> absentColumns_;  // header mode: declared columns the file lacks
  size_t minFields_ = 0, maxFields_ = 0;
  // Fields of the current record: fields_[0 .. nFields_), written member by
  // member (building a Field on the stack and copying it stalls on store forwarding).
  std::vector<Field> fields_ = std::vector<Field>(16);
  size_t nFields_ = 0;
  void addField(const char* begin, const char* end, bool quoted, bool escaped) {
    if (nFields_ == fields_.size()) fields_.resize(fields_.size() * 2);
    Field& f = fields_[nFields_++];
    f.begin = begin;
    f.end = end;
    f.quoted = quoted;
    f.escaped = escaped;
  }
  std::string reason_;
  std::string unescaped_;
  int newlines_ = -1;  // newlines in the last record; -1: count them (malformed records)
  // A record ran past BlockInput::kMaxRecord without a line break: it was
  // reported, and its bytes up to the next line break are skipped.
  bool skippingLine_ = false;
};

Scan CsvReader::tokenize(const char* p, const char* end, bool eof, const char*& next) {
  nFields_ = 0;
  const char delim = o_.delimiter;
  const char* f = p;
  const char* q = p;
  for (;;) {
    q = findStructural(q, end, delim);
    if (q == end) {
      if (!eof) return Scan::NeedMore;
      addField(f, trimCr(f, end), false, false);
      next = end;
      newlines_ = 0;
      return Scan::Complete;
    }
    if (*q == delim) {
      addField(f, q, false, false);
      f = ++q;
      continue;
    }
    if (*q == '\n') {
      addField(f, trimCr(f, q), false, false);
      next = q + 1;
      newlines_ = 1;
      return Scan::Complete;
    }
    nFields_ = 0;  // a quote: the record needs the full state machine
    return tokenizeQuoted(p, end, eof, next);
  }
}

// The general state machine, for lines with quotes.
Scan CsvReader::tokenizeQuoted(const char* p, const char* end, bool eof, const char*& next) {
  const char delim = o_.delimiter;
  const char* q = p;
  newlines_ = 0;
  for (;;) {
    if (q < end && *q == '"') {
      const char* start = ++q;
      bool escaped = false;
      for (;;) {
        const char* quote = static_cast<const char*>(std::memchr(q, '"', static_cast<size_t>(end - q)));
        if (!quote) {
          if (!eof) return Scan::NeedMore;
          reason_ = "unterminated quoted field";
          newlines_ = -1;
          const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
          next = nl ? nl + 1 : end;
          return Scan::Malformed;
        }
        if (quote + 1 == end && !eof) return Scan::NeedMore;
        if (quote + 1 < end && quote[1] == '"') {
          escaped = true;
          q = quote + 2;
          continue;
        }
        addField(start, quote, true, escaped);
        for (const char* c = start; c < quote; ++c) newlines_ += *c == '\n';
        q = quote + 1;
        break;
      }
      if (q == end) {
        next = end;
        return Scan::Complete;
      }
      if (*q == delim) {
        ++q;
        continue;
      }
      if (*q == '\n') {
        next = q + 1;
        ++newlines_;
        return Scan::Complete;
      }
      if (*q == '\r') {
        if (q + 1 == end) {
          if (!eof) return Scan::NeedMore;
          next = end;
          return Scan::Complete;
        }
        if (q[1] == '\n') {
          next = q + 2;
          ++newlines_;
          return Scan::Complete;
        }
      }
      reason_ = "unexpected character after closing quote";
      newlines_ = -1;
      const char* nl = static_cast<const char*>(std::memchr(q, '\n', static_cast<size_t>(end - q)));
      if (!nl && !eof) return Scan::NeedMore;
      next = nl ? nl + 1 : end;
      return Scan::Malformed;
    }
    // Unquoted field; a quote inside it is kept as a literal character.
    const char* start = q;
    while (q < end && *q != delim && *q != '\n') ++q;
    if (q == end && !eof) return Scan::NeedMore;
    const char* fieldEnd = q;
    if ((q == end || *q == '\n') && fieldEnd > start && fieldEnd[-1] == '\r') --fieldEnd;
    addField(start, fieldEnd, false, false);
    if (q == end) {
      next = end;
      return Scan::Complete;
    }
    if (*q == delim) {
      ++q;
      continue;
    }
    next = q + 1;
    ++newlines_;
    return Scan::Complete;
  }
}

std::string_view CsvReader::unescape(const Field& f) {
  std::string_view raw(f.begin, static_cast<size_t>(f.end - f.begin));
  unescaped_.clear();
  for (size_t i = 0; i < raw.size(); ++i) {
    unescaped_.push_back(raw[i]);
    if (raw[i] == '"' && i + 1 < raw.size() && raw[i + 1] == '"') ++i;
  }
  return unescaped_;
}

Status CsvReader::takeHeader() {
  const Schema& schema = *o_.schema;
  std::vector<bool> seen(schema.size(), false);
  for (size_t i = 0; i < nFields_; ++i) {
    const Field& f = fields_[i];
    int c = findColumn(schema, std::string(fieldText(f)));
    if (c >= 0 && seen[c]) c = -1;  // a repeated header name: the first one wins
    if (c >= 0) seen[c] = true;
    fieldToColumn_.push_back(c);
  }
  for (size_t c = 0; c < schema.size(); ++c) {
    if (seen[c]) continue;
    if (!schema[c].defaultValue)
      return Status::invalidArgument("column '" + schema[c].name + "' is not in the header of '" + o_.path +
                                     "' and has no default");
    absentColumns_.push_back(c);
  }
  minFields_ = maxFields_ = nFields_;
  headerDone_ = true;
  return Status::ok();
}

void CsvReader::planFields(Batch& out) {
  plan_.assign(fieldToColumn_.size(), FieldPlan{});
  for (size_t i = 0; i < fieldToColumn_.size(); ++i) {
    int c = fieldToColumn_[i];
    if (c < 0) continue;
    plan_[i].column = &out.columns[c];
    plan_[i].declared = c;
    plan_[i].parse = o_.materialize[c];
  }
}

void CsvReader::convertRecord(uint64_t line, Batch& out, std::vector<ReadError>& errors) {
  const Schema& schema = *o_.schema;
  size_t n = nFields_;
  if (n < minFields_ || n > maxFields_) {
    std::string expected = minFields_ == maxFields_
                               ? std::to_string(maxFields_)
                               : std::to_string(minFields_) + " to " + std::to_string(maxFields_);
    errors.push_back({line, "expected " + expected + " fields, found " + std::to_string(n)});
    return;
  }
  size_t row = out.size();
  StringArena& arena = out.arena();
  for (size_t i = 0; i < n; ++i) {
    const FieldPlan& plan = plan_[i];
    if (!plan.column) continue;
    if (!plan.parse) {
      plan.column->appendZero();
      continue;
    }
    std::string_view text = fieldText(fields_[i]);
    if (appendParsedField(*plan.column, text, arena)) [[likely]]
      continue;
    const ColumnInfo& info = schema[plan.declared];
    if (text.empty() && info.defaultValue) {
      appendDefault(*plan.column, info, arena);
      continue;
    }
    truncateColumns(out, row);
    errors.push_back({line, badFieldReason(text, info)});
    return;
  }
  if (o_.header) {
    for (size_t c : absentColumns_) appendDefault(out.columns[c], schema[c], arena);
  } else {
    for (size_t c = n; c < schema.size(); ++c) appendDefault(out.columns[c], schema[c], arena);
  }
  out.addRowMeta(RowId::make(line, o_.sourceId), kInsert);
}

Result<bool> CsvReader::next(Batch& out, std::vector<ReadError>& errors) {
  resetBatch(out, o_.schema, o_.withLineage, o_.batchRows);
  if (headerDone_) planFields(out);
  size_t errorsAtStart = errors.size();
  while (out.size() < o_.batchRows && errors.size() - errorsAtStart < o_.batchRows) {
    const char* p = in_->begin();
    const char* end = in_->end();
    if (p == end) {
      if (in_->eof()) break;
      Result<bool> more = in_->refill();
      if (!more) return more.status();
      continue;
    }
    if (skippingLine_) {
      const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
      in_->consume(nl ? nl + 1 : end);
      if (nl) {
        skippingLine_ = false;
        ++line_;
      }
      continue;
    }
    const char* next = nullptr;
    Scan scan = tokenize(p, end, in_->eof(), next);
    if (scan == Scan::NeedMore) {
      if (static_cast<size_t>(end - p) >= BlockInput::kMaxRecord) {
        scan = Scan::Malformed;
        if (const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)))) {
          // A runaway quote: report it and resume on the record's second line.
          newlines_ = 1;
          reason_ = "unterminated quoted field (record longer than 64 MB)";
          next = nl + 1;
        } else {
          // 64 MB without a line break: report it and skip to the next one.
          newlines_ = 0;
          reason_ = "record longer than 64 MB without a line break";
          next = end;
          skippingLine_ = true;
        }
      } else {
        Result<bool> more = in_->refill();
        if (!more) return more.status();
        continue;
      }
    }
    uint64_t startLine = line_;
    if (newlines_ >= 0)
      line_ += static_cast<uint64_t>(newlines_);
    else
      for (const char* c = p; c < next; ++c) line_ += *c == '\n';
    in_->consume(next);
    if (scan == Scan::Malformed) {
      ++records_;
      errors.push_back({startLine, reason_});
      continue;
    }
    bool blank = nFields_ == 1 && !fields_[0].quoted && fields_[0].begin == fields_[0].end;
    if (blank) continue;
    if (!headerDone_) {
      if (Status s = takeHeader(); !s) return s;
      planFields(out);
      continue;
    }
    ++records_;
    convertRecord(startLine, out, errors);
  }
  return !(out.empty() && in_->eof() && in_->begin() == in_->end());
}

}  // namespace

Result<std::unique_ptr<BatchReader>> openCsvReader(const ReaderOptions& options) {
  auto in = BlockInput::open(options.path);
  if (!in) return in.status();
  return std::unique_ptr<BatchReader>(std::make_unique<CsvReader>(options, std::move(in.value())));
}

}  // namespace popper
