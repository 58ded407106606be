# The emulated Cloudera Manager host: distribute, activate, deactivate, roll back.
target_sources(parcel_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/extract.cpp
  ${CMAKE_CURRENT_LIST_DIR}/host.cpp
  ${CMAKE_CURRENT_LIST_DIR}/role.cpp
  ${CMAKE_CURRENT_LIST_DIR}/safe_fs.cpp
  ${CMAKE_CURRENT_LIST_DIR}/state.cpp)
target_sources(parceltool PRIVATE
  tool/commands/host.cpp)
