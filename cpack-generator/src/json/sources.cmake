# JSON text: the strict reader and writer of the metadata files, the relaxed reader of CSD descriptors, and the decoder helpers of the models.
target_sources(parcel_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/json_decoder.cpp
  ${CMAKE_CURRENT_LIST_DIR}/json_text.cpp
  ${CMAKE_CURRENT_LIST_DIR}/relaxed_json.cpp
)
