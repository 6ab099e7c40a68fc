// Writes runs to the SQLite database of DESIGN.md §7 (tables runs, kernels, counters, samples).
//
// Crash consistency, the contract `compare`/`regress` rely on:
// - begin_run() inserts the run row with status 'interrupted' and commits at once, so a run that
//   is killed (or whose process dies) stays visible as 'interrupted'.
// - Kernel and counter rows are only buffered in memory; finish_run() writes all of them plus the
//   final update of the run row in ONE transaction. A run therefore has either all its kernels and
//   counters and its final status, or none of them and status 'interrupted'.
// - Samples (opt-in time series) are the one exception: to bound memory, once more than
//   RecorderOptions::sample_batch_rows are buffered they are written in their own complete
//   transaction. An 'interrupted' run may thus have some samples (each batch whole); the rest
//   are written by finish_run's transaction.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sim/stats/rows.h"
#include "sim/stats/sqlite_handle.h"

namespace warpsim::stats {

// Bumped when the schema changes; stored in table `meta` (key 'schema_version').
constexpr int kSchemaVersion = 1;

// The current time as ISO-8601 UTC, e.g. "2024-05-01T12:34:56Z" (for RunInfo::started_at).
std::string now_iso8601();

// True for the statuses DESIGN.md §7 allows: ok | check_failed | error | deadlock | max_cycles |
// interrupted.
bool is_valid_run_status(const std::string& status);

struct RecorderOptions {
  // How long a write waits for other writers (a parallel sweep, several `warpsim run`s on one
  // file) before it gives up: SQLite's busy handler, then whole-operation retries until then.
  int busy_timeout_ms = 120000;
  size_t sample_batch_rows = 65536;  // buffered samples beyond this are flushed early
};

class Recorder {
 public:
  // Opens (creating if needed) the database, switches it to WAL, and creates or checks the
  // schema. Throws InputError(path, 0, "cannot open database: ...") if the file cannot be opened
  // or written, is not a database, or has tables whose columns differ from the schema.
  explicit Recorder(const std::string& path, RecorderOptions options = {});
  Recorder(Recorder&&) = default;
  Recorder& operator=(Recorder&&) = default;
  Recorder(const Recorder&) = delete;
  Recorder& operator=(const Recorder&) = delete;
  // Buffered rows of unfinished runs are dropped: those runs stay 'interrupted'.
  ~Recorder() = default;

  const std::string& path() const { return path_; }

  // Inserts the run row (status 'interrupted', result columns NULL), commits, returns run_id.
  int64_t begin_run(const RunInfo& info);

  // Buffer rows for a run begun by this recorder (std::invalid_argument otherwise).
  void add_kernel(int64_t run, const KernelRow& kernel);
  void add_counters(int64_t run, const std::vector<CounterRow>& rows);
  void add_samples(int64_t run, const std::vector<SampleRow>& rows);
  void add_samples(int64_t run, std::vector<SampleRow>&& rows);

  // Writes everything buffered for `run` and sets its status and results, in one transaction.
  // std::invalid_argument for an unknown run or a status not in is_valid_run_status();
  // SqliteError if the write fails, in which case nothing of it is stored and the buffered rows
  // are kept (the run row stays 'interrupted').
  void finish_run(int64_t run, const std::string& status, double wall_seconds, uint64_t cycles,
                  uint64_t warp_insts, uint64_t thread_insts);

  // A RUN argument (DESIGN.md §5): all digits = run id (if that run exists), else the latest
  // (highest run_id) run with that name.
  std::optional<int64_t> find_run(const std::string& id_or_name) const;

  // The underlying connection, for readers (compare, report) that query it directly.
  const SqliteDb& db() const { return db_; }

 private:
  struct Pending {
    std::vector<KernelRow> kernels;
    std::vector<CounterRow> counters;
    std::vector<SampleRow> samples;
  };

  std::string path_;
  RecorderOptions options_;
  SqliteDb db_;
  std::map<int64_t, Pending> pending_;  // runs begun and not yet finished

  Pending& pending(int64_t run);
  // Runs `op` (one whole transaction or statement) again while SQLite answers busy or locked,
  // for up to busy_timeout_ms: SQLite returns SQLITE_BUSY without calling the busy handler in
  // some cases (a new file being switched to WAL by another process, WAL recovery), so the busy
  // timeout alone would lose a run.
  template <typename Op>
  auto retry_while_busy(Op op) -> decltype(op());
  void create_or_check_schema();
  void write_samples(int64_t run, const std::vector<SampleRow>& rows);
  void write_finished_run(int64_t run, const Pending& p, const std::string& status, double wall_seconds,
                          uint64_t cycles, uint64_t warp_insts, uint64_t thread_insts);
  void flush_samples_if_large(int64_t run, Pending& p);
};

}  // namespace warpsim::stats
