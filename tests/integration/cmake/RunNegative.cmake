# Configures samples/negative with one case and checks the outcome, in the
# style of CMake's RunCMake: the exit code must equal <case>-result.txt (1 when
# absent) and the output, with white space runs folded to one space (CMake
# wraps long messages), must match the regular expression in <case>-stderr.txt.
# When <case>-step.txt says "cpack" (or "build"), the configure step must pass
# and the checks apply to `cpack -G External` (or `cmake --build --target
# parcel`) run in the configured build instead; "ctest" builds the parcels and
# checks what ctest says.
# EXPECTED names the case whose -result.txt and -stderr.txt apply, when it is
# not <case> itself (tests/integration/cmake/rule_cases: one expectation for
# <case>-tool and <case>-tables).
#   cmake -DCASE=<case> -DNEGATIVE_DIR=<samples/negative> -DWORK_DIR=<dir>
#         -DGENERATOR=<g> [-DMAKE_PROGRAM=<p>] -DPARCEL_SOURCE_DIR=<checkout>
#         -DPARCEL_TOOL=<exe> [-DEXPECTED=<case>] -P RunNegative.cmake
cmake_minimum_required(VERSION 3.21)

if(NOT DEFINED EXPECTED)
  set(EXPECTED "${CASE}")
endif()
set(expected_result 1)
if(EXISTS "${NEGATIVE_DIR}/${EXPECTED}-result.txt")
  file(STRINGS "${NEGATIVE_DIR}/${EXPECTED}-result.txt" expected_result LIMIT_COUNT 1)
endif()
file(READ "${NEGATIVE_DIR}/${EXPECTED}-stderr.txt" expected_stderr)
string(STRIP "${expected_stderr}" expected_stderr)

file(REMOVE_RECURSE "${WORK_DIR}")
set(arguments -S "${NEGATIVE_DIR}" -B "${WORK_DIR}" -G "${GENERATOR}"
  "-DPARCEL_CASE=${CASE}" "-DPARCEL_SOURCE_DIR=${PARCEL_SOURCE_DIR}"
  "-DPARCEL_TOOL=${PARCEL_TOOL}")
if(MAKE_PROGRAM)
  list(APPEND arguments "-DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM}")
endif()
execute_process(COMMAND "${CMAKE_COMMAND}" ${arguments}
  RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
set(step configure)
if(EXISTS "${NEGATIVE_DIR}/${CASE}-step.txt")
  file(STRINGS "${NEGATIVE_DIR}/${CASE}-step.txt" step LIMIT_COUNT 1)
endif()
if(step STREQUAL "cpack")
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "negative case ${CASE}: configure failed (${result}), cpack never \
ran:\n${output}")
  endif()
  execute_process(COMMAND "${CMAKE_CPACK_COMMAND}" -G External -B "${WORK_DIR}/packages"
    WORKING_DIRECTORY "${WORK_DIR}"
    RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
elseif(step STREQUAL "build" OR step STREQUAL "ctest")
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "negative case ${CASE}: configure failed (${result}), the build never \
ran:\n${output}")
  endif()
  execute_process(COMMAND "${CMAKE_COMMAND}" --build "${WORK_DIR}" --target parcel
    RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
  if(step STREQUAL "ctest")
    if(NOT result EQUAL 0)
      message(FATAL_ERROR "negative case ${CASE}: the build failed (${result}):\n${output}")
    endif()
    execute_process(COMMAND "${CMAKE_CTEST_COMMAND}" --output-on-failure
      WORKING_DIRECTORY "${WORK_DIR}"
      RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
  endif()
elseif(NOT step STREQUAL "configure")
  message(FATAL_ERROR "negative case ${CASE}: unknown step \"${step}\" in ${CASE}-step.txt")
endif()
string(REGEX REPLACE "[ \t\r\n]+" " " folded "${output}")

set(problems "")
if(NOT result STREQUAL expected_result)
  string(APPEND problems "exit code ${result}, expected ${expected_result}\n")
endif()
if(NOT folded MATCHES "${expected_stderr}")
  string(APPEND problems "output does not match: ${expected_stderr}\n")
endif()
if(problems)
  message(FATAL_ERROR "negative case ${CASE}:\n${problems}--- output ---\n${output}")
endif()
message(STATUS "negative case ${CASE} (${step}): exit code ${result}, output matched")
