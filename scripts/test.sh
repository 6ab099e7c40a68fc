#!/usr/bin/env bash
# Builds everything with the Release preset (installing missing Debian packages first) and runs the
# whole test suite -- unit and end-to-end -- through CTest, in parallel.
#
#   scripts/test.sh [CTEST_OPTION...]     e.g. scripts/test.sh -L unit,  scripts/test.sh -R Cache
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/build.sh release
# One CTest job per core: every test that runs a simulation is its own process (SystemC cannot
# elaborate twice in one process), so the suite parallelises well.
exec ctest --preset release -j"$(nproc)" --output-on-failure "$@"
