#!/usr/bin/env bash
# Downloads the real Debian 12 packages that the package-conversion tests read
# (tests/integration/packages) into a cache folder, with `apt-get download`.
# The tests never reach the network: without this cache they say they skipped.
#
# Usage: scripts/fetch-test-packages.sh [DIR]
#   DIR defaults to $PARCEL_TEST_PACKAGES, else ~/.cache/cmake-parcel/test-packages.
#
# Why these (all xz-compressed in bookworm): sudo (a setuid-root file, symlinks,
# preinst/postinst/prerm/postrm, triggers, conffiles), logrotate (maintainer
# scripts, conffiles under /etc), bash (a symlink, conffiles, postinst/prerm).
set -euo pipefail
dir=${1:-${PARCEL_TEST_PACKAGES:-${XDG_CACHE_HOME:-$HOME/.cache}/cmake-parcel/test-packages}}
packages=(sudo logrotate bash)
mkdir -p "$dir"
cd "$dir"
missing=()
for name in "${packages[@]}"; do
  compgen -G "${name}_*.deb" >/dev/null || missing+=("$name")
done
if ((${#missing[@]})); then
  apt-get download "${missing[@]}"
fi
# Where each one came from, for the tests' messages and for review.
for deb in *.deb; do
  printf '%s %s\n' "$(sha256sum "$deb" | cut -d' ' -f1)" "$deb"
done >SHA256SUMS
echo "test packages in $dir:"
cat SHA256SUMS
