#!/usr/bin/env bash
# Installs the Debian packages cmake-parcel needs to build (scripts/debian-packages-build.txt)
# that are missing; with --tests also those the test suite needs
# (scripts/debian-packages-test.txt: nginx, a JDK, ...).
# Runs apt-get only when something is missing, through sudo when not root.
# Usage: scripts/install-deps.sh [--tests]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
lists=("$here/debian-packages-build.txt")
case "${1:-}" in
  "") ;;
  --tests) lists+=("$here/debian-packages-test.txt") ;;
  *) echo "usage: $0 [--tests]" >&2; exit 2 ;;
esac
mapfile -t packages < <(cat "${lists[@]}" | grep -v '^\s*\(#\|$\)')

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
((${#missing[@]})) || exit 0

sudo=()
[[ $(id -u) == 0 ]] || sudo=(sudo)
echo "Installing: ${missing[*]}"
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
