#!/usr/bin/env bash
# Benchmarks parcel compression and reading against tar, gzip and pigz, all in
# one run, interleaved: each round runs every method back to back, and each row
# keeps its best of ROUNDS (wall time; the CPU and RSS of that same run).
#
# Usage: bench/run.sh [PAYLOAD...]        (default: 256 mixed)
#   PAYLOAD      a number: the synthetic payload of that many MiB (make_payload.py);
#                a name: real files from Debian-installed trees (make_real_payload.sh:
#                jvm, native, python, docs, mixed)
#   PARCELTOOL   the parceltool binary (default: build-fast/cpack-generator/parceltool)
#   BENCH_DIR    payloads and outputs (default: /tmp/parcel-bench), never in the repo
#   THREADS      parceltool --threads (default: 2, the project's machines)
#   ROUNDS       rounds per row (default: 3)
#   READ         0 skips the read-side rows (default: 1)
#   CM_VALIDATOR a command that runs Cloudera's validator on one parcel (for
#                example "java -jar .../validator.jar -f"); its row is skipped,
#                and the table says so, when it is not set
#
# It prints the machine and its load before and after, then per payload a
# write table (wall, CPU = user+sys of all threads, peak RSS, output size, size
# against gzip -6 and gzip -9, speed against tar czf) and a read table on the
# parcel built at the default level (speed against tar tzf and tar xzf).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=bench/payload.sh
. "$here/payload.sh"
bench_settings
rounds=${ROUNDS:-3}
read_side=${READ:-1}
payloads=("$@")
[ ${#payloads[@]} -gt 0 ] || payloads=(256 mixed)
[ -x "$parceltool" ] || { echo "no parceltool at $parceltool (build it, or set PARCELTOOL)" >&2; exit 2; }
for tool in tar gzip pigz sha1sum python3 /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 2; }
done

export SOURCE_DATE_EPOCH=0
mkdir -p "$bench_dir"
out=$bench_dir/out
# Trees that rows unpack are moved here and deleted only when the run ends. On ext4
# without a journal (this project's machines), the inode allocator skips, one
# inode-table lookup each, every inode freed in the last 60 s (300 s while its
# block is dirty): unpacking just after an `rm -rf` of the last round's tree
# spent most of its time there, in the kernel, and the rows swung by 2-3x
# between runs. Deleting only at the end gives every row fresh inodes, as on a
# host that unpacks a new parcel. (Runs closer than 5 minutes apart still
# meet the previous run's deletions.)
trash=$bench_dir/trash-$$
mkdir -p "$trash"
trap 'rm -rf "$trash"' EXIT
# set_aside PATH...: the shell line that moves each PATH (if there) into the trash.
set_aside() {
  local path line=""
  for path in "$@"; do
    line+="if [ -e '$path' ]; then mv '$path' \"\$(mktemp -d '$trash/XXXXXX')/\"; fi; "
  done
  printf '%s' "$line"
}

machine() {
  echo "- $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')," \
    "$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), load: $(cut -d' ' -f1-3 /proc/loadavg)"
}

# time_into FILE COMMAND: runs the shell line, appends "wall user sys rss" to FILE.
time_into() {
  local file=$1 line=$2
  sync
  /usr/bin/time -f "%e %U %S %M" -o "$file.one" sh -c "$line" >/dev/null
  cat "$file.one" >>"$file"
}

# rows NAME^OUTPUT^SETUP^COMMAND lines on stdin, run ROUNDS times interleaved;
# appends "name<TAB>wall user sys rss size" (best wall) to $rows.
run_rows() {
  local -a names outputs setups lines
  while IFS='^' read -r name output setup line; do
    [ -n "$name" ] || continue
    names+=("$name"); outputs+=("$output"); setups+=("$setup"); lines+=("$line")
  done
  local i round
  for i in "${!names[@]}"; do : >"$out.t$i"; done
  for round in $(seq "$rounds"); do
    for i in "${!names[@]}"; do
      sh -c "${setups[$i]}"
      time_into "$out.t$i" "${lines[$i]}"
      if [ -n "${outputs[$i]}" ]; then stat -c %s ${outputs[$i]} >"$out.s$i"; else echo 0 >"$out.s$i"; fi
    done
    printf '  round %s of %s done, load %s\n' "$round" "$rounds" "$(cut -d' ' -f1 /proc/loadavg)" >&2
  done
  for i in "${!names[@]}"; do
    printf '%s\t%s %s\n' "${names[$i]}" "$(sort -n "$out.t$i" | head -1)" "$(cat "$out.s$i")" >>"$rows"
  done
}

table() {
  python3 - "$1" "$2" <<'PY'
import sys
kind, path = sys.argv[1], sys.argv[2]
data = []
for line in open(path):
    name, rest = line.rstrip("\n").split("\t")
    wall, user, system, rss, size = rest.split()
    data.append((name, float(wall), float(user) + float(system), int(rss) / 1024, int(size)))
def row(name):
    return next((d for d in data if d[0] == name), None)
def div(a, b):  # a row of a tiny payload can take 0.00 s
    return a / b if b > 0 else float("inf")
cell = lambda name: name.replace("|", "\\|")
if kind == "write":
    base, g9 = row("tar czf"), row("tar cf - | gzip -9")
    print("| method | wall s | CPU s | peak RSS MiB | output bytes | size / gzip -6 | size / gzip -9 "
          "| speed vs tar czf | vs gzip -9 | CPU / tar czf's |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, wall, cpu, rss, size in data:
        print("| %s | %.2f | %.2f | %.1f | %d | %.4f | %.4f | %.2fx | %.2fx | %.2f |" % (
            cell(name), wall, cpu, rss, size, div(size, base[4]), div(size, g9[4]), div(base[1], wall),
            div(g9[1], wall), div(cpu, base[2])))
else:
    tzf, xzf = row("tar tzf"), row("tar xzf")
    print("| method | wall s | CPU s | peak RSS MiB | speed vs tar tzf | speed vs tar xzf | CPU / tar tzf's | CPU / tar xzf's |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, wall, cpu, rss, size in data:
        print("| %s | %.2f | %.2f | %.1f | %.2fx | %.2fx | %.2f | %.2f |" % (
            cell(name), wall, cpu, rss, div(tzf[1], wall), div(xzf[1], wall), div(cpu, tzf[2]), div(cpu, xzf[2])))
PY
}

echo "## Machine"
echo
machine
echo "- parceltool: $parceltool, threads=$threads, best of $rounds interleaved rounds"

for payload in "${payloads[@]}"; do
  prepare_payload "$payload"
  echo "$describe; warming the page cache" >&2
  tar cf - -C "$tree" . | cat >/dev/null
  eval "$(set_aside "$out")"; mkdir -p "$out"
  build="'$parceltool' build --input '$tree' --name BENCH --version 1.0 --distro el7 --output-dir '$out/p' --threads $threads"
  # One or two files each: deleting them costs the allocator nothing worth
  # setting aside, and keeping them all would hold gigabytes until the end.
  clean="rm -rf '$out/p' '$out/p.tgz'; mkdir -p '$out/p'"

  rows=$bench_dir/rows-write-$payload.txt
  : >"$rows"
  run_rows <<EOF
tar czf^$out/p.tgz^$clean^tar czf '$out/p.tgz' -C '$tree' .
tar cf - | gzip -1^$out/p.tgz^$clean^tar cf - -C '$tree' . | gzip -1 >'$out/p.tgz'
tar cf - | gzip -9^$out/p.tgz^$clean^tar cf - -C '$tree' . | gzip -9 >'$out/p.tgz'
tar cf - | pigz -p2^$out/p.tgz^$clean^tar cf - -C '$tree' . | pigz -p2 >'$out/p.tgz'
tar cf - | pigz -p2 -1^$out/p.tgz^$clean^tar cf - -C '$tree' . | pigz -p2 -1 >'$out/p.tgz'
tar cf - | pigz -p2 -9^$out/p.tgz^$clean^tar cf - -C '$tree' . | pigz -p2 -9 >'$out/p.tgz'
parceltool --compression fast^$out/p/*.parcel^$clean^$build --compression fast
parceltool --compression default^$out/p/*.parcel^$clean^$build --compression default
parceltool --compression best^$out/p/*.parcel^$clean^$build --compression best
EOF
  echo
  echo "## Write: $describe (threads=$threads)"
  echo
  table write "$rows"

  [ "$read_side" = 1 ] || continue
  # The read side, on the default-level parcel, in a repository of its own.
  eval "$(set_aside "$out/r")"; mkdir -p "$out/r/repo"
  eval "$build --compression default" >/dev/null
  mv "$out"/p/*.parcel "$out/r/repo/"
  parcel=$(ls "$out"/r/repo/*.parcel)
  cat "$parcel" >/dev/null
  rows=$bench_dir/rows-read-$payload.txt
  : >"$rows"
  validator_row=""
  if [ -n "${CM_VALIDATOR:-}" ]; then
    validator_row="Cloudera's validator^^:^$CM_VALIDATOR '$parcel'"
  fi
  run_rows <<EOF
tar tzf^^:^tar tzf '$parcel'
tar xzf^^$(set_aside "$out/r/x") mkdir '$out/r/x'^tar xzf '$parcel' -C '$out/r/x'
gzip -t^^:^gzip -t '$parcel'
sha1sum^^:^sha1sum '$parcel'
parceltool validate^^:^'$parceltool' validate '$parcel'
parceltool inspect^^:^'$parceltool' inspect '$parcel'
parceltool manifest --verify^^rm -f '$out/r/repo/manifest.json'^'$parceltool' manifest --verify '$out/r/repo'
parceltool host distribute^^$(set_aside "$out/r/host")^'$parceltool' host distribute --root '$out/r/host' '$parcel'
$validator_row
EOF
  echo
  echo "## Read: the default-level parcel of $describe ($(stat -c %s "$parcel") bytes)"
  echo
  table read "$rows"
  [ -n "${CM_VALIDATOR:-}" ] || echo "
(Cloudera's validator: not run, CM_VALIDATOR is not set.)"
  eval "$(set_aside "$out")"
done
echo
echo "## Load at the end"
echo
machine
