# The configure-time checks and the C++ rules agree (issue "One rule, one
# place"). One table of good and bad values of every kind goes through
#   - parceltool check-value KIND VALUE (the C++ rules), and
#   - the module's tables (modules/Internal/ParcelRulesGenerated.cmake, read by
#     ParcelRules.cmake), used when parceltool is built after configuration,
# and both must give the same codes. The values cover the earlier drift
# ("bin/" and "a//b", refused by the module and accepted by the C++).
#   cmake -DSOURCE_DIR=<checkout> -DPARCEL_TOOL=<exe> -P RulesAgree.cmake
cmake_minimum_required(VERSION 3.21)

set(PARCEL_RULES_FROM_TABLES ON)   # never ask the tool from the module side
include("${SOURCE_DIR}/modules/Internal/ParcelRules.cmake")

# <kind>|<value>|<expected codes, comma-separated>: the expectation pins both.
set(rows
  "name|APP|" "name|HELLO_2.0|" "name|my-app|name-contains-dash" "name|a b|name-invalid-character"
  "name|a/b|name-invalid-character" "name|a@b|name-unusual-character" "name||empty-name"
  "name|café|name-unusual-character" "name|-x|name-contains-dash"
  "version|1.0|" "version|1.0~rc1|" "version|1.0-1|" "version|-1.0|version-edge-dash"
  "version|1.0-|version-edge-dash" "version|1 0|version-invalid-character"
  "version|1/0|version-invalid-character" "version|1.0@x|version-unusual-character"
  "version||empty-version"
  "distro|el7|" "distro|noble|" "distro|rhel8|unknown-distro" "distro|zz9|unknown-distro"
  "distro|a.b_c|unknown-distro" "distro|EL7|distro-invalid-character"
  "distro|el-7|distro-contains-dash" "distro||empty-distro"
  "path|bin/tool|" "path|bin/|" "path|a//b|" "path|.hidden|" "path|a b|"
  "path|./x|path-not-relative" "path|x/./y|path-not-relative" "path|../x|path-not-relative"
  "path|a/..|path-not-relative" "path|/x|path-not-relative" "path||path-not-relative"
  "mode|0644|" "mode|6050|" "mode|777|invalid-octal-mode" "mode|0778|invalid-octal-mode"
  "mode|12345|invalid-octal-mode" "mode||invalid-octal-mode" "mode|abcd|invalid-octal-mode")

set(problems "")
set(count 0)
foreach(row IN LISTS rows)
  string(REPLACE "|" ";" fields "${row}")
  list(LENGTH fields length)
  list(GET fields 0 kind)
  set(value "")
  set(expected "")
  if(length GREATER 1)
    list(GET fields 1 value)
  endif()
  if(length GREATER 2)
    list(GET fields 2 expected)
    string(REPLACE "," ";" expected "${expected}")
  endif()
  # "|" splits into empty fields, which list() drops: rebuild value from the row.
  string(REGEX REPLACE "^[a-z]+\\|([^|]*)\\|.*$" "\\1" value "${row}")

  _parcel_rule_codes(${kind} "${value}" from_tables)
  execute_process(COMMAND "${PARCEL_TOOL}" check-value ${kind} "${value}"
    OUTPUT_VARIABLE output RESULT_VARIABLE result)
  string(REGEX MATCHALL "(^|\n)0 [a-z]+ [a-z0-9-]+" lines "${output}")
  set(from_tool "")
  foreach(line IN LISTS lines)
    string(REGEX REPLACE "^\n?0 [a-z]+ " "" code "${line}")
    list(APPEND from_tool "${code}")
  endforeach()
  list(SORT from_tool)
  list(SORT expected)
  if(NOT from_tool STREQUAL from_tables OR NOT from_tool STREQUAL expected)
    string(APPEND problems "  ${kind} \"${value}\": tool [${from_tool}], module [${from_tables}], \
expected [${expected}]\n")
  endif()
  math(EXPR count "${count} + 1")
endforeach()
if(problems)
  message(FATAL_ERROR "the module's checks and parceltool disagree:\n${problems}")
endif()
message(STATUS "${count} values: the module and parceltool give the same codes")
