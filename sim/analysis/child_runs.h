// Runs `warpsim run` commands as child processes, up to N at a time. SystemC elaborates one
// simulation per process, so every tool that needs several runs (regress, sweep) starts one
// process per run; that is also what makes them parallel.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace warpsim::analysis {

struct ChildResult {
  int exit_code = -1;  // -1: killed by a signal or could not start
  std::string out, err;
};

// The first line of `text`.
std::string first_line(const std::string& text);
// A child's one-line error: the first line of its stderr, without warpsim's "warpsim: error: ".
std::string child_error(const ChildResult& r);

// The running warpsim binary (children run the same build as their parent).
std::string self_executable();

// Runs each argument vector (argv[0] excluded) with `executable` (a path, or a name looked up in
// PATH), at most `jobs` at once, and
// returns the results in the order given. `on_done(i, result)` is called as each finishes.
std::vector<ChildResult> run_children(const std::string& executable, const std::vector<std::vector<std::string>>& args,
                                      unsigned jobs, const std::function<void(size_t, const ChildResult&)>& on_done = {});

}  // namespace warpsim::analysis
