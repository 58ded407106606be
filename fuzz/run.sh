#!/usr/bin/env bash
# Builds the libFuzzer targets with clang in ./build-fuzz and runs each for a set
# time, then prints one summary line per target (seconds, executions, coverage,
# crash files). Findings go to build-fuzz/findings/<target>/; copy a real one to
# fuzz/regressions/<target>/ so the test suite replays it (fuzz/README.md).
# Usage: fuzz/run.sh [seconds-per-target] [target...]
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-60}
shift || true
build="$top/build-fuzz"
targets=("$@")
# Every target by default, from the one list in fuzz/CMakeLists.txt.
[ ${#targets[@]} -gt 0 ] || read -ra targets < <(sed -n 's/^set(parcel_fuzz_targets \(.*\))$/\1/p' "$top/fuzz/CMakeLists.txt")
[ ${#targets[@]} -gt 0 ] || { echo "no targets found in fuzz/CMakeLists.txt" >&2; exit 2; }

# The longest input worth trying: metadata and descriptors are text of some KB
# (the largest reference SDL is 50 KB); archives are seeded with parcels and jars
# of 1-3 KB, and bigger inputs only slow the file-based targets down.
max_len() {
  case $1 in
    json_documents) echo 32768 ;;
    csd_descriptor) echo 65536 ;;
    *) echo 16384 ;;
  esac
}
# Read-only seed folders besides fuzz/corpus/<target> and fuzz/regressions/<target>.
extra_seeds() {
  case $1 in
    json_documents | csd_descriptor) echo "$top/tests/data/reference" ;;
  esac
}

cmake -S "$top" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER="${PARCEL_FUZZ_CXX:-clang++-14}" -DPARCEL_FUZZ=ON -DPARCEL_BUILD_TESTS=OFF > /dev/null
cmake --build "$build" -j "${PARCEL_FUZZ_JOBS:-2}" --target "${targets[@]/#/fuzz_}"

summary=()
for target in "${targets[@]}"; do
  work="$build/corpus/$target"        # grows as libFuzzer finds new coverage
  findings="$build/findings/$target"
  log="$build/logs/$target.log"
  mkdir -p "$work" "$findings" "$(dirname "$log")"
  echo "== $target: ${seconds}s"
  status=0
  # -fork would hide per-process stats; one process, stopping at the first crash.
  "$build/fuzz/fuzz_$target" -max_total_time="$seconds" -max_len="$(max_len "$target")" -timeout=10 \
    -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$findings/" \
    "$work" "$top/fuzz/corpus/$target" "$top/fuzz/regressions/$target" $(extra_seeds "$target") \
    > "$log" 2>&1 || status=$?
  last=$(grep -E '^#[0-9]+' "$log" | tail -1 || true)
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  cov=$(sed -n 's/.* cov: \([0-9]*\) ft: \([0-9]*\).*/cov \1 ft \2/p' <<< "$last")
  crashes=$(find "$findings" -type f | wc -l)
  summary+=("$(printf '%-16s %5ss  execs %-9s %-20s exit %-3s findings %s' "$target" "$seconds" \
    "${execs:-?}" "${cov:-?}" "$status" "$crashes")")
  echo "${summary[-1]}"
done
echo
echo "Summary (logs in $build/logs/):"
printf '%s\n' "${summary[@]}"
