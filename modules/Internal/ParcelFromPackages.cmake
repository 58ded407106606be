# parcel_add(... FROM_PACKAGES <file or target>... [RELOCATE <old>=<new>...]
#            [SCRIPTLETS ERROR|WARN] [DROP_OUTSIDE]): the spec fields and
# the targets of a parcel made from RPM or DEB packages (docs/packages.md).
# Internal to Parcel.cmake; projects must not call these helpers.

# Resolves the FROM_PACKAGES items of <target>: a target contributes the files
# in its PARCEL_PACKAGE_FILES property (set it before parcel_add) and a
# target-level dependency; a relative file is taken from the current source
# folder when it is there, else from the current binary folder (a package that
# another rule of the build produces). Sets fromPackages, relocate, scriptlets
# and dropOutside in the spec in <spec_var>, <files_var> to the files and
# <targets_var> to the targets.
function(_parcel_spec_from_packages target spec_var files_var targets_var)
  cmake_parse_arguments(PARSE_ARGV 4 arg "DROP_OUTSIDE" "SCRIPTLETS" "FROM_PACKAGES;RELOCATE")
  set(files "")
  set(targets "")
  foreach(item IN LISTS arg_FROM_PACKAGES)
    if(TARGET "${item}")
      get_property(item_files TARGET "${item}" PROPERTY PARCEL_PACKAGE_FILES)
      if(NOT item_files)
        _parcel_fail(parcel_add ${target} FROM_PACKAGES "${item}" "is a target without the \
PARCEL_PACKAGE_FILES property; set it to the packages the target produces")
      endif()
      list(APPEND files ${item_files})
      list(APPEND targets "${item}")
    elseif(IS_ABSOLUTE "${item}")
      list(APPEND files "${item}")
    elseif(EXISTS "${CMAKE_CURRENT_SOURCE_DIR}/${item}")
      list(APPEND files "${CMAKE_CURRENT_SOURCE_DIR}/${item}")
    else()
      list(APPEND files "${CMAKE_CURRENT_BINARY_DIR}/${item}")
    endif()
  endforeach()
  foreach(file IN LISTS files)
    if(NOT file MATCHES "[.](rpm|deb)$")
      _parcel_fail(parcel_add ${target} FROM_PACKAGES "${file}" "is neither an .rpm nor a .deb")
    endif()
  endforeach()
  foreach(item IN LISTS arg_RELOCATE)   # checkRelocation (check-value relocation)
    _parcel_check_rule(parcel_add ${target} RELOCATE relocation "${item}")
  endforeach()
  set(scriptlets error)   # CMake's default: a vendor sees what the packages did that the parcel will not
  if(DEFINED arg_SCRIPTLETS)
    if(arg_SCRIPTLETS STREQUAL "WARN")
      set(scriptlets warn)
    elseif(NOT arg_SCRIPTLETS STREQUAL "ERROR")
      _parcel_fail(parcel_add ${target} SCRIPTLETS "${arg_SCRIPTLETS}" "must be ERROR or WARN")
    endif()
  endif()
  set(spec "${${spec_var}}")
  _parcel_json_set_strings(spec fromPackages ${files})
  _parcel_json_set_strings(spec relocate ${arg_RELOCATE})
  _parcel_json_set_string(spec scriptlets "${scriptlets}")
  if(arg_DROP_OUTSIDE)
    string(JSON spec SET "${spec}" dropOutside true)
  endif()
  set(${spec_var} "${spec}" PARENT_SCOPE)
  set(${files_var} "${files}" PARENT_SCOPE)
  set(${targets_var} "${targets}" PARENT_SCOPE)
endfunction()

# The packing command of a parcel made from packages only: no install() rules
# are staged, so the parcel depends on the spec, the packages and the tool
# alone, and a changed package repacks this parcel and nothing else.
function(_parcel_add_package_targets target dir title parcels sha_files input_files audit_command)
  set(depfile "")
  if(CMAKE_GENERATOR MATCHES "Ninja")   # see parcel_add()
    set(depfile DEPFILE "${dir}/parcel.d")
  endif()
  add_custom_command(OUTPUT ${parcels} ${sha_files}
    COMMAND parcel::tool build --spec "${dir}/spec.json"
    ${audit_command}
    DEPENDS parcel::tool "${dir}/spec.json" ${input_files}
    ${depfile}
    COMMENT "Building parcel ${title} from packages"
    VERBATIM)
  add_custom_target(${target} DEPENDS ${parcels} ${sha_files})
  _parcel_add_to_aggregate(${target})
endfunction()

# After the targets exist: the packages' own targets come first, and
# parcel_dry_run gets a step that prints what this parcel would be.
function(_parcel_package_wiring target dir package_targets)
  if(package_targets)
    add_dependencies(${target} ${package_targets})
  endif()
  if(NOT TARGET parcel_dry_run)
    add_custom_target(parcel_dry_run)
  endif()
  add_custom_target(_parcel_dry_run_${target}
    COMMAND parcel::tool build --spec "${dir}/spec.json" --dry-run
    COMMENT "Dry run of parcel ${target}"
    VERBATIM)
  if(package_targets)
    add_dependencies(_parcel_dry_run_${target} ${package_targets})
  endif()
  if(TARGET _parcel_stage_${target})
    add_dependencies(_parcel_dry_run_${target} _parcel_stage_${target})
  endif()
  add_dependencies(parcel_dry_run _parcel_dry_run_${target})
endfunction()
