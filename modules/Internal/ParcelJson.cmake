# JSON helpers shared by Parcel.cmake (configure time) and ParcelCPack.cmake
# (inside cpack). Internal: projects must not call them.
include_guard(GLOBAL)

# Stores <value> as a JSON string literal, quotes included, in <out_var>, for
# string(JSON ... SET), which takes JSON text.
function(_parcel_json_string out_var value)
  string(REPLACE "\\" "\\\\" value "${value}")
  string(REPLACE "\"" "\\\"" value "${value}")
  string(REPLACE "\n" "\\n" value "${value}")
  string(REPLACE "\r" "\\r" value "${value}")
  string(REPLACE "\t" "\\t" value "${value}")
  set(${out_var} "\"${value}\"" PARENT_SCOPE)
endfunction()

# Sets <key> of the JSON object in <json_var> to the string <value>.
function(_parcel_json_set_string json_var key value)
  _parcel_json_string(value "${value}")
  string(JSON json SET "${${json_var}}" ${key} "${value}")
  set(${json_var} "${json}" PARENT_SCOPE)
endfunction()

function(_parcel_json_string_array out_var)
  set(json "[]")
  set(index 0)
  foreach(item IN LISTS ARGN)
    _parcel_json_string(item "${item}")
    string(JSON json SET "${json}" ${index} "${item}")
    math(EXPR index "${index} + 1")
  endforeach()
  set(${out_var} "${json}" PARENT_SCOPE)
endfunction()

# Sets <key> of the JSON object in <json_var> to the array of the remaining
# arguments as strings; leaves it out when there are none.
function(_parcel_json_set_strings json_var key)
  if(ARGC GREATER 2)
    _parcel_json_string_array(array ${ARGN})
    string(JSON json SET "${${json_var}}" ${key} "${array}")
    set(${json_var} "${json}" PARENT_SCOPE)
  endif()
endfunction()
