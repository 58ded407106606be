#!/usr/bin/env bash
# Measures the two "nothing changed" targets of issue 8:
#  1. parceltool manifest over a repository of COUNT parcels of SIZE_MIB each whose
#     files did not change (the hash cache answers; make_manifest re-reads everything);
#  2. a no-op `cmake --build <samples/hello build> --target parcel`.
#
# Usage: bench/incremental.sh [COUNT] [SIZE_MIB]     (default: 20 256, i.e. 5 GiB)
#   PARCELTOOL  the parceltool binary (default: build/cpack-generator/parceltool)
#   BENCH_DIR   where the repository is made (default: /tmp/parcel-bench), never the repo
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
parceltool=${PARCELTOOL:-$repo/build/cpack-generator/parceltool}
bench_dir=${BENCH_DIR:-/tmp/parcel-bench}
count=${1:-20}
size_mib=${2:-256}
case "$bench_dir" in "$repo"|"$repo"/*) echo "BENCH_DIR must be outside the repository" >&2; exit 2;; esac
[ -x "$parceltool" ] || { echo "no parceltool at $parceltool" >&2; exit 2; }

seconds() { awk -v start="$1" -v end="$2" 'BEGIN { printf "%.3f", (end - start) / 1e9 }'; }

# 1. A repository of COUNT distinct parcels; random content so each is SIZE_MIB on disk.
repository="$bench_dir/repository-${count}x${size_mib}"
if [ ! -f "$repository.complete" ]; then
  rm -rf "$repository" && mkdir -p "$repository"
  for i in $(seq 1 "$count"); do
    input="$bench_dir/input-$i"
    rm -rf "$input" && mkdir -p "$input/lib"
    head -c "$((size_mib << 20))" /dev/urandom > "$input/lib/blob.bin"
    "$parceltool" build --input "$input" --name "BENCH$i" --version 1.0 --distro el7 \
      --output-dir "$repository" --compression fast > /dev/null
    rm -rf "$input"
  done
  touch "$repository.complete"
fi
total=$(du -sb "$repository" | cut -f1)
start=$(date +%s%N); "$parceltool" manifest --verify "$repository" > /dev/null; end=$(date +%s%N)
full=$(seconds "$start" "$end")
start=$(date +%s%N); "$parceltool" manifest "$repository" > /dev/null; end=$(date +%s%N)
cached=$(seconds "$start" "$end")

# 2. samples/hello configured and built once, then built again with nothing changed.
sample="$bench_dir/hello-build"
cmake -S "$repo/samples/hello" -B "$sample" -G Ninja -DPARCEL_SOURCE_DIR="$repo" \
  -DPARCEL_TOOL="$parceltool" > /dev/null
cmake --build "$sample" --target parcel > /dev/null
start=$(date +%s%N); noop_output=$(cmake --build "$sample" --target parcel); end=$(date +%s%N)
noop=$(seconds "$start" "$end")

echo "| measurement | seconds |"
echo "| --- | ---: |"
echo "| manifest --verify, $count parcels, $((total >> 20)) MiB (every byte hashed) | $full |"
echo "| manifest, same files unchanged (hash cache) | $cached |"
echo "| no-op cmake --build samples/hello --target parcel | $noop |"
echo
echo "no-op build output:"
echo "$noop_output"
