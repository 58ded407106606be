# JSON text: the one reader (strict metadata files, commented CSD descriptors) and writer, and the one walker (json_decoder: the coercion table) of the models and the CSD descriptors.
target_sources(parcel_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/json_decoder.cpp
  ${CMAKE_CURRENT_LIST_DIR}/json_positions.cpp
  ${CMAKE_CURRENT_LIST_DIR}/json_text.cpp
)
