# Support for every part: diagnostics, errors, interrupts, files, descriptors, locks, depfiles, atomic output,
# byte sinks, hashing, progress, edit distance.
target_sources(parcel_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/byte_sink.cpp
  ${CMAKE_CURRENT_LIST_DIR}/depfile.cpp
  ${CMAKE_CURRENT_LIST_DIR}/diagnostic.cpp
  ${CMAKE_CURRENT_LIST_DIR}/edit_distance.cpp
  ${CMAKE_CURRENT_LIST_DIR}/error.cpp
  ${CMAKE_CURRENT_LIST_DIR}/file_io.cpp
  ${CMAKE_CURRENT_LIST_DIR}/file_lock.cpp
  ${CMAKE_CURRENT_LIST_DIR}/interrupt.cpp
  ${CMAKE_CURRENT_LIST_DIR}/markup_escape.cpp
  ${CMAKE_CURRENT_LIST_DIR}/output_file.cpp
  ${CMAKE_CURRENT_LIST_DIR}/progress.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sha1.cpp
  ${CMAKE_CURRENT_LIST_DIR}/unique_fd.cpp
)
