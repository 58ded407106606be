#!/bin/bash
# build_parcel.sh: builds HELLO-1.0.0 for el7 and el8 by hand, with its
# repository files and its CSD, the way many projects still do.
set -e
NAME=HELLO
VERSION=1.0.0
DISTROS="el7 el8"
CM_EXT=${CM_EXT:-$HOME/cm_ext}      # a clone of Cloudera's cm_ext, for make_manifest.py
TOP=$NAME-$VERSION

rm -rf stage out
mkdir -p stage/$TOP/bin stage/$TOP/etc/hello stage/$TOP/meta out/repo

# 1. the payload
cp hello.sh stage/$TOP/bin/hello
chmod 755 stage/$TOP/bin/hello
cp hello.conf stage/$TOP/etc/hello/

# 2. the metadata, written by hand
cat > stage/$TOP/meta/parcel.json <<JSON
{
  "schema_version": 1,
  "name": "$NAME",
  "version": "$VERSION",
  "provides": ["hello"],
  "setActiveSymlink": true,
  "scripts": {"defines": "hello_env.sh"},
  "packages": [],
  "components": [{"name": "hello", "version": "$VERSION", "pkg_version": "$VERSION"}],
  "users": {},
  "groups": []
}
JSON
echo 'export HELLO_HOME="${PARCELS_ROOT}/${PARCEL_DIRNAME}"' > stage/$TOP/meta/hello_env.sh
cat > stage/$TOP/meta/alternatives.json <<JSON
{"hello": {"destination": "/usr/bin/hello", "source": "bin/hello", "priority": 10, "isDirectory": false}}
JSON

# 3. one tarball per distro, each with its .sha
for distro in $DISTROS; do
  tar czf out/repo/$TOP-$distro.parcel -C stage $TOP
  sha1sum out/repo/$TOP-$distro.parcel | cut -d' ' -f1 > out/repo/$TOP-$distro.parcel.sha
done

# 4. the repository's manifest.json
python3 "$CM_EXT/make_manifest/make_manifest.py" out/repo

# 5. the CSD jar
mkdir -p stage/csd/descriptor
sed "s/@PARCEL_CSD_VERSION@/$VERSION/" csd/service.sdl > stage/csd/descriptor/service.sdl
cp -r csd/scripts stage/csd/
jar cf out/$NAME-$VERSION.jar -C stage/csd .
