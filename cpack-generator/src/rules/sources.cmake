# The grammar of the format: names, versions, distros, relations, member paths and the field constraints the models share.
target_sources(parcel_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/distros.cpp
  ${CMAKE_CURRENT_LIST_DIR}/field_checks.cpp
  ${CMAKE_CURRENT_LIST_DIR}/member_modes.cpp
  ${CMAKE_CURRENT_LIST_DIR}/member_path.cpp
  ${CMAKE_CURRENT_LIST_DIR}/names.cpp
  ${CMAKE_CURRENT_LIST_DIR}/relations.cpp
  ${CMAKE_CURRENT_LIST_DIR}/version_order.cpp
)
