#!/usr/bin/env bash
# Regenerates the committed seed corpus fuzz/corpus/<target>/ from the project's
# own tools: parcels and CSD jars built with parceltool, small JSON and SDL
# edge cases, and a few hand-made archives with the shapes the readers must
# refuse (tar-slip, hard links, a plain tar, a zip with "../" names).
# rpm_reader and deb_reader are not regenerated: their seeds are real packages,
# minimised from fuzzing campaigns (fuzz/README.md).
# Usage: fuzz/make-seeds.sh PARCELTOOL
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
parceltool=$(realpath "${1:?usage: fuzz/make-seeds.sh PARCELTOOL}")
corpus="$top/fuzz/corpus"
reference="$top/tests/data/reference"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SOURCE_DATE_EPOCH=0

# JSON documents and SDL/MDL: the reference files in tests/data/reference/ are
# seeds already (fuzz/CMakeLists.txt and run.sh pass that folder too); these add
# the edge shapes they lack.
rm -f "$corpus"/json_documents/* "$corpus"/csd_descriptor/*
mkdir -p "$corpus/json_documents" "$corpus/csd_descriptor"
printf '\xef\xbb\xbf{"schema_version": 1}' > "$corpus/json_documents/bom.json"
printf '{"name": "A", "name": "B", "users": {"u": {"extra_groups": ["g"]}, "u": {}}}' \
  > "$corpus/json_documents/duplicate-keys.json"
printf '{"schema_version": 1e400, "lastUpdated": -9223372036854775809, "priority": 18446744073709551616}' \
  > "$corpus/json_documents/huge-numbers.json"
printf '{"a": {"destination": "/x", "source": "../y", "priority": 1.5, "isDirectory": "true"}}' \
  > "$corpus/json_documents/alternatives-coerced.json"
printf '{"parcels": [{"parcelName": "A-1-el7.parcel", "hash": "X", "components": [{"name": 1}], "servicesRestartInfo": {"a": [1]}}]}' \
  > "$corpus/json_documents/manifest-odd.json"
python3 -c 'print("[" * 300 + "]" * 300)' > "$corpus/json_documents/nesting.json"
printf '// c\n{"name": "FUZZ", /* c */ "version": "1.0.0", "roles": [{"name": "R"}], "name": "X",}' \
  > "$corpus/csd_descriptor/comments-duplicate.sdl"
printf '{"name": "FUZZ", "version": "1.0.0", "metricDefinitions": [], "roles": [{"name": "R", "metricDefinitions": [{}]}]}' \
  > "$corpus/csd_descriptor/minimal.mdl"

# Parcels of FUZZ 1.0 (the name the parcel targets use): a tool, a symlink,
# alternatives and permissions.
mkdir -p "$work/in/bin" "$work/in/lib" "$work/in/meta" "$work/out"
printf '#!/bin/sh\necho hi\n' > "$work/in/bin/tool"
chmod 755 "$work/in/bin/tool"
echo lib > "$work/in/lib/a.txt"
ln -s ../lib/a.txt "$work/in/bin/link"
cat > "$work/in/meta/alternatives.json" <<'JSON'
{"fuzz-tool": {"destination": "/usr/bin/fuzz-tool", "source": "bin/tool", "priority": 10, "isDirectory": false}}
JSON
cat > "$work/in/meta/permissions.json" <<'JSON'
{"bin/tool": {"user": "root", "group": "root", "permissions": "0755"}}
JSON
"$parceltool" build --input "$work/in" --name FUZZ --version 1.0 --distro el7 --output-dir "$work/out" \
  --provides fuzz --depends 'CDH (>= 5.0)' --compression best > /dev/null
python3 - "$work" <<'PY'
import io, sys, tarfile, gzip, zipfile
work = sys.argv[1]
def entry(name, kind=tarfile.REGTYPE, data=b"", link=""):
    info = tarfile.TarInfo(name)
    info.type, info.size, info.linkname, info.mode = kind, len(data), link, 0o755 if kind == tarfile.DIRTYPE else 0o644
    return info, data
meta = b'{"schema_version": 1, "name": "FUZZ", "version": "1.0", "setActiveSymlink": true}\n'
def archive(entries, compress=True):
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for info, data in entries:
            tar.addfile(info, io.BytesIO(data) if data else None)
    data = raw.getvalue().rstrip(b"\0") + b"\0" * 1024
    data += b"\0" * (-len(data) % 512)
    return gzip.compress(data, mtime=0) if compress else data
base = [entry("FUZZ-1.0/", tarfile.DIRTYPE), entry("FUZZ-1.0/meta/", tarfile.DIRTYPE),
        entry("FUZZ-1.0/meta/parcel.json", data=meta)]
seeds = {
    "minimal-plain.tar": archive(base, compress=False),
    "hardlink.parcel": archive(base + [entry("FUZZ-1.0/copy", tarfile.LNKTYPE, link="FUZZ-1.0/meta/parcel.json")]),
    "tar-slip.parcel": archive(base + [entry("FUZZ-1.0/../../escaped", data=b"x")]),
    "symlink-out.parcel": archive(base + [entry("FUZZ-1.0/out", tarfile.SYMTYPE, link="../.."),
                                          entry("FUZZ-1.0/out/escaped", data=b"x")]),
    "duplicate.parcel": archive(base + [entry("FUZZ-1.0/meta/parcel.json", data=meta)]),
}
for name, data in seeds.items():
    open(f"{work}/out/{name}", "wb").write(data)
with zipfile.ZipFile(f"{work}/slip.jar", "w") as jar:
    jar.writestr("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n")
    jar.writestr("../descriptor/service.sdl", '{"name": "FUZZ", "version": "1.0.0"}')
PY
for target in parcel_reader host_distribute; do
  rm -f "$corpus/$target"/*
  mkdir -p "$corpus/$target"
  cp "$work/out/FUZZ-1.0-el7.parcel" "$corpus/$target/built.parcel"
  for seed in minimal-plain.tar hardlink.parcel tar-slip.parcel symlink-out.parcel duplicate.parcel; do
    cp "$work/out/$seed" "$corpus/$target/$seed"
  done
done

# CSD jars of FUZZ 1.0.0: the `csd init` scaffold built with and without an MDL.
"$parceltool" csd init FUZZ --output-dir "$work/csd" > /dev/null
printf '{"name": "FUZZ", "version": "1.0.0", "metricDefinitions": []}\n' > "$work/csd/service.mdl"
rm -f "$corpus"/csd_jar/*
mkdir -p "$corpus/csd_jar" "$work/jar1" "$work/jar2"
"$parceltool" csd build --sdl "$work/csd/service.sdl" --scripts "$work/csd/scripts" --output-dir "$work/jar1" > /dev/null
"$parceltool" csd build --sdl "$work/csd/service.sdl" --mdl "$work/csd/service.mdl" --scripts "$work/csd/scripts" \
  --output-dir "$work/jar2" > /dev/null || true
cp "$work/jar1/FUZZ-1.0.0.jar" "$corpus/csd_jar/built.jar"
[ -f "$work/jar2/FUZZ-1.0.0.jar" ] && cp "$work/jar2/FUZZ-1.0.0.jar" "$corpus/csd_jar/built-with-mdl.jar"
cp "$work/slip.jar" "$corpus/csd_jar/slip.jar"
du -ab "$corpus" | sort -n | tail -3
