# The build steps of parcel_add_repository (modules/ParcelRepository.cmake):
#   cmake -D_PARCEL_REPOSITORY_STEP=sync  -DDIR=<dir> -DFILES=<files> -P ParcelRepositoryRun.cmake
#   cmake -D_PARCEL_REPOSITORY_STEP=index -DDIR=<dir> -P ParcelRepositoryRun.cmake
cmake_minimum_required(VERSION 3.21)

if(_PARCEL_REPOSITORY_STEP STREQUAL "sync")
  file(MAKE_DIRECTORY "${DIR}")
  set(wanted "")
  foreach(file IN LISTS FILES)
    get_filename_component(name "${file}" NAME)
    list(APPEND wanted "${name}")
    file(REMOVE "${DIR}/${name}")
    file(CREATE_LINK "${file}" "${DIR}/${name}" COPY_ON_ERROR)
  endforeach()
  file(GLOB present RELATIVE "${DIR}" "${DIR}/*.parcel" "${DIR}/*.parcel.sha")
  foreach(name IN LISTS present)
    if(NOT name IN_LIST wanted)
      file(REMOVE "${DIR}/${name}")
    endif()
  endforeach()
elseif(_PARCEL_REPOSITORY_STEP STREQUAL "index")
  file(READ "${DIR}/manifest.json" manifest)
  string(JSON count LENGTH "${manifest}" parcels)
  set(rows "")
  if(count GREATER 0)
    math(EXPR last "${count} - 1")
    foreach(index RANGE ${last})
      string(JSON name GET "${manifest}" parcels ${index} parcelName)
      string(JSON hash GET "${manifest}" parcels ${index} hash)
      string(APPEND rows "<tr><td><a href=\"${name}\">${name}</a></td>"
        "<td><a href=\"${name}.sha\"><code>${hash}</code></a></td></tr>\n")
    endforeach()
  endif()
  file(WRITE "${DIR}/index.html.tmp" "<!DOCTYPE html>
<html><head><meta charset=\"utf-8\"><title>Parcel repository</title></head>
<body>
<h1>Parcel repository</h1>
<p>Add this folder's URL to Cloudera Manager's Remote Parcel Repository URLs. \
<a href=\"manifest.json\">manifest.json</a> lists the parcels below.</p>
<table>
<tr><th>Parcel</th><th>SHA-1</th></tr>
${rows}</table>
</body></html>
")
  file(RENAME "${DIR}/index.html.tmp" "${DIR}/index.html")
else()
  message(FATAL_ERROR "ParcelRepositoryRun.cmake: unknown step \"${_PARCEL_REPOSITORY_STEP}\"")
endif()
