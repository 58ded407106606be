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
// files, Python and documentation from Debian packages; the figures below are
// the mixed one's, sizes against gzip -6 / gzip -9 of the same tar; shared
// libraries and Python trees miss the fast and default goals, see there):
//  * fast: ISA-L level 3, 1.040x gzip -6 at an eighth of zlib 6's CPU. Level
//    2 is 1.052x and level 1 1.059x on real content, too close to 1.06x.
//  * default: zlib 4 (memLevel 8), 1.014x gzip -6 at 0.64x zlib 6's CPU. A
//    chunk that ISA-L level 1 cannot shrink below 99 % keeps ISA-L's output:
//    zlib spends 10-20 times longer on such (already compressed) data for at
//    most 1 % fewer bytes. zlib 5 is 1.009x at 0.72x, zlib 6 1.004x.
//  * best: zlib 9 (memLevel 8) on every chunk, 0.9995x gzip -9. Keeping
//    ISA-L's output, even at 99 %, cost 0.14 %; memLevel 9 is 1.0009x.
struct LevelRow {
  CompressionLevel level;
  std::string_view name;
  DeflateRecipe recipe;
};

const std::array<LevelRow, 3> kLevels{{
    {CompressionLevel::Fast, "fast", {DeflateRecipe::Engine::Isal, 3, false, 99, 8}},
    {CompressionLevel::Default, "default", {DeflateRecipe::Engine::Zlib, 4, true, 99, 8}},
    {CompressionLevel::Best, "best", {DeflateRecipe::Engine::Zlib, 9, false, 99, 8}},
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
