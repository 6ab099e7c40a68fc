// The fixture of the end-to-end tests: runs the real `warpsim` binary in a scratch folder per
// test and reads the SQLite file it writes.
#pragma once

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace warpsim_e2e {

namespace fs = std::filesystem;

inline std::string source_dir() {
  const char* env = std::getenv("WARPSIM_SOURCE_DIR");
  return env != nullptr ? env : WARPSIM_SOURCE_DIR;
}

struct Result {
  int code = -1;
  std::string out, err;
};

inline std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class Cli : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() / (std::string("warpsim_e2e_") + info->name() + "_" +
                                        std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Runs warpsim with `args` (a shell-quoted string) in the scratch folder.
  Result warpsim(const std::string& args) { return run(WARPSIM_BINARY, args); }
  // The same with another warpsim binary (an installed one).
  Result run(const std::string& binary, const std::string& args) {
    const fs::path out = dir_ / "stdout", err = dir_ / "stderr";
    const std::string cmd = "cd '" + dir_.string() + "' && '" + binary + "' " + args + " >'" +
                            out.string() + "' 2>'" + err.string() + "'";
    const int status = std::system(cmd.c_str());
    Result r;
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = slurp(out);
    r.err = slurp(err);
    return r;
  }
  std::string workload(const std::string& name) const { return source_dir() + "/workloads/" + name; }
  std::string fixture(const std::string& name) const { return source_dir() + "/tests/e2e/fixtures/" + name; }
  std::string db() const { return (dir_ / "warpsim.db").string(); }
  // Writes `text` to a scratch file and returns its path.
  std::string write(const std::string& name, const std::string& text) {
    const fs::path p = dir_ / name;
    std::ofstream(p) << text;
    return p.string();
  }

  // Rows of a query against the run database, each row's columns joined with '|'.
  std::vector<std::string> query(const std::string& sql) const {
    sqlite3* h = nullptr;
    std::vector<std::string> rows;
    if (sqlite3_open_v2(db().c_str(), &h, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
      sqlite3_close(h);
      ADD_FAILURE() << "cannot open " << db();
      return rows;
    }
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(h, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
      ADD_FAILURE() << sqlite3_errmsg(h) << " in " << sql;
    } else {
      while (sqlite3_step(st) == SQLITE_ROW) {
        std::string row;
        for (int i = 0; i < sqlite3_column_count(st); ++i) {
          const unsigned char* t = sqlite3_column_text(st, i);
          row += (i ? "|" : "") + std::string(t != nullptr ? reinterpret_cast<const char*>(t) : "NULL");
        }
        rows.push_back(row);
      }
    }
    sqlite3_finalize(st);
    sqlite3_close(h);
    return rows;
  }
  std::string one(const std::string& sql) const {
    auto rows = query(sql);
    return rows.empty() ? "<none>" : rows[0];
  }

  fs::path dir_;
};

// The count a query returns on a database another process may still be creating: 0 while the
// file or its tables do not exist yet (never a test failure).
inline int count_while_written(const std::string& db, const std::string& sql) {
  sqlite3* h = nullptr;
  int n = 0;
  if (fs::exists(db) && sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(h, sql.c_str(), -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
      n = sqlite3_column_int(st, 0);
    }
    sqlite3_finalize(st);
  }
  sqlite3_close(h);
  return n;
}

// Exit 2 and one line on stderr that contains `where` (a `path:line: problem` prefix).
inline void expect_bad_input(const Result& r, const std::string& where) {
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_NE(r.err.find(where), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "one line: " << r.err;
}

}  // namespace warpsim_e2e
