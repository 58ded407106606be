#[=======================================================================[.rst:
ParcelCsd
---------

Builds Cloudera Manager CSD jars (Custom Service Descriptors). Included by
``Parcel.cmake``, and usable alone (``include(ParcelCsd)``); see
``docs/csd.md``.

.. code-block:: cmake

  parcel_add_csd(hello_csd NAME HELLO VERSION 1.0.0 SDL service.sdl
    SCRIPTS scripts)       # build/HELLO-1.0.0.jar, part of the target "parcel"

.. command:: parcel_add_csd

  .. code-block:: cmake

    parcel_add_csd(<target> NAME <SERVICE> VERSION <v> SDL <file>
                   [MDL <file>] [SCRIPTS <dir>] [AUX <dir>] [ICON <png>]
                   [OUTPUT_DIRECTORY <dir>] [CM_VERSION 5|6|7])

  Builds ``<OUTPUT_DIRECTORY>/<SERVICE>-<v>.jar`` (default directory:
  ``CMAKE_CURRENT_BINARY_DIR``) with ``parceltool csd build`` at build time.

  ``SDL``, ``MDL``
    Templates: ``@VAR@`` is replaced by ``configure_file(@ONLY)`` with the
    caller's variables plus ``PARCEL_CSD_NAME`` and ``PARCEL_CSD_VERSION``, so
    the version is written in one place (``"version": "@PARCEL_CSD_VERSION@"``).
    ``${...}`` is left for Cloudera Manager. The tool checks that the
    configured SDL's name and version are ``NAME`` and ``VERSION``. Its
    diagnostics name the template, not the configured copy in the build
    folder: the substitution keeps every line where it was, so a line number
    is the template's. When a value holds a newline that no longer holds;
    ``parcel_add_csd`` then warns at configure time and the diagnostics name
    the copy.

  ``SCRIPTS``, ``AUX``, ``ICON``
    Shipped as ``scripts/``, ``aux/`` and at the SDL's ``icon`` path.

  ``CM_VERSION``
    The Cloudera Manager release the CSD targets (5, 6 or 7; default 7). It
    selects the built-in service types that ``serviceDependencies`` may name
    (``parceltool csd build --cm-version``).

  The jar is part of the aggregate ``parcel`` target. The command depends on
  parceltool, both descriptors, the icon and every file under ``SCRIPTS`` and
  ``AUX``, so a rebuild with nothing changed does nothing. Target properties:
  ``PARCEL_CSD_FILE`` (the jar), ``PARCEL_CSD_NAME``, ``PARCEL_CSD_VERSION``.
#]=======================================================================]
include_guard(GLOBAL)
include("${CMAKE_CURRENT_LIST_DIR}/Internal/ParcelCommon.cmake")

function(_parcel_csd_existing_dir command target keyword value out_var)
  get_filename_component(path "${value}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  if(NOT IS_DIRECTORY "${path}")
    _parcel_fail(${command} ${target} ${keyword} "${value}" "must name an existing directory \
(looked for ${path})")
  endif()
  set(${out_var} "${path}" PARENT_SCOPE)
endfunction()

# parceltool is resolved at the end of configuration, like parcel_add's.
function(_parcel_csd_finalize)
  get_property(targets GLOBAL PROPERTY _PARCEL_CSD_TARGETS)
  list(GET targets 0 first)
  _parcel_resolve_tool(parcel_add_csd ${first})
endfunction()

function(parcel_add_csd target)
  _parcel_parse_arguments(parcel_add_csd 1)
  _parcel_check_parsed(parcel_add_csd ${target} arg REQUIRED NAME VERSION SDL)
  if(TARGET ${target})
    _parcel_fail(parcel_add_csd ${target} "<target>" "${target}" "is already a target")
  endif()
  # The SDL's rules (check-value csd-name, csd-version): the tool checks that the
  # configured SDL says the same name and version.
  if(DEFINED arg_NAME)
    _parcel_check_rule(parcel_add_csd ${target} NAME csd-name "${arg_NAME}")
  endif()
  if(DEFINED arg_VERSION)
    _parcel_check_rule(parcel_add_csd ${target} VERSION csd-version "${arg_VERSION}")
  endif()

  _parcel_report_problems(parcel_add_csd ${target})

  set(work "${CMAKE_CURRENT_BINARY_DIR}/_parcel_csd/${target}")
  set(output_dir "${CMAKE_CURRENT_BINARY_DIR}")
  if(DEFINED arg_OUTPUT_DIRECTORY)
    get_filename_component(output_dir "${arg_OUTPUT_DIRECTORY}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_BINARY_DIR}")
  endif()
  set(jar "${output_dir}/${arg_NAME}-${arg_VERSION}.jar")

  # @VAR@ templates, written at configure time (only when their content changes).
  set(PARCEL_CSD_NAME "${arg_NAME}")
  set(PARCEL_CSD_VERSION "${arg_VERSION}")
  _parcel_existing_file(parcel_add_csd ${target} SDL "${arg_SDL}" sdl_source)
  configure_file("${sdl_source}" "${work}/service.sdl" @ONLY)
  # --sdl-template: findings name the user's file and its lines, not the copy.
  set(command_args --sdl "${work}/service.sdl" --sdl-template "${sdl_source}" --name "${arg_NAME}"
    --version "${arg_VERSION}" --output-dir "${output_dir}")
  set(inputs "${work}/service.sdl")
  if(DEFINED arg_MDL)
    _parcel_existing_file(parcel_add_csd ${target} MDL "${arg_MDL}" mdl_source)
    configure_file("${mdl_source}" "${work}/service.mdl" @ONLY)
    list(APPEND command_args --mdl "${work}/service.mdl" --mdl-template "${mdl_source}")
    list(APPEND inputs "${work}/service.mdl")
  endif()
  if(DEFINED arg_CM_VERSION)
    list(APPEND command_args --cm-version "${arg_CM_VERSION}")
  endif()
  if(DEFINED arg_ICON)
    _parcel_existing_file(parcel_add_csd ${target} ICON "${arg_ICON}" icon)
    list(APPEND command_args --icon "${icon}")
    list(APPEND inputs "${icon}")
  endif()
  foreach(keyword IN ITEMS SCRIPTS AUX)
    if(DEFINED arg_${keyword})
      _parcel_csd_existing_dir(parcel_add_csd ${target} ${keyword} "${arg_${keyword}}" dir)
      string(TOLOWER "${keyword}" option)
      list(APPEND command_args --${option} "${dir}")
      # CONFIGURE_DEPENDS: a file added to the directory re-runs configuration.
      file(GLOB_RECURSE files LIST_DIRECTORIES false CONFIGURE_DEPENDS "${dir}/*")
      list(APPEND inputs ${files})
    endif()
  endforeach()

  _parcel_report_problems(parcel_add_csd ${target})

  set(depfile "")
  if(CMAKE_GENERATOR MATCHES "Ninja")
    set(depfile DEPFILE "${work}/csd.d")
    list(APPEND command_args --depfile "${work}/csd.d")
  endif()
  add_custom_command(OUTPUT "${jar}"
    COMMAND parcel::tool csd build ${command_args}
    DEPENDS parcel::tool ${inputs}
    ${depfile}
    COMMENT "Building CSD ${arg_NAME}-${arg_VERSION}.jar"
    VERBATIM)
  add_custom_target(${target} DEPENDS "${jar}")
  set_target_properties(${target} PROPERTIES
    PARCEL_CSD_FILE "${jar}"
    PARCEL_CSD_NAME "${arg_NAME}"
    PARCEL_CSD_VERSION "${arg_VERSION}")

  _parcel_add_to_aggregate(${target})

  _parcel_register_for_finalize(_PARCEL_CSD_TARGETS ${target} _parcel_csd_finalize)
endfunction()
