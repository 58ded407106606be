#!/usr/bin/env bash
# Builds cmake-parcel with AddressSanitizer and UndefinedBehaviorSanitizer
# (-DPARCEL_SANITIZE=ON) in ./build-sanitize and runs the test suite there.
# Usage: scripts/run-sanitized-tests.sh [--all] [extra ctest arguments]
#   --all  run every test; by default the sample-project builds are left out (see below).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
# Left out by default, to keep CI (2 cores, both suites) under 15 minutes: the
# tests that configure and build sample projects with a real cmake (label
# `cmake`, samples.* and docs.*: the mlserver walkthrough alone may take minutes), which
# spend their time in cmake and the compiler and run parceltool only as the
# normal suite already does; and the one `slow` test, which streams 8 GiB through
# the tar writer (ASan's checks on every byte make it the longest test by far);
# and hostile.test_many_files, which asserts that 200,000 files pack in under
# two minutes: a timing check ASan cannot meet (333 s measured), not a safety one.
# The docs.* tests are left out for the same reason as the samples: they check the
# documentation against the tool and build samples/hello with cmake. Every unit,
# fuzz-replay, CLI, CSD, host, repository and other hostile-input test still runs.
selection=(-LE 'cmake|slow' -E '^(samples|docs)\.|^hostile\.test_many_files$')
if [[ ${1:-} == --all ]]; then
  selection=()
  shift
fi
"$top/scripts/install-deps.sh"
# -O1 -g1: ASan's advice for speed with usable stack traces; a third less compile
# time than -O2 -g, which matters with two builds in one CI run.
cmake -S "$top" -B "$top/build-sanitize" -G Ninja -DCMAKE_BUILD_TYPE=Sanitize -DCMAKE_CXX_FLAGS_SANITIZE="-O1 -g1" \
  -DPARCEL_SANITIZE=ON
cmake --build "$top/build-sanitize"

# Any report fails the test that triggered it: UBSan aborts (the build sets
# -fno-sanitize-recover), ASan stops at the first error; leaks count too.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$top/scripts/lsan-suppressions.txt}
ctest --test-dir "$top/build-sanitize" --output-on-failure -j "$(nproc)" "${selection[@]}" "$@"
