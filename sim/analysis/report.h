// `warpsim report`: one self-contained HTML file (the plotting library embedded, no network) with
// the runs of a database: per-kernel cycles and IPC across runs, where the cycles go (stall
// categories, stacked), cache hit rates, DRAM bandwidth over time (from `samples`), and each
// sweep's parameter-vs-cycles charts with the Pareto front; with hardware measurements, one
// simulated-vs-measured scatter plot per metric.
#pragma once

#include <string>
#include <vector>

namespace warpsim::analysis {

struct ReportOptions {
  std::string db;
  std::string output = "report.html";
  std::vector<std::string> runs;  // RUN arguments; empty: every finished run
  std::string hw_csv;             // optional: hardware measurements (correlate.h), drawn as scatter plots
  std::string map;
  double hw_clock_mhz = 0;
};

// Returns the number of charts in the page. InputError for a bad database or RUN.
size_t write_report(const ReportOptions& options);

}  // namespace warpsim::analysis
