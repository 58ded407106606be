# Shared by the public modules (Parcel, ParcelCsd, ParcelRepository,
# ParcelTest): argument checking, the aggregate `parcel` target, the
# end-of-configure hook and the parceltool target. Each public module includes
# this file itself, so any one of them works alone. Internal: projects must
# not call these functions.
include_guard(GLOBAL)

# The rules of names, versions, distros, paths and modes: the tool's.
include("${CMAKE_CURRENT_LIST_DIR}/ParcelRules.cmake")

# ---------------------------------------------------------------------------
# The keywords of every public command, in one table: each command parses its
# arguments with it (_parcel_parse_arguments), and an unknown keyword is
# looked up in it to say "did you mean" or which command takes it.

function(_parcel_command_keywords command out_options out_one out_multi)
  set(options "")
  set(one "")
  set(multi "")
  if(command STREQUAL "parcel_add")
    set(options DROP_OUTSIDE)
    set(one NAME VERSION ENV_SCRIPT DEPENDS CONFLICTS REPLACES SET_ACTIVE_SYMLINK
      RELEASE_NOTES METADATA OUTPUT_DIRECTORY SCRIPTLETS AUDIT)
    set(multi DISTROS COMPONENTS ENV PROVIDES EXTRA_VERSION_INFO PACKAGES GROUPS
      FROM_PACKAGES RELOCATE)
  elseif(command STREQUAL "parcel_add_user")
    set(one LONGNAME HOME SHELL)
    set(multi EXTRA_GROUPS)
  elseif(command STREQUAL "parcel_add_alternative")
    set(options DIRECTORY)
    set(one DESTINATION SOURCE PRIORITY)
  elseif(command STREQUAL "parcel_set_permissions")
    set(one USER GROUP MODE)
  elseif(command STREQUAL "parcel_add_component")
    set(one NAME VERSION PKG_VERSION PKG_RELEASE)
  elseif(command STREQUAL "parcel_add_csd")
    set(one NAME VERSION SDL MDL SCRIPTS AUX ICON OUTPUT_DIRECTORY CM_VERSION)
  elseif(command STREQUAL "parcel_add_repository")
    set(options INDEX_HTML)
    set(one OUTPUT_DIRECTORY)
    set(multi PARCELS)
  elseif(command STREQUAL "parcel_add_test")
    set(options IGNORE_DEPENDS)
    set(one NAME DISTRO CSD ROLE AUDIT)
    set(multi COMMAND CONFIG ARGS)
  else()
    message(FATAL_ERROR "_parcel_command_keywords: unknown command ${command}")
  endif()
  set(${out_options} "${options}" PARENT_SCOPE)
  set(${out_one} "${one}" PARENT_SCOPE)
  set(${out_multi} "${multi}" PARENT_SCOPE)
endfunction()

# Words that name what another command declares, for "USER: use parcel_add_user".
function(_parcel_command_for_word word out_var)
  set(result "")
  foreach(pair IN ITEMS USER:parcel_add_user USERS:parcel_add_user
      ALTERNATIVE:parcel_add_alternative ALTERNATIVES:parcel_add_alternative
      PERMISSION:parcel_set_permissions PERMISSIONS:parcel_set_permissions
      TEST:parcel_add_test TESTS:parcel_add_test CSD:parcel_add_csd
      REPOSITORY:parcel_add_repository)
    string(REPLACE ":" ";" pair "${pair}")
    list(GET pair 0 candidate)
    if(word STREQUAL candidate)
      list(GET pair 1 result)
    endif()
  endforeach()
  set(${out_var} "${result}" PARENT_SCOPE)
endfunction()

# Parses the calling function's arguments from index <first> into arg_*, with
# the keywords of <command>. A macro, so that PARSE_ARGV reads the caller's.
macro(_parcel_parse_arguments command first)
  _parcel_command_keywords(${command} _parcel_options _parcel_one _parcel_multi)
  cmake_parse_arguments(PARSE_ARGV ${first} arg
    "${_parcel_options}" "${_parcel_one}" "${_parcel_multi}")
  _parcel_begin_checks()
endmacro()

# The keyword nearest to <word>: at most 2 edits and fewer than half of the
# word, or the one candidate it abbreviates; "" when none is near.
function(_parcel_nearest word out_var)
  _parcel_nearest_by_edits("${word}" 2 nearest ${ARGN})
  string(LENGTH "${word}" length)
  # A shortened word ("OUTPUT_DIR") means the one candidate it starts.
  if(nearest STREQUAL "" AND length GREATER 2)
    set(starting "")
    foreach(candidate IN LISTS ARGN)
      string(FIND "${candidate}" "${word}" at)
      if(at EQUAL 0)
        list(APPEND starting "${candidate}")
      endif()
    endforeach()
    list(LENGTH starting starting_count)
    if(starting_count EQUAL 1)
      set(nearest "${starting}")
    endif()
  endif()
  set(${out_var} "${nearest}" PARENT_SCOPE)
endfunction()

# ---------------------------------------------------------------------------
# Problems. A public command collects every problem of one call and reports
# them together: _parcel_parse_arguments starts the collection, the checks add
# to it (_parcel_fail, _parcel_problem), and _parcel_report_problems ends the
# configure run with one FATAL_ERROR listing them all. A command calls it
# before it uses the checked values, and at its end.

function(_parcel_begin_checks)
  set_property(GLOBAL PROPERTY _PARCEL_PROBLEM_COUNT 0)
endfunction()

function(_parcel_problem command target text)
  get_property(count GLOBAL PROPERTY _PARCEL_PROBLEM_COUNT)
  if("${count}" STREQUAL "")   # outside a command's checks: report at once
    message(FATAL_ERROR "${command}(${target}): ${text}")
  endif()
  math(EXPR count "${count} + 1")
  set_property(GLOBAL PROPERTY _PARCEL_PROBLEM_${count} "${text}")
  set_property(GLOBAL PROPERTY _PARCEL_PROBLEM_COUNT ${count})
endfunction()

function(_parcel_fail command target keyword value rule)
  _parcel_problem(${command} ${target} "${keyword} \"${value}\" ${rule}")
endfunction()

function(_parcel_report_problems command target)
  get_property(count GLOBAL PROPERTY _PARCEL_PROBLEM_COUNT)
  set_property(GLOBAL PROPERTY _PARCEL_PROBLEM_COUNT "")
  if("${count}" STREQUAL "" OR count EQUAL 0)
    return()
  endif()
  if(count EQUAL 1)
    get_property(text GLOBAL PROPERTY _PARCEL_PROBLEM_1)
    message(FATAL_ERROR "${command}(${target}): ${text}")
  endif()
  set(report "${command}(${target}): ${count} problems:")
  foreach(index RANGE 1 ${count})
    get_property(text GLOBAL PROPERTY _PARCEL_PROBLEM_${index})
    string(APPEND report "\n  ${index}. ${text}")
  endforeach()
  message(FATAL_ERROR "${report}")
endfunction()

# "unknown keyword <word>" with what it may be: a near keyword of <command>, a
# keyword or the subject of another command, and the sorted valid keywords.
function(_parcel_unknown_keyword command target word context)
  _parcel_command_keywords(${command} options one multi)
  set(known ${options} ${one} ${multi})
  list(SORT known)
  _parcel_nearest("${word}" nearest ${known})
  set(text "unknown keyword \"${word}\"${context}")
  _parcel_command_for_word("${word}" other)
  if(NOT nearest STREQUAL "")
    string(APPEND text "; did you mean ${nearest}?")
  elseif(NOT other STREQUAL "" AND NOT other STREQUAL command)
    string(APPEND text "; to declare that, call ${other}()")
  else()
    set(takers "")
    foreach(candidate IN ITEMS parcel_add parcel_add_user parcel_add_alternative
        parcel_set_permissions parcel_add_component parcel_add_csd parcel_add_repository
        parcel_add_test)
      if(NOT candidate STREQUAL command)
        _parcel_command_keywords(${candidate} o1 o2 o3)
        if(word IN_LIST o1 OR word IN_LIST o2 OR word IN_LIST o3)
          list(APPEND takers ${candidate}())
        endif()
      endif()
    endforeach()
    if(takers)
      string(REPLACE ";" ", " takers "${takers}")
      string(APPEND text "; it is a keyword of ${takers}")
    endif()
  endif()
  string(REPLACE ";" " " known "${known}")
  string(APPEND text " (the keywords of ${command} are: ${known})")
  _parcel_problem(${command} ${target} "${text}")
endfunction()

# Unknown keywords, keywords without a value, and required keywords.
function(_parcel_check_parsed command target prefix)
  cmake_parse_arguments(PARSE_ARGV 3 check "" "" "REQUIRED")
  set(after_unknown FALSE)   # the words after an unknown keyword are its values
  foreach(word IN LISTS ${prefix}_UNPARSED_ARGUMENTS)
    if(word MATCHES "^[A-Z][A-Z0-9_]+$")
      _parcel_unknown_keyword(${command} ${target} "${word}" "")
      set(after_unknown TRUE)
    elseif(NOT after_unknown)
      _parcel_problem(${command} ${target} "unexpected argument \"${word}\" (not after a \
keyword that takes it)")
    endif()
  endforeach()
  foreach(keyword IN LISTS ${prefix}_KEYWORDS_MISSING_VALUES)
    _parcel_problem(${command} ${target} "keyword ${keyword} needs a value")
  endforeach()
  foreach(keyword IN LISTS check_REQUIRED)
    if(NOT DEFINED ${prefix}_${keyword} AND NOT keyword IN_LIST ${prefix}_KEYWORDS_MISSING_VALUES)
      _parcel_problem(${command} ${target} "${keyword} is required")
    endif()
  endforeach()
endfunction()

# A multi-value keyword swallows the words after it, so a misspelt keyword shows
# up as a value: catch words that look like keywords where no value can be one.
function(_parcel_check_no_keyword_like command target prefix)
  cmake_parse_arguments(PARSE_ARGV 3 check "" "" "IN")
  _parcel_known_distros(distros)
  foreach(keyword IN LISTS check_IN)
    foreach(value IN LISTS ${prefix}_${keyword})
      if(value MATCHES "^[A-Z][A-Z0-9_]+$")
        string(TOLOWER "${value}" lower)
        if(keyword STREQUAL "DISTROS" AND lower IN_LIST distros)
          _parcel_fail(${command} ${target} DISTROS "${value}" "is upper case; distro \
suffixes are lower case, as in the file name: ${lower}")
        else()
          _parcel_unknown_keyword(${command} ${target} "${value}" " (read as a value of ${keyword})")
        endif()
      endif()
    endforeach()
  endforeach()
endfunction()

# A file named by a keyword, relative to the current source directory.
function(_parcel_existing_file command target keyword value out_var)
  get_filename_component(path "${value}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  if(NOT EXISTS "${path}" OR IS_DIRECTORY "${path}")
    _parcel_fail(${command} ${target} ${keyword} "${value}" "must name an existing file \
(looked for ${path})")
  endif()
  set(${out_var} "${path}" PARENT_SCOPE)
endfunction()

function(_parcel_check_is_parcel command target)
  if(NOT TARGET "${target}")
    _parcel_problem(${command} ${target} "\"${target}\" is not a target; create it \
with parcel_add() first")
    _parcel_report_problems(${command} ${target})
  endif()
  get_property(is_parcel TARGET "${target}" PROPERTY _PARCEL_SPEC SET)
  if(NOT is_parcel)
    _parcel_problem(${command} ${target} "\"${target}\" is not a target created by \
parcel_add()")
    _parcel_report_problems(${command} ${target})
  endif()
endfunction()

# Adds <target> to the aggregate `parcel` target, creating it on first use (in
# ALL only when PARCEL_BUILD_BY_DEFAULT is ON). Every output-producing command
# (parcels, CSD jars, repositories) goes through here.
function(_parcel_add_to_aggregate target)
  if(NOT TARGET parcel)
    if(PARCEL_BUILD_BY_DEFAULT)
      add_custom_target(parcel ALL)
    else()
      add_custom_target(parcel)
    endif()
  endif()
  add_dependencies(parcel ${target})
endfunction()

# Appends <target> to the GLOBAL list <registry> and schedules <finalize> once
# per run, at the end of the top directory's configure step, when every
# declaration (and every call after it) has been seen.
function(_parcel_register_for_finalize registry target finalize)
  set_property(GLOBAL APPEND PROPERTY ${registry} ${target})
  get_property(scheduled GLOBAL PROPERTY ${registry}_SCHEDULED)
  if(NOT scheduled)
    set_property(GLOBAL PROPERTY ${registry}_SCHEDULED TRUE)
    cmake_language(DEFER DIRECTORY "${CMAKE_SOURCE_DIR}" CALL ${finalize})
  endif()
endfunction()

# Makes sure the target parcel::tool exists at the end of configuration: the
# one built in this tree (add_subdirectory, FetchContent) or imported by
# find_package(Parcel); otherwise the parceltool found on the system (cache
# entry PARCEL_TOOL). <command>(<target>) is named when there is none.
function(_parcel_resolve_tool command target)
  if(TARGET parcel::tool)
    return()
  endif()
  find_program(PARCEL_TOOL parceltool
    DOC "parceltool executable, used when no parcel::tool target exists")
  if(NOT PARCEL_TOOL)
    message(FATAL_ERROR "${command}(${target}): no parceltool: use find_package(Parcel), "
      "FetchContent or add_subdirectory() of cmake-parcel, or set PARCEL_TOOL to the executable")
  endif()
  add_executable(parcel::tool IMPORTED GLOBAL)
  set_target_properties(parcel::tool PROPERTIES IMPORTED_LOCATION "${PARCEL_TOOL}")
endfunction()

# The COMMAND that audits <parcels> (ParcelAuditRun.cmake), for a custom command
# or a test: parcel_add(... AUDIT ON) after the build, parcel_add_test before it
# distributes. <remove_on_failure>: the files to delete when the audit fails.
function(_parcel_audit_command target parcels remove_on_failure out_var)
  string(REPLACE ";" "$<SEMICOLON>" parcel_arg "${parcels}")
  string(REPLACE ";" "$<SEMICOLON>" remove_arg "${remove_on_failure}")
  set(${out_var} COMMAND "${CMAKE_COMMAND}" "-DPARCELTOOL=$<TARGET_FILE:parcel::tool>"
    "-DPARCEL_TARGET=${target}" "-DPARCEL_FILES=${parcel_arg}" "-DPARCEL_REMOVE_ON_FAILURE=${remove_arg}"
    -P "${CMAKE_CURRENT_FUNCTION_LIST_DIR}/ParcelAuditRun.cmake" PARENT_SCOPE)
endfunction()
