// The `warpsim` command line (DESIGN.md §5). Every failure becomes one line on stderr and the
// documented exit code: 1 check failed, 2 bad input, 3 internal error, 4 deadlock.
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include <systemc>  // declares sc_main with the linkage the library expects

#include "sim/cli/commands.h"
#include "sim/error.h"

namespace {
// SystemC's main() prints a copyright banner to stdout before it calls sc_main (it would corrupt
// --json output) unless this variable is set; static initialisation runs before that main().
const bool kBannerDisabled [[maybe_unused]] = setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 1) == 0;
}  // namespace

int sc_main(int argc, char* argv[]) {
  const auto process_start = std::chrono::steady_clock::now();
  using warpsim::ExitCode;
  try {
    return warpsim::cli::main(argc, argv, process_start);
  } catch (const warpsim::InputError& e) {
    std::cerr << "warpsim: error: " << e.what() << "\n";
    return int(ExitCode::bad_input);
  } catch (const warpsim::CheckFailed& e) {
    std::cerr << "warpsim: check failed: " << e.what() << "\n";
    return int(ExitCode::check_failed);
  } catch (const warpsim::DeadlockError& e) {
    std::cerr << "warpsim: " << e.what() << "\n";
    return int(ExitCode::deadlock);
  } catch (const std::exception& e) {
    std::cerr << "warpsim: internal error: " << e.what() << "\n";
    return int(ExitCode::internal);
  }
}
