# JSON text: the one reader (strict metadata files, commented CSD descriptors) and writer, and the decoder helpers of the models.
target_sources(parcel_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/json_decoder.cpp
  ${CMAKE_CURRENT_LIST_DIR}/json_positions.cpp
  ${CMAKE_CURRENT_LIST_DIR}/json_text.cpp
)
