#[=======================================================================[.rst:
ParcelTest
----------

Test a parcel, not just its binaries: ``ctest`` distributes and activates the
parcel on an emulated host (``parceltool host``, docs/host.md) and runs a
command the way a process managed by Cloudera Manager runs.

.. code-block:: cmake

  enable_testing()                     # in the top-level CMakeLists.txt
  parcel_add(hello_parcel NAME HELLO VERSION 1.0.0 DISTROS el7 ...
    ENV "HELLO_HOME=\${PARCELS_ROOT}/\${PARCEL_DIRNAME}"
        [=[PATH=${PARCELS_ROOT}/${PARCEL_DIRNAME}/bin:$PATH]=])
  parcel_add_test(hello_parcel NAME hello.runs
    COMMAND sh -c [=[test "$(hello)" = "Hello" && test -n "$HELLO_HOME"]=])

Like Cloudera Manager, the emulated host puts nothing of a parcel on
``PATH``: ``COMMAND hello`` finds ``bin/hello`` only because the parcel's
``ENV`` adds it (or run it by its path, or link it with
``parcel_add_alternative``). A command that is not found exits with 127, and
the test's failure says what to add. Without ``enable_testing()`` (or
``include(CTest)``) ctest finds no test: ``parcel_add_test`` warns at
configure time.

.. command:: parcel_add_test

  ::

    parcel_add_test(<parcel-target> NAME <test>
      {COMMAND <command> [<arg>...] |
       CSD <csd-target> ROLE <role> [CONFIG <name>=<value>...] [ARGS <arg>...]}
      [DISTRO <distro>] [IGNORE_DEPENDS] [AUDIT <bool>])

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
  (conflicts are still refused). Before it distributes, the test runs
  ``parceltool validate --audit`` on the parcel and fails on an error-level
  finding (``docs/audit.md``), as an operator vetting the parcel would;
  ``AUDIT OFF`` skips that. Arguments may not contain ``;``. A role
  whose program ``exec``\ s a daemon runs until it ends: give it ``ARGS`` or a
  ``CONFIG`` that make it check and exit.

  The test does not build the parcel or the jar: build them first
  (``cmake --build <dir> --target parcel``); a missing file fails the test
  with a message saying so. The root is left in place after the run for
  inspection.
#]=======================================================================]
include_guard(GLOBAL)

# parcel_add_test tests what parcel_add declares.
include("${CMAKE_CURRENT_LIST_DIR}/Parcel.cmake")

function(parcel_add_test target)
  _parcel_parse_arguments(parcel_add_test 1)
  _parcel_check_parsed(parcel_add_test ${target} arg REQUIRED NAME)
  _parcel_check_is_parcel(parcel_add_test ${target})
  set(csd_file "")
  if(DEFINED arg_CSD OR DEFINED arg_ROLE)
    if(DEFINED arg_COMMAND OR NOT DEFINED arg_CSD OR NOT DEFINED arg_ROLE)
      _parcel_fail(parcel_add_test ${target} CSD "${arg_CSD}" "needs ROLE, and excludes COMMAND")
    endif()
    if(DEFINED arg_CSD AND NOT TARGET ${arg_CSD})
      _parcel_fail(parcel_add_test ${target} CSD "${arg_CSD}" "is not a target")
    elseif(DEFINED arg_CSD)
      get_target_property(csd_file ${arg_CSD} PARCEL_CSD_FILE)
    endif()
    if(DEFINED arg_CSD AND TARGET ${arg_CSD} AND NOT csd_file)
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
    _parcel_problem(parcel_add_test ${target} "COMMAND is required (or CSD and ROLE)")
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
      _parcel_problem(parcel_add_test ${target} "DISTRO '${arg_DISTRO}' is not one of \
the parcel's distros '${distros}'")
    endif()
  endif()
  _parcel_report_problems(parcel_add_test ${target})
  list(GET files ${index} file)
  list(GET distros ${index} distro)
  set(ignore OFF)
  if(arg_IGNORE_DEPENDS)
    set(ignore ON)
  endif()
  set(audit ON)
  if(DEFINED arg_AUDIT AND NOT arg_AUDIT)
    set(audit OFF)
  endif()
  add_test(NAME "${arg_NAME}"
    COMMAND "${CMAKE_COMMAND}"
      "-DPARCELTOOL=$<TARGET_FILE:parcel::tool>"
      "-DPARCEL_FILE=${file}"
      "-DPARCEL_NAME=${name}"
      "-DPARCEL_VERSION=${version}"
      "-DROOT=${CMAKE_CURRENT_BINARY_DIR}/parcel-tests/${arg_NAME}"
      "-DIGNORE_DEPENDS=${ignore}"
      "-DAUDIT=${audit}"
      "-DPARCEL_TARGET=${target}"
      "-DHOST_DISTRO=${distro}"
      "-DCSD_FILE=${csd_file}"
      -P "${CMAKE_CURRENT_FUNCTION_LIST_DIR}/Internal/ParcelTestRun.cmake" -- ${arg_COMMAND})
  # At the end of this directory: was testing enabled here or above?
  cmake_language(EVAL CODE "cmake_language(DEFER CALL _parcel_test_check_enabled \
[==[${target}]==] [==[${arg_NAME}]==])")
endfunction()

# Without enable_testing() (or include(CTest)) in this directory or above,
# add_test() registers nothing that ctest finds, without a word. enable_testing()
# defines CMAKE_TESTING_ENABLED in its directory. BUILD_TESTING OFF (CTest's
# switch) is a deliberate choice and stays silent.
function(_parcel_test_check_enabled target test)
  if(NOT CMAKE_TESTING_ENABLED AND (NOT DEFINED BUILD_TESTING OR BUILD_TESTING))
    message(WARNING "parcel_add_test(${target}): testing is not enabled, so ctest will not "
      "find the test \"${test}\": add enable_testing() (or include(CTest)) to the top-level "
      "CMakeLists.txt, before the add_subdirectory() that declares the test")
  endif()
endfunction()
