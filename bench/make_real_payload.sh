#!/usr/bin/env bash
# Assembles a named payload of real files from folders that Debian packages
# install (never files written here), for bench/run.sh.
#
# Usage: bench/make_real_payload.sh SET DEST [CAP_MIB]
#   SET      jvm | native | python | docs | mixed (see below)
#   DEST     the payload folder to create (outside the repository); reused when
#            its SOURCES file says the same set and cap
#   CAP_MIB  at most this many MiB of files (default: 310 for mixed, 256 else)
#
# Only regular files are taken (no links: a tree's absolute links would point
# out of the payload), in byte-wise path order, so the same machine gives the
# same payload. DEST/SOURCES lists the folders, the Debian packages that own
# them (dpkg -S), the file count and the bytes taken. The packages that put
# these trees on a machine are in bench/debian-packages.txt.
set -euo pipefail

set_name=${1:?usage: make_real_payload.sh SET DEST [CAP_MIB]}
dest=${2:?usage: make_real_payload.sh SET DEST [CAP_MIB]}
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || echo x86_64-linux-gnu)
case "$set_name" in
  jvm) folders=(/usr/lib/jvm/java-17-openjdk-amd64 /usr/share/java) ;;  # jars, .so, the modules image
  native) folders=("/usr/lib/$multiarch") ;;  # shared libraries
  python) folders=(/usr/lib/python3.11 /usr/lib/python3/dist-packages) ;;  # .py, .pyc, extension modules
  docs) folders=(/usr/share/doc /usr/share/man /usr/share/locale) ;;  # text, man pages (.gz), .mo catalogues
  # Like a vendor's parcel: some of each kind, the issue's 310 MiB.
  mixed) folders=(/usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/python3.11 /usr/share/doc /usr/share/locale
                  "/usr/lib/$multiarch") ;;
  *) echo "unknown set '$set_name' (jvm, native, python, docs, mixed)" >&2; exit 2 ;;
esac
default_cap=256
[ "$set_name" = mixed ] && default_cap=310
cap_mib=${3:-$default_cap}
cap=$((cap_mib * 1024 * 1024))
stamp="set=$set_name cap_mib=$cap_mib"
if [ -f "$dest/SOURCES" ] && head -1 "$dest/SOURCES" | grep -qx "$stamp"; then exit 0; fi

rm -rf "$dest"
mkdir -p "$dest/tree"
list=$(mktemp)
trap 'rm -f "$list"' EXIT
# For mixed, each folder gets an equal share of the cap, so every kind is in it.
share=$cap
[ "$set_name" = mixed ] && share=$((cap / ${#folders[@]}))
total=0
declare -A seen  # inodes taken: a hard-linked file counts once (Mesa's drivers are one file)
for folder in "${folders[@]}"; do
  [ -d "$folder" ] || { echo "missing $folder: install bench/debian-packages.txt" >&2; exit 2; }
  taken=0
  while IFS=$'\t' read -r inode size path; do
    [ -z "${seen[$inode]:-}" ] || continue
    seen[$inode]=1
    [ $((total + size)) -le "$cap" ] || break
    [ $((taken + size)) -le "$share" ] || break
    [ -r "$path" ] || continue
    printf '%s\n' "${path#/}" >>"$list"
    total=$((total + size)); taken=$((taken + size))
  done < <(LC_ALL=C find "$folder" -type f -printf '%D:%i\t%s\t%p\n' | LC_ALL=C sort -t$'\t' -k3)
done
tar cf - -C / --files-from "$list" | tar xf - -C "$dest/tree"
{
  echo "$stamp"
  echo "files $(wc -l <"$list") bytes $total"
  for folder in "${folders[@]}"; do
    echo "folder $folder ($(grep -c "^${folder#/}/" "$list") files) from: $(dpkg -S "$folder" 2>/dev/null | cut -d: -f1 | tr '\n' ' ')"
  done
} >"$dest/SOURCES"
cat "$dest/SOURCES" >&2
