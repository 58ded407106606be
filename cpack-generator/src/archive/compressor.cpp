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
//  * fast: ISA-L level 3, 1.03-1.05x on mixed, jvm and docs content at an
//    eighth of zlib 6's CPU. No deflate engine reaches 1.06x at this speed on
//    shared libraries or Python trees (gzip -1 itself is 1.14-1.17x there).
//  * default: zlib's lazy matcher with its search limits set between levels
//    5 and 6 (good 16, lazy 32, nice 128, chain 24): 1.009-1.014x on shared
//    libraries and Python, where zlib 4 was 1.04-1.06x, at about 0.6x zlib 6's
//    CPU. Per chunk: a chunk ISA-L level 1 cannot shrink below 90 % keeps
//    ISA-L's output (jars, .gz pages, images: zlib spends 10-20 times longer
//    on them for about 1.5 % fewer of their bytes): a fifth less CPU on mixed
//    and JDK content for 0.4-0.7 % more bytes, nothing on the others. The
//    gain of the stronger search was the same for text and machine code
//    chunks, so those are not told apart.
//  * best: zlib 9 on every chunk, its block size chosen per chunk (see
//    ChunkDeflater): smaller blocks suit machine code.
struct LevelRow {
  CompressionLevel level;
  std::string_view name;
  DeflateRecipe recipe;
};

const std::array<LevelRow, 3> kLevels{{
    {CompressionLevel::Fast, "fast", {DeflateRecipe::Engine::Isal, 3, false, 99, 8, {}}},
    {CompressionLevel::Default, "default", {DeflateRecipe::Engine::Zlib, 6, true, 90, 8, {16, 32, 128, 24}}},
    {CompressionLevel::Best, "best", {DeflateRecipe::Engine::Zlib, 9, false, 99, 8, {}, 7}},
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
