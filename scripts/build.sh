#!/usr/bin/env bash
# Builds one CMake preset, installing missing Debian packages first (scripts/setup.sh).
#
#   scripts/build.sh [PRESET [TARGET...]]
#     PRESET: release (default) | asan;  no TARGET: everything
#
# Output goes to build/PRESET (the binaryDir of every preset in CMakePresets.json).
set -euo pipefail
cd "$(dirname "$0")/.."

preset=${1:-release}
targets=("${@:2}")
build_dir=build/$preset

scripts/setup.sh

# Configure only the first time, or when CMakePresets.json changed (its cache variables would not
# be picked up otherwise). After that ninja re-runs CMake by itself whenever a CMakeLists.txt or a
# CONFIGURE_DEPENDS glob changes, so an up-to-date tree costs nothing here. The stamp is written
# only after a configure succeeded, so a failed one is retried next time.
stamp=$build_dir/.warpsim-configured
if [[ ! -f $stamp || ! -f $build_dir/build.ninja || CMakePresets.json -nt $stamp ]]; then
  cmake --preset "$preset"
  touch "$stamp"
fi

# No -j: ninja's default (cores + 2) is right for CI's 2 cores and for a workstation alike.
if ((${#targets[@]})); then
  cmake --build --preset "$preset" --target "${targets[@]}"
else
  cmake --build --preset "$preset"
fi
