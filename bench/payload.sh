# Sourced by bench/run.sh and bench/engine_sweep.sh: one way to name a payload.
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
