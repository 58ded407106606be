# The "download": ML Server 9.2.1 for Hadoop came as a folder of RPMs that all
# install under /opt/microsoft/mlserver/<version>. This sample builds the same
# set from its stand-in sources with rpmbuild (Debian's rpm package), into
# ${CMAKE_BINARY_DIR}/download/rpm/, so that the parcel can be made from the
# packages exactly as generate_mlserver_parcel.sh made it.
find_program(RPMBUILD rpmbuild)
if(NOT RPMBUILD)
  message(FATAL_ERROR "mlserver: rpmbuild is needed to build the sample's RPMs (Debian: apt-get install rpm)")
endif()
set(MLSERVER_PREFIX "/opt/microsoft/mlserver/${MLSERVER_VERSION}")
set(MLSERVER_RPM_DIR "${CMAKE_BINARY_DIR}/download/rpm")

# mlserver_rpm(<name> VERSION <v> [SUMMARY <text>] [POST <shell>] [DEPENDS <target>...]
#              FILES [config:]<mode>|<source>|<path>...)
# One RPM whose files install as ${MLSERVER_PREFIX}/<path> (marked %config with
# "config:"); <source> may be a generator expression ($<TARGET_FILE:mlserver>)
# of a target named in DEPENDS. Appends the RPM to the PARCEL_PACKAGE_FILES of
# the target mlserver_rpms, which parcel_add(FROM_PACKAGES) reads.
function(mlserver_rpm name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "VERSION;SUMMARY;POST" "FILES;DEPENDS")
  set(install "")
  set(files "")
  set(sources "")
  foreach(item IN LISTS arg_FILES)
    string(REPLACE "|" ";" parts "${item}")
    list(GET parts 0 mode)
    list(GET parts 1 source)
    list(GET parts 2 path)
    set(attribute "")
    if(mode MATCHES "^config:(.*)")
      set(mode "${CMAKE_MATCH_1}")
      set(attribute "%config(noreplace) ")
    endif()
    string(APPEND install "install -D -m ${mode} '${source}' '%{buildroot}${MLSERVER_PREFIX}/${path}'\n")
    string(APPEND files "${attribute}${MLSERVER_PREFIX}/${path}\n")
    list(APPEND sources "${source}")
  endforeach()
  set(post "")
  if(DEFINED arg_POST)
    set(post "%post\n${arg_POST}\n")
  endif()
  set(spec "${CMAKE_BINARY_DIR}/download/specs/${name}.spec")
  # No stripping, no debuginfo, no automatic dependencies: the payload is the
  # bytes the install() rules install too, so cpack builds the same parcel.
  file(GENERATE OUTPUT "${spec}" CONTENT "\
%global __os_install_post %{nil}
%global debug_package %{nil}
%global _build_id_links none
Name: ${name}
Version: ${arg_VERSION}
Release: 1
Summary: ${arg_SUMMARY}
License: Apache-2.0
AutoReqProv: no
%description
${arg_SUMMARY} (a stand-in for the cmake-parcel sample)
%install
${install}${post}%files
${files}")
  set(rpm "${MLSERVER_RPM_DIR}/${name}.rpm")
  # One _topdir per package, made before rpmbuild runs: rpmbuilds that run in
  # parallel and share one race to create it ("failed to create directory
  # %{_topdir}: File exists"); cmake -E make_directory accepts an existing one.
  set(topdir "${CMAKE_BINARY_DIR}/download/rpmbuild/${name}")
  add_custom_command(OUTPUT "${rpm}"
    COMMAND "${CMAKE_COMMAND}" -E make_directory "${topdir}"
    COMMAND "${RPMBUILD}" --quiet -bb
      --define "_topdir ${topdir}"
      --define "_rpmdir ${MLSERVER_RPM_DIR}" --define "_rpmfilename ${name}.rpm"
      --define "_binary_payload w19.zstdio" "${spec}"
    DEPENDS "${spec}" ${sources} ${arg_DEPENDS}
    COMMENT "rpmbuild ${name}.rpm"
    VERBATIM)
  if(NOT TARGET mlserver_rpms)
    add_custom_target(mlserver_rpms)
  endif()
  add_custom_target(${name}_rpm DEPENDS "${rpm}")
  if(arg_DEPENDS)
    add_dependencies(${name}_rpm ${arg_DEPENDS})
  endif()
  add_dependencies(mlserver_rpms ${name}_rpm)
  set_property(TARGET mlserver_rpms APPEND PROPERTY PARCEL_PACKAGE_FILES "${rpm}")
endfunction()
