# The CPACK_EXTERNAL_PACKAGE_SCRIPT that parcel_enable_cpack() sets. It runs
# inside cpack's own interpreter (`cpack -G External`), after CPack staged the
# project's install tree, and builds every parcel declared with parcel_add():
#
# 1. Reads the index CPACK_PARCEL_INDEX (written at the end of the configure
#    step): the build dir, where parceltool is, and for each parcel its spec
#    file and its COMPONENTS.
# 2. Finds each parcel's content in CPack's staging (CPACK_TEMPORARY_DIRECTORY
#    plus CPACK_PACKAGING_INSTALL_PREFIX):
#    - per component (<tmp>/<component>/...): the trees of its COMPONENTS
#      (default: every component of CPACK_COMPONENTS_ALL), used as is when
#      there is one, merged into _parcel/<target>/input in that order when
#      there are several;
#    - flat (CPACK_MONOLITHIC_INSTALL, or a project without components): the
#      staged tree; a parcel with COMPONENTS is staged again from the build
#      tree by ParcelStage.cmake, as the `parcel` target stages it.
# 3. Copies the parcel's spec with "input" pointing there, "outputDirectory"
#    at CPACK_TOPLEVEL_DIRECTORY and no depfile (the build's own depfile stays
#    as it is), and runs `parceltool build --spec <copy>`.
# 4. Reports every parcel and .sha parceltool printed through
#    CPACK_EXTERNAL_BUILT_PACKAGES; cpack copies them to its package directory.
# Any problem is a FATAL_ERROR, which makes cpack fail; a parceltool failure
# carries parceltool's own output.
cmake_policy(VERSION 3.21...3.25)
include("${CMAKE_CURRENT_LIST_DIR}/ParcelJson.cmake")

function(_parcel_cpack_fail text)
  message(FATAL_ERROR "ParcelCPack: ${text}")
endfunction()

# Reads the index of this configuration into <out_var>.
function(_parcel_cpack_read_index out_var)
  if("${CPACK_PARCEL_INDEX}" STREQUAL "")
    _parcel_cpack_fail("CPACK_PARCEL_INDEX is not set: call parcel_enable_cpack() before \
include(CPack), in the same directory")
  endif()
  set(index "${CPACK_PARCEL_INDEX}")
  if(index MATCHES "<CONFIG>")
    if("${CPACK_BUILD_CONFIG}" STREQUAL "")
      _parcel_cpack_fail("this build has several configurations: choose one with \
`cpack -C <config>`")
    endif()
    string(REPLACE "<CONFIG>" "${CPACK_BUILD_CONFIG}" index "${index}")
  endif()
  if(NOT EXISTS "${index}")
    _parcel_cpack_fail("${index} does not exist: the project declares no parcel_add(), or \
its build directory was not configured with this version of Parcel.cmake")
  endif()
  file(READ "${index}" json)
  set(${out_var} "${json}" PARENT_SCOPE)
endfunction()

# The staged content of <target> in CPack's staging: sets <out_var> to the
# folder to pack.
function(_parcel_cpack_input target components tool_dir binary_dir out_var)
  set(prefix "${CPACK_PACKAGING_INSTALL_PREFIX}")
  string(REGEX REPLACE "/+$" "" prefix "${prefix}")
  set(work "${CPACK_TOPLEVEL_DIRECTORY}/_parcel/${target}")

  if(CPACK_MONOLITHIC_INSTALL OR "${CPACK_COMPONENTS_ALL}" STREQUAL "")
    if(components STREQUAL "")
      set(${out_var} "${CPACK_TEMPORARY_DIRECTORY}${prefix}" PARENT_SCOPE)
      return()
    endif()
    # One flat tree holds every component: stage the parcel's own ones again.
    execute_process(
      COMMAND "${CMAKE_COMMAND}"
        "-DPARCEL_TARGET=${target}"
        "-DPARCEL_BINARY_DIR=${binary_dir}"
        "-DPARCEL_STAGE_DIR=${work}/stage"
        "-DPARCEL_STAMP_FILE=${work}/stage.stamp"
        "-DPARCEL_COMPONENTS=${components}"
        "-DPARCEL_CONFIG=${CPACK_BUILD_CONFIG}"
        -P "${tool_dir}/ParcelStage.cmake"
      RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
    if(NOT result EQUAL 0)
      _parcel_cpack_fail("staging the COMPONENTS of parcel_add(${target}) again \
(CPack staged one flat tree) failed:\n${output}")
    endif()
    set(${out_var} "${work}/stage" PARENT_SCOPE)
    return()
  endif()

  set(trees "")
  if(components STREQUAL "")
    foreach(component IN LISTS CPACK_COMPONENTS_ALL)
      if(IS_DIRECTORY "${CPACK_TEMPORARY_DIRECTORY}/${component}${prefix}")
        list(APPEND trees "${CPACK_TEMPORARY_DIRECTORY}/${component}${prefix}")
      endif()
    endforeach()
  else()
    foreach(component IN LISTS components)
      set(tree "${CPACK_TEMPORARY_DIRECTORY}/${component}${prefix}")
      if(NOT component IN_LIST CPACK_COMPONENTS_ALL)
        string(REPLACE ";" " " staged "${CPACK_COMPONENTS_ALL}")
        _parcel_cpack_fail("parcel_add(${target}): COMPONENTS \"${component}\" was not \
staged: CPACK_COMPONENTS_ALL is \"${staged}\"")
      elseif(NOT IS_DIRECTORY "${tree}")
        _parcel_cpack_fail("parcel_add(${target}): COMPONENTS \"${component}\" installed \
no files (no ${tree}); check the COMPONENT names of the project's install() rules")
      endif()
      list(APPEND trees "${tree}")
    endforeach()
  endif()
  list(LENGTH trees count)
  if(count EQUAL 1)
    set(${out_var} "${trees}" PARENT_SCOPE)
    return()
  endif()
  # Several components: merge them, later ones over earlier ones, as staging
  # them one after the other into one folder does. file(COPY) keeps
  # permissions and symlinks; parceltool sets owners and times itself.
  file(REMOVE_RECURSE "${work}/input")
  file(MAKE_DIRECTORY "${work}/input")
  foreach(tree IN LISTS trees)
    file(COPY "${tree}/" DESTINATION "${work}/input")
  endforeach()
  set(${out_var} "${work}/input" PARENT_SCOPE)
endfunction()

# Builds every parcel of the index; sets <out_var> to the files written.
function(_parcel_cpack_build_all out_var)
  if(NOT CPACK_EXTERNAL_ENABLE_STAGING)
    _parcel_cpack_fail("CPACK_EXTERNAL_ENABLE_STAGING is off, so CPack staged nothing to \
pack: leave it as parcel_enable_cpack() sets it (ON)")
  endif()
  _parcel_cpack_read_index(index)
  string(JSON tool GET "${index}" tool)
  string(JSON binary_dir GET "${index}" binaryDir)
  string(JSON count LENGTH "${index}" parcels)
  if(NOT EXISTS "${tool}")
    _parcel_cpack_fail("parceltool ${tool} does not exist: build the project first \
(cmake --build ${binary_dir}); cpack builds nothing")
  endif()

  set(built "")
  math(EXPR last "${count} - 1")
  foreach(position RANGE ${last})
    string(JSON target GET "${index}" parcels ${position} target)
    string(JSON spec_file GET "${index}" parcels ${position} spec)
    string(JSON component_count LENGTH "${index}" parcels ${position} components)
    set(components "")
    if(component_count GREATER 0)
      math(EXPR last_component "${component_count} - 1")
      foreach(c RANGE ${last_component})
        string(JSON component GET "${index}" parcels ${position} components ${c})
        list(APPEND components "${component}")
      endforeach()
    endif()

    _parcel_cpack_input(${target} "${components}" "${CMAKE_CURRENT_FUNCTION_LIST_DIR}"
      "${binary_dir}" input)
    file(READ "${spec_file}" spec)
    _parcel_json_set_string(spec input "${input}")
    _parcel_json_set_string(spec outputDirectory "${CPACK_TOPLEVEL_DIRECTORY}")
    string(JSON depfile ERROR_VARIABLE no_depfile GET "${spec}" depfile)
    if(NOT no_depfile)
      string(JSON spec REMOVE "${spec}" depfile)
    endif()
    set(cpack_spec "${CPACK_TOPLEVEL_DIRECTORY}/_parcel/${target}/spec.json")
    file(WRITE "${cpack_spec}" "${spec}\n")

    message(STATUS "ParcelCPack: building parcel_add(${target}) from ${input}")
    execute_process(COMMAND "${tool}" build --spec "${cpack_spec}"
      RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE errors)
    if(NOT result EQUAL 0)
      _parcel_cpack_fail("parcel_add(${target}): parceltool build failed (exit code \
${result}):\n${errors}${output}")
    endif()
    if(NOT errors STREQUAL "")   # warnings, such as an unknown distro
      message(WARNING "ParcelCPack: parcel_add(${target}):\n${errors}")
    endif()
    # parceltool prints the parcel and the .sha of each distro, one a line.
    string(REGEX REPLACE "\n$" "" output "${output}")
    string(REPLACE "\n" ";" files "${output}")
    list(APPEND built ${files})
  endforeach()
  set(${out_var} "${built}" PARENT_SCOPE)
endfunction()

_parcel_cpack_build_all(CPACK_EXTERNAL_BUILT_PACKAGES)
