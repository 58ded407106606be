# Stages a project's install() rules for one parcel. Run at build time by the
# _parcel_stage_<target> custom target that parcel_add() creates, and by
# ParcelCPackExternal.cmake inside cpack for a parcel with COMPONENTS when
# CPack staged one flat tree:
#
#   cmake -DPARCEL_TARGET=<target> -DPARCEL_BINARY_DIR=<top build dir>
#         -DPARCEL_STAGE_DIR=<dir> -DPARCEL_STAMP_FILE=<file>
#         [-DPARCEL_COMPONENTS=<c>;...] [-DPARCEL_CONFIG=<config>]
#         -P ParcelStage.cmake
#
# 1. Runs the project's install script into PARCEL_STAGE_DIR, once per
#    component (or once for everything): what `cmake --install <build> --prefix
#    <stage> [--component <c>]` runs, plus CMAKE_ERROR_ON_ABSOLUTE_INSTALL_
#    DESTINATION so that an absolute DESTINATION fails instead of writing into
#    the host. Files that are up to date are left untouched.
# 2. Removes staged files that no install rule produced this time (rules that
#    were removed or moved), and the folders this leaves empty.
# 3. Rewrites PARCEL_STAMP_FILE only when the staged tree changed: a file was
#    copied or removed, or its snapshot (paths, sizes, modification times and
#    link targets) differs. The parcel depends on the
#    stamp, so an unchanged tree repacks nothing.
cmake_minimum_required(VERSION 3.21)

foreach(variable IN ITEMS PARCEL_TARGET PARCEL_BINARY_DIR PARCEL_STAGE_DIR PARCEL_STAMP_FILE)
  if(NOT DEFINED ${variable} OR "${${variable}}" STREQUAL "")
    message(FATAL_ERROR "ParcelStage.cmake: ${variable} is not set")
  endif()
endforeach()

# CMake refuses an absolute DESTINATION in the staging run with "file ABSOLUTE
# path INSTALL DESTINATION forbidden (by caller): <path>" and the line of the
# generated install script: say which install() rule it is and what to write.
function(_parcel_stage_explain_absolute output)
  if(NOT output MATCHES "CMake Error at ([^\n]*cmake_install\\.cmake):([0-9]+) \\(message\\)")
    return()
  endif()
  set(script "${CMAKE_MATCH_1}")
  set(line ${CMAKE_MATCH_2})
  if(NOT output MATCHES "ABSOLUTE path INSTALL DESTINATION forbidden \\(by caller\\):[ \n]*([^\n]+)")
    return()
  endif()
  # The script lists every absolute destination so far: this rule's is the last.
  string(STRIP "${CMAKE_MATCH_1}" path)
  list(GET path -1 path)
  if(NOT IS_ABSOLUTE "${script}")
    set(script "${PARCEL_BINARY_DIR}/${script}")
  endif()
  # The rule's file(INSTALL ...) follows the check within a few lines.
  set(files "")
  if(EXISTS "${script}")
    file(STRINGS "${script}" lines)
    list(LENGTH lines count)
    math(EXPR last "${line} + 4")
    foreach(index RANGE ${line} ${last})
      if(index LESS count)
        list(GET lines ${index} rule)
        if(rule MATCHES "^ *file\\(INSTALL .* FILES (.*)\\)[ ]*$")
          string(REGEX REPLACE "\"[ ]+\"" "\", \"" files " for ${CMAKE_MATCH_1}")
          break()
        endif()
      endif()
    endforeach()
  endif()
  get_filename_component(name "${path}" NAME)
  string(REGEX REPLACE "^/+" "" relative "${path}")
  message(FATAL_ERROR "parcel_add(${PARCEL_TARGET}): the install() rule${files} has the "
    "absolute DESTINATION \"${path}\" (${script}:${line}). A parcel holds only paths "
    "below its own top folder: write a relative DESTINATION (for example \"${relative}\" "
    "or \"bin\"). If the file must also appear at a system path such as /usr/bin/${name} "
    "on every host, link it there with parcel_add_alternative(${PARCEL_TARGET} ${name} "
    "DESTINATION /usr/bin/${name} SOURCE bin/${name} PRIORITY 10)")
endfunction()

set(install_script "${PARCEL_BINARY_DIR}/cmake_install.cmake")
if(NOT EXISTS "${install_script}")
  message(FATAL_ERROR "parcel_add(${PARCEL_TARGET}): the project has no install() rules "
    "(no ${install_script}); a parcel's content comes from them")
endif()

# DESTDIR would move the files outside the stage.
unset(ENV{DESTDIR})

set(runs "${PARCEL_COMPONENTS}")
if(runs STREQUAL "")
  set(runs "<all>")
endif()
set(installed "")
set(copied FALSE)
foreach(component IN LISTS runs)
  set(arguments
    "-DCMAKE_INSTALL_PREFIX=${PARCEL_STAGE_DIR}"
    -DCMAKE_ERROR_ON_ABSOLUTE_INSTALL_DESTINATION=ON)
  # Without a configuration the install script uses the one it was generated
  # for (CMAKE_BUILD_TYPE), as `cmake --install` does.
  if(NOT "${PARCEL_CONFIG}" STREQUAL "")
    list(APPEND arguments "-DCMAKE_INSTALL_CONFIG_NAME=${PARCEL_CONFIG}")
  endif()
  if(NOT component STREQUAL "<all>")
    list(APPEND arguments "-DCMAKE_INSTALL_COMPONENT=${component}")
  endif()
  # The list of what this run installed, private to this parcel (see ParcelInstallRun.cmake).
  get_filename_component(work_dir "${PARCEL_STAGE_DIR}" DIRECTORY)
  set(manifest "${work_dir}/installed-files.txt")
  file(REMOVE "${manifest}")
  execute_process(
    COMMAND "${CMAKE_COMMAND}" ${arguments} "-DPARCEL_INSTALL_SCRIPT=${install_script}"
            "-DPARCEL_INSTALLED_LIST=${manifest}" -P "${CMAKE_CURRENT_LIST_DIR}/ParcelInstallRun.cmake"
    RESULT_VARIABLE result
    OUTPUT_VARIABLE output
    ERROR_VARIABLE output)
  if(NOT result EQUAL 0)
    _parcel_stage_explain_absolute("${output}")
    message(FATAL_ERROR "parcel_add(${PARCEL_TARGET}): staging the install() rules of "
      "component \"${component}\" failed (${result}):\n${output}")
  endif()
  # file(INSTALL) keeps only whole seconds of the source's mtime, so a file
  # rewritten within the same second with the same size would look unchanged
  # in the snapshot below: a copy is a change too (unless the project set
  # CMAKE_INSTALL_MESSAGE to NEVER, which hides it).
  if(output MATCHES "(^|\n)-- Installing: ")
    set(copied TRUE)
  endif()
  if(EXISTS "${manifest}")
    file(STRINGS "${manifest}" files)
  else()
    set(files "")
  endif()
  if(files STREQUAL "" AND NOT component STREQUAL "<all>")
    message(FATAL_ERROR "parcel_add(${PARCEL_TARGET}): COMPONENTS \"${component}\" "
      "installed no files; check the COMPONENT names of the project's install() rules")
  endif()
  list(APPEND installed ${files})
endforeach()

# An install() rule with no file in it, or none at all: the parcel would hold
# nothing but meta/, which Cloudera Manager distributes without complaint.
if(installed STREQUAL "")
  message(FATAL_ERROR "parcel_add(${PARCEL_TARGET}): the parcel would be empty: the "
    "project's install() rules installed no file. A parcel's content is what the "
    "project installs: add rules such as install(TARGETS <exe> RUNTIME DESTINATION bin) "
    "or install(FILES <file> DESTINATION etc/<name>) (relative destinations), or, when "
    "they use components, name them with parcel_add(... COMPONENTS <component>...)")
endif()

# Step 2. A set keyed by hashes keeps this linear in the number of files.
foreach(file IN LISTS installed)
  string(MD5 key "${file}")
  set(installed_${key} TRUE)
endforeach()
file(GLOB_RECURSE present LIST_DIRECTORIES false "${PARCEL_STAGE_DIR}/*")
set(removed "")
foreach(file IN LISTS present)
  string(MD5 key "${file}")
  if(NOT DEFINED installed_${key})
    file(REMOVE "${file}")
    list(APPEND removed "${file}")
  endif()
endforeach()
foreach(file IN LISTS removed)
  get_filename_component(folder "${file}" DIRECTORY)
  while(NOT folder STREQUAL PARCEL_STAGE_DIR AND IS_DIRECTORY "${folder}")
    file(GLOB left "${folder}/*" "${folder}/.*")
    if(left)
      break()
    endif()
    file(REMOVE_RECURSE "${folder}")
    get_filename_component(folder "${folder}" DIRECTORY)
  endwhile()
endforeach()

# Step 3.
file(MAKE_DIRECTORY "${PARCEL_STAGE_DIR}")
file(GLOB_RECURSE entries LIST_DIRECTORIES true "${PARCEL_STAGE_DIR}/*")
set(snapshot "")
foreach(entry IN LISTS entries)
  file(RELATIVE_PATH relative "${PARCEL_STAGE_DIR}" "${entry}")
  if(IS_SYMLINK "${entry}")
    file(READ_SYMLINK "${entry}" link)
    string(APPEND snapshot "link ${relative} -> ${link}\n")
  elseif(IS_DIRECTORY "${entry}")
    string(APPEND snapshot "dir ${relative}\n")
  else()
    file(TIMESTAMP "${entry}" mtime "%s%f" UTC)
    file(SIZE "${entry}" size)
    string(APPEND snapshot "file ${relative} ${size} ${mtime}\n")
  endif()
endforeach()
set(previous "")
if(EXISTS "${PARCEL_STAMP_FILE}")
  file(READ "${PARCEL_STAMP_FILE}" previous)
endif()
if(copied OR removed OR NOT EXISTS "${PARCEL_STAMP_FILE}" OR NOT "${previous}" STREQUAL "${snapshot}")
  file(WRITE "${PARCEL_STAMP_FILE}" "${snapshot}")
endif()
