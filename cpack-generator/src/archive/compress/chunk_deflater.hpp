// Compresses one fixed-size chunk of a gzip member into raw deflate blocks that
// end on a byte boundary, so that chunks compressed on different threads can be
// written one after another as a single deflate stream (the way pigz works).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace parcel::compress {

// How one chunk is deflated. The choice per CompressionLevel, and the
// measurements behind it, are in compressor.cpp and docs/performance.md.
struct DeflateRecipe {
  enum class Engine { Zlib, Isal };
  Engine engine = Engine::Zlib;
  int level = 6;  // zlib 1..9 or ISA-L 0..3
  // If set, every chunk first goes through ISA-L level 1, and a chunk that
  // ISA-L cannot shrink below `incompressiblePercent` of its size keeps that
  // output: zlib would spend 10-20 times longer for the same bytes.
  bool probeWithIsal = false;
  int incompressiblePercent = 97;
  // zlib's memLevel: 9 gives 32 Ki-symbol blocks, 8 (zlib's default) 16 Ki.
  int memLevel = 9;
};

// The result of one chunk: raw deflate bytes and the CRC-32 of the input.
struct DeflatedChunk {
  std::vector<unsigned char> bytes;
  std::uint32_t crc = 0;
};

// One per thread: owns the zlib and ISA-L states and reuses them for every chunk.
class ChunkDeflater {
public:
  explicit ChunkDeflater(const DeflateRecipe& recipe);
  ~ChunkDeflater();
  ChunkDeflater(const ChunkDeflater&) = delete;
  ChunkDeflater& operator=(const ChunkDeflater&) = delete;

  // Deflates `data` as if it followed `dictionary` (up to 32 KiB: the end of the
  // previous chunk) in the same stream. A chunk that is not `last` ends with a
  // sync flush (an empty stored block), the last one with a final block. The
  // bytes depend only on the recipe, the dictionary and the data.
  void deflate(const unsigned char* dictionary, std::size_t dictionarySize, const unsigned char* data, std::size_t size,
               bool last, DeflatedChunk& out);

private:
  struct Zlib;
  struct Isal;
  void deflateZlib(const unsigned char* dictionary, std::size_t dictionarySize, const unsigned char* data,
                   std::size_t size, bool last, std::vector<unsigned char>& out);
  void deflateIsal(int level, const unsigned char* dictionary, std::size_t dictionarySize, const unsigned char* data,
                   std::size_t size, bool last, std::vector<unsigned char>& out);

  DeflateRecipe recipe_;
  std::unique_ptr<Zlib> zlib_;
  std::unique_ptr<Isal> isal_;
  std::vector<unsigned char> probe_;
};

// CRC-32 (gzip's) of `size` bytes continuing from `crc`.
std::uint32_t crc32Of(std::uint32_t crc, const unsigned char* data, std::size_t size);
// CRC-32 of A followed by B, from crc(A), crc(B) and B's length.
std::uint32_t crc32Combine(std::uint32_t crcA, std::uint32_t crcB, std::uint64_t sizeB);

}  // namespace parcel::compress
