#!/usr/bin/env bash
# Sets everything up on a fresh Debian 12 machine and builds the sample parcel:
# installs the Debian packages needed to build (scripts/debian-packages-build.txt:
# no test servers, no JDK), builds parceltool into ./build, then configures
# samples/hello against this checkout and builds its parcels with `--target parcel`.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build="$top/build"
sample="$build/samples/hello"

"$top/scripts/install-deps.sh"
cmake -S "$top" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG" -DPARCEL_BUILD_TESTS=OFF
cmake --build "$build" --target parceltool
parceltool="$build/cpack-generator/parceltool"

cmake -S "$top/samples/hello" -B "$sample" -G Ninja \
  -DPARCEL_SOURCE_DIR="$top" -DPARCEL_TOOL="$parceltool"
cmake --build "$sample" --target parcel

echo
echo "Built with cmake --build $sample --target parcel:"
ls -1 "$sample"/parcels/*.parcel "$sample"/parcels/*.sha
"$parceltool" validate --strict "$sample"/parcels/*.parcel
