# Building parcels: the build request, the payload scan and the writer of the .parcel and .sha files.
target_sources(parcel_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/build_request.cpp
  ${CMAKE_CURRENT_LIST_DIR}/parcel_build.cpp
  ${CMAKE_CURRENT_LIST_DIR}/payload.cpp
)
