# Compression: the gzip compressors behind compressor.hpp (serial and parallel).
# Chunks are deflated with zlib, ISA-L (igzip) or libdeflate, on worker threads, into one
# gzip member; see docs/performance.md for why each level uses which.
target_sources(parcel_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/chunk_deflater.cpp
  ${CMAKE_CURRENT_LIST_DIR}/joinable_deflate.cpp
  ${CMAKE_CURRENT_LIST_DIR}/parallel_gzip.cpp
)
find_package(PkgConfig REQUIRED)
pkg_check_modules(ISAL REQUIRED IMPORTED_TARGET libisal)
pkg_check_modules(LIBDEFLATE REQUIRED IMPORTED_TARGET libdeflate)
find_package(Threads REQUIRED)
target_link_libraries(parcel_core PRIVATE PkgConfig::ISAL PkgConfig::LIBDEFLATE Threads::Threads)
