#[=======================================================================[.rst:
ParcelRepository
----------------

Assemble a parcel repository (the folder Cloudera Manager's "Remote Parcel
Repository URLs" point to) from parcels declared with ``parcel_add``.
Included by ``Parcel.cmake``.

.. command:: parcel_add_repository

  ::

    parcel_add_repository(<target>
      PARCELS <parcel-target>...
      [OUTPUT_DIRECTORY <dir>]
      [INDEX_HTML])

  Creates the custom target ``<target>`` (part of the aggregate ``parcel``
  target) that builds ``<dir>`` (default ``${CMAKE_CURRENT_BINARY_DIR}/<target>``)
  holding every parcel of the ``PARCELS`` targets with its ``.sha`` file, and
  ``manifest.json`` written by ``parceltool manifest`` (lastUpdated from
  ``SOURCE_DATE_EPOCH`` at build time when set). Parcels are hard-linked
  (copied across file systems), so an unchanged parcel keeps its inode and
  mtime and the tool's hash cache answers without reading it. Parcel or ``.sha``
  files in ``<dir>`` that no ``PARCELS`` target declares are removed.
  ``INDEX_HTML`` adds ``index.html``, a page listing each parcel with its
  SHA-1, for people browsing the repository.

  Sets the target properties ``PARCEL_REPOSITORY_DIRECTORY`` and
  ``PARCEL_MANIFEST_FILE``.

  .. code-block:: cmake

    parcel_add(hello NAME HELLO VERSION 1.0 DISTROS el7 el8)
    parcel_add_repository(hello_repo PARCELS hello INDEX_HTML)

#]=======================================================================]
include_guard(GLOBAL)
cmake_policy(VERSION 3.21)   # IN_LIST, in script mode too (include() gives this file its own policy scope)

# Script mode, run at build time by the command parcel_add_repository creates:
#   cmake -D_PARCEL_REPOSITORY_STEP=sync  -DDIR=<dir> -DFILES=<files> -P ParcelRepository.cmake
#   cmake -D_PARCEL_REPOSITORY_STEP=index -DDIR=<dir> -P ParcelRepository.cmake
if(CMAKE_SCRIPT_MODE_FILE AND DEFINED _PARCEL_REPOSITORY_STEP)
  if(_PARCEL_REPOSITORY_STEP STREQUAL "sync")
    file(MAKE_DIRECTORY "${DIR}")
    set(wanted "")
    foreach(file IN LISTS FILES)
      get_filename_component(name "${file}" NAME)
      list(APPEND wanted "${name}")
      file(REMOVE "${DIR}/${name}")
      file(CREATE_LINK "${file}" "${DIR}/${name}" COPY_ON_ERROR)
    endforeach()
    file(GLOB present RELATIVE "${DIR}" "${DIR}/*.parcel" "${DIR}/*.parcel.sha")
    foreach(name IN LISTS present)
      if(NOT name IN_LIST wanted)
        file(REMOVE "${DIR}/${name}")
      endif()
    endforeach()
  elseif(_PARCEL_REPOSITORY_STEP STREQUAL "index")
    file(READ "${DIR}/manifest.json" manifest)
    string(JSON count LENGTH "${manifest}" parcels)
    set(rows "")
    if(count GREATER 0)
      math(EXPR last "${count} - 1")
      foreach(index RANGE ${last})
        string(JSON name GET "${manifest}" parcels ${index} parcelName)
        string(JSON hash GET "${manifest}" parcels ${index} hash)
        string(APPEND rows "<tr><td><a href=\"${name}\">${name}</a></td>"
          "<td><a href=\"${name}.sha\"><code>${hash}</code></a></td></tr>\n")
      endforeach()
    endif()
    file(WRITE "${DIR}/index.html.tmp" "<!DOCTYPE html>
<html><head><meta charset=\"utf-8\"><title>Parcel repository</title></head>
<body>
<h1>Parcel repository</h1>
<p>Add this folder's URL to Cloudera Manager's Remote Parcel Repository URLs. \
<a href=\"manifest.json\">manifest.json</a> lists the parcels below.</p>
<table>
<tr><th>Parcel</th><th>SHA-1</th></tr>
${rows}</table>
</body></html>
")
    file(RENAME "${DIR}/index.html.tmp" "${DIR}/index.html")
  else()
    message(FATAL_ERROR "ParcelRepository.cmake: unknown step \"${_PARCEL_REPOSITORY_STEP}\"")
  endif()
  return()
endif()

include("${CMAKE_CURRENT_LIST_DIR}/Internal/ParcelCommon.cmake")

function(parcel_add_repository target)
  _parcel_parse_arguments(parcel_add_repository 1)
  _parcel_check_parsed(parcel_add_repository ${target} arg REQUIRED PARCELS)
  if(TARGET "${target}")
    _parcel_problem(parcel_add_repository ${target} "a target named \"${target}\" already exists")
  endif()
  set(dir "${CMAKE_CURRENT_BINARY_DIR}/${target}")
  if(DEFINED arg_OUTPUT_DIRECTORY)
    set(dir "${arg_OUTPUT_DIRECTORY}")
    if(NOT IS_ABSOLUTE "${dir}")
      set(dir "${CMAKE_CURRENT_BINARY_DIR}/${dir}")
    endif()
  endif()

  set(files "")
  set(names "")
  foreach(parcel_target IN LISTS arg_PARCELS)
    if(NOT TARGET "${parcel_target}")
      _parcel_fail(parcel_add_repository ${target} PARCELS "${parcel_target}"
        "is not a target; create it with parcel_add() first")
      continue()
    endif()
    get_property(is_parcel TARGET "${parcel_target}" PROPERTY PARCEL_FILES SET)
    if(NOT is_parcel)
      _parcel_fail(parcel_add_repository ${target} PARCELS "${parcel_target}"
        "is not a target created by parcel_add()")
      continue()
    endif()
    get_target_property(parcels "${parcel_target}" PARCEL_FILES)
    get_target_property(sha_files "${parcel_target}" PARCEL_SHA_FILES)
    foreach(parcel IN LISTS parcels)
      get_filename_component(name "${parcel}" NAME)
      if(name IN_LIST names)
        _parcel_fail(parcel_add_repository ${target} PARCELS "${parcel_target}"
          "adds ${name} a second time")
      endif()
      list(APPEND names "${name}")
    endforeach()
    list(APPEND files ${parcels} ${sha_files})
  endforeach()

  _parcel_report_problems(parcel_add_repository ${target})

  set(outputs "${dir}/manifest.json")
  set(index_command "")
  if(arg_INDEX_HTML)
    list(APPEND outputs "${dir}/index.html")
    set(index_command COMMAND "${CMAKE_COMMAND}" -D_PARCEL_REPOSITORY_STEP=index "-DDIR=${dir}"
      -P "${CMAKE_CURRENT_FUNCTION_LIST_FILE}")
  endif()
  string(REPLACE ";" "$<SEMICOLON>" file_arg "${files}")
  add_custom_command(OUTPUT ${outputs}
    COMMAND "${CMAKE_COMMAND}" -D_PARCEL_REPOSITORY_STEP=sync "-DDIR=${dir}" "-DFILES=${file_arg}"
      -P "${CMAKE_CURRENT_FUNCTION_LIST_FILE}"
    COMMAND parcel::tool manifest "${dir}"
    ${index_command}
    DEPENDS parcel::tool ${files} ${arg_PARCELS} "${CMAKE_CURRENT_FUNCTION_LIST_FILE}"
    COMMENT "Assembling parcel repository ${target}"
    VERBATIM)
  add_custom_target(${target} DEPENDS ${outputs})
  add_dependencies(${target} ${arg_PARCELS})
  _parcel_add_to_aggregate(${target})
  set_target_properties(${target} PROPERTIES
    PARCEL_REPOSITORY_DIRECTORY "${dir}"
    PARCEL_MANIFEST_FILE "${dir}/manifest.json")
endfunction()
