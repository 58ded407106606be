# Parcel repositories: manifest.json, hash files, publish and fetch.
find_package(CURL REQUIRED)
target_sources(parcel_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/hash_cache.cpp
  ${CMAKE_CURRENT_LIST_DIR}/http_client.cpp
  ${CMAKE_CURRENT_LIST_DIR}/index_html.cpp
  ${CMAKE_CURRENT_LIST_DIR}/manifest_writer.cpp
  ${CMAKE_CURRENT_LIST_DIR}/publish_fetch.cpp
  ${CMAKE_CURRENT_LIST_DIR}/repository_check.cpp
  ${CMAKE_CURRENT_LIST_DIR}/repository_scan.cpp)
target_link_libraries(parcel_core PRIVATE CURL::libcurl)
target_sources(parceltool PRIVATE
  tool/commands/fetch.cpp
  tool/commands/manifest.cpp
  tool/commands/publish.cpp
  tool/commands/validate_repository_kinds.cpp)
