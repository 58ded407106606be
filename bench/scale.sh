#!/usr/bin/env bash
# A CDH-sized parcel: COPIES copies of one payload side by side (10 copies of
# mixed: about 3.1 GB in 78,000 files), built, read and unpacked once each
# beside the tar commands that do the same, for the wall time and the peak
# RSS at that size. Memory grows with the number of entries, not with bytes:
# this is the run that shows it. Not part of the test suite.
#
# Usage: bench/scale.sh [PAYLOAD] [COPIES]   (default: mixed 10)
#   PARCELTOOL, BENCH_DIR, THREADS as for bench/run.sh
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=bench/payload.sh
. "$here/payload.sh"
bench_settings
payload=${1:-mixed}
copies=${2:-10}
[ -x "$parceltool" ] || { echo "no parceltool at $parceltool (build it, or set PARCELTOOL)" >&2; exit 2; }

prepare_payload "$payload"
big=$bench_dir/scale-$payload-$copies
if [ ! -f "$big.complete" ]; then
  rm -rf "$big"
  mkdir -p "$big"
  for i in $(seq "$copies"); do cp -r "$tree" "$big/copy$i"; done
  touch "$big.complete"
fi
work=$(mktemp -d "$bench_dir/scale-run.XXXXXX")
trap 'rm -rf "$work"' EXIT
export SOURCE_DATE_EPOCH=0

# row NAME COMMAND: one run, after sync, as a table row.
row() {
  sync
  if ! /usr/bin/time -f "%e %U %S %M" -o "$work/time" sh -c "$2" >/dev/null; then
    echo "bench/scale.sh: '$1' failed: $2" >&2
    exit 1
  fi
  read -r wall user system rss <"$work/time"
  awk -v name="$1" -v wall="$wall" -v u="$user" -v s="$system" -v rss="$rss" \
    'BEGIN { printf "| %s | %s | %.2f | %.0f |\n", name, wall, u + s, rss / 1024 }'
}

files=$(find "$big" -type f | wc -l)
echo "- $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load: $(cut -d' ' -f1-3 /proc/loadavg), threads=$threads"
echo "- $copies copies of $describe: $files files, $(du -sb "$big" | cut -f1) bytes"
echo
echo "| command | wall s | CPU s | peak RSS MiB |"
echo "| --- | ---: | ---: | ---: |"
tar cf - -C "$big" . | cat >/dev/null  # warm the page cache
row "tar czf" "tar czf '$work/big.tgz' -C '$big' ."
row "parceltool build (default)" "'$parceltool' build --input '$big' --name BIG --version 1.0 --distro el7 --output-dir '$work/p' --threads $threads"
row "parceltool build --compression fast" "'$parceltool' build --input '$big' --name FAST --version 1.0 --distro el7 --output-dir '$work/f' --threads $threads --compression fast"
parcel=$work/p/BIG-1.0-el7.parcel
cat "$parcel" >/dev/null
row "tar tzf" "tar tzf '$parcel'"
row "parceltool validate" "'$parceltool' validate '$parcel'"
row "parceltool inspect" "'$parceltool' inspect '$parcel'"
mkdir "$work/x"
row "tar xzf" "tar xzf '$parcel' -C '$work/x'"
row "parceltool host distribute" "'$parceltool' host distribute --root '$work/h' '$parcel'"
echo
echo "(sizes: tar czf $(stat -c %s "$work/big.tgz"), default $(stat -c %s "$parcel"), fast $(stat -c %s "$work"/f/*.parcel) bytes)"
