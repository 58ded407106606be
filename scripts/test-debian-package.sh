#!/usr/bin/env bash
# Builds cmake-parcel's Debian package with `cpack -G DEB` and checks it with
# lintian (any error fails). With --install, also installs it the way a user
# would, `apt-get install ./cmake-parcel_<version>_<arch>.deb` (so its Depends
# are resolved by apt), and builds samples/hello against the installed package
# (find_package(Parcel) from /usr), then validates the parcels it made.
#
# Usage: scripts/test-debian-package.sh [--install] [BUILD_DIR]
#   BUILD_DIR: an existing build of cmake-parcel to package (CI passes ./build,
#   already built by run-tests.sh); default: a Release build in ./build-deb.
# --install changes the system (apt-get as root, or through sudo): for CI or a
# throwaway machine.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
install=0
build=""
for arg in "$@"; do
  case $arg in
    --install) install=1 ;;
    -*) echo "usage: $0 [--install] [BUILD_DIR]" >&2; exit 2 ;;
    *) build=$(cd "$arg" && pwd) ;;
  esac
done
if [[ -z $build ]]; then
  build="$top/build-deb"
  cmake -S "$top" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DPARCEL_BUILD_TESTS=OFF
fi
cmake --build "$build"

# A fresh output folder, so that exactly one package is looked at.
out="$build/debian-package"
rm -rf "$out"
(cd "$build" && cpack -G DEB -B "$out")
debs=("$out"/cmake-parcel_*.deb)
[[ ${#debs[@]} == 1 && -f ${debs[0]} ]] || { echo "expected one cmake-parcel_*.deb in $out" >&2; exit 1; }
deb=${debs[0]}
echo "package: $deb"
dpkg-deb --info "$deb"
# lintian refuses to be quiet as root; its findings are what counts.
lintian --fail-on error --display-info "$deb"

((install)) || exit 0
sudo=()
[[ $(id -u) == 0 ]] || sudo=(sudo)
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$deb"
test "$(command -v parceltool)" = /usr/bin/parceltool
parceltool --version

sample=$(mktemp -d)
trap 'rm -rf "$sample"' EXIT
cp -r "$top/samples/hello" "$sample/hello"
cmake -S "$sample/hello" -B "$sample/build" -G Ninja
cmake --build "$sample/build" --target parcel
parceltool validate --strict "$sample"/build/parcels/*.parcel
echo "samples/hello built against the installed package: OK"
