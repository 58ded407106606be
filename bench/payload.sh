# Sourced by bench/run.sh, bench/scale.sh and bench/engine_sweep.sh: one way to
# name a payload, and the settings they share.
#
# bench_settings   (needs $here = bench/)
#   Sets $repo, $parceltool (PARCELTOOL), $bench_dir (BENCH_DIR) and $threads
#   (THREADS), and refuses a BENCH_DIR inside the repository.
bench_settings() {
  repo=$(cd "$here/.." && pwd)
  parceltool=${PARCELTOOL:-$repo/build-fast/cpack-generator/parceltool}
  bench_dir=${BENCH_DIR:-/tmp/parcel-bench}
  threads=${THREADS:-2}
  case "$bench_dir" in "$repo"|"$repo"/*) echo "BENCH_DIR must be outside the repository" >&2; exit 2;; esac
}

#
# prepare_payload PAYLOAD   (needs $here = bench/, $bench_dir)
#   a number: the synthetic payload of that many MiB (make_payload.py);
#   a name: real files from Debian-installed trees (make_real_payload.sh).
# Sets $tree (the folder to pack) and $describe (one line for the report).
prepare_payload() {
  local payload=$1
  case "$payload" in
    *[!0-9]*)
      local dir=$bench_dir/real-$payload
      "$here/make_real_payload.sh" "$payload" "$dir"
      tree=$dir/tree
      describe="real payload '$payload': $(sed -n 2p "$dir/SOURCES")"
      ;;
    *)
      tree=$bench_dir/payload-$payload
      python3 "$here/make_payload.py" "$tree" "$payload"
      describe="synthetic payload of $payload MiB (make_payload.py)"
      ;;
  esac
}
