#!/usr/bin/env bash
# Regenerates docs/isa.md from the opcode table (isa/opcode_table.cpp) by running the ISA doc
# test in update mode. Usage: scripts/gen_isa_doc.sh [BUILD_DIR]   (default build/release)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
cmake --build "$build" --target isa_test
WARPSIM_UPDATE_DOCS=1 WARPSIM_SOURCE_DIR="$PWD" "$build/tests/isa/isa_test" --gtest_filter='IsaDoc.*'
