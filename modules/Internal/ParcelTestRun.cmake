# The test runner of parcel_add_test (modules/ParcelTest.cmake), run by ctest:
#   cmake -DPARCELTOOL=<exe> -DPARCEL_FILE=<file> -DPARCEL_NAME=<n> -DPARCEL_VERSION=<v>
#         -DROOT=<dir> -DHOST_DISTRO=<d> [-DIGNORE_DEPENDS=ON] [-DCSD_FILE=<jar>]
#         [-DAUDIT=ON -DPARCEL_TARGET=<target>]
#         -P ParcelTestRun.cmake -- <command> <arg>...
# With CSD_FILE, what follows "--" is run-role's: [--config N=V]... <jar> <role> [-- <arg>...].
cmake_minimum_required(VERSION 3.21)

set(command "")
set(after_separator FALSE)
math(EXPR last "${CMAKE_ARGC} - 1")
foreach(i RANGE 1 ${last})
  if(after_separator)
    list(APPEND command "${CMAKE_ARGV${i}}")
  elseif(CMAKE_ARGV${i} STREQUAL "--")
    set(after_separator TRUE)
  endif()
endforeach()
if(NOT command)
  message(FATAL_ERROR "ParcelTestRun.cmake: no command after '--'")
endif()
foreach(file IN ITEMS "${PARCEL_FILE}" "${CSD_FILE}")
  if(NOT file STREQUAL "" AND NOT EXISTS "${file}")
    message(FATAL_ERROR "parcel_add_test: '${file}' does not exist; "
      "build it first (cmake --build <dir> --target parcel)")
  endif()
endforeach()
if(AUDIT)
  set(PARCEL_FILES "${PARCEL_FILE}")
  set(PARCEL_REMOVE_ON_FAILURE "")
  include("${CMAKE_CURRENT_LIST_DIR}/ParcelAuditRun.cmake")
endif()
file(REMOVE_RECURSE "${ROOT}")
set(activate_options "")
if(IGNORE_DEPENDS)
  set(activate_options --ignore-depends)
endif()
foreach(step IN ITEMS distribute activate)
  if(step STREQUAL "distribute")
    set(arguments distribute "${PARCEL_FILE}")
  else()
    set(arguments activate ${activate_options} "${PARCEL_NAME}" "${PARCEL_VERSION}")
  endif()
  execute_process(COMMAND "${PARCELTOOL}" host --root "${ROOT}" --distro "${HOST_DISTRO}" ${arguments}
    RESULT_VARIABLE result)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "parcel_add_test: 'parceltool host ${step}' failed (${result})")
  endif()
endforeach()
if(CSD_FILE STREQUAL "")
  execute_process(COMMAND "${PARCELTOOL}" host --root "${ROOT}" exec "${PARCEL_NAME}" -- ${command}
    RESULT_VARIABLE result)
else()
  execute_process(COMMAND "${PARCELTOOL}" host --root "${ROOT}" run-role ${command} RESULT_VARIABLE result)
endif()
if(NOT result EQUAL 0)
  string(REPLACE ";" " " shown "${command}")
  set(hint "")
  if(result EQUAL 127 AND CSD_FILE STREQUAL "")
    # 127: the shell found no such command. Cloudera Manager puts nothing of a
    # parcel on PATH, and neither does the emulated host.
    list(GET command 0 program)
    set(hint "\n127 means that '${program}' was not found on PATH. A parcel's bin/ is \
not on PATH unless the parcel's env script puts it there: add \
ENV \"PATH=\${PARCELS_ROOT}/\${PARCEL_DIRNAME}/bin:\$PATH\" to parcel_add() (escaped \
as in docs/cmake.md), run it by its path (\$PARCELS_ROOT/\$PARCEL_DIRNAME/bin/${program}), \
or link it into the system with parcel_add_alternative()")
  endif()
  message(FATAL_ERROR "parcel_add_test: '${shown}' exited with ${result}${hint}")
endif()
