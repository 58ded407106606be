# Validation of a whole parcel, from an archive or an unpacked folder.
target_sources(parcel_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/parcel_check.cpp
  ${CMAKE_CURRENT_LIST_DIR}/parcel_tree.cpp
)
