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

    parcel_add_test(<parcel-target> NAME <test> COMMAND <command> [<arg>...]
      [DISTRO <distro>] [IGNORE_DEPENDS])

  Registers the CTest test ``<test>``. Each run starts from a fresh host root
  ``<current binary dir>/parcel-tests/<test>``, then runs
  ``parceltool host distribute`` on the parcel of ``<distro>`` (default: the
  first of the target's ``DISTROS``), ``host activate`` and
  ``host exec <NAME> -- <command> <arg>...``. The test passes when every step
  succeeds and ``<command>`` exits with 0; the usual test properties
  (``WILL_FAIL``, ``PASS_REGULAR_EXPRESSION``, ``ENVIRONMENT``...) apply to the
  command. ``<command>`` sees ``PARCELS_ROOT``, ``PARCEL_DIRNAME`` and what the
  env scripts of the active parcel export. ``IGNORE_DEPENDS`` activates even
  when the parcel's ``depends`` are not met on the empty host (conflicts are
  still refused). Arguments may not contain ``;``.

  The test does not build the parcel: build it first
  (``cmake --build <dir> --target parcel``); a missing parcel fails the test
  with a message saying so. The root is left in place after the run for
  inspection.
#]=======================================================================]
include_guard(GLOBAL)

# In script mode this file is the test runner:
#   cmake -DPARCELTOOL=<exe> -DPARCEL_FILE=<file> -DPARCEL_NAME=<n> -DPARCEL_VERSION=<v>
#         -DROOT=<dir> [-DIGNORE_DEPENDS=ON] -P ParcelTest.cmake -- <command> <arg>...
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
  if(NOT EXISTS "${PARCEL_FILE}")
    message(FATAL_ERROR "parcel_add_test: '${PARCEL_FILE}' does not exist; "
      "build it first (cmake --build <dir> --target parcel)")
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
    execute_process(COMMAND "${PARCELTOOL}" host --root "${ROOT}" ${arguments} RESULT_VARIABLE result)
    if(NOT result EQUAL 0)
      message(FATAL_ERROR "parcel_add_test: 'parceltool host ${step}' failed (${result})")
    endif()
  endforeach()
  execute_process(COMMAND "${PARCELTOOL}" host --root "${ROOT}" exec "${PARCEL_NAME}" -- ${command}
    RESULT_VARIABLE result)
  if(NOT result EQUAL 0)
    string(REPLACE ";" " " shown "${command}")
    message(FATAL_ERROR "parcel_add_test: '${shown}' exited with ${result}")
  endif()
  return()
endif()

function(parcel_add_test target)
  cmake_parse_arguments(PARSE_ARGV 1 arg "IGNORE_DEPENDS" "NAME;DISTRO" "COMMAND")
  _parcel_check_parsed(parcel_add_test ${target} arg REQUIRED NAME COMMAND)
  _parcel_check_is_parcel(parcel_add_test ${target})
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
      -P "${CMAKE_CURRENT_FUNCTION_LIST_FILE}" -- ${arg_COMMAND})
endfunction()
