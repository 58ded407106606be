# The configure-time checks of names, versions, distros, paths inside a parcel,
# modes, user and group names, and a CSD's service type and version. The rules
# are the C++ ones (cpack-generator/src/rules/ and the models), asked in one of
# two ways:
# - parceltool exists at configure time (an installed package found with
#   find_package(Parcel)): `parceltool check-value KIND VALUE` answers;
# - otherwise (FetchContent, add_subdirectory: parceltool is built later) the
#   tables of ParcelRulesGenerated.cmake, written by
#   `parceltool check-value --export-cmake` and committed, answer.
# The test cmake.rules_agree runs both on one table of good and bad values;
# cmake.rules_generated fails when the generated file is stale.
include_guard(GLOBAL)
include("${CMAKE_CURRENT_LIST_DIR}/ParcelRulesGenerated.cmake")

# The known distro suffixes, in the order of the C++ table.
function(_parcel_known_distros out_var)
  get_property(distros GLOBAL PROPERTY _PARCEL_RULE_DISTROS)
  set(${out_var} "${distros}" PARENT_SCOPE)
endfunction()

# The parceltool to ask at configure time, or "": only an imported one (an
# installed package) exists before the build.
function(_parcel_rule_tool out_var)
  set(tool "")
  if(TARGET parcel::tool AND NOT PARCEL_RULES_FROM_TABLES)
    get_target_property(imported parcel::tool IMPORTED)
    if(imported)
      get_target_property(tool parcel::tool LOCATION)
      if(NOT tool OR NOT EXISTS "${tool}")
        set(tool "")
      endif()
    endif()
  endif()
  set(${out_var} "${tool}" PARENT_SCOPE)
endfunction()

# The printable ASCII characters '!' to '~', in order: the index into the tables.
function(_parcel_rule_printable out_var)
  get_property(printable GLOBAL PROPERTY _PARCEL_RULE_PRINTABLE)
  if("${printable}" STREQUAL "")
    foreach(code RANGE 33 126)
      string(ASCII ${code} character)
      string(APPEND printable "${character}")
    endforeach()
    set_property(GLOBAL PROPERTY _PARCEL_RULE_PRINTABLE "${printable}")
  endif()
  set(${out_var} "${printable}" PARENT_SCOPE)
endfunction()

# The codes the generated tables give <value> of <kind> (name, version, distro,
# csd-name, csd-version, account, env-name).
function(_parcel_rule_table_codes kind value out_var)
  get_property(codes GLOBAL PROPERTY _PARCEL_RULE_${kind}_EMPTY)
  string(ASCII 9 10 11 12 13 32 blank)   # Java's isBlank: what check::isBlank counts
  if(NOT value STREQUAL "" AND value MATCHES "^[${blank}]+$")
    get_property(codes GLOBAL PROPERTY _PARCEL_RULE_${kind}_BLANK)
  elseif(NOT value STREQUAL "")
    set(codes "")
    _parcel_rule_printable(printable)
    get_property(start GLOBAL PROPERTY _PARCEL_RULE_${kind}_START)
    get_property(end GLOBAL PROPERTY _PARCEL_RULE_${kind}_END)
    get_property(inside GLOBAL PROPERTY _PARCEL_RULE_${kind}_INSIDE)
    get_property(space GLOBAL PROPERTY _PARCEL_RULE_${kind}_SPACE)
    get_property(high GLOBAL PROPERTY _PARCEL_RULE_${kind}_HIGH)
    string(LENGTH "${value}" length)
    math(EXPR last "${length} - 1")
    foreach(position RANGE ${last})
      string(SUBSTRING "${value}" ${position} 1 character)
      string(FIND "${printable}" "${character}" index)
      if(index EQUAL -1)
        string(HEX "${character}" byte)
        if(byte STRLESS "21" OR byte STREQUAL "7f")   # up to the space, and DEL
          string(APPEND codes ",${space}")
        else()
          string(APPEND codes ",${high}")
        endif()
        continue()
      endif()
      if(position EQUAL 0)
        list(GET start ${index} found)
        string(APPEND codes ",${found}")
      endif()
      if(position EQUAL last)
        list(GET end ${index} found)
        string(APPEND codes ",${found}")
      endif()
      if(position GREATER 0 AND position LESS last)
        list(GET inside ${index} found)
        string(APPEND codes ",${found}")
      endif()
    endforeach()
  endif()
  string(REPLACE "," ";" codes "${codes}")
  list(REMOVE_ITEM codes "" none)
  list(REMOVE_DUPLICATES codes)
  # checkDistro(): a well-formed suffix outside the table is "unknown-distro".
  if(kind STREQUAL "distro" AND NOT codes AND NOT value STREQUAL "")
    _parcel_known_distros(distros)
    if(NOT value IN_LIST distros)
      set(codes unknown-distro)
    endif()
  endif()
  # The SDL's entityName(): a well-formed name that is a built-in service type.
  if(kind STREQUAL "csd-name" AND NOT codes)
    get_property(reserved GLOBAL PROPERTY _PARCEL_RULE_csd-name_RESERVED)
    if(value IN_LIST reserved)
      set(codes reserved-name)
    endif()
  endif()
  set(${out_var} "${codes}" PARENT_SCOPE)
endfunction()

# The codes of the structural rules: isCleanRelativePath (permissions.json's
# "path-not-relative": not empty, no leading '/', no "." or ".." component;
# "bin/" and "a//b" pass), isFourDigitOctalMode, checkEnvAssignments' value
# rule (no "$(" or '`'), and parseRelations
# (rules/relations.cpp: products and versions are words up to white space, ','
# or a parenthesis, products without '-'; "" is the empty list).
function(_parcel_rule_structural_codes kind value out_var)
  set(codes "")
  if(kind STREQUAL "env-value")
    if(value MATCHES "[$][(]|`")   # checkEnvAssignments: $(...) or `...`
      set(codes env-command-substitution)
    endif()
  elseif(kind STREQUAL "relations")
    string(ASCII 9 10 13 32 space)   # relations.cpp's isSpace
    set(s "[${space}]*")
    set(word "[^${space},()]+")
    set(product "[^${space},()-]+")
    set(relation "${product}${s}(\\(${s}(>=|<=|>>|<<|=)${s}${word}${s}\\))?")
    if(NOT value MATCHES "^${s}(${relation}${s}(,${s}${relation}${s})*)?$")
      set(codes invalid-relation)
    endif()
  elseif(kind STREQUAL "path")
    string(REPLACE "/" ";" parts "${value}")
    if(value STREQUAL "" OR value MATCHES "^/" OR "." IN_LIST parts OR ".." IN_LIST parts)
      set(codes path-not-relative)
    endif()
  elseif(kind STREQUAL "mode")
    if(NOT value MATCHES "^[0-7][0-7][0-7][0-7]$")
      set(codes invalid-octal-mode)
    endif()
  endif()
  set(${out_var} "${codes}" PARENT_SCOPE)
endfunction()

# The findings on <value> of <kind>, as "<severity> <code> <message>" items in
# <out_var> (the message empty when the tables answered).
function(_parcel_rule_findings kind value out_var)
  set(findings "")
  _parcel_rule_tool(tool)
  if(NOT tool STREQUAL "")
    execute_process(COMMAND "${tool}" check-value ${kind} "${value}"
      OUTPUT_VARIABLE output ERROR_VARIABLE errors RESULT_VARIABLE result)
    if(result GREATER 1)
      message(FATAL_ERROR "'${tool} check-value ${kind}' failed (${result}): ${errors}")
    endif()
    string(REPLACE ";" "\\;" output "${output}")
    string(REPLACE "\n" ";" lines "${output}")
    foreach(line IN LISTS lines)
      if(line MATCHES "^0 (error|warning) ([a-z0-9-]+) (.*)$")
        list(APPEND findings "${CMAKE_MATCH_1} ${CMAKE_MATCH_2} ${CMAKE_MATCH_3}")
      endif()
    endforeach()
  else()
    if(kind MATCHES "^(path|mode|relations|env-value)$")
      _parcel_rule_structural_codes(${kind} "${value}" codes)
    else()
      _parcel_rule_table_codes(${kind} "${value}" codes)
    endif()
    foreach(code IN LISTS codes)
      get_property(severity GLOBAL PROPERTY _PARCEL_RULE_SEVERITY_${code})
      if("${severity}" STREQUAL "")
        set(severity error)
      endif()
      list(APPEND findings "${severity} ${code} ")
    endforeach()
  endif()
  set(${out_var} "${findings}" PARENT_SCOPE)
endfunction()

# Just the codes, for the agreement test.
function(_parcel_rule_codes kind value out_var)
  _parcel_rule_findings(${kind} "${value}" findings)
  set(codes "")
  foreach(finding IN LISTS findings)
    string(REGEX REPLACE "^[a-z]+ ([a-z0-9-]+).*" "\\1" code "${finding}")
    list(APPEND codes "${code}")
  endforeach()
  list(SORT codes)
  set(${out_var} "${codes}" PARENT_SCOPE)
endfunction()

# Checks <value> of <kind> (name, version, distro, path, mode, csd-name,
# csd-version, account, relations, env-name, env-value) with the tool's
# rules (_parcel_rule_findings): errors are problems of the call, warnings
# are printed. The wording is the module's, in the terms of the CMake call; the
# code in brackets is the tool's.
function(_parcel_check_rule command target keyword kind value)
  _parcel_rule_findings(${kind} "${value}" findings)
  foreach(finding IN LISTS findings)
    if(NOT finding MATCHES "^([a-z]+) ([a-z0-9-]+) ?(.*)$")
      continue()
    endif()
    set(severity "${CMAKE_MATCH_1}")
    set(code "${CMAKE_MATCH_2}")
    set(text "${CMAKE_MATCH_3}")
    _parcel_rule_text(${code} rule)
    if(rule STREQUAL "")
      set(rule "${text}")
    endif()
    if(code STREQUAL "unknown-distro")
      continue()   # _parcel_check_distro words it, with a suggestion
    elseif(severity STREQUAL "error" OR code MATCHES "^(path-not-relative|invalid-account-name|invalid-relation)$")
      # A path-not-relative permissions.json key, a user name useradd refuses
      # and a relation list outside the grammar are only warnings for the
      # validator, but the module writes the files: it writes clean paths,
      # account names and relation lists only.
      _parcel_fail(${command} ${target} ${keyword} "${value}" "${rule} [${code}]")
    else()
      message(WARNING "${command}(${target}): ${keyword} \"${value}\" ${rule} [${code}]")
    endif()
  endforeach()
endfunction()

# The module's wording of each code of the rules, with the fix.
function(_parcel_rule_text code out_var)
  set(text "")
  if(code STREQUAL "name-contains-dash")
    set(text "must not contain '-': Cloudera splits NAME-VERSION-DISTRO.parcel at the first '-'")
  elseif(code MATCHES "^(name|version)-invalid-character$")
    set(text "must not contain '/', white space or control characters")
  elseif(code STREQUAL "name-unusual-character")
    set(text "contains unusual characters; use only A-Z, a-z, 0-9, '_' and '.'")
  elseif(code STREQUAL "version-unusual-character")
    set(text "contains unusual characters; use only A-Z, a-z, 0-9, '.', '_', '+', '~' and '-'")
  elseif(code STREQUAL "version-edge-dash")
    set(text "must not start or end with '-'")
  elseif(code MATCHES "^empty-")
    set(text "must not be empty")
  elseif(code MATCHES "^distro-(invalid-character|contains-dash)$")
    set(text "must match [a-z0-9._]+: the distro is the part of the file name after the last '-'")
  elseif(code STREQUAL "path-not-relative")
    set(text "must be a clean path relative to the parcel's top directory, such as \
\"bin/tool\" (no leading '/', no '.' or '..' parts)")
  elseif(code STREQUAL "invalid-relation")
    set(text "is not a relation list such as \"CDH (>= 5.0), CDH (<< 6.0)\": products \
separated by ',', each optionally followed by (OP VERSION) with OP one of >= <= >> << =")
  elseif(code STREQUAL "invalid-account-name")
    set(text "is not a user or group name that useradd accepts by default: a lower-case \
letter or '_', then lower-case letters, digits, '_', '.' or '-', optionally a final '$'")
  elseif(code STREQUAL "invalid-name")
    set(text "must contain only upper-case letters, digits and '_' (a Cloudera Manager service type)")
  elseif(code STREQUAL "reserved-name")
    set(text "is a built-in service type of Cloudera Manager and cannot be a CSD's name")
  elseif(code STREQUAL "blank-field")
    set(text "must not be empty or only white space")
  elseif(code STREQUAL "invalid-octal-mode")
    set(text "must be four octal digits, such as 0640 or 6050 (Cloudera rejects anything else)")
  endif()
  set(${out_var} "${text}" PARENT_SCOPE)
endfunction()
