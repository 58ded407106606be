# Configures, builds (--target parcel) and tests the project/ of this folder:
# every parcel_add_test() there must give the expected result, and the test
# roots must show what the tests did.
#   cmake -DSOURCE_DIR= -DBINARY_DIR= -DPARCEL_MODULE_DIR= -DPARCELTOOL= -DGENERATOR= -P run_project.cmake
cmake_minimum_required(VERSION 3.21)

function(run_checked)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
  if(NOT result EQUAL 0)
    string(REPLACE ";" " " command "${ARGN}")
    message(FATAL_ERROR "failed (${result}): ${command}\n${output}")
  endif()
  set(output "${output}" PARENT_SCOPE)
endfunction()

file(REMOVE_RECURSE "${BINARY_DIR}")
run_checked("${CMAKE_COMMAND}" -S "${SOURCE_DIR}" -B "${BINARY_DIR}" -G "${GENERATOR}"
  "-DPARCEL_MODULE_DIR=${PARCEL_MODULE_DIR}" "-DPARCEL_TOOL=${PARCELTOOL}")
run_checked("${CMAKE_COMMAND}" --build "${BINARY_DIR}" --target parcel)
run_checked("${CMAKE_CTEST_COMMAND}" --test-dir "${BINARY_DIR}" --output-on-failure)
foreach(test IN ITEMS greet.env greet.args greet.fails plugin.ignore_depends plugin.depends_refused
    role.default role.config role.tag_missing)
  if(NOT output MATCHES "Test +#[0-9]+: ${test} [.]+ +Passed")
    message(FATAL_ERROR "test ${test} did not pass:\n${output}")
  endif()
endforeach()
if(NOT output MATCHES "100% tests passed, 0 tests failed out of 8")
  message(FATAL_ERROR "unexpected ctest summary:\n${output}")
endif()

# The el9 parcel was the one distributed, and it is active with its alternative.
set(root "${BINARY_DIR}/parcel-tests/greet.env")
file(READ "${root}/state.json" state)
string(JSON file GET "${state}" parcels 0 file)
string(JSON active GET "${state}" products GREET active)
if(NOT file STREQUAL "GREET-2.5-el9.parcel" OR NOT active STREQUAL "2.5")
  message(FATAL_ERROR "greet.env root: file '${file}', active '${active}'")
endif()
file(READ "${root}/usr/bin/greet" greet)
if(NOT greet STREQUAL "#!/bin/sh\necho \"$GREETING\"\n")
  message(FATAL_ERROR "the alternative /usr/bin/greet shows:\n${greet}")
endif()
# The refused activation left the plugin distributed but not active.
file(READ "${BINARY_DIR}/parcel-tests/plugin.depends_refused/state.json" state)
string(JSON active GET "${state}" products GREETPLUGIN active)
if(NOT active STREQUAL "")
  message(FATAL_ERROR "GREETPLUGIN is active after a refused activation: '${active}'")
endif()

# The role ran in a process folder of its host, with the configured port.
file(GLOB processes "${BINARY_DIR}/parcel-tests/role.config/process/*")
if(NOT processes MATCHES "/1-echosrv-ECHOSRV_SERVER$")
  message(FATAL_ERROR "role.config process folders: '${processes}'")
endif()
file(READ "${processes}/echo.properties" properties)
if(NOT properties STREQUAL "echo.port=9191\n")
  message(FATAL_ERROR "role.config echo.properties:\n${properties}")
endif()
# The host of each test has the OS of the parcel tested.
file(READ "${BINARY_DIR}/parcel-tests/greet.env/state.json" state)
string(JSON distro GET "${state}" distro)
if(NOT distro STREQUAL "el9")
  message(FATAL_ERROR "greet.env host OS: '${distro}'")
endif()
