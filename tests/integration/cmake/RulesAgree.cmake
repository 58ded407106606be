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
  "mode|12345|invalid-octal-mode" "mode||invalid-octal-mode" "mode|abcd|invalid-octal-mode"
  # parcel_add_csd's NAME and VERSION are the SDL's: cm-schema's "[A-Z|_|0-9]*"
  # lets '|' through and the version is only "not blank"; the module's own
  # regexes refused "A|B" and "1.0 beta", which Cloudera accepts.
  "csd-name|HELLO|" "csd-name|SPARK2_ON_YARN|" "csd-name|A|B|" "csd-name|hello|invalid-name"
  "csd-name|MY-SVC|invalid-name" "csd-name|A B|invalid-name" "csd-name|ÉCHO|invalid-name"
  "csd-name||blank-field" "csd-name| |blank-field" "csd-name|HDFS|reserved-name"
  "csd-name|ZOOKEEPER|reserved-name" "csd-name|HDFS2|"
  "csd-version|1.0.0|" "csd-version|2.0.0.cloudera2|" "csd-version|1.0 beta|" "csd-version|-1|"
  "csd-version||blank-field" "csd-version| |blank-field"
  # User and group names: only the module had this rule; now checkAccountName.
  # "x1" and "host$" need the position of a character, not just whether it is
  # at an edge.
  "account|hdfs|" "account|cloudera-scm|" "account|_apt|" "account|svc.web|" "account|x1|"
  "account|host$|" "account|a|" "account|Hdfs|invalid-account-name"
  "account|2user|invalid-account-name" "account|-x|invalid-account-name"
  "account|a$b|invalid-account-name" "account|$|invalid-account-name"
  "account||invalid-account-name" "account|a b|invalid-account-name"
  "account|naïve|invalid-account-name"
  # depends, replaces, conflicts: parseRelations. The module's regex refused
  # "A ,B", "A (= 1:2.0)" and "Foo@2", which the grammar accepts.
  "relations|CDH (>= 5.0), CDH (<< 6.0)|" "relations||" "relations| |" "relations|IMPALA, SOLR, SPARK|"
  "relations|A ,B|" "relations|A (= 1:2.0)|" "relations|Foo@2|" "relations|CDH(>=5)|"
  "relations|CDH >= 5.0|invalid-relation" "relations|a-b|invalid-relation"
  "relations|A,|invalid-relation" "relations|,A|invalid-relation" "relations|A (> 1)|invalid-relation"
  "relations|A (>= )|invalid-relation" "relations|A (>= 1|invalid-relation"
  # ENV "VAR=value": checkEnvAssignments on each side.
  "env-name|JAVA_HOME|" "env-name|_x1|" "env-name|a|" "env-name|1X|env-invalid-name"
  "env-name|MY-VAR|env-invalid-name" "env-name|A B|env-invalid-name" "env-name||env-invalid-name"
  "env-name|Ä|env-invalid-name"
  "env-value|\${PARCELS_ROOT}/\${PARCEL_DIRNAME}|" "env-value||" "env-value|a b=c|" "env-value|$HOME|"
  "env-value|$(id -un)|env-command-substitution" "env-value|x`date`|env-command-substitution"
  # RELOCATE <old>=<new>: checkRelocation. The module's regex refused "/a=b=c"
  # (NEW may hold '=') and accepted "/opt/../x=.", "/opt/x=./a" and "/opt/x=/abs".
  "relocation|/opt/vendor/1.0=.|" "relocation|/opt/x=lib/x|" "relocation|/=.|" "relocation|/a=b=c|"
  "relocation|//opt//x/=lib//x/|" "relocation|/opt/x=.hidden|"
  "relocation|/opt/x|invalid-relocation" "relocation||invalid-relocation" "relocation|=.|invalid-relocation"
  "relocation|opt/x=.|invalid-relocation" "relocation|/opt/../x=.|invalid-relocation"
  "relocation|/opt/./x=.|invalid-relocation" "relocation|/opt/x/..=.|invalid-relocation"
  "relocation|/opt/x=|invalid-relocation" "relocation|/opt/x=/abs|invalid-relocation"
  "relocation|/opt/x=./a|invalid-relocation" "relocation|/opt/x=a/../b|invalid-relocation"
  "relocation|/opt/x=..|invalid-relocation" "relocation|/opt/x=./|invalid-relocation"
  # parcel_add_alternative's DESTINATION: checkAlternativeDestination.
  "alternative-destination|/usr/bin/tool|" "alternative-destination|/|" "alternative-destination|//x|"
  "alternative-destination|/usr/bin/my tool|"
  "alternative-destination|usr/bin/tool|destination-not-absolute"
  "alternative-destination|./x|destination-not-absolute" "alternative-destination| /x|destination-not-absolute"
  "alternative-destination||blank-field" "alternative-destination| |blank-field"
  "alternative-destination|\t|blank-field"
  # parcel_add_alternative's SOURCE: checkAlternativeSource.
  "alternative-source|bin/tool|" "alternative-source|bin/|" "alternative-source|a//b|"
  "alternative-source|lib/my tool|" "alternative-source|/bin/tool|source-not-relative"
  "alternative-source|./bin/tool|source-not-relative" "alternative-source|a/../b|source-not-relative"
  "alternative-source|bin/.|source-not-relative" "alternative-source||blank-field"
  "alternative-source| |blank-field" "alternative-source|\t|blank-field"
  # parcel_add_user's HOME and SHELL: checkUserPath.
  "user-path|/var/lib/hello|" "user-path|/bin/false|" "user-path|/|" "user-path|/home/my user|"
  "user-path|var/lib/hello|user-path-not-absolute" "user-path|./x|user-path-not-absolute"
  "user-path| /x|user-path-not-absolute" "user-path|~hello|user-path-not-absolute"
  "user-path||blank-field" "user-path| |blank-field")

set(problems "")
set(count 0)
foreach(row IN LISTS rows)
  # <kind>|<value>|<codes>: the value is all between the first and the last '|'.
  if(NOT row MATCHES "^([a-z-]+)\\|(.*)\\|([^|]*)$")
    message(FATAL_ERROR "malformed row \"${row}\"")
  endif()
  set(kind "${CMAKE_MATCH_1}")
  set(value "${CMAKE_MATCH_2}")
  string(REPLACE "," ";" expected "${CMAKE_MATCH_3}")

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
# The suggestion for an unknown distro: <typed>|<expected suggestion, or empty>.
# The module's _parcel_nearest_distro (exported aliases, then edits) against
# the "did you mean" of checkDistro's unknown-distro warning (nearestKnownDistro).
# The module's own alias regex suggested el7 for "centos7", the C++ nothing.
set(suggestions
  "rhel8|el8" "rhel7|el7" "centos7|el7" "centos7.9|el7" "rocky9|el9" "alma9|el9" "almalinux8|el8"
  "ol8|el8" "oel6|el6" "redhat5|el5" "el77|el7" "jamy|jammy" "sles15x|sles15" "sle12|sles12"
  "xenail|xenial" "centos10|" "centos|" "rocky|" "el10|" "ubuntu22|" "olx8|" "plan9|" "x|")
set(suggestion_count 0)
foreach(row IN LISTS suggestions)
  if(NOT row MATCHES "^([a-z0-9.]+)\\|([a-z0-9]*)$")
    message(FATAL_ERROR "malformed suggestion row \"${row}\"")
  endif()
  set(typed "${CMAKE_MATCH_1}")
  set(expected "${CMAKE_MATCH_2}")
  _parcel_nearest_distro("${typed}" from_tables)
  execute_process(COMMAND "${PARCEL_TOOL}" check-value distro "${typed}"
    OUTPUT_VARIABLE output RESULT_VARIABLE result)
  set(from_tool "")
  if(output MATCHES "^0 warning unknown-distro [^\n]*did you mean \"([a-z0-9._]+)\"\\?")
    set(from_tool "${CMAKE_MATCH_1}")
  elseif(NOT output MATCHES "^0 warning unknown-distro ")
    string(APPEND problems "  distro \"${typed}\": the tool gives no unknown-distro warning: ${output}\n")
  endif()
  if(NOT from_tool STREQUAL from_tables OR NOT from_tool STREQUAL expected)
    string(APPEND problems "  suggestion for \"${typed}\": tool \"${from_tool}\", module \"${from_tables}\", \
expected \"${expected}\"\n")
  endif()
  math(EXPR suggestion_count "${suggestion_count} + 1")
endforeach()

if(problems)
  message(FATAL_ERROR "the module's checks and parceltool disagree:\n${problems}")
endif()
message(STATUS "${count} values and ${suggestion_count} distro suggestions: the module and parceltool agree")
