# Configures or builds one sample for the CTest integration tests (C19).
#   cmake -DSTEP=configure|build -DSAMPLE_SOURCE=<samples/x> -DWORK_DIR=<dir>
#         -DGENERATOR=<g> [-DMAKE_PROGRAM=<p>] [-DCXX_COMPILER=<c>]
#         [-DPARCEL_SOURCE_DIR=<checkout> -DPARCEL_TOOL=<exe>] [-DPREFIX=<dir>]
#         -P RunSample.cmake
# configure: copies the sample to <WORK_DIR>/src (the rebuild test edits the
# copy, never the checkout), then configures <WORK_DIR>/build from scratch
# either from this source tree (PARCEL_SOURCE_DIR + PARCEL_TOOL) or against the
# installed package (PREFIX, found with find_package(Parcel)).
# build: cmake --build <WORK_DIR>/build --target parcel.
cmake_minimum_required(VERSION 3.21)

set(source "${WORK_DIR}/src")
set(build "${WORK_DIR}/build")

function(run_checked)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE result)
  if(NOT result EQUAL 0)
    string(REPLACE ";" " " command "${ARGN}")
    message(FATAL_ERROR "failed (${result}): ${command}")
  endif()
endfunction()

if(STEP STREQUAL "configure")
  file(REMOVE_RECURSE "${WORK_DIR}")
  file(COPY "${SAMPLE_SOURCE}/" DESTINATION "${source}")
  set(arguments -S "${source}" -B "${build}" -G "${GENERATOR}")
  if(MAKE_PROGRAM)
    list(APPEND arguments "-DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM}")
  endif()
  if(CXX_COMPILER)
    list(APPEND arguments "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}")
  endif()
  if(DEFINED PREFIX)
    list(APPEND arguments "-DCMAKE_PREFIX_PATH=${PREFIX}")
  else()
    list(APPEND arguments "-DPARCEL_SOURCE_DIR=${PARCEL_SOURCE_DIR}"
      "-DPARCEL_TOOL=${PARCEL_TOOL}")
  endif()
  run_checked("${CMAKE_COMMAND}" ${arguments})
elseif(STEP STREQUAL "build")
  run_checked("${CMAKE_COMMAND}" --build "${build}" --target parcel)
else()
  message(FATAL_ERROR "RunSample.cmake: unknown STEP \"${STEP}\"")
endif()
