# modules/Internal/ParcelRulesGenerated.cmake is what
# `parceltool check-value --export-cmake` prints now. When this fails, the C++
# rules changed: regenerate the file with
#   <build>/cpack-generator/parceltool check-value --export-cmake \
#     > modules/Internal/ParcelRulesGenerated.cmake
#   cmake -DSOURCE_DIR=<checkout> -DPARCEL_TOOL=<exe> -DWORK_DIR=<dir> -P RulesGenerated.cmake
cmake_minimum_required(VERSION 3.21)

set(committed "${SOURCE_DIR}/modules/Internal/ParcelRulesGenerated.cmake")
file(MAKE_DIRECTORY "${WORK_DIR}")
execute_process(COMMAND "${PARCEL_TOOL}" check-value --export-cmake
  OUTPUT_FILE "${WORK_DIR}/ParcelRulesGenerated.cmake" RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "parceltool check-value --export-cmake failed (${result})")
endif()
execute_process(COMMAND "${CMAKE_COMMAND}" -E compare_files "${committed}"
  "${WORK_DIR}/ParcelRulesGenerated.cmake" RESULT_VARIABLE different)
if(different)
  message(FATAL_ERROR "${committed} is stale: regenerate it with\n"
    "  ${PARCEL_TOOL} check-value --export-cmake > ${committed}")
endif()
message(STATUS "ParcelRulesGenerated.cmake is up to date")
