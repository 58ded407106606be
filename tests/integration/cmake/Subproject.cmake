# cmake-parcel as a subproject of a user project (tests/integration/cmake/subproject):
# parcel_add works with no include, parceltool is built in the tree, and the
# parcel holds the user's files only, never parceltool or lib/cmake/Parcel.
#   cmake -DVIA=fetchcontent|subdirectory -DSOURCE_DIR=<checkout> -DWORK_DIR=<dir>
#         -DGENERATOR=<g> [-DMAKE_PROGRAM=<p>] [-DCXX_COMPILER=<c>] [-DLAUNCHER=<ccache>]
#         [-DPARCEL_INSTALL=ON] -P Subproject.cmake
# The clone is a real git repository (FetchContent clones it through a file://
# URL, so no network): HEAD of the checkout plus its uncommitted changes, so
# the test sees the working tree. WORK_DIR keeps its path from run to run so
# that ccache finds the objects of the previous build.
cmake_minimum_required(VERSION 3.21)

function(run_checked)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
  if(NOT result EQUAL 0)
    string(REPLACE ";" " " command "${ARGN}")
    message(FATAL_ERROR "failed (${result}): ${command}\n${output}")
  endif()
endfunction()

find_program(GIT git REQUIRED)
set(clone "${WORK_DIR}/cmake-parcel.git")
set(build "${WORK_DIR}/build")
# A fresh clone and a fresh FetchContent population each run; the binary dir
# of the subproject (deps/cmake_parcel-build) stays, so only what changed is
# compiled again.
file(REMOVE_RECURSE "${clone}" "${build}" "${WORK_DIR}/deps/cmake_parcel-src"
  "${WORK_DIR}/deps/cmake_parcel-subbuild")
run_checked("${GIT}" clone --quiet --no-hardlinks "${SOURCE_DIR}" "${clone}")
execute_process(COMMAND "${GIT}" -C "${SOURCE_DIR}" ls-files --modified --others --exclude-standard
  OUTPUT_VARIABLE changed)
string(REPLACE "\n" ";" changed "${changed}")
foreach(file IN LISTS changed)
  if(file STREQUAL "")
    continue()
  elseif(EXISTS "${SOURCE_DIR}/${file}")
    get_filename_component(folder "${clone}/${file}" DIRECTORY)
    file(COPY "${SOURCE_DIR}/${file}" DESTINATION "${folder}")
  else()
    file(REMOVE "${clone}/${file}")
  endif()
endforeach()
run_checked("${GIT}" -C "${clone}" add -A)
run_checked("${GIT}" -C "${clone}" -c user.name=test -c user.email=test@127.0.0.1
  commit --quiet --allow-empty -m "working tree")

set(arguments -S "${CMAKE_CURRENT_LIST_DIR}/subproject" -B "${build}" -G "${GENERATOR}"
  -DPARCEL_VIA=${VIA} -DCMAKE_BUILD_TYPE= -DPARCEL_BUILD_TESTS=OFF
  "-DFETCHCONTENT_BASE_DIR=${WORK_DIR}/deps")
if(VIA STREQUAL "fetchcontent")
  list(APPEND arguments "-DPARCEL_GIT_URL=file://${clone}")
else()
  list(APPEND arguments "-DPARCEL_CLONE_DIR=${clone}")
endif()
foreach(pair IN ITEMS CMAKE_MAKE_PROGRAM:MAKE_PROGRAM CMAKE_CXX_COMPILER:CXX_COMPILER
    CMAKE_CXX_COMPILER_LAUNCHER:LAUNCHER PARCEL_INSTALL:PARCEL_INSTALL)
  string(REPLACE ":" ";" pair "${pair}")
  list(GET pair 0 option)
  list(GET pair 1 variable)
  if(NOT "${${variable}}" STREQUAL "")
    list(APPEND arguments "-D${option}=${${variable}}")
  endif()
endforeach()
run_checked("${CMAKE_COMMAND}" ${arguments})
run_checked("${CMAKE_COMMAND}" --build "${build}" --target parcel)

set(parcel "${build}/parcels/GREET-2.0-el8.parcel")
find_program(TAR tar REQUIRED)
execute_process(COMMAND "${TAR}" tzf "${parcel}" OUTPUT_VARIABLE listing RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "cannot list ${parcel}")
endif()
string(REGEX REPLACE "\n$" "" listing "${listing}")
string(REPLACE "\n" ";" listing "${listing}")
list(SORT listing)
set(expected GREET-2.0/ GREET-2.0/bin/ GREET-2.0/bin/greet.sh GREET-2.0/etc/ GREET-2.0/etc/greet/
  GREET-2.0/etc/greet/greet.conf GREET-2.0/meta/ GREET-2.0/meta/greet_env.sh
  GREET-2.0/meta/parcel.json)
if(NOT listing STREQUAL expected)
  string(REPLACE ";" "\n  " listing "${listing}")
  message(FATAL_ERROR "the parcel of the ${VIA} project holds:\n  ${listing}")
endif()

# The commands used the parceltool target built in this tree: no find_program.
file(GLOB_RECURSE built_tools "${build}/parceltool" "${WORK_DIR}/deps/parceltool")
file(STRINGS "${build}/CMakeCache.txt" found_tool REGEX "^PARCEL_TOOL:")
if(NOT built_tools OR found_tool)
  message(FATAL_ERROR "expected parceltool built in ${WORK_DIR} and no PARCEL_TOOL cache entry; \
built: ${built_tools}; cache: ${found_tool}")
endif()
# With PARCEL_INSTALL ON the rules are there (a plain install gets the tool):
# the staging, not their absence, kept them out of the parcel.
if(PARCEL_INSTALL)
  run_checked("${CMAKE_COMMAND}" --install "${build}" --prefix "${WORK_DIR}/installed"
    --component cmake-parcel)
  if(NOT EXISTS "${WORK_DIR}/installed/bin/parceltool")
    message(FATAL_ERROR "PARCEL_INSTALL is ON but the component cmake-parcel installs no bin/parceltool")
  endif()
endif()
message(STATUS "${VIA}: the parcel holds exactly the project's files")
