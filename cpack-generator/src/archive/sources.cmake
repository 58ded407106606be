# Archives: the deterministic tar writer, the compressors and the parcel reader.
target_sources(parcel_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/archive_input.cpp
  ${CMAKE_CURRENT_LIST_DIR}/compressor.cpp
  ${CMAKE_CURRENT_LIST_DIR}/parcel_reader.cpp
  ${CMAKE_CURRENT_LIST_DIR}/tar_writer.cpp
)
include(${CMAKE_CURRENT_LIST_DIR}/compress/sources.cmake)
