// Runs one tar stream through the parcel compressor with each candidate recipe
// (engine, level, ISA-L probe, memLevel) and prints the CPU time and output size
// of each: the measurements behind the choice per level in compressor.cpp.
// Built and run by bench/engine_sweep.sh; not part of the project's build.
//
// Usage: engine_sweep TAR_FILE GZIP6_BYTES GZIP9_BYTES [THREADS]
#include "archive/compress/parallel_gzip.hpp"

#include <sys/resource.h>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

namespace {

using parcel::compress::DeflateRecipe;

// Counts the bytes it is given and keeps none.
class CountingSink final : public parcel::ByteSink {
public:
  void write(const void*, std::size_t size) override { bytes += size; }
  std::uint64_t bytes = 0;
};

double cpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);  // all threads of this process
  const auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

struct Candidate {
  const char* name;
  DeflateRecipe recipe;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: %s TAR_FILE GZIP6_BYTES GZIP9_BYTES [THREADS]\n", argv[0]);
    return 2;
  }
  std::ifstream file(argv[1], std::ios::binary | std::ios::ate);
  std::vector<char> tar(file ? static_cast<std::size_t>(file.tellg()) : 0);
  file.seekg(0);
  if (!file.read(tar.data(), static_cast<std::streamsize>(tar.size())) || tar.empty()) {
    std::fprintf(stderr, "cannot read %s\n", argv[1]);
    return 2;
  }
  const double gzip6 = std::strtod(argv[2], nullptr), gzip9 = std::strtod(argv[3], nullptr);
  const unsigned threads = argc > 4 ? static_cast<unsigned>(std::atoi(argv[4])) : 2;
  using Engine = DeflateRecipe::Engine;
  // {engine, level, probeWithIsal, incompressiblePercent, memLevel, {good, lazy, nice, chain}, isalTokensKi}
  // The zlib 6 rows with search limits come from a grid over deflateTune on
  // shared libraries and Python trees (docs/performance.md).
  const std::vector<Candidate> candidates = {
      {"ISA-L 3, 64 Ki tokens (ISA-L's default)", {Engine::Isal, 3, false, 99, 8, {}, 64}},
      {"ISA-L 3, 16 Ki tokens", {Engine::Isal, 3, false, 99, 8, {}, 16}},
      {"ISA-L 3, 8 Ki tokens (fast)", {Engine::Isal, 3, false, 99, 8, {}, 8}},
      {"ISA-L 3, 4 Ki tokens", {Engine::Isal, 3, false, 99, 8, {}, 4}},
      {"libdeflate 1", {Engine::Libdeflate, 1, false, 99, 8, {}}},
      {"libdeflate 2", {Engine::Libdeflate, 2, false, 99, 8, {}}},
      {"libdeflate 3", {Engine::Libdeflate, 3, false, 99, 8, {}}},
      {"libdeflate 4", {Engine::Libdeflate, 4, false, 99, 8, {}}},
      {"zlib 6 16/32/128/24 +probe 90%", {Engine::Zlib, 6, true, 90, 8, {16, 32, 128, 24}}},
      {"libdeflate 5 +probe 90%", {Engine::Libdeflate, 5, true, 90, 8, {}}},
      {"libdeflate 6 +probe 90%", {Engine::Libdeflate, 6, true, 90, 8, {}}},
      {"libdeflate 6", {Engine::Libdeflate, 6, false, 99, 8, {}}},
      {"zlib 6", {Engine::Zlib, 6, false, 99, 8, {}}},
      {"zlib 9", {Engine::Zlib, 9, false, 99, 8, {}}},
      {"libdeflate 9", {Engine::Libdeflate, 9, false, 99, 8, {}}},
      {"libdeflate 10", {Engine::Libdeflate, 10, false, 99, 8, {}}},
      {"libdeflate 11", {Engine::Libdeflate, 11, false, 99, 8, {}}},
      {"libdeflate 12", {Engine::Libdeflate, 12, false, 99, 8, {}}},
  };
  std::printf("| recipe | CPU s | wall s | output bytes | / gzip -6 | / gzip -9 |\n");
  std::printf("| --- | ---: | ---: | ---: | ---: | ---: |\n");
  const char* only = std::getenv("ONLY");  // a part of the recipe names to run, e.g. "ISA-L"
  for (const Candidate& candidate : candidates) {
    if (only != nullptr && std::strstr(candidate.name, only) == nullptr) continue;
    CountingSink counter;
    const double cpuBefore = cpuSeconds();
    const auto wallBefore = std::chrono::steady_clock::now();
    {
      auto gzip = parcel::compress::makeParallelGzip(counter, candidate.recipe, threads);
      constexpr std::size_t kWrite = 64 * 1024;  // libarchive's block size, as in a build
      for (std::size_t at = 0; at < tar.size(); at += kWrite)
        gzip->write(tar.data() + at, std::min(kWrite, tar.size() - at));
      gzip->finish();
    }
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wallBefore).count();
    const double cpu = cpuSeconds() - cpuBefore;
    std::printf("| %s | %.2f | %.2f | %llu | %.4f | %.4f |\n", candidate.name, cpu, wall,
                static_cast<unsigned long long>(counter.bytes), counter.bytes / gzip6, counter.bytes / gzip9);
    std::fflush(stdout);
  }
  return 0;
}
