# Runs `parceltool csd build` for parcel_add_csd (modules/ParcelCsd.cmake) and
# reports its diagnostics against the user's templates instead of the
# configured copies in the build folder:
#   cmake -DPARCELTOOL=<exe> -DPARCEL_CSD_COPIES=<copy>;... -DPARCEL_CSD_TEMPLATES=<template>;...
#         -P ParcelCsdBuild.cmake -- <csd build arguments>...
# configure_file(@ONLY) replaces each @VAR@ in place, so a line of the copy is
# the same line of the template when no value holds a newline; parcel_add_csd
# passes only the pairs for which that holds (it checks the line counts).
cmake_minimum_required(VERSION 3.21)

set(arguments "")
set(after_separator FALSE)
math(EXPR last "${CMAKE_ARGC} - 1")
foreach(i RANGE 1 ${last})
  if(after_separator)
    list(APPEND arguments "${CMAKE_ARGV${i}}")
  elseif(CMAKE_ARGV${i} STREQUAL "--")
    set(after_separator TRUE)
  endif()
endforeach()

execute_process(COMMAND "${PARCELTOOL}" csd build ${arguments}
  RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE errors)
foreach(copy template IN ZIP_LISTS PARCEL_CSD_COPIES PARCEL_CSD_TEMPLATES)
  string(REPLACE "${copy}" "${template}" output "${output}")
  string(REPLACE "${copy}" "${template}" errors "${errors}")
endforeach()
if(NOT output STREQUAL "")
  execute_process(COMMAND "${CMAKE_COMMAND}" -E echo_append "${output}")
endif()
if(NOT errors STREQUAL "")
  message(NOTICE "${errors}")
endif()
if(NOT result EQUAL 0)
  message(FATAL_ERROR "parcel_add_csd: 'parceltool csd build' failed (${result})")
endif()
