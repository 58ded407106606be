#include "parcel/archive/compressor.hpp"

#include "archive/compress/chunk_deflater.hpp"
#include "archive/compress/parallel_gzip.hpp"

#include <array>
#include <stdexcept>

namespace parcel {

namespace {

using compress::DeflateRecipe;

// What each level runs, chosen from measurements (docs/performance.md: 256 MiB
// of mixed text, binaries and random data, sizes against gzip -6 / gzip -9):
//  * fast: ISA-L level 2, 1.038x gzip -6 at about a tenth of zlib's CPU time.
//    ISA-L level 1 is a little faster but 1.067x, over the 1.06x target;
//    level 3 is slower for the same size.
//  * default: zlib 4, 1.009x gzip -6 at 0.55x the CPU of zlib 6 (zlib 5 is
//    1.003x at 0.7x, zlib 6 0.999x). A chunk that ISA-L level 1 cannot shrink
//    below 97 % keeps ISA-L's output: zlib spends 10-20 times longer on such
//    (already compressed) data for the same bytes.
//  * best: zlib 7 with the same shortcut, 0.9994x gzip -9 at 0.75x the CPU of
//    zlib 9 (0.9986x gzip -9).
struct LevelRow {
  CompressionLevel level;
  std::string_view name;
  DeflateRecipe recipe;
};

const std::array<LevelRow, 3> kLevels{{
    {CompressionLevel::Fast, "fast", {DeflateRecipe::Engine::Isal, 2, false, 97}},
    {CompressionLevel::Default, "default", {DeflateRecipe::Engine::Zlib, 4, true, 97}},
    {CompressionLevel::Best, "best", {DeflateRecipe::Engine::Zlib, 7, true, 97}},
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
