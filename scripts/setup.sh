#!/usr/bin/env bash
# Installs the Debian packages warpsim needs to build, run and test, and only those.
#
#   scripts/setup.sh [EXTRA_PACKAGE...]      install what is missing (build.sh calls this first)
#   source scripts/setup.sh; warpsim_setup [EXTRA_PACKAGE...]   the same, from another script
#
# Works from a bare Debian 12 root (debootstrap --variant=minbase: no compiler, no cmake, no sudo).
# When everything is installed it costs one dpkg-query and touches neither apt nor the network, so
# every script can call it unconditionally. WARPSIM_SKIP_SETUP=1 skips it (e.g. a non-Debian host
# where the equivalents are installed by other means).
set -euo pipefail

# Why each package is here:
WARPSIM_PACKAGES=(
  g++ cmake ninja-build   # C++17 toolchain; the CMake presets use the Ninja generator
  pkg-config              # Debian's SystemC ships only a pkg-config file, no CMake package
  libsystemc-dev          # the simulation kernel (2.3.4, built for C++17)
  libboost-dev libboost-iostreams-dev  # streaming compressed traces (.traceg.xz) ...
  liblzma-dev libzstd-dev               # ... through Boost.Iostreams' lzma and zstd filters
  libgtest-dev            # unit and end-to-end tests
  libcli11-dev            # the warpsim command line
  libsqlite3-dev          # the run database
  sqlite3                 # its shell, for scripts and for looking into warpsim.db
  libyaml-cpp-dev         # presets and workload manifests
  libjs-chart.js          # the plotting library compiled into `warpsim report`
  python3                 # trace generator (shared tools) and reference values computed by tests
  python3-yaml            # scripts/calibrate.sh reads the target tables (models/presets/calibration)
)

# Prints the packages (from the arguments) that are not fully installed, one per line.
warpsim_missing_packages() {
  local -A installed=()
  local name status statuses
  # One dpkg-query for all packages; a name dpkg has never heard of prints nothing (error to stderr)
  # and makes dpkg-query exit 1, which only means "missing" here. Status is "WANT ok installed" for
  # an installed package (WANT is install, or hold for a held one); anything else (half-configured,
  # config-files, ...) counts as missing, and apt-get install repairs it.
  # (Command substitution and here-strings rather than <(...): process substitution needs /dev/fd,
  # which a chroot without /proc lacks.)
  statuses=$(dpkg-query -W -f='${Package} ${Status}\n' "$@" 2>/dev/null || true)
  while read -r name status; do
    if [[ $status == *" ok installed" ]]; then
      installed[$name]=1
    fi
  done <<<"$statuses"
  for name in "$@"; do
    if [[ -z ${installed[$name]:-} ]]; then
      printf '%s\n' "$name"
    fi
  done
}

warpsim_setup() {
  if [[ ${WARPSIM_SKIP_SETUP:-0} == 1 ]]; then
    return 0
  fi
  local wanted=("${WARPSIM_PACKAGES[@]}" "$@")
  if ! command -v dpkg-query >/dev/null || ! command -v apt-get >/dev/null; then
    echo "setup.sh: not a Debian-like system (no dpkg-query/apt-get); make sure the" \
      "equivalents of these are installed: ${wanted[*]}" >&2
    return 0
  fi

  local missing=() list
  list=$(warpsim_missing_packages "${wanted[@]}")
  if [[ -z $list ]]; then
    return 0
  fi
  mapfile -t missing <<<"$list"

  # apt needs root: use sudo only when we are not root (a minimal root has no sudo at all).
  local as_root=()
  if ((EUID != 0)); then
    if ! command -v sudo >/dev/null; then
      echo "setup.sh: missing Debian packages: ${missing[*]}" >&2
      echo "setup.sh: installing them needs root, and sudo is not installed. As root, run:" >&2
      echo "  apt-get update && apt-get install --no-install-recommends ${missing[*]}" >&2
      echo "(or run this script as root)" >&2
      return 1
    fi
    as_root=(sudo)
  fi

  echo "setup.sh: installing ${#missing[@]} missing Debian packages: ${missing[*]}" >&2
  # env passes DEBIAN_FRONTEND through sudo (which resets the environment); noninteractive keeps
  # debconf from prompting (tzdata and friends). The lists of a fresh root are empty or stale, so
  # update first -- only here, when something has to be installed. No recommends: they would pull
  # in hundreds of MB (X11, docs) that the build never uses.
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
}

# Run directly (not sourced): install the standard set plus any packages named on the command line.
if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
  warpsim_setup "$@"
fi
