#include "archive/compress/chunk_deflater.hpp"

#include "archive/compress/joinable_deflate.hpp"

#include "parcel/support/error.hpp"

#include <isa-l/crc.h>
#include <isa-l/igzip_lib.h>
#include <libdeflate.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <new>
#include <stdexcept>
#include <string>

namespace parcel::compress {

namespace {

// Room for a chunk that does not compress: stored blocks cost 5 bytes per
// 64 KiB, and ISA-L's or zlib's block headers a few hundred bytes at most.
std::size_t outputBoundOf(std::size_t size) { return size + size / 8 + 4096; }

// ISA-L's level buffer: the level's hash tables, then room for `tokensKi` Ki
// tokens. A block ends when the tokens fill it, so a smaller buffer gives
// more, better fitted Huffman codes (docs/performance.md, "fast").
std::size_t isalLevelBufferSize(int level, int tokensKi) {
  if (tokensKi < 1 || tokensKi > 128) {
    throw std::invalid_argument("ISA-L's token buffer must hold 1..128 Ki tokens, not " + std::to_string(tokensKi));
  }
  const std::size_t tokens = static_cast<std::size_t>(tokensKi) * IGZIP_K;
  switch (level) {
    case 0:
      return ISAL_DEF_LVL0_DEFAULT;
    case 1:
      return ISAL_DEF_LVL1_REQ + ISAL_DEF_LVL1_TOKEN_SIZE * tokens;
    case 2:
      return ISAL_DEF_LVL2_REQ + ISAL_DEF_LVL2_TOKEN_SIZE * tokens;
    case 3:
      return ISAL_DEF_LVL3_REQ + ISAL_DEF_LVL3_TOKEN_SIZE * tokens;
    default:
      throw std::invalid_argument("ISA-L level must be 0..3, not " + std::to_string(level));
  }
}

// Whether Huffman coding alone could shrink `data` below `percent` % of its
// size, from its order-0 entropy. Deflate never does worse than that bound by
// more than its block headers and code-length rounding (about 2 % here), so
// such a chunk would pass the ISA-L probe anyway: the probe is skipped.
bool entropyRulesOutIncompressible(const unsigned char* data, std::size_t size, int percent) {
  if (size < 4096) return false;  // too short for the estimate to say much
  std::array<std::uint32_t, 256> counts{};
  for (std::size_t i = 0; i < size; ++i) ++counts[data[i]];
  double bits = 0;
  for (const std::uint32_t count : counts) {
    if (count == 0) continue;
    const double p = static_cast<double>(count) / static_cast<double>(size);
    bits -= p * std::log2(p);
  }
  return bits < 8.0 * (percent - 3) / 100.0;
}

}  // namespace

struct ChunkDeflater::Zlib {
  Zlib(int level, int memLevel) {
    // Raw deflate (windowBits -15); the memLevel sets zlib's block size.
    const int status = deflateInit2(&stream, level, Z_DEFLATED, -15, memLevel, Z_DEFAULT_STRATEGY);
    if (status == Z_MEM_ERROR) throw std::bad_alloc();
    if (status != Z_OK) throw Error("zlib could not start deflate (status " + std::to_string(status) + ")");
  }
  ~Zlib() { deflateEnd(&stream); }
  Zlib(const Zlib&) = delete;
  Zlib& operator=(const Zlib&) = delete;

  z_stream stream{};
};

struct ChunkDeflater::Isal {
  std::vector<unsigned char> levelBuffer;  // ISA-L's hash tables, sized per level
  isal_zstream stream{};
};

struct ChunkDeflater::Libdeflate {
  explicit Libdeflate(int level) : compressor(libdeflate_alloc_compressor(level)) {
    if (compressor == nullptr) {
      if (level < 1 || level > 12)
        throw std::invalid_argument("libdeflate level must be 1..12, not " + std::to_string(level));
      throw std::bad_alloc();
    }
  }
  ~Libdeflate() { libdeflate_free_compressor(compressor); }
  Libdeflate(const Libdeflate&) = delete;
  Libdeflate& operator=(const Libdeflate&) = delete;

  libdeflate_compressor* compressor;
};

ChunkDeflater::ChunkDeflater(const DeflateRecipe& recipe) : recipe_(recipe) {
  if (recipe_.engine == DeflateRecipe::Engine::Libdeflate) {
    libdeflate_ = std::make_unique<Libdeflate>(recipe_.level);
    joiner_ = std::make_unique<DeflateJoiner>();
  }
  if (recipe_.engine == DeflateRecipe::Engine::Zlib) {
    zlib_ = std::make_unique<Zlib>(recipe_.level, recipe_.memLevel);
  }
  if (recipe_.engine == DeflateRecipe::Engine::Isal || recipe_.probeWithIsal) isal_ = std::make_unique<Isal>();
}

ChunkDeflater::~ChunkDeflater() = default;

void ChunkDeflater::deflate(const unsigned char* dictionary, std::size_t dictionarySize, const unsigned char* data,
                            std::size_t size, bool last, DeflatedChunk& out) {
  out.crc = crc32Of(0, data, size);
  if (recipe_.engine == DeflateRecipe::Engine::Isal) {
    deflateIsal(recipe_.level, recipe_.isalTokensKi, dictionary, dictionarySize, data, size, last, out.bytes);
    return;
  }
  if (recipe_.probeWithIsal && size > 0 && !entropyRulesOutIncompressible(data, size, recipe_.incompressiblePercent)) {
    deflateIsal(1, kIsalDefaultTokensKi, dictionary, dictionarySize, data, size, last, out.bytes);
    if (out.bytes.size() * 100 >= size * static_cast<std::size_t>(recipe_.incompressiblePercent)) return;
  }
  if (libdeflate_) {
    deflateLibdeflate(data, size, last, out.bytes);
    return;
  }
  deflateZlib(*zlib_, recipe_.tuning, dictionary, dictionarySize, data, size, last, out.bytes);
}

void ChunkDeflater::deflateZlib(Zlib& zlib, const DeflateRecipe::Tuning& tuning, const unsigned char* dictionary,
                                std::size_t dictionarySize, const unsigned char* data, std::size_t size, bool last,
                                std::vector<unsigned char>& out) {
  z_stream& stream = zlib.stream;
  if (deflateReset(&stream) != Z_OK) throw Error("zlib could not reset deflate");
  // deflateReset restores the level's own limits, so the tuning is set each time.
  if (tuning.maxChain > 0 &&
      deflateTune(&stream, tuning.goodLength, tuning.maxLazy, tuning.niceLength, tuning.maxChain) != Z_OK) {
    throw Error("zlib refused the search limits");
  }
  if (dictionarySize > 0 && deflateSetDictionary(&stream, dictionary, static_cast<uInt>(dictionarySize)) != Z_OK) {
    throw Error("zlib refused the preset dictionary");
  }
  out.resize(outputBoundOf(size));
  stream.next_in = const_cast<Bytef*>(data);  // zlib's API is not const-correct
  stream.avail_in = static_cast<uInt>(size);
  stream.next_out = out.data();
  stream.avail_out = static_cast<uInt>(out.size());
  const int flush = last ? Z_FINISH : Z_SYNC_FLUSH;
  for (;;) {
    const int status = ::deflate(&stream, flush);
    if (status != Z_OK && status != Z_STREAM_END && status != Z_BUF_ERROR) {
      throw Error(std::string("zlib deflate failed: ") +
                  (stream.msg ? stream.msg : "status " + std::to_string(status)));
    }
    const bool done = last ? status == Z_STREAM_END : (stream.avail_in == 0 && stream.avail_out > 0);
    if (done) break;
    const std::size_t used = out.size() - stream.avail_out;
    out.resize(out.size() * 2);
    stream.next_out = out.data() + used;
    stream.avail_out = static_cast<uInt>(out.size() - used);
  }
  out.resize(out.size() - stream.avail_out);
}

void ChunkDeflater::deflateIsal(int level, int tokensKi, const unsigned char* dictionary, std::size_t dictionarySize,
                                const unsigned char* data, std::size_t size, bool last,
                                std::vector<unsigned char>& out) {
  isal_zstream& stream = isal_->stream;
  isal_->levelBuffer.resize(isalLevelBufferSize(level, tokensKi));
  isal_deflate_init(&stream);
  stream.level = static_cast<std::uint32_t>(level);
  stream.level_buf = isal_->levelBuffer.empty() ? nullptr : isal_->levelBuffer.data();
  stream.level_buf_size = static_cast<std::uint32_t>(isal_->levelBuffer.size());
  stream.gzip_flag = IGZIP_DEFLATE;  // raw deflate: the gzip framing is ours
  stream.hist_bits = 0;  // the full 32 KiB window
  if (dictionarySize > 0 &&
      isal_deflate_set_dict(
          &stream, const_cast<std::uint8_t*>(dictionary), static_cast<std::uint32_t>(dictionarySize)) != COMP_OK) {
    throw Error("ISA-L refused the preset dictionary");
  }
  out.resize(outputBoundOf(size));
  stream.next_in = const_cast<std::uint8_t*>(data);
  stream.avail_in = static_cast<std::uint32_t>(size);
  stream.next_out = out.data();
  stream.avail_out = static_cast<std::uint32_t>(out.size());
  stream.end_of_stream = last ? 1 : 0;
  stream.flush = last ? NO_FLUSH : SYNC_FLUSH;
  for (;;) {
    const int status = isal_deflate(&stream);
    if (status != COMP_OK) throw Error("ISA-L deflate failed (status " + std::to_string(status) + ")");
    const bool done =
        stream.avail_in == 0 && stream.avail_out > 0 && (last ? stream.internal_state.state == ZSTATE_END : true);
    if (done) break;
    const std::size_t used = out.size() - stream.avail_out;
    out.resize(out.size() * 2);
    stream.next_out = out.data() + used;
    stream.avail_out = static_cast<std::uint32_t>(out.size() - used);
  }
  out.resize(out.size() - stream.avail_out);
}

void ChunkDeflater::deflateLibdeflate(const unsigned char* data, std::size_t size, bool last,
                                      std::vector<unsigned char>& out) {
  out.resize(libdeflate_deflate_compress_bound(libdeflate_->compressor, size));
  const std::size_t written = libdeflate_deflate_compress(libdeflate_->compressor, data, size, out.data(), out.size());
  if (written == 0) throw Error("libdeflate could not compress a chunk into its own bound");
  out.resize(written);
  if (!last) joiner_->makeJoinable(out);
}

std::uint32_t crc32Of(std::uint32_t crc, const unsigned char* data, std::size_t size) {
  // ISA-L's folding CRC (PCLMULQDQ) is several times faster than zlib's and
  // gives the same value: both are the reflected IEEE CRC-32 of gzip.
  while (size > 0) {
    const std::size_t piece = size > (1u << 30) ? (1u << 30) : size;
    crc = crc32_gzip_refl(crc, data, static_cast<std::uint64_t>(piece));
    data += piece;
    size -= piece;
  }
  return crc;
}

std::uint32_t crc32Combine(std::uint32_t crcA, std::uint32_t crcB, std::uint64_t sizeB) {
  return static_cast<std::uint32_t>(crc32_combine(crcA, crcB, static_cast<z_off_t>(sizeB)));
}

}  // namespace parcel::compress
