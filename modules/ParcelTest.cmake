#[=======================================================================[.rst:
ParcelTest
----------

Test a parcel, not just its binaries: ``ctest`` distributes and activates the
parcel on an emulated host (``parceltool host``, docs/host.md) and runs a
command the way a process managed by Cloudera Manager runs.

.. code-block:: cmake

  parcel_add(hello_parcel NAME HELLO VERSION 1.0.0 DISTROS el7 ...)
  parcel_add_test(hello_parcel NAME hello.runs
    COMMAND sh -c [=[test "$(hello)" = "Hello" && test -n "$HELLO_HOME"]=])

.. command:: parcel_add_test

  ::

    parcel_add_test(<parcel-target> NAME <test>
      {COMMAND <command> [<arg>...] |
       CSD <csd-target> ROLE <role> [CONFIG <name>=<value>...] [ARGS <arg>...]}
      [DISTRO <distro>] [IGNORE_DEPENDS])

  Registers the CTest test ``<test>``. Each run starts from a fresh host root
  ``<current binary dir>/parcel-tests/<test>`` whose OS is ``<distro>``
  (``host --distro``), then runs ``parceltool host distribute`` on the parcel
  of ``<distro>`` (default: the first of the target's ``DISTROS``),
  ``host activate``, and then either
  ``host exec <NAME> -- <command> <arg>...`` or, with ``CSD``,
  ``host run-role --config <name>=<value>... <jar> <role> -- <arg>...``: the
  role ``<role>`` of the CSD built by ``<csd-target>`` (``parcel_add_csd()``
  in the same project) starts as Cloudera Manager's agent starts it, with only
  the parcels matching the CSD's tags sourced. The test passes when every step
  succeeds and the command or the role's program exits with 0; the usual test
  properties (``WILL_FAIL``, ``PASS_REGULAR_EXPRESSION``, ``ENVIRONMENT``...)
  apply to it. ``<command>`` sees ``PARCELS_ROOT``, ``PARCEL_DIRNAME`` and
  what the env scripts of the active parcel export. ``IGNORE_DEPENDS``
  activates even when the parcel's ``depends`` are not met on the empty host
  (conflicts are still refused). Arguments may not contain ``;``. A role
  whose program ``exec``\ s a daemon runs until it ends: give it ``ARGS`` or a
  ``CONFIG`` that make it check and exit.

  The test does not build the parcel or the jar: build them first
  (``cmake --build <dir> --target parcel``); a missing file fails the test
  with a message saying so. The root is left in place after the run for
  inspection.
#]=======================================================================]
include_guard(GLOBAL)

# In script mode this file is the test runner:
#   cmake -DPARCELTOOL=<exe> -DPARCEL_FILE=<file> -DPARCEL_NAME=<n> -DPARCEL_VERSION=<v>
#         -DROOT=<dir> -DHOST_DISTRO=<d> [-DIGNORE_DEPENDS=ON] [-DCSD_FILE=<jar>]
#         -P ParcelTest.cmake -- <command> <arg>...
# With CSD_FILE, what follows "--" is run-role's: [--config N=V]... <jar> <role> [-- <arg>...].
if(CMAKE_SCRIPT_MODE_FILE STREQUAL CMAKE_CURRENT_LIST_FILE)
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
    message(FATAL_ERROR "ParcelTest.cmake: no command after '--'")
  endif()
  foreach(file IN ITEMS "${PARCEL_FILE}" "${CSD_FILE}")
    if(NOT file STREQUAL "" AND NOT EXISTS "${file}")
      message(FATAL_ERROR "parcel_add_test: '${file}' does not exist; "
        "build it first (cmake --build <dir> --target parcel)")
    endif()
  endforeach()
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
    message(FATAL_ERROR "parcel_add_test: '${shown}' exited with ${result}")
  endif()
  return()
endif()

function(parcel_add_test target)
  cmake_parse_arguments(PARSE_ARGV 1 arg "IGNORE_DEPENDS" "NAME;DISTRO;CSD;ROLE" "COMMAND;CONFIG;ARGS")
  _parcel_check_parsed(parcel_add_test ${target} arg REQUIRED NAME)
  _parcel_check_is_parcel(parcel_add_test ${target})
  set(csd_file "")
  if(DEFINED arg_CSD OR DEFINED arg_ROLE)
    if(DEFINED arg_COMMAND OR NOT DEFINED arg_CSD OR NOT DEFINED arg_ROLE)
      _parcel_fail(parcel_add_test ${target} CSD "${arg_CSD}" "needs ROLE, and excludes COMMAND")
    endif()
    if(NOT TARGET ${arg_CSD})
      _parcel_fail(parcel_add_test ${target} CSD "${arg_CSD}" "is not a target")
    endif()
    get_target_property(csd_file ${arg_CSD} PARCEL_CSD_FILE)
    if(NOT csd_file)
      _parcel_fail(parcel_add_test ${target} CSD "${arg_CSD}" "is not a target created by parcel_add_csd()")
    endif()
    set(arg_COMMAND "")
    foreach(item IN LISTS arg_CONFIG)
      list(APPEND arg_COMMAND --config "${item}")
    endforeach()
    list(APPEND arg_COMMAND "${csd_file}" "${arg_ROLE}")
    if(DEFINED arg_ARGS)
      list(APPEND arg_COMMAND -- ${arg_ARGS})
    endif()
  elseif(NOT DEFINED arg_COMMAND)
    message(FATAL_ERROR "parcel_add_test(${target}): COMMAND is required (or CSD and ROLE)")
  elseif(DEFINED arg_CONFIG OR DEFINED arg_ARGS)
    _parcel_fail(parcel_add_test ${target} CONFIG "${arg_CONFIG}${arg_ARGS}" "CONFIG and ARGS go with CSD and ROLE")
  endif()
  get_target_property(files ${target} PARCEL_FILES)
  get_target_property(distros ${target} PARCEL_DISTROS)
  get_target_property(name ${target} PARCEL_NAME)
  get_target_property(version ${target} PARCEL_VERSION)
  set(index 0)
  if(DEFINED arg_DISTRO)
    list(FIND distros "${arg_DISTRO}" index)
    if(index EQUAL -1)
      message(FATAL_ERROR "parcel_add_test(${target}): DISTRO '${arg_DISTRO}' is not one of "
        "the parcel's distros '${distros}'")
    endif()
  endif()
  list(GET files ${index} file)
  list(GET distros ${index} distro)
  set(ignore OFF)
  if(arg_IGNORE_DEPENDS)
    set(ignore ON)
  endif()
  add_test(NAME "${arg_NAME}"
    COMMAND "${CMAKE_COMMAND}"
      "-DPARCELTOOL=$<TARGET_FILE:parcel::tool>"
      "-DPARCEL_FILE=${file}"
      "-DPARCEL_NAME=${name}"
      "-DPARCEL_VERSION=${version}"
      "-DROOT=${CMAKE_CURRENT_BINARY_DIR}/parcel-tests/${arg_NAME}"
      "-DIGNORE_DEPENDS=${ignore}"
      "-DHOST_DISTRO=${distro}"
      "-DCSD_FILE=${csd_file}"
      -P "${CMAKE_CURRENT_FUNCTION_LIST_FILE}" -- ${arg_COMMAND})
endfunction()
