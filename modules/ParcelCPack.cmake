#[=======================================================================[.rst:
ParcelCPack
-----------

Build the parcels declared with ``parcel_add()`` with ``cpack -G External``
as well. Included by ``Parcel.cmake``.

.. code-block:: cmake

  parcel_enable_cpack()     # in the directory that includes CPack, before it
  include(CPack)

.. code-block:: sh

  cmake --build build && (cd build && cpack -G External)

.. command:: parcel_enable_cpack

  ::

    parcel_enable_cpack()

  Sets, in the calling scope, the variables CPack's External generator reads:
  ``CPACK_EXTERNAL_ENABLE_STAGING`` (``ON``),
  ``CPACK_EXTERNAL_REQUESTED_VERSIONS`` (``1.0``),
  ``CPACK_EXTERNAL_PACKAGE_SCRIPT`` (``Internal/ParcelCPackExternal.cmake``, shipped
  with this module) and ``CPACK_PARCEL_INDEX`` (the list of parcels, written
  at the end of the configure step). ``CPACK_GENERATOR`` is left alone:
  ``cpack -G External`` builds the parcels, a plain ``cpack`` still builds the
  project's own packages (add ``External`` to ``CPACK_GENERATOR`` to get both).
  It also puts ``parceltool`` into the ``ALL`` build when this project builds
  it, since ``cpack`` runs it but builds nothing.

  ``cpack -G External`` then builds every declared parcel from CPack's staged
  install tree, with the same ``parceltool build`` and the same spec as the
  ``parcel`` target, so the parcels are byte for byte the same. Each parcel's
  content is:

  * per-component staging (the project's install rules name components):
    the staged trees of its ``COMPONENTS``, merged in that order; without
    ``COMPONENTS``, those of every component in ``CPACK_COMPONENTS_ALL``;
  * flat staging (``CPACK_MONOLITHIC_INSTALL``, or no components): the staged
    tree; a parcel with ``COMPONENTS`` cannot be cut out of it, so its
    components are staged again from the build tree, as the ``parcel``
    target stages them.

  The parcels and their ``.sha`` files are reported through
  ``CPACK_EXTERNAL_BUILT_PACKAGES``, so cpack copies them into its package
  directory (``-B <dir>``, default the build directory) next to CPack's own
  ``<CPACK_PACKAGE_FILE_NAME>.json``. A ``parceltool`` failure fails ``cpack``
  with ``parceltool``'s message.
#]=======================================================================]

include_guard(GLOBAL)
cmake_policy(VERSION 3.21...3.25)

function(parcel_enable_cpack)
  cmake_parse_arguments(PARSE_ARGV 0 arg "" "" "")
  if(DEFINED arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "parcel_enable_cpack(): takes no arguments (given: "
      "${arg_UNPARSED_ARGUMENTS})")
  endif()
  if(CPack_CMake_INCLUDED)
    message(FATAL_ERROR "parcel_enable_cpack(): call it before include(CPack): CPack "
      "has written CPackConfig.cmake already, without the parcel settings")
  endif()
  set(script "${CMAKE_CURRENT_FUNCTION_LIST_DIR}/Internal/ParcelCPackExternal.cmake")
  if(DEFINED CPACK_EXTERNAL_PACKAGE_SCRIPT AND NOT CPACK_EXTERNAL_PACKAGE_SCRIPT STREQUAL script)
    message(FATAL_ERROR "parcel_enable_cpack(): CPACK_EXTERNAL_PACKAGE_SCRIPT "
      "\"${CPACK_EXTERNAL_PACKAGE_SCRIPT}\" is set already; the External generator runs "
      "one script, and building parcels needs ${script}")
  endif()
  # Multi-config generators get one index per configuration (the tool's path
  # may differ); the script picks the one of `cpack -C <config>`.
  get_property(multi_config GLOBAL PROPERTY GENERATOR_IS_MULTI_CONFIG)
  if(multi_config)
    set(index "${CMAKE_BINARY_DIR}/_parcel/cpack-<CONFIG>.json")
  else()
    set(index "${CMAKE_BINARY_DIR}/_parcel/cpack.json")
  endif()
  # An index left by an earlier configure run would outlive its parcels.
  file(GLOB stale "${CMAKE_BINARY_DIR}/_parcel/cpack*.json")
  if(stale)
    file(REMOVE ${stale})
  endif()
  set(CPACK_EXTERNAL_ENABLE_STAGING ON PARENT_SCOPE)
  set(CPACK_EXTERNAL_REQUESTED_VERSIONS "1.0" PARENT_SCOPE)
  set(CPACK_EXTERNAL_PACKAGE_SCRIPT "${script}" PARENT_SCOPE)
  set(CPACK_PARCEL_INDEX "${index}" PARENT_SCOPE)
  set_property(GLOBAL PROPERTY _PARCEL_CPACK_INDEX "${index}")
endfunction()

# Called by _parcel_finalize(): writes the index the package script reads
# (docs/cmake.md, section CPack) and builds parceltool with ALL.
function(_parcel_cpack_finalize parcel_targets)
  get_property(index GLOBAL PROPERTY _PARCEL_CPACK_INDEX)
  if(index STREQUAL "")
    return()
  endif()
  set(json "{}")
  string(JSON json SET "${json}" formatVersion "[1, 0]")
  _parcel_json_set_string(json binaryDir "${CMAKE_BINARY_DIR}")
  string(JSON json SET "${json}" parcels "[]")
  set(position 0)
  foreach(target IN LISTS parcel_targets)
    get_target_property(spec_file ${target} PARCEL_SPEC_FILE)
    get_target_property(components ${target} _PARCEL_COMPONENTS)
    set(item "{}")
    _parcel_json_set_string(item target "${target}")
    _parcel_json_set_string(item spec "${spec_file}")
    _parcel_json_string_array(array ${components})
    string(JSON item SET "${item}" components "${array}")
    string(JSON json SET "${json}" parcels ${position} "${item}")
    math(EXPR position "${position} + 1")
  endforeach()
  string(REPLACE "$<" "$<1:$><" json "${json}")
  # The only generator expression: where parceltool is, at build time.
  string(JSON json SET "${json}" tool "\"$<TARGET_FILE:parcel::tool>\"")
  string(REPLACE "<CONFIG>" "$<CONFIG>" index "${index}")
  file(GENERATE OUTPUT "${index}" CONTENT "${json}\n")

  get_target_property(built_here parcel::tool ALIASED_TARGET)
  if(built_here AND NOT TARGET _parcel_cpack_tool)
    add_custom_target(_parcel_cpack_tool ALL)
    add_dependencies(_parcel_cpack_tool ${built_here})
  endif()
endfunction()
