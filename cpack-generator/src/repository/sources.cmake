# Parcel repositories: manifest.json, hash files, publish and fetch.
find_package(CURL REQUIRED)
target_sources(parcel_core PRIVATE
  src/repository/hash_cache.cpp
  src/repository/http_client.cpp
  src/repository/manifest_writer.cpp
  src/repository/publish_fetch.cpp
  src/repository/repository_check.cpp
  src/repository/repository_scan.cpp)
target_link_libraries(parcel_core PRIVATE CURL::libcurl)
target_sources(parceltool PRIVATE
  tool/commands/fetch.cpp
  tool/commands/manifest.cpp
  tool/commands/publish.cpp
  tool/commands/validate_repository_kinds.cpp)
