# find_package(Parcel) checks the version of the installed package
# (SameMajorVersion): a project asking for the next major version must fail
# to configure, with CMake's message naming the version that was found.
#   cmake -DPREFIX=<install prefix> -DWORK_DIR=<dir> -DGENERATOR=<g>
#         -DFOUND_VERSION=<x.y.z> -P VersionCheck.cmake
cmake_minimum_required(VERSION 3.21)

string(REGEX MATCH "^[0-9]+" major "${FOUND_VERSION}")
math(EXPR next "${major} + 1")
file(REMOVE_RECURSE "${WORK_DIR}")
file(WRITE "${WORK_DIR}/src/CMakeLists.txt" "cmake_minimum_required(VERSION 3.21)
project(version_check NONE)
find_package(Parcel ${next} REQUIRED)
")
execute_process(COMMAND "${CMAKE_COMMAND}" -S "${WORK_DIR}/src" -B "${WORK_DIR}/build"
    -G "${GENERATOR}" "-DCMAKE_PREFIX_PATH=${PREFIX}"
  RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
string(REGEX REPLACE "[ \t\r\n]+" " " folded "${output}")
string(REPLACE "." "\\." found "${FOUND_VERSION}")
set(expected "compatible with requested version \"${next}\"\\. .*ParcelConfig\\.cmake, version: ${found}")
if(result EQUAL 0 OR NOT folded MATCHES "${expected}")
  message(FATAL_ERROR "find_package(Parcel ${next}) against ${FOUND_VERSION}: exit code "
    "${result}, expected a failure matching: ${expected}\n--- output ---\n${output}")
endif()
message(STATUS "find_package(Parcel ${next}) refused version ${FOUND_VERSION}, as it must")
