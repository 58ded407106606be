# The distro table is defined once in C++ (cpack-generator/src/rules/distros.cpp) and
# mirrored in modules/Parcel.cmake for the configure-time warning. This test
# keeps the two in agreement: same suffixes, same order, and parceltool warns
# about none of the module's suffixes but does about one outside the table.
#   cmake -DSOURCE_DIR=<checkout> -DPARCEL_TOOL=<exe> -DWORK_DIR=<dir> -P DistrosAgree.cmake
cmake_minimum_required(VERSION 3.21)

include("${SOURCE_DIR}/modules/Parcel.cmake")
_parcel_known_distros(cmake_distros)

file(STRINGS "${SOURCE_DIR}/cpack-generator/src/rules/distros.cpp" lines
  REGEX "^ *\\{\"[a-z0-9._]+\", \"")
set(cpp_distros "")
foreach(line IN LISTS lines)
  string(REGEX REPLACE "^ *\\{\"([a-z0-9._]+)\".*" "\\1" suffix "${line}")
  list(APPEND cpp_distros "${suffix}")
endforeach()
if(NOT cmake_distros STREQUAL cpp_distros)
  message(FATAL_ERROR "distro tables differ:\n  Parcel.cmake: ${cmake_distros}\n"
    "  distros.cpp:  ${cpp_distros}")
endif()

file(REMOVE_RECURSE "${WORK_DIR}")
file(WRITE "${WORK_DIR}/input/bin/tool" "#!/bin/sh\n")
set(arguments build --input "${WORK_DIR}/input" --name DISTROS --version 1.0
  --output-dir "${WORK_DIR}/out")
foreach(distro IN LISTS cmake_distros ITEMS zz9)
  list(APPEND arguments --distro ${distro})
endforeach()
execute_process(COMMAND "${PARCEL_TOOL}" ${arguments}
  RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE errors)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "parceltool build failed (${result}):\n${errors}")
endif()
string(REGEX MATCHALL "\"[a-z0-9._]+\" does not appear to be a distro" warned "${errors}")
if(NOT warned STREQUAL "\"zz9\" does not appear to be a distro")
  message(FATAL_ERROR "expected exactly one unknown-distro warning, for zz9; got:\n${errors}")
endif()
list(LENGTH cmake_distros count)
message(STATUS "${count} distros agree between Parcel.cmake and parceltool")
