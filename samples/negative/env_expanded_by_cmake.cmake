# ${PARCELS_ROOT} and ${PARCEL_DIRNAME} unescaped: CMake replaces them with nothing.
parcel_add(app NAME APP VERSION 1.0 DISTROS el7 ENV "APP_HOME=${PARCELS_ROOT}/${PARCEL_DIRNAME}")
