# Parcels from RPM and DEB packages: the readers (librpm; libarchive for DEBs),
# the deb822 control parser, relocation, and the mapping to a payload. The
# filelist.json model (src/model/filelist.cpp) is listed here, beside its only writer.
find_package(PkgConfig REQUIRED)
pkg_check_modules(RPM REQUIRED IMPORTED_TARGET GLOBAL rpm)
target_link_libraries(parcel_core PRIVATE PkgConfig::RPM)
target_sources(parcel_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/deb822.cpp
  ${CMAKE_CURRENT_LIST_DIR}/deb_reader.cpp
  ${CMAKE_CURRENT_LIST_DIR}/package_contents.cpp
  ${CMAKE_CURRENT_LIST_DIR}/package_payload.cpp
  ${CMAKE_CURRENT_LIST_DIR}/relocation.cpp
  ${CMAKE_CURRENT_LIST_DIR}/rpm_reader.cpp
  ${CMAKE_CURRENT_LIST_DIR}/../model/filelist.cpp
)
