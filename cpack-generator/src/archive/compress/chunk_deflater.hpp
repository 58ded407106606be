// Compresses one fixed-size chunk of a gzip member into raw deflate blocks that
// end on a byte boundary, so that chunks compressed on different threads can be
// written one after another as a single deflate stream (the way pigz works).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace parcel::compress {

class DeflateJoiner;

// ISA-L's own choice of token buffer (ISAL_DEF_LVLn_DEFAULT), in Ki tokens.
constexpr int kIsalDefaultTokensKi = 64;

// How one chunk is deflated. The choice per CompressionLevel, and the
// measurements behind it, are in compressor.cpp and docs/performance.md.
struct DeflateRecipe {
  // libdeflate compresses a chunk as a whole stream, without the previous
  // chunk as dictionary (its API has none); DeflateJoiner then opens the
  // stream's end so the next chunk can follow.
  enum class Engine { Zlib, Isal, Libdeflate };
  Engine engine = Engine::Zlib;
  int level = 6;  // zlib 1..9, ISA-L 0..3 or libdeflate 1..12
  // If set, every chunk first goes through ISA-L level 1, and a chunk that
  // ISA-L cannot shrink below `incompressiblePercent` of its size keeps that
  // output: zlib would spend 10-20 times longer for the same bytes.
  bool probeWithIsal = false;
  int incompressiblePercent = 97;
  // zlib's memLevel: 9 gives 32 Ki-symbol blocks, 8 (zlib's default) 16 Ki.
  int memLevel = 9;
  // zlib's search limits (deflateTune) in place of the level's own; zero keeps
  // the level's. They apply to levels 4-9, whose lazy matcher they steer.
  struct Tuning {
    int goodLength = 0;  // a match this long cuts the chain search to a quarter
    int maxLazy = 0;  // a match this long is taken without trying the next byte
    int niceLength = 0;  // a match this long stops the search
    int maxChain = 0;  // at most this many candidates per position
  };
  Tuning tuning{};
  // ISA-L's token buffer in Ki tokens (its default: 64), for the recipe's
  // own ISA-L level; the probe keeps the default.
  int isalTokensKi = kIsalDefaultTokensKi;
};

// The result of one chunk: raw deflate bytes and the CRC-32 of the input.
struct DeflatedChunk {
  std::vector<unsigned char> bytes;
  std::uint32_t crc = 0;
};

// One per thread: owns the zlib, ISA-L and libdeflate states and reuses them for every chunk.
class ChunkDeflater {
public:
  explicit ChunkDeflater(const DeflateRecipe& recipe);
  ~ChunkDeflater();
  ChunkDeflater(const ChunkDeflater&) = delete;
  ChunkDeflater& operator=(const ChunkDeflater&) = delete;

  // Deflates `data` as if it followed `dictionary` (up to 32 KiB: the end of the
  // previous chunk) in the same stream; libdeflate, which takes no
  // dictionary, ignores it. A chunk that is not `last` ends with a
  // sync flush (an empty stored block), the last one with a final block. The
  // bytes depend only on the recipe, the dictionary and the data.
  void deflate(const unsigned char* dictionary, std::size_t dictionarySize, const unsigned char* data, std::size_t size,
               bool last, DeflatedChunk& out);

private:
  struct Zlib;
  struct Isal;
  struct Libdeflate;
  void deflateZlib(Zlib& zlib, const DeflateRecipe::Tuning& tuning, const unsigned char* dictionary,
                   std::size_t dictionarySize, const unsigned char* data, std::size_t size, bool last,
                   std::vector<unsigned char>& out);
  void deflateIsal(int level, int tokensKi, const unsigned char* dictionary, std::size_t dictionarySize,
                   const unsigned char* data, std::size_t size, bool last, std::vector<unsigned char>& out);
  void deflateLibdeflate(const unsigned char* data, std::size_t size, bool last, std::vector<unsigned char>& out);

  DeflateRecipe recipe_;
  std::unique_ptr<Zlib> zlib_;
  std::unique_ptr<Isal> isal_;
  std::unique_ptr<Libdeflate> libdeflate_;
  std::unique_ptr<DeflateJoiner> joiner_;
};

// CRC-32 (gzip's) of `size` bytes continuing from `crc`.
std::uint32_t crc32Of(std::uint32_t crc, const unsigned char* data, std::size_t size);
// CRC-32 of A followed by B, from crc(A), crc(B) and B's length.
std::uint32_t crc32Combine(std::uint32_t crcA, std::uint32_t crcB, std::uint64_t sizeB);

}  // namespace parcel::compress
