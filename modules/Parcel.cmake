#[=======================================================================[.rst:
Parcel
------

Declare Cloudera parcels next to a project's ``install()`` rules and build
them with ``cmake --build <dir> --target parcel``.

.. code-block:: cmake

  find_package(Parcel 1 REQUIRED)      # or include(<cmake-parcel>/modules/Parcel.cmake)
  install(TARGETS hello RUNTIME DESTINATION bin)
  parcel_add(hello_parcel NAME HELLO VERSION 1.0.0 DISTROS el7 el8
    ENV "HELLO_HOME=\${PARCELS_ROOT}/\${PARCEL_DIRNAME}")
  parcel_add_alternative(hello_parcel hello
    DESTINATION /usr/bin/hello SOURCE bin/hello PRIORITY 10)

Commands
^^^^^^^^

.. command:: parcel_add

  ::

    parcel_add(<target>
      NAME <name> VERSION <version> DISTROS <distro>...
      [COMPONENTS <install-component>...]
      [ENV <VAR>=<value>... | ENV_SCRIPT <file>]
      [DEPENDS <relations>] [CONFLICTS <relations>] [REPLACES <relations>]
      [PROVIDES <tag>...]
      [SET_ACTIVE_SYMLINK <bool>]
      [RELEASE_NOTES <file>]
      [EXTRA_VERSION_INFO <key>=<value>...]
      [PACKAGES <name>=<version>...]
      [GROUPS <group>...]
      [METADATA <parcel.json>]
      [OUTPUT_DIRECTORY <dir>]
      [AUDIT <bool>]
      [FROM_PACKAGES <file.rpm|file.deb|target>... [RELOCATE <old>=<new>...]
       [SCRIPTLETS ERROR|WARN] [DROP_OUTSIDE]])

  Creates the custom target ``<target>``, which builds
  ``<name>-<version>-<distro>.parcel`` and ``<...>.parcel.sha`` for every
  distro, and adds it to the aggregate target ``parcel`` (created on first
  use; part of ``ALL`` only when the cache entry ``PARCEL_BUILD_BY_DEFAULT`` is
  ON).

  ``NAME``
    Product name; required. Never ``-`` (Cloudera splits the file name at
    the first ``-``), ``/``, white space or control characters; anything but
    letters, digits, ``_`` and ``.`` gives a warning.
  ``VERSION``
    Product version; required. Never ``/``, white space or control
    characters, and no ``-`` at either end; anything but letters, digits and
    ``. _ + ~ -`` gives a warning.
  ``DISTROS``
    One or more distro suffixes (``el7``, ``el8``, ``jammy``...); required.
    A suffix must match ``[a-z0-9._]+``; one Cloudera Manager does not know
    gives a warning.
  ``COMPONENTS``
    The ``install()`` components that make up the parcel, in this order.
    Default: every install rule of the project. A component that installs no
    file fails the build.
  ``ENV``
    ``VAR=value`` assignments exported by the generated
    ``meta/<name>_env.sh``. ``${PARCELS_ROOT}`` and ``${PARCEL_DIRNAME}`` must
    reach the script literally, where Cloudera Manager expands them, so keep
    CMake from expanding them: escape the ``$``
    (``ENV "HOME=\${PARCELS_ROOT}/\${PARCEL_DIRNAME}"``) or use a bracket
    argument (``ENV [=[HOME=${PARCELS_ROOT}/${PARCEL_DIRNAME}]=]``). Command
    substitution (``$(...)``, backquotes) is rejected.
  ``ENV_SCRIPT``
    A hand-written defines script instead of ``ENV``.
  ``DEPENDS``, ``CONFLICTS``, ``REPLACES``
    Relation lists such as ``"CDH (>= 5.0), CDH (<< 6.0)"``: products
    separated by ``,``, each optionally followed by ``(<op> <version>)`` with
    ``op`` one of ``>= <= >> << =``.
  ``PROVIDES``
    Tags (``cdh-plugin``, ``spark2``...) that tell Cloudera Manager which
    processes source the env script.
  ``SET_ACTIVE_SYMLINK``
    Whether activation points ``$PARCELS_ROOT/<name>`` at the parcel. Default
    ON.
  ``RELEASE_NOTES``, ``METADATA``, ``ENV_SCRIPT``
    Files, relative to the current source directory; they must exist.
    ``METADATA`` is a hand-written ``parcel.json`` that the declaration
    completes.
  ``EXTRA_VERSION_INFO``
    ``key=value`` pairs for ``extraVersionInfo`` (``fullVersion``...).
  ``PACKAGES``
    ``name=version`` pairs for the informational ``packages`` list.
  ``GROUPS``
    Extra OS groups Cloudera Manager creates.
  ``OUTPUT_DIRECTORY``
    Where the parcels go, relative to the current binary directory. Default
    ``${CMAKE_BINARY_DIR}/parcels``.
  ``FROM_PACKAGES``
    RPM or DEB packages whose files make up the parcel, or targets whose
    ``PARCEL_PACKAGE_FILES`` property lists the packages they build. Without
    ``COMPONENTS`` no ``install()`` rule is staged.
  ``RELOCATE``
    ``<old>=<new>``: package paths under ``<old>`` go to ``<new>`` in the
    parcel (``.`` is the top folder). Default ``/=.``.
  ``SCRIPTLETS``
    ``ERROR`` (default) or ``WARN``: what a package's install scripts are.
  ``DROP_OUTSIDE``
    Leave out package files outside every ``RELOCATE``, with a warning.

  ``AUDIT``
    ``ON`` runs ``parceltool validate --audit`` on every parcel right after
    it is built: an error-level finding (``docs/audit.md``: a set-id or
    world-writable file nobody declared, an alternative over a sensitive
    system path, a privileged group, commands in the env script...) fails
    the build and removes the parcels, so the next build audits again.
    Default ``OFF``; ``parcel_add_test`` audits before it distributes.

  The target ``parcel_dry_run`` prints what every parcel would be
  (``parceltool build --dry-run``) and writes nothing.

  Target properties set on ``<target>``: ``PARCEL_NAME``, ``PARCEL_VERSION``,
  ``PARCEL_DISTROS``, ``PARCEL_FILES`` (the parcels, in distro order),
  ``PARCEL_SHA_FILES``, ``PARCEL_OUTPUT_DIRECTORY``, ``PARCEL_SPEC_FILE`` and
  ``PARCEL_STAGING_DIRECTORY``.

.. command:: parcel_add_user

  ::

    parcel_add_user(<target> <user> [LONGNAME <text>] [HOME <dir>]
                    [SHELL <path>] [EXTRA_GROUPS <group>...])

  An OS account Cloudera Manager creates. Defaults: ``LONGNAME <user>``,
  ``HOME /var/lib/<user>``, ``SHELL /sbin/nologin``.

.. command:: parcel_add_alternative

  ::

    parcel_add_alternative(<target> <name> DESTINATION <absolute path>
                           SOURCE <path in parcel> PRIORITY <integer>
                           [DIRECTORY])

  An entry of ``meta/alternatives.json``. ``SOURCE`` is relative to the
  parcel's top directory and must be installed by the project (``parceltool``
  checks this when it builds).

.. command:: parcel_set_permissions

  ::

    parcel_set_permissions(<target> <path in parcel> USER <user> GROUP <group>
                           MODE <four octal digits>)

  An entry of ``meta/permissions.json``; ``MODE`` is exactly four octal
  digits (``0640``, ``6050``).

.. command:: parcel_add_component

  ::

    parcel_add_component(<target> NAME <name> VERSION <version>
                         [PKG_VERSION <version>] [PKG_RELEASE <release>])

  An entry of ``components``. Without any, ``parceltool`` lists the product
  itself.

The follow-up commands may be called anywhere after ``parcel_add()`` in the
same configure run: the build spec is written at the end of the configure
step.

How it builds
^^^^^^^^^^^^^

At build time, ``<target>`` first stages the project: it runs the project's
install script (what ``cmake --install <build> --prefix <stage>
[--component <c>]`` runs) into ``_parcel/<target>/stage`` below the current
binary directory, with absolute install destinations made errors, and removes
staged files that no install rule produces any more. It depends on every
target of the ``ALL`` build. Then ``parceltool build --spec <spec>`` packs the
stage; the spec is a JSON file (``docs/build-spec.md``) written with
``file(GENERATE)``, so it changes only when the declaration does. The parcels
are rebuilt when the spec, the staged files (listed in the depfile
``parceltool`` writes), or ``parceltool`` change; otherwise the build leaves
them untouched. Staging writes ``install_manifest*.txt`` into the top build
directory, as ``cmake --install`` does.

Settings
^^^^^^^^

``PARCEL_TOOL``
  Cache entry: the ``parceltool`` executable, used when no ``parcel::tool``
  target exists (``find_package(Parcel)`` and ``add_subdirectory()`` of
  cmake-parcel both define one). Found with ``find_program()`` by default.
``PARCEL_BUILD_BY_DEFAULT``
  Cache entry: put the ``parcel`` target into ``ALL``. Default OFF.

CPack
^^^^^

``parcel_enable_cpack()``, called before ``include(CPack)``, makes
``cpack -G External`` build the same parcels, byte for byte, from CPack's
staged install tree (module ``ParcelCPack``, included by this one; see
``docs/cmake.md``).
#]=======================================================================]

include_guard(GLOBAL)
cmake_policy(VERSION 3.21...3.25)

set(PARCEL_BUILD_BY_DEFAULT OFF CACHE BOOL
  "Build every parcel declared with parcel_add() as part of the default build")

# Argument checking, the aggregate target and the finalize hook, shared with
# the other modules; the JSON helpers of the spec.
include("${CMAKE_CURRENT_LIST_DIR}/Internal/ParcelCommon.cmake")
include("${CMAKE_CURRENT_LIST_DIR}/Internal/ParcelJson.cmake")

# ---------------------------------------------------------------------------
# Value checks of parcel_add and its follow-up commands. Most apply a rule of
# the tool (cpack-generator/src/rules/names.cpp, env_script.cpp, relations.cpp,
# permissions.cpp, alternatives.cpp, package/relocation.cpp), through
# _parcel_check_rule (Internal/ParcelRules.cmake).

function(_parcel_check_product_name command target keyword value)
  _parcel_check_rule(${command} ${target} ${keyword} name "${value}")
endfunction()

function(_parcel_check_version command target keyword value)
  _parcel_check_rule(${command} ${target} ${keyword} version "${value}")
endfunction()

function(_parcel_check_distro command target value)
  if(value MATCHES "^[A-Z][A-Z0-9_]+$")
    return()   # a keyword in the list, or upper case: _parcel_check_no_keyword_like says which
  endif()
  _parcel_check_rule(${command} ${target} DISTROS distro "${value}")
  _parcel_rule_codes(distro "${value}" codes)
  _parcel_known_distros(known)
  if("unknown-distro" IN_LIST codes)
    _parcel_nearest_distro("${value}" nearest)
    set(suggestion "")
    if(NOT nearest STREQUAL "")
      set(suggestion "did you mean ${nearest}? ")
    endif()
    string(REPLACE ";" " " known "${known}")
    # A warning on every configure run, so that it is seen before the parcel ships.
    message(WARNING "${command}(${target}): DISTROS \"${value}\" is not a distro Cloudera "
      "Manager is known to support; ${suggestion}The known suffixes are: ${known}. The "
      "parcel is built anyway")
  endif()
endfunction()

# depends, conflicts, replaces: "PRODUCT [(OP VERSION)], ..." (spec section 5.4),
# parseRelations (check-value relations).
function(_parcel_check_relations command target keyword value)
  _parcel_check_rule(${command} ${target} ${keyword} relations "${value}")
endfunction()

# User and group names: checkAccountName (check-value account), what useradd
# and groupadd accept by default. A warning for the validator, since Cloudera
# does not check them; the module writes parcel.json and refuses them.
function(_parcel_check_account command target keyword value)
  _parcel_check_rule(${command} ${target} ${keyword} account "${value}")
endfunction()

# Fails when one of the remaining arguments repeats an earlier one.
function(_parcel_check_no_repeats command target keyword)
  set(seen "")
  foreach(value IN LISTS ARGN)
    if(value IN_LIST seen)
      _parcel_fail(${command} ${target} ${keyword} "${value}" "is listed twice")
    endif()
    list(APPEND seen "${value}")
  endforeach()
endfunction()

# A path inside the parcel: "bin/tool", never "./bin/tool", "/bin/tool" or
# "a/../b" (isCleanRelativePath). ';' cannot pass through a CMake list.
function(_parcel_check_path_in_parcel command target keyword value)
  if(value MATCHES ";")
    _parcel_fail(${command} ${target} ${keyword} "${value}" "must not contain ';' (CMake's \
list separator)")
  else()
    _parcel_check_rule(${command} ${target} ${keyword} path "${value}")
  endif()
endfunction()

# A "key=value" item; stores the key in <out_key> and checks it is not repeated
# within <seen_var> (a list in the caller's scope, updated).
function(_parcel_split_pair command target keyword item key_rule out_key out_value seen_var)
  if(NOT item MATCHES "^([^=]+)=(.*)$")
    _parcel_fail(${command} ${target} ${keyword} "${item}" "must have the form ${key_rule}")
  endif()
  set(key "${CMAKE_MATCH_1}")
  set(value "${CMAKE_MATCH_2}")
  if(key IN_LIST ${seen_var})
    _parcel_fail(${command} ${target} ${keyword} "${item}" "repeats \"${key}\", which \
was given before")
  endif()
  set(seen "${${seen_var}}")
  list(APPEND seen "${key}")
  set(${seen_var} "${seen}" PARENT_SCOPE)
  set(${out_key} "${key}" PARENT_SCOPE)
  set(${out_value} "${value}" PARENT_SCOPE)
endfunction()

# ---------------------------------------------------------------------------
# The spec is built with string(JSON) only (docs/build-spec.md), with the
# helpers of Internal/ParcelJson.cmake.
include("${CMAKE_CURRENT_LIST_DIR}/Internal/ParcelFromPackages.cmake")

# Appends the JSON text <item> to the array <key> of the target's spec.
function(_parcel_spec_append target key item)
  get_property(spec TARGET "${target}" PROPERTY _PARCEL_SPEC)
  string(JSON length ERROR_VARIABLE missing LENGTH "${spec}" ${key})
  if(missing)
    string(JSON spec SET "${spec}" ${key} "[]")
    set(length 0)
  endif()
  string(JSON spec SET "${spec}" ${key} ${length} "${item}")
  set_property(TARGET "${target}" PROPERTY _PARCEL_SPEC "${spec}")
endfunction()

# Two parcel_add() calls for the same NAME, VERSION and distro would build the
# same parcel (and, in one output folder, the same file): name both targets.
function(_parcel_claim_parcel_files target name version)
  foreach(distro IN LISTS ARGN)
    set(file "${name}-${version}-${distro}.parcel")
    string(MD5 key "${file}")
    get_property(owner GLOBAL PROPERTY _PARCEL_FILE_OWNER_${key})
    if("${owner}" STREQUAL "")
      set_property(GLOBAL PROPERTY _PARCEL_FILE_OWNER_${key} "${target}")
    elseif(NOT owner STREQUAL target)
      _parcel_problem(parcel_add ${target} "NAME \"${name}\" VERSION \"${version}\" and \
distro \"${distro}\" are those of parcel_add(${owner}) too: both targets would build \
${file}. Declare the parcel once (one parcel_add with both distros), or give one of \
them another NAME or VERSION")
    endif()
  endforeach()
endfunction()

# Fails when <value> was already recorded in the target's list property <property>.
function(_parcel_claim_unique command target property keyword value)
  get_property(taken TARGET "${target}" PROPERTY ${property})
  if(value IN_LIST taken)
    _parcel_fail(${command} ${target} ${keyword} "${value}" "was already declared for \
this parcel")
  endif()
  set_property(TARGET "${target}" APPEND PROPERTY ${property} "${value}")
endfunction()

# ---------------------------------------------------------------------------
# Public commands.

function(parcel_add target)
  _parcel_parse_arguments(parcel_add 1)
  _parcel_check_parsed(parcel_add ${target} arg REQUIRED NAME VERSION DISTROS)
  _parcel_check_no_keyword_like(parcel_add ${target} arg
    IN DISTROS ENV EXTRA_VERSION_INFO PACKAGES GROUPS)

  if(NOT target MATCHES "^[A-Za-z0-9_.+-]+$")
    _parcel_problem(parcel_add ${target} "the target name may only contain \
letters, digits, '_', '.', '+' and '-'")
  elseif(target STREQUAL "parcel")
    _parcel_problem(parcel_add ${target} "\"parcel\" is the aggregate target of all \
parcels; choose another target name")
  elseif(TARGET "${target}")
    _parcel_problem(parcel_add ${target} "a target named \"${target}\" already exists")
  endif()
  if(DEFINED arg_NAME)
    _parcel_check_product_name(parcel_add ${target} NAME "${arg_NAME}")
  endif()
  if(DEFINED arg_VERSION)
    _parcel_check_version(parcel_add ${target} VERSION "${arg_VERSION}")
  endif()
  foreach(distro IN LISTS arg_DISTROS)
    _parcel_check_distro(parcel_add ${target} "${distro}")
  endforeach()
  _parcel_check_no_repeats(parcel_add ${target} DISTROS ${arg_DISTROS})
  if(DEFINED arg_NAME AND DEFINED arg_VERSION)
    _parcel_claim_parcel_files(${target} "${arg_NAME}" "${arg_VERSION}" ${arg_DISTROS})
  endif()
  foreach(component IN LISTS arg_COMPONENTS)
    if(component STREQUAL "")
      _parcel_fail(parcel_add ${target} COMPONENTS "" "must not be empty")
    endif()
  endforeach()

  # Everything below builds the spec; every value is checked on the way.
  set(dir "${CMAKE_CURRENT_BINARY_DIR}/_parcel/${target}")
  if(DEFINED arg_OUTPUT_DIRECTORY)
    get_filename_component(output_dir "${arg_OUTPUT_DIRECTORY}" ABSOLUTE
      BASE_DIR "${CMAKE_CURRENT_BINARY_DIR}")
  else()
    set(output_dir "${CMAKE_BINARY_DIR}/parcels")
  endif()
  set(spec "{}")
  string(JSON spec SET "${spec}" formatVersion "[1, 0]")
  set(from_packages_only FALSE)
  if(DEFINED arg_FROM_PACKAGES AND NOT DEFINED arg_COMPONENTS)
    set(from_packages_only TRUE)   # the packages are the content; install() rules are not staged
  else()
    _parcel_json_set_string(spec input "${dir}/stage")
  endif()
  _parcel_json_set_string(spec name "${arg_NAME}")
  _parcel_json_set_string(spec version "${arg_VERSION}")
  _parcel_json_set_string(spec outputDirectory "${output_dir}")
  # parceltool's depfile lists every file it read. Ninja reads it as is; the
  # Makefile generators of CMake 3.25 merge a new depfile into the previous
  # list instead of replacing it, so a staged file that went away would repack
  # the parcel on every later build. The stage stamp covers the staged files
  # for every generator and the other inputs are listed explicitly, so only
  # Ninja gets the depfile.
  if(CMAKE_GENERATOR MATCHES "Ninja")
    _parcel_json_set_string(spec depfile "${dir}/parcel.d")
  endif()
  _parcel_json_set_strings(spec distros ${arg_DISTROS})

  set(input_files "")
  foreach(keyword IN ITEMS METADATA ENV_SCRIPT RELEASE_NOTES)
    if(DEFINED arg_${keyword})
      _parcel_existing_file(parcel_add ${target} ${keyword} "${arg_${keyword}}" path)
      list(APPEND input_files "${path}")
      string(TOLOWER "${keyword}" key)
      string(REPLACE "env_script" "envScript" key "${key}")
      string(REPLACE "release_notes" "releaseNotes" key "${key}")
      _parcel_json_set_string(spec ${key} "${path}")
    endif()
  endforeach()

  if(DEFINED arg_ENV AND DEFINED arg_ENV_SCRIPT)
    _parcel_problem(parcel_add ${target} "ENV and ENV_SCRIPT exclude each other: \
either the env script is generated from ENV or it is the file ENV_SCRIPT names")
  endif()
  set(seen "")
  foreach(item IN LISTS arg_ENV)
    _parcel_split_pair(parcel_add ${target} ENV "${item}" "VAR=value" var value seen)
    # checkEnvAssignments' rules (check-value env-name, env-value), worded for the item.
    _parcel_rule_codes(env-name "${var}" name_codes)
    _parcel_rule_codes(env-value "${value}" value_codes)
    if(name_codes)
      _parcel_fail(parcel_add ${target} ENV "${item}" "does not start with a shell \
variable name ([A-Za-z_][A-Za-z0-9_]*) before '=' [env-invalid-name]")
    elseif(value_codes)
      _parcel_fail(parcel_add ${target} ENV "${item}" "uses command substitution, which \
the env script must not run (Cloudera Manager sources it before every process) \
[env-command-substitution]")
    elseif(value MATCHES "\n")
      _parcel_fail(parcel_add ${target} ENV "${item}" "must be on one line")
    elseif(value MATCHES "^/(/|:|$)")
      # The footprint of "${PARCELS_ROOT}/${PARCEL_DIRNAME}" expanded by CMake,
      # where both are empty, instead of by the host.
      message(WARNING "parcel_add(${target}): ENV \"${item}\" starts with an empty path; "
        "were \${PARCELS_ROOT} and \${PARCEL_DIRNAME} expanded by CMake? Escape them "
        "(\"${var}=\\\${PARCELS_ROOT}/\\\${PARCEL_DIRNAME}\") or use a bracket argument "
        "([=[${var}=\${PARCELS_ROOT}/\${PARCEL_DIRNAME}]=]) so the host expands them")
    endif()
  endforeach()
  _parcel_json_set_strings(spec env ${arg_ENV})

  foreach(keyword IN ITEMS DEPENDS CONFLICTS REPLACES)
    if(DEFINED arg_${keyword})
      _parcel_check_relations(parcel_add ${target} ${keyword} "${arg_${keyword}}")
      string(TOLOWER "${keyword}" key)
      _parcel_json_set_string(spec ${key} "${arg_${keyword}}")
    endif()
  endforeach()

  foreach(tag IN LISTS arg_PROVIDES)
    if(NOT tag MATCHES "^[A-Za-z0-9_.+-]+$")
      _parcel_fail(parcel_add ${target} PROVIDES "${tag}" "is not a tag: letters, digits, \
'_', '.', '+' and '-' only")
    endif()
  endforeach()
  _parcel_check_no_repeats(parcel_add ${target} PROVIDES ${arg_PROVIDES})
  _parcel_json_set_strings(spec provides ${arg_PROVIDES})

  set(symlink ON)
  if(DEFINED arg_SET_ACTIVE_SYMLINK)
    string(TOUPPER "${arg_SET_ACTIVE_SYMLINK}" symlink)
    if(NOT symlink MATCHES "^(1|0|ON|OFF|YES|NO|TRUE|FALSE|Y|N)$")
      _parcel_fail(parcel_add ${target} SET_ACTIVE_SYMLINK "${arg_SET_ACTIVE_SYMLINK}"
        "is not a boolean: use ON or OFF")
    endif()
  endif()
  if(symlink)
    string(JSON spec SET "${spec}" setActiveSymlink true)
  else()
    string(JSON spec SET "${spec}" setActiveSymlink false)
  endif()

  set(seen "")
  foreach(item IN LISTS arg_EXTRA_VERSION_INFO)
    _parcel_split_pair(parcel_add ${target} EXTRA_VERSION_INFO "${item}" "key=value"
      key value seen)
    if(NOT key MATCHES "^[A-Za-z0-9_.-]+$")
      _parcel_fail(parcel_add ${target} EXTRA_VERSION_INFO "${item}" "needs a key of \
letters, digits, '_', '.' and '-' before '='")
    endif()
  endforeach()
  _parcel_json_set_strings(spec extraVersionInfo ${arg_EXTRA_VERSION_INFO})

  set(seen "")
  foreach(item IN LISTS arg_PACKAGES)
    _parcel_split_pair(parcel_add ${target} PACKAGES "${item}" "name=version"
      package version seen)
    if(version STREQUAL "")
      _parcel_fail(parcel_add ${target} PACKAGES "${item}" "needs a version after '='")
    endif()
  endforeach()
  _parcel_json_set_strings(spec packages ${arg_PACKAGES})

  foreach(group IN LISTS arg_GROUPS)
    _parcel_check_account(parcel_add ${target} GROUPS "${group}")
  endforeach()
  _parcel_check_no_repeats(parcel_add ${target} GROUPS ${arg_GROUPS})
  _parcel_json_set_strings(spec groups ${arg_GROUPS})

  set(package_targets "")
  if(DEFINED arg_FROM_PACKAGES)
    set(package_args FROM_PACKAGES ${arg_FROM_PACKAGES} RELOCATE ${arg_RELOCATE})
    if(DEFINED arg_SCRIPTLETS)
      list(APPEND package_args SCRIPTLETS ${arg_SCRIPTLETS})
    endif()
    if(arg_DROP_OUTSIDE)
      list(APPEND package_args DROP_OUTSIDE)
    endif()
    _parcel_spec_from_packages(${target} spec package_files package_targets ${package_args})
    list(APPEND input_files ${package_files})
  elseif(DEFINED arg_RELOCATE OR DEFINED arg_SCRIPTLETS OR arg_DROP_OUTSIDE)
    _parcel_problem(parcel_add ${target} "RELOCATE, SCRIPTLETS and DROP_OUTSIDE apply \
to FROM_PACKAGES, which is not given")
  endif()

  if(DEFINED arg_AUDIT AND NOT arg_AUDIT MATCHES "^(ON|OFF|TRUE|FALSE|YES|NO|1|0)$")
    _parcel_fail(parcel_add ${target} AUDIT "${arg_AUDIT}" "must be ON or OFF")
  endif()

  _parcel_report_problems(parcel_add ${target})

  # Outputs, in distro order: the first parcel is the depfile's target.
  set(parcels "")
  set(sha_files "")
  foreach(distro IN LISTS arg_DISTROS)
    list(APPEND parcels "${output_dir}/${arg_NAME}-${arg_VERSION}-${distro}.parcel")
    list(APPEND sha_files "${output_dir}/${arg_NAME}-${arg_VERSION}-${distro}.parcel.sha")
  endforeach()
  set(audit_command "")
  if(arg_AUDIT)
    _parcel_audit_command(${target} "${parcels}" "${parcels};${sha_files}" audit_command)
  endif()
  if(from_packages_only)
    _parcel_add_package_targets(${target} "${dir}" "${arg_NAME}-${arg_VERSION}"
      "${parcels}" "${sha_files}" "${input_files}" "${audit_command}")
  else()
    _parcel_add_targets(${target} "${dir}" "${arg_NAME}-${arg_VERSION}"
      "${parcels}" "${sha_files}" "${arg_COMPONENTS}" "${input_files}" "${audit_command}")
  endif()
  _parcel_package_wiring(${target} "${dir}" "${package_targets}")

  set_target_properties(${target} PROPERTIES
    PARCEL_NAME "${arg_NAME}"
    PARCEL_VERSION "${arg_VERSION}"
    PARCEL_DISTROS "${arg_DISTROS}"
    PARCEL_FILES "${parcels}"
    PARCEL_SHA_FILES "${sha_files}"
    PARCEL_OUTPUT_DIRECTORY "${output_dir}"
    PARCEL_SPEC_FILE "${dir}/spec.json"
    PARCEL_STAGING_DIRECTORY "${dir}/stage")
  set_property(TARGET ${target} PROPERTY _PARCEL_SPEC "${spec}")
  set_property(TARGET ${target} PROPERTY _PARCEL_COMPONENTS "${arg_COMPONENTS}")
  _parcel_register_for_finalize(_PARCEL_TARGETS ${target} _parcel_finalize)
endfunction()

function(parcel_add_user target user)
  _parcel_parse_arguments(parcel_add_user 2)
  _parcel_check_parsed(parcel_add_user ${target} arg)
  _parcel_check_no_keyword_like(parcel_add_user ${target} arg IN EXTRA_GROUPS)
  _parcel_check_is_parcel(parcel_add_user ${target})
  _parcel_check_account(parcel_add_user ${target} "<user>" "${user}")
  set(longname "${user}")
  set(home "/var/lib/${user}")
  set(shell "/sbin/nologin")
  if(DEFINED arg_LONGNAME)
    set(longname "${arg_LONGNAME}")
  endif()
  foreach(keyword IN ITEMS HOME SHELL)
    if(DEFINED arg_${keyword})
      _parcel_check_rule(parcel_add_user ${target} ${keyword} user-path "${arg_${keyword}}")
      string(TOLOWER "${keyword}" key)
      set(${key} "${arg_${keyword}}")
    endif()
  endforeach()
  foreach(group IN LISTS arg_EXTRA_GROUPS)
    _parcel_check_account(parcel_add_user ${target} EXTRA_GROUPS "${group}")
  endforeach()
  _parcel_claim_unique(parcel_add_user ${target} _PARCEL_USERS "<user>" "${user}")
  _parcel_report_problems(parcel_add_user ${target})

  set(item "{}")
  _parcel_json_set_string(item name "${user}")
  _parcel_json_set_string(item longname "${longname}")
  _parcel_json_set_string(item home "${home}")
  _parcel_json_set_string(item shell "${shell}")
  _parcel_json_string_array(groups ${arg_EXTRA_GROUPS})
  string(JSON item SET "${item}" extraGroups "${groups}")
  _parcel_spec_append(${target} users "${item}")
endfunction()

function(parcel_add_alternative target name)
  _parcel_parse_arguments(parcel_add_alternative 2)
  _parcel_check_parsed(parcel_add_alternative ${target} arg
    REQUIRED DESTINATION SOURCE PRIORITY)
  _parcel_check_is_parcel(parcel_add_alternative ${target})
  if(NOT name MATCHES "^[A-Za-z0-9_.+-]+$")
    _parcel_fail(parcel_add_alternative ${target} "<name>" "${name}" "is not a link group \
name: letters, digits, '_', '.', '+' and '-' only")
  endif()
  if(DEFINED arg_DESTINATION)
    _parcel_check_rule(parcel_add_alternative ${target} DESTINATION alternative-destination
      "${arg_DESTINATION}")
  endif()
  if(DEFINED arg_SOURCE)
    _parcel_check_rule(parcel_add_alternative ${target} SOURCE alternative-source "${arg_SOURCE}")
  endif()
  if(DEFINED arg_PRIORITY AND NOT arg_PRIORITY MATCHES "^-?[0-9]+$")
    _parcel_fail(parcel_add_alternative ${target} PRIORITY "${arg_PRIORITY}" "must be an \
integer (Cloudera's own parcels use 10)")
  endif()
  _parcel_claim_unique(parcel_add_alternative ${target} _PARCEL_ALTERNATIVES "<name>"
    "${name}")
  _parcel_report_problems(parcel_add_alternative ${target})

  set(item "{}")
  _parcel_json_set_string(item name "${name}")
  _parcel_json_set_string(item destination "${arg_DESTINATION}")
  _parcel_json_set_string(item source "${arg_SOURCE}")
  math(EXPR priority "${arg_PRIORITY}")
  string(JSON item SET "${item}" priority ${priority})
  if(arg_DIRECTORY)
    string(JSON item SET "${item}" isDirectory true)
  else()
    string(JSON item SET "${item}" isDirectory false)
  endif()
  _parcel_spec_append(${target} alternatives "${item}")
endfunction()

function(parcel_set_permissions target path)
  _parcel_parse_arguments(parcel_set_permissions 2)
  _parcel_check_parsed(parcel_set_permissions ${target} arg REQUIRED USER GROUP MODE)
  _parcel_check_is_parcel(parcel_set_permissions ${target})
  _parcel_check_path_in_parcel(parcel_set_permissions ${target} "<path>" "${path}")
  foreach(keyword IN ITEMS USER GROUP)
    if(DEFINED arg_${keyword})
      _parcel_check_account(parcel_set_permissions ${target} ${keyword} "${arg_${keyword}}")
    endif()
  endforeach()
  if(DEFINED arg_MODE)
    _parcel_check_rule(parcel_set_permissions ${target} MODE mode "${arg_MODE}")
  endif()
  _parcel_claim_unique(parcel_set_permissions ${target} _PARCEL_PERMISSION_PATHS "<path>"
    "${path}")
  _parcel_report_problems(parcel_set_permissions ${target})

  set(item "{}")
  _parcel_json_set_string(item path "${path}")
  _parcel_json_set_string(item user "${arg_USER}")
  _parcel_json_set_string(item group "${arg_GROUP}")
  _parcel_json_set_string(item mode "${arg_MODE}")
  _parcel_spec_append(${target} permissions "${item}")
endfunction()

function(parcel_add_component target)
  _parcel_parse_arguments(parcel_add_component 1)
  _parcel_check_parsed(parcel_add_component ${target} arg REQUIRED NAME VERSION)
  _parcel_check_is_parcel(parcel_add_component ${target})
  if(DEFINED arg_NAME AND NOT arg_NAME MATCHES "^[A-Za-z0-9_.+-]+$")
    _parcel_fail(parcel_add_component ${target} NAME "${arg_NAME}" "may only contain \
letters, digits, '_', '.', '+' and '-'")
  endif()
  foreach(keyword IN ITEMS VERSION PKG_VERSION PKG_RELEASE)
    if(DEFINED arg_${keyword})
      _parcel_check_version(parcel_add_component ${target} ${keyword} "${arg_${keyword}}")
    endif()
  endforeach()
  _parcel_claim_unique(parcel_add_component ${target} _PARCEL_COMPONENT_NAMES NAME
    "${arg_NAME}")
  _parcel_report_problems(parcel_add_component ${target})
  if(NOT DEFINED arg_PKG_VERSION)
    # CM 5.0.0 to 5.0.2 required pkg_version; repeating the version is harmless.
    set(arg_PKG_VERSION "${arg_VERSION}")
  endif()

  set(item "{}")
  foreach(pair IN ITEMS name:NAME version:VERSION pkgVersion:PKG_VERSION
      pkgRelease:PKG_RELEASE)
    string(REGEX MATCH "^[^:]+" key "${pair}")
    string(REGEX REPLACE "^[^:]+:" "" keyword "${pair}")
    if(DEFINED arg_${keyword})
      _parcel_json_set_string(item ${key} "${arg_${keyword}}")
    endif()
  endforeach()
  _parcel_spec_append(${target} components "${item}")
endfunction()

# ---------------------------------------------------------------------------
# Targets and the end-of-configure step.

# The staging target (always runs; rewrites <dir>/stage.stamp only when the
# staged tree changed), the packing command and the <target> custom target.
function(_parcel_add_targets target dir title parcels sha_files components input_files audit_command)
  set(stamp "${dir}/stage.stamp")
  string(REPLACE ";" "$<SEMICOLON>" component_arg "${components}")
  add_custom_target(_parcel_stage_${target}
    COMMAND "${CMAKE_COMMAND}"
      "-DPARCEL_TARGET=${target}"
      "-DPARCEL_BINARY_DIR=${CMAKE_BINARY_DIR}"
      "-DPARCEL_STAGE_DIR=${dir}/stage"
      "-DPARCEL_STAMP_FILE=${stamp}"
      "-DPARCEL_COMPONENTS=${component_arg}"
      "-DPARCEL_CONFIG=$<CONFIG>"
      -P "${CMAKE_CURRENT_FUNCTION_LIST_DIR}/Internal/ParcelStage.cmake"
    BYPRODUCTS "${stamp}"
    COMMENT "Staging the install() rules of parcel ${title}"
    VERBATIM)

  set(depfile "")
  if(CMAKE_GENERATOR MATCHES "Ninja")   # see parcel_add()
    set(depfile DEPFILE "${dir}/parcel.d")
  endif()
  add_custom_command(OUTPUT ${parcels} ${sha_files}
    COMMAND parcel::tool build --spec "${dir}/spec.json"
    ${audit_command}
    DEPENDS parcel::tool "${dir}/spec.json" "${stamp}" ${input_files}
    ${depfile}
    COMMENT "Building parcel ${title}"
    VERBATIM)
  add_custom_target(${target} DEPENDS ${parcels} ${sha_files})
  add_dependencies(${target} _parcel_stage_${target})
  _parcel_add_to_aggregate(${target})
endfunction()



# Every target of the ALL build, in <dir> and below: staging runs the install
# script, which expects them built.
function(_parcel_all_build_targets dir out_var)
  set(result "")
  get_property(dir_excluded DIRECTORY "${dir}" PROPERTY EXCLUDE_FROM_ALL)
  get_property(targets DIRECTORY "${dir}" PROPERTY BUILDSYSTEM_TARGETS)
  foreach(candidate IN LISTS targets)
    get_target_property(type ${candidate} TYPE)
    get_target_property(excluded ${candidate} EXCLUDE_FROM_ALL)
    if(NOT type STREQUAL "INTERFACE_LIBRARY" AND NOT excluded AND NOT dir_excluded)
      list(APPEND result ${candidate})
    endif()
  endforeach()
  get_property(subdirs DIRECTORY "${dir}" PROPERTY SUBDIRECTORIES)
  foreach(subdir IN LISTS subdirs)
    _parcel_all_build_targets("${subdir}" below)
    list(APPEND result ${below})
  endforeach()
  set(${out_var} "${result}" PARENT_SCOPE)
endfunction()

# Runs once, at the end of the top directory: resolves parceltool, wires the
# staging targets to the ALL build, and writes each parcel's spec.
function(_parcel_finalize)
  get_property(parcel_targets GLOBAL PROPERTY _PARCEL_TARGETS)
  list(GET parcel_targets 0 first)
  _parcel_resolve_tool(parcel_add ${first})

  _parcel_all_build_targets("${CMAKE_SOURCE_DIR}" build_targets)
  foreach(target IN LISTS parcel_targets)
    if(build_targets AND TARGET _parcel_stage_${target})   # parcels from packages stage nothing
      add_dependencies(_parcel_stage_${target} ${build_targets})
    endif()
    get_target_property(spec ${target} _PARCEL_SPEC)
    get_target_property(spec_file ${target} PARCEL_SPEC_FILE)
    # file(GENERATE) evaluates generator expressions: keep "$<" in values literal.
    string(REPLACE "$<" "$<1:$><" spec "${spec}")
    file(GENERATE OUTPUT "${spec_file}" CONTENT "${spec}\n")
  endforeach()
  _parcel_cpack_finalize("${parcel_targets}")
endfunction()

# The commands of the other areas, one module each; they build on the helpers above.
include("${CMAKE_CURRENT_LIST_DIR}/ParcelCPack.cmake")        # parcel_enable_cpack
include("${CMAKE_CURRENT_LIST_DIR}/ParcelRepository.cmake")   # parcel_add_repository
include("${CMAKE_CURRENT_LIST_DIR}/ParcelCsd.cmake")          # parcel_add_csd
include("${CMAKE_CURRENT_LIST_DIR}/ParcelTest.cmake")         # parcel_add_test
