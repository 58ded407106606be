// FUZZ_CHECK: an assertion for fuzz targets that NDEBUG does not remove, so the
// replay tests (RelWithDebInfo) check exactly what the fuzzer checks.
#pragma once
#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(condition, what)                                                                      \
  do {                                                                                                   \
    if (!(condition)) {                                                                                  \
      std::fprintf(stderr, "%s:%d: fuzz check failed: %s (%s)\n", __FILE__, __LINE__, #condition, what); \
      std::abort();                                                                                      \
    }                                                                                                    \
  } while (false)
