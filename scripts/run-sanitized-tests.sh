#!/usr/bin/env bash
# Builds cmake-parcel with AddressSanitizer and UndefinedBehaviorSanitizer
# (-DPARCEL_SANITIZE=ON) in ./build-sanitize and runs tests there.
# Usage: scripts/run-sanitized-tests.sh [--all] [extra ctest arguments]
#   (default)  parceltool and the fuzz replays, and every test that runs them on
#              untrusted or hostile input: fuzz.*, cli.*, csd.*, host.*,
#              repository.* and hostile.* (CI runs this after the normal suite);
#   --all      everything: the unit tests too, and the tests left out below.
#
# Why a subset in CI: CI runs the normal suite and this one on 2 cores within 15
# minutes, and the 35 unit-test programs are 40% of the sanitized build. The
# unit tests under ASan stay one `--all` away. Also left out by default: the
# tests that configure and build projects with a real cmake (label `cmake`,
# samples.*, docs.*), which run parceltool only as the tests above already do;
# the `slow` tests (an 8 GiB stream, signal timing); and hostile.test_many_files,
# a 200,000-file timing check ASan cannot meet (333 s measured), not a safety one.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
targets=(--target parceltool fuzz_replays)
selection=(-R '^(fuzz|cli|csd|host|repository|hostile)\.' -LE 'cmake|slow' -E '^hostile\.test_many_files$')
if [[ ${1:-} == --all ]]; then
  targets=()
  selection=()
  shift
fi
"$top/scripts/install-deps.sh"
# -O1 -g1: ASan's advice for speed with usable stack traces; a third less compile
# time than -O2 -g.
cmake -S "$top" -B "$top/build-sanitize" -G Ninja -DCMAKE_BUILD_TYPE=Sanitize -DCMAKE_CXX_FLAGS_SANITIZE="-O1 -g1" \
  -DPARCEL_SANITIZE=ON
cmake --build "$top/build-sanitize" "${targets[@]}"

# Any report fails the test that triggered it: UBSan aborts (the build sets
# -fno-sanitize-recover), ASan stops at the first error; leaks count too.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$top/scripts/lsan-suppressions.txt}
# The hostile-input tests' time and memory ceilings scale for the slower build.
export PARCEL_TEST_SANITIZED=1
ctest --test-dir "$top/build-sanitize" --output-on-failure -j "$(nproc)" "${selection[@]}" "$@"
