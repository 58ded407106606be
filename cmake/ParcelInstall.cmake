# Install rules for parceltool, the modules and the package config, so that
# another project finds all of it with find_package(Parcel <major>) through
# CMAKE_PREFIX_PATH. Included by the top-level CMakeLists.txt after
# add_subdirectory(cpack-generator), which defines the parceltool target.
#
# Layout below the prefix:
#   bin/parceltool
#   lib/cmake/Parcel/ParcelConfig.cmake, ParcelConfigVersion.cmake,
#                    ParcelTargets.cmake (imported target parcel::tool),
#                    Parcel.cmake, Internal/*.cmake
# Every rule has COMPONENT cmake-parcel. When a project that contains
# cmake-parcel (FetchContent, add_subdirectory, with PARCEL_INSTALL ON) stages
# a parcel, the first rule below ends this directory's install script, so none
# of these files reaches the parcel (modules/Internal/ParcelInstallRun.cmake
# sets PARCEL_STAGING_EXCLUDE_COMPONENTS).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

# (No IN_LIST: the install script runs with CMake's oldest policies.)
install(CODE [[
if(PARCEL_STAGING_EXCLUDE_COMPONENTS MATCHES "(^|;)cmake-parcel(;|$)")
  return()
endif()
]] COMPONENT cmake-parcel)

set(_parcel_package_dir "${CMAKE_INSTALL_LIBDIR}/cmake/Parcel")

# The exported name becomes parcel::tool, the same name as the in-tree ALIAS.
set_target_properties(parceltool PROPERTIES EXPORT_NAME tool)
install(TARGETS parceltool EXPORT ParcelTargets
  RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}" COMPONENT cmake-parcel)
install(EXPORT ParcelTargets
  NAMESPACE parcel::
  DESTINATION "${_parcel_package_dir}"
  COMPONENT cmake-parcel)

install(DIRECTORY "${PROJECT_SOURCE_DIR}/modules/"
  DESTINATION "${_parcel_package_dir}"
  COMPONENT cmake-parcel
  FILES_MATCHING PATTERN "Parcel*.cmake" PATTERN "Internal" EXCLUDE)
install(DIRECTORY "${PROJECT_SOURCE_DIR}/modules/Internal/"
  DESTINATION "${_parcel_package_dir}/Internal"
  COMPONENT cmake-parcel
  FILES_MATCHING PATTERN "*.cmake")

configure_package_config_file(
  "${CMAKE_CURRENT_LIST_DIR}/ParcelConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/ParcelConfig.cmake"
  INSTALL_DESTINATION "${_parcel_package_dir}"
  NO_SET_AND_CHECK_MACRO
  NO_CHECK_REQUIRED_COMPONENTS_MACRO)
# Not ARCH_INDEPENDENT: the package ships the parceltool binary.
write_basic_package_version_file(
  "${PROJECT_BINARY_DIR}/ParcelConfigVersion.cmake"
  VERSION "${PROJECT_VERSION}"
  COMPATIBILITY SameMajorVersion)
install(FILES
  "${PROJECT_BINARY_DIR}/ParcelConfig.cmake"
  "${PROJECT_BINARY_DIR}/ParcelConfigVersion.cmake"
  DESTINATION "${_parcel_package_dir}"
  COMPONENT cmake-parcel)
unset(_parcel_package_dir)
include(ParcelPackaging)
