// Errors that cross subsystem boundaries and decide warpsim's exit code (DESIGN.md §5).
// Header-only so that every library (isa, sim, models) can throw them without a link dependency.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>

namespace warpsim {

enum class ExitCode : int {
  ok = 0,
  check_failed = 1,  // a workload's functional check (manifest `expect`) failed
  bad_input = 2,     // file, config, CLI, trace, PTX, assembly
  internal = 3,
  deadlock = 4,
  regression = 5,
  stale_baseline = 6,
};

// Bad input: always rendered "path:line: problem" (line omitted when unknown, 0).
class InputError : public std::runtime_error {
 public:
  InputError(std::string path, int line, const std::string& problem)
      : std::runtime_error(format(path, line, problem)),
        path_(std::move(path)),
        line_(line),
        problem_(problem) {}
  const std::string& path() const { return path_; }
  int line() const { return line_; }
  const std::string& problem() const { return problem_; }

 private:
  static std::string format(const std::string& path, int line, const std::string& problem) {
    if (path.empty()) return problem;
    if (line <= 0) return path + ": " + problem;
    return path + ":" + std::to_string(line) + ": " + problem;
  }
  std::string path_;
  int line_;
  std::string problem_;
};

// A workload's expected output did not match.
class CheckFailed : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// No instruction retired anywhere for the watchdog interval; the message names the stuck warps.
class DeadlockError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace warpsim
