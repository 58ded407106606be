# Sanitizer instrumentation for everything this project compiles.
#
#   PARCEL_SANITIZE  AddressSanitizer + UndefinedBehaviorSanitizer (g++ or clang).
#                    UB is fatal (-fno-sanitize-recover), so a test that hits it fails
#                    instead of printing a warning nobody reads.
#   PARCEL_FUZZ      the libFuzzer build (clang only): the same sanitizers plus the
#                    coverage that guides libFuzzer, on the library as well as on the
#                    fuzz targets, or the fuzzer would be blind inside parcel_core.
#
# Included before any target is defined, so add_compile_options reaches them all.
option(PARCEL_SANITIZE "Build everything with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
option(PARCEL_FUZZ "Build the libFuzzer targets in fuzz/ (needs clang)" OFF)

if(PARCEL_FUZZ AND NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "PARCEL_FUZZ: libFuzzer needs clang, but the C++ compiler is "
                      "${CMAKE_CXX_COMPILER_ID} (${CMAKE_CXX_COMPILER}). Configure a separate build "
                      "dir with -DCMAKE_CXX_COMPILER=clang++-14 (Debian packages clang-14 and "
                      "libclang-rt-14-dev), or use fuzz/run.sh.")
endif()

if(PARCEL_SANITIZE OR PARCEL_FUZZ)
  set(_parcel_sanitizers -fsanitize=address,undefined)
  add_compile_options(${_parcel_sanitizers} -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  add_link_options(${_parcel_sanitizers})
endif()

if(PARCEL_FUZZ)
  # Coverage instrumentation without libFuzzer's main(); only the fuzz targets link
  # -fsanitize=fuzzer (fuzz/CMakeLists.txt).
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
