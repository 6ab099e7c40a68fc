#!/usr/bin/env bash
# Regenerates the committed PTX of the CUDA workloads (CI has no CUDA, so the PTX is committed).
#
#   scripts/gen_ptx.sh [--check] [DIR_OR_CU...]     default: every workloads/**/*.cu
#
# For each X.cu: X.ptx = `nvcc -ptx -arch=sm_75 -O3` (or the arch its `// gen_ptx:` line names; the output is deterministic for a given
# nvcc: no paths, no time stamps; the header names the compiler build), and ptxas.txt next to it
# = `ptxas -v -arch=sm_75` on that PTX, the registers / shared / spill figures per kernel that
# the occupancy of the real chip would be computed from (our PTX front-end allocates its own).
# --check regenerates into a temporary folder and fails if anything differs from the committed
# files (a stale PTX after a .cu edit); without nvcc it says so and succeeds, as CI has none.
set -euo pipefail
cd "$(dirname "$0")/.."

check=0
if [[ ${1:-} == --check ]]; then
  check=1
  shift
fi

NVCC=${NVCC:-nvcc}
PTXAS=${PTXAS:-ptxas}
if ! command -v "$NVCC" >/dev/null; then
  [[ -x /usr/local/cuda/bin/nvcc ]] && NVCC=/usr/local/cuda/bin/nvcc PTXAS=/usr/local/cuda/bin/ptxas
fi
if ! command -v "$NVCC" >/dev/null; then
  if [[ $check == 1 ]]; then
    echo "gen_ptx: no nvcc here, skipping the PTX freshness check" >&2
    exit 0
  fi
  echo "gen_ptx: nvcc not found (set NVCC=...)" >&2
  exit 2
fi

sources=()
if [[ $# -gt 0 ]]; then
  for a in "$@"; do
    if [[ -d $a ]]; then
      while IFS= read -r f; do sources+=("$f"); done < <(find "$a" -name '*.cu' | sort)
    else
      sources+=("$a")
    fi
  done
else
  while IFS= read -r f; do sources+=("$f"); done < <(find workloads -name '*.cu' | sort)
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Options are fixed here so that every PTX in the tree comes from the same command line, except
# the target: a source that needs a newer one (cp.async, bf16 mma: sm_80) says so in a line
# `// gen_ptx: -arch=sm_XX`.
NVCC_FLAGS=(-ptx -O3 -std=c++17)
status=0
for cu in "${sources[@]}"; do
  dir=$(dirname "$cu")
  base=$(basename "$cu" .cu)
  ptx=$tmp/$base.ptx
  ptxas_txt=$tmp/ptxas.txt
  arch=$(sed -n 's#^// gen_ptx: -arch=\(sm_[0-9]*\).*#\1#p' "$cu" | head -1)
  arch=${arch:-sm_75}
  # Compile from the source's folder with a relative name: nothing machine-specific reaches the output.
  (cd "$dir" && "$NVCC" "${NVCC_FLAGS[@]}" -arch="$arch" -o "$ptx" "$base.cu")
  {
    echo "# ptxas -v -arch=$arch $base.ptx   (scripts/gen_ptx.sh; $("$PTXAS" --version | tail -1))"
    "$PTXAS" -v -arch="$arch" -o /dev/null "$ptx" 2>&1 | sed -e "s#$tmp/##g" -e "/Compile time/d"
  } >"$ptxas_txt"
  if [[ $check == 1 ]]; then
    for f in "$base.ptx" ptxas.txt; do
      if ! cmp -s "$tmp/$f" "$dir/$f"; then
        echo "gen_ptx: $dir/$f is stale (run scripts/gen_ptx.sh $dir)" >&2
        status=1
      fi
    done
  else
    cp "$ptx" "$dir/$base.ptx"
    cp "$ptxas_txt" "$dir/ptxas.txt"
    echo "$dir/$base.ptx  ($(grep -c '^\.visible \.entry' "$ptx") kernels; $(grep -o 'Used [0-9]* registers' "$ptxas_txt" | tr '\n' ' '))"
  fi
done
exit $status
