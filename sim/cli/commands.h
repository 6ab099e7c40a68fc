// Subcommands of the warpsim CLI.
#pragma once

#include <chrono>

namespace warpsim::cli {

// Parses argv with CLI11 and runs the subcommand; returns the exit code. Bad input throws
// InputError (the caller maps exceptions to exit codes).
int main(int argc, char* argv[], std::chrono::steady_clock::time_point process_start);

}  // namespace warpsim::cli
