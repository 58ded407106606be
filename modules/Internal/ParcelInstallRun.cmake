# Runs a project's install script (cmake_install.cmake) and writes the files
# this run installed to a private list. The install script's own
# install_manifest*.txt sits in the shared build directory, where the staging of
# another parcel running at the same time overwrites it.
#   cmake -DCMAKE_INSTALL_PREFIX=<stage> [-DCMAKE_INSTALL_COMPONENT=<c>] ...
#         -DPARCEL_INSTALL_SCRIPT=<build>/cmake_install.cmake
#         -DPARCEL_INSTALLED_LIST=<file> -P ParcelInstallRun.cmake
cmake_minimum_required(VERSION 3.21)

# cmake-parcel's own install rules (component cmake-parcel, present when a
# project builds cmake-parcel as a subproject) end their script early when
# they see this, so no file of the tool lands in a parcel.
set(PARCEL_STAGING_EXCLUDE_COMPONENTS cmake-parcel)

include("${PARCEL_INSTALL_SCRIPT}")
# file(INSTALL) appends every file it installs to CMAKE_INSTALL_MANIFEST_FILES
# in this scope (include() opens none), subdirectories' scripts included.
string(REPLACE ";" "\n" installed "${CMAKE_INSTALL_MANIFEST_FILES}")
file(WRITE "${PARCEL_INSTALLED_LIST}" "${installed}\n")
