#include "parcel/archive/compressor.hpp"

#include "archive/compress/chunk_deflater.hpp"
#include "archive/compress/parallel_gzip.hpp"

#include <array>
#include <stdexcept>

namespace parcel {

namespace {

using compress::DeflateRecipe;

// What each level runs, chosen from measurements on six payloads
// (docs/performance.md, bench/engine_sweep.sh: synthetic, and real jars, .so
// files, Python and documentation from Debian packages). Sizes are against
// gzip -6 (gzip -9 for best) of the same tar stream.
//  * fast: ISA-L level 3, 1.03-1.04x on mixed, jvm and docs content at an
//    eighth of zlib 6's CPU, each chunk primed with the 32 KiB before it. Its
//    token buffer holds 8 Ki tokens instead of 64 Ki: the shorter blocks save
//    0.3-1.4 % on real payloads for 7-19 % more of ISA-L's CPU. No engine at hand reaches
//    1.06x at this speed on shared libraries or Python trees (gzip -1 itself
//    is 1.14-1.17x there; libdeflate 3 reaches 1.05x at twice ISA-L 3's CPU
//    plus the join, 5-6x `tar czf` on two cores).
//  * default: libdeflate level 6 on each chunk alone (libdeflate has no preset
//    dictionary; its better block splitting and matching more than make up
//    for the 32 KiB a chunk no longer sees): 0.988-0.994x on shared libraries
//    and Python at two thirds of the CPU of the zlib recipe it replaced and
//    half of zlib 6's. A chunk ISA-L level 1 cannot shrink below 90 % keeps
//    ISA-L's output (jars, .gz pages, images).
//  * best: libdeflate level 10 (its near-optimal parser): 0.965x of gzip -9
//    on shared libraries and 0.966x on Python, at half the CPU of zlib 9.
struct LevelRow {
  CompressionLevel level;
  std::string_view name;
  DeflateRecipe recipe;
};

const std::array<LevelRow, 3> kLevels{{
    {CompressionLevel::Fast, "fast", {DeflateRecipe::Engine::Isal, 3, false, 99, 8, {}, 8}},
    {CompressionLevel::Default, "default", {DeflateRecipe::Engine::Libdeflate, 6, true, 90, 8, {}}},
    {CompressionLevel::Best, "best", {DeflateRecipe::Engine::Libdeflate, 10, false, 99, 8, {}}},
}};

const LevelRow& rowOf(CompressionLevel level) {
  for (const LevelRow& row : kLevels) {
    if (row.level == level) return row;
  }
  throw std::invalid_argument("unknown compression level");
}

}  // namespace

bool parseCompressionLevel(std::string_view text, CompressionLevel& level) {
  for (const LevelRow& row : kLevels) {
    if (row.name == text) {
      level = row.level;
      return true;
    }
  }
  return false;
}

std::string_view toString(CompressionLevel level) {
  for (const LevelRow& row : kLevels) {
    if (row.level == level) return row.name;
  }
  return "unknown";
}

std::unique_ptr<ByteSink> makeGzipCompressor(ByteSink& downstream, CompressionLevel level, unsigned threads) {
  return compress::makeParallelGzip(downstream, rowOf(level).recipe, threads);
}

}  // namespace parcel
