// A thin RAII layer over the SQLite C API for the run store: a connection
// and prepared statements whose errors come back as Status values naming the
// database file.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/Status.h"

namespace popper::store {

class Statement;

class Database {
 public:
  Database() = default;
  ~Database();
  Database(Database&& other) noexcept;
  Database& operator=(Database&& other) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Opens (or, with `create`, creates) the database file at `path`.
  static Result<Database> open(const std::string& path, bool create);

  // Runs one or more statements that return no rows.
  Status exec(const std::string& sql);
  Result<Statement> prepare(const std::string& sql);
  // The first column of the first row of `sql` as an integer.
  Result<int64_t> queryInt(const std::string& sql);
  int changes() const { return sqlite3_changes(db_); }

  // An error Status naming the database file, with SQLite's message.
  Status error(std::string_view what) const;
  const std::string& path() const { return path_; }
  sqlite3* handle() const { return db_; }

 private:
  sqlite3* db_ = nullptr;
  std::string path_;
};

class Statement {
 public:
  Statement(const Database* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(Statement&& other) noexcept : db_(other.db_), stmt_(other.stmt_) { other.stmt_ = nullptr; }
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Parameters are numbered from 1.
  Statement& bind(int i, std::string_view text);
  Statement& bind(int i, int64_t value);
  Statement& bind(int i, std::optional<double> value);
  Statement& bindBlob(int i, std::string_view bytes);
  Statement& bindNull(int i);

  // True when a row is ready, false when done; an error otherwise.
  Result<bool> step();
  // step() for a statement that returns no rows.
  Status run();
  void reset();

  bool isNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  std::string text(int col) const;
  std::string_view blob(int col) const;
  int64_t integer(int col) const { return sqlite3_column_int64(stmt_, col); }
  std::optional<double> real(int col) const;

 private:
  const Database* db_;
  sqlite3_stmt* stmt_;
};

// A transaction that rolls back unless committed (BEGIN IMMEDIATE: a writer
// takes the lock up front and waits for another under the busy timeout).
class Transaction {
 public:
  explicit Transaction(Database& db) : db_(db) {}
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  Status begin();
  Status commit();

 private:
  Database& db_;
  bool open_ = false;
};

}  // namespace popper::store
