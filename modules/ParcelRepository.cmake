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
  SHA-1, for people browsing the repository; ``parceltool manifest
  --index-html`` writes it (names HTML-escaped, links percent-encoded).

  Sets the target properties ``PARCEL_REPOSITORY_DIRECTORY`` and
  ``PARCEL_MANIFEST_FILE``.

  .. code-block:: cmake

    parcel_add(hello NAME HELLO VERSION 1.0 DISTROS el7 el8)
    parcel_add_repository(hello_repo PARCELS hello INDEX_HTML)

#]=======================================================================]
include_guard(GLOBAL)
cmake_policy(VERSION 3.21)   # IN_LIST, in script mode too (include() gives this file its own policy scope)

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
  set(index_option "")
  if(arg_INDEX_HTML)
    list(APPEND outputs "${dir}/index.html")
    set(index_option --index-html)   # written by the tool, HTML-escaped
  endif()
  string(REPLACE ";" "$<SEMICOLON>" file_arg "${files}")
  add_custom_command(OUTPUT ${outputs}
    COMMAND "${CMAKE_COMMAND}" -D_PARCEL_REPOSITORY_STEP=sync "-DDIR=${dir}" "-DFILES=${file_arg}"
      -P "${CMAKE_CURRENT_FUNCTION_LIST_DIR}/Internal/ParcelRepositoryRun.cmake"
    COMMAND parcel::tool manifest ${index_option} "${dir}"
    DEPENDS parcel::tool ${files} ${arg_PARCELS}
      "${CMAKE_CURRENT_FUNCTION_LIST_DIR}/Internal/ParcelRepositoryRun.cmake"
    COMMENT "Assembling parcel repository ${target}"
    VERBATIM)
  add_custom_target(${target} DEPENDS ${outputs})
  add_dependencies(${target} ${arg_PARCELS})
  _parcel_add_to_aggregate(${target})
  set_target_properties(${target} PROPERTIES
    PARCEL_REPOSITORY_DIRECTORY "${dir}"
    PARCEL_MANIFEST_FILE "${dir}/manifest.json")
endfunction()
