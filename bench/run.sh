#!/usr/bin/env bash
# Benchmarks parcel compression against tar czf, gzip and pigz, all in one run.
#
# Usage: bench/run.sh [SIZE_MIB...]        (default: 256 1024)
#   PARCELTOOL   the parceltool binary (default: build-fast/cpack-generator/parceltool)
#   BENCH_DIR    payloads and outputs (default: /tmp/parcel-bench); payloads are
#                generated once by make_payload.py and reused, never in the repo
#   THREADS      parceltool --threads (default: 2, the project's machines)
#
# For each size it prints a table of wall time, CPU time (user+sys, all
# threads), peak RSS, output size, size against gzip -6 (= tar czf) and speed
# against tar czf. Only ratios inside one run mean much on a shared machine.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
parceltool=${PARCELTOOL:-$repo/build-fast/cpack-generator/parceltool}
bench_dir=${BENCH_DIR:-/tmp/parcel-bench}
threads=${THREADS:-2}
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(256 1024)
case "$bench_dir" in "$repo"|"$repo"/*) echo "BENCH_DIR must be outside the repository" >&2; exit 2;; esac
[ -x "$parceltool" ] || { echo "no parceltool at $parceltool (build it, or set PARCELTOOL)" >&2; exit 2; }
for tool in tar gzip pigz python3 /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 2; }
done

export SOURCE_DATE_EPOCH=0
mkdir -p "$bench_dir"

# run NAME OUTPUT COMMAND...: times COMMAND (a shell line) and records one row.
run() {
  local name=$1 output=$2 line=$3
  rm -rf "$out"; mkdir -p "$out"
  sync
  /usr/bin/time -f "%e %U %S %M" -o "$out/.time" sh -c "$line" >/dev/null
  local size
  size=$(stat -c %s $output)
  echo "$name $(cat "$out/.time") $size" >>"$rows"
  printf '  %-34s done (%s)\n' "$name" "$(cut -d' ' -f1 "$out/.time") s" >&2
}

for size in "${sizes[@]}"; do
  payload=$bench_dir/payload-$size
  out=$bench_dir/out
  rows=$bench_dir/rows-$size.txt
  python3 "$here/make_payload.py" "$payload" "$size"
  : >"$rows"
  echo "payload $payload ($size MiB); warming the page cache" >&2
  tar cf - -C "$payload" . | cat >/dev/null

  run "tar czf" "$out/p.tgz" "tar czf '$out/p.tgz' -C '$payload' ."
  run "tar cf - | gzip -1" "$out/p.tgz" "tar cf - -C '$payload' . | gzip -1 >'$out/p.tgz'"
  run "tar cf - | gzip -9" "$out/p.tgz" "tar cf - -C '$payload' . | gzip -9 >'$out/p.tgz'"
  run "tar cf - | pigz -p2" "$out/p.tgz" "tar cf - -C '$payload' . | pigz -p2 >'$out/p.tgz'"
  run "tar cf - | pigz -p2 -1" "$out/p.tgz" "tar cf - -C '$payload' . | pigz -p2 -1 >'$out/p.tgz'"
  for level in fast default best; do
    run "parceltool --compression $level" "$out/*.parcel" \
      "'$parceltool' build --input '$payload' --name BENCH --version 1.0 --distro el7 --output-dir '$out' --compression $level --threads $threads"
  done
  run "parceltool default, 5 distros" "$out/BENCH-1.0-el7.parcel" \
    "'$parceltool' build --input '$payload' --name BENCH --version 1.0 --distro el7 --distro el8 --distro el9 --distro focal --distro jammy --output-dir '$out' --threads $threads"
  rm -rf "$out"

  echo
  echo "## $size MiB payload (threads=$threads)"
  python3 - "$rows" <<'PY'
import sys
rows = [line.split() for line in open(sys.argv[1])]
data = []
for row in rows:
    *name, wall, user, system, rss, size = row
    data.append((" ".join(name), float(wall), float(user) + float(system), int(rss) / 1024, int(size)))
base = next(d for d in data if d[0] == "tar czf")
g9 = next(d for d in data if d[0] == "tar cf - | gzip -9")
print("| method | wall s | CPU s | peak RSS MiB | output bytes | size / gzip -6 | size / gzip -9 | speed vs tar czf |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for name, wall, cpu, rss, size in data:
    print("| %s | %.2f | %.2f | %.1f | %d | %.4f | %.4f | %.2fx |" % (
        name.replace("|", "\\|"), wall, cpu, rss, size, size / base[4], size / g9[4], base[1] / wall))
PY
done
