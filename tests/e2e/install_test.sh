#!/usr/bin/env bash
# `cmake --install` into a scratch prefix, then the installed warpsim, copied elsewhere and run
# from an unrelated folder with the build and source trees out of its reach (WARPSIM_PRESETS
# unset), finds its presets and runs a workload.
#   install_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1 src=$2
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
unset WARPSIM_PRESETS
cmake --install "$build" --prefix "$scratch/prefix" >/dev/null
cp -a "$scratch/prefix" "$scratch/moved"   # another node's path: nothing may point back
bin=$scratch/moved/bin/warpsim
"$bin" --version | grep -Eq '^warpsim [0-9.]+ \(commit [0-9a-f]+(-dirty)?\)$|\(commit unknown\)$' ||
  { echo "bad --version: $("$bin" --version)"; exit 1; }
"$bin" presets | grep -q '^v100 ' || { echo "installed binary lists no v100 preset"; exit 1; }
[[ -f $scratch/moved/share/doc/warpsim/README.md ]] || { echo "README not installed"; exit 1; }
cp -r "$src/workloads/saxpy" "$scratch/saxpy"
cd "$scratch"
"$bin" run saxpy -c tiny --db "$scratch/run.db" >"$scratch/out" || { cat "$scratch/out"; exit 1; }
grep -q 'check          passed' "$scratch/out" || { cat "$scratch/out"; exit 1; }
echo "installed warpsim ran from $scratch/moved"
