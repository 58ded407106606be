# The documents of a parcel and a repository: parcel.json, alternatives.json, permissions.json, the env script, manifest.json.
target_sources(parcel_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/alternatives.cpp
  ${CMAKE_CURRENT_LIST_DIR}/components.cpp
  ${CMAKE_CURRENT_LIST_DIR}/env_script.cpp
  ${CMAKE_CURRENT_LIST_DIR}/manifest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/parcel_metadata.cpp
  ${CMAKE_CURRENT_LIST_DIR}/permissions.cpp
  ${CMAKE_CURRENT_LIST_DIR}/restart_info.cpp
)
