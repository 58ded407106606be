# parcel_add_repository(... INDEX_HTML) has parceltool write index.html
# (`manifest --index-html`): names are HTML-escaped in the text and
# percent-encoded in the links. A parcel named "A&B" (legal, with a warning)
# shows it.
#   cmake -DPARCEL_TOOL=<exe> -DWORK_DIR=<dir> -P IndexHtml.cmake
cmake_minimum_required(VERSION 3.21)

file(REMOVE_RECURSE "${WORK_DIR}")
file(WRITE "${WORK_DIR}/input/bin/tool" "#!/bin/sh\n")
execute_process(COMMAND "${PARCEL_TOOL}" build --input "${WORK_DIR}/input" --name "A&B" --version 1.0
    --distro el8 --output-dir "${WORK_DIR}/repo"
  RESULT_VARIABLE result ERROR_VARIABLE errors)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "parceltool build failed (${result}):\n${errors}")
endif()
execute_process(COMMAND "${PARCEL_TOOL}" manifest --index-html --last-updated 0 "${WORK_DIR}/repo"
  RESULT_VARIABLE result ERROR_VARIABLE errors)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "parceltool manifest --index-html failed (${result}):\n${errors}")
endif()
file(READ "${WORK_DIR}/repo/index.html" index)
file(SHA1 "${WORK_DIR}/repo/A&B-1.0-el8.parcel" hash)
set(row "<tr><td><a href=\"A%26B-1.0-el8.parcel\">A&amp;B-1.0-el8.parcel</a></td><td><a \
href=\"A%26B-1.0-el8.parcel.sha\"><code>${hash}</code></a></td></tr>")
string(FIND "${index}" "${row}" at)
if(at EQUAL -1)
  message(FATAL_ERROR "index.html lacks the row\n  ${row}\nit holds:\n${index}")
endif()
string(FIND "${index}" "A&B" raw)
if(NOT raw EQUAL -1)
  message(FATAL_ERROR "index.html holds an unescaped '&':\n${index}")
endif()
message(STATUS "index.html escapes and encodes the parcel names")
