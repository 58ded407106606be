#!/usr/bin/env bash
# Measures every candidate deflate recipe (bench/engine_sweep.cpp) on the same
# payloads as bench/run.sh: CPU time and size against gzip -6 and gzip -9 of
# the same tar stream. These are the numbers behind compressor.cpp's choice
# per level (docs/performance.md, "Choosing an engine per level").
#
# Usage: bench/engine_sweep.sh [PAYLOAD...]   (default: 256 mixed jvm native python docs)
#   PAYLOAD, BENCH_DIR, THREADS as for bench/run.sh
#   BUILD   a Release build folder holding libparcel_core.a (default: build-fast)
#   ONLY    run only the recipes whose name contains this text (e.g. "ISA-L 3")
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=bench/payload.sh
. "$here/payload.sh"
repo=$(cd "$here/.." && pwd)
build=${BUILD:-$repo/build-fast}
bench_dir=${BENCH_DIR:-/tmp/parcel-bench}
threads=${THREADS:-2}
payloads=("$@")
[ ${#payloads[@]} -gt 0 ] || payloads=(256 mixed jvm native python docs)
library=$build/cpack-generator/libparcel_core.a
[ -f "$library" ] || { echo "no $library (cmake --build $build --target parcel_core)" >&2; exit 2; }

mkdir -p "$bench_dir"
sweep=$bench_dir/engine_sweep
g++ -std=c++17 -O2 -I"$repo/cpack-generator/include" -I"$repo/cpack-generator/src" \
  "$here/engine_sweep.cpp" "$library" -lisal -ldeflate -lz -pthread -o "$sweep"

echo "- $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load: $(cut -d' ' -f1-3 /proc/loadavg), threads=$threads"
for payload in "${payloads[@]}"; do
  prepare_payload "$payload"
  tar=$bench_dir/sweep.tar
  tar cf "$tar" -C "$tree" .
  gzip6=$(gzip -6 -n <"$tar" | wc -c)
  gzip9=$(gzip -9 -n <"$tar" | wc -c)
  echo
  echo "### $describe (gzip -6: $gzip6 bytes, gzip -9: $gzip9 bytes)"
  echo
  "$sweep" "$tar" "$gzip6" "$gzip9" "$threads"
  rm -f "$tar"
done
