# Custom Service Descriptors: SDL/MDL validation and CSD jars.
target_sources(parcel_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/sdl.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sdl_decode.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sdl_fields.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sdl_references.cpp
  ${CMAKE_CURRENT_LIST_DIR}/mdl.cpp
  ${CMAKE_CURRENT_LIST_DIR}/mdl_decode.cpp
  ${CMAKE_CURRENT_LIST_DIR}/zip_writer.cpp
  ${CMAKE_CURRENT_LIST_DIR}/csd_jar.cpp)
target_sources(parceltool PRIVATE
  tool/commands/csd.cpp
  tool/commands/validate_csd_kinds.cpp)
