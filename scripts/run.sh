#!/usr/bin/env bash
# Builds the Release warpsim (installing missing Debian packages first) and runs the default
# workload on the default preset, printing the run summary. The run is stored in ./warpsim.db
# (the repository root: the script works from there, so relative paths in arguments are relative
# to the repository root too).
#
#   scripts/run.sh [WARPSIM_RUN_OPTION...]     e.g. scripts/run.sh -c tiny --json
set -euo pipefail
cd "$(dirname "$0")/.."

# Build messages go to stderr so that stdout is only warpsim's (`scripts/run.sh --json | jq` works).
# Only the warpsim target: tests are test.sh's business.
scripts/build.sh release warpsim >&2
exec build/release/sim/cli/warpsim run workloads/saxpy "$@"
