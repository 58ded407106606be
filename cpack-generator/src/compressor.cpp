#include "parcel/compressor.hpp"

#include "parcel/error.hpp"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace parcel {

namespace {

struct LevelName {
  CompressionLevel level;
  std::string_view name;
  int zlibLevel;
};

constexpr std::array<LevelName, 3> kLevels{{
    {CompressionLevel::Fast, "fast", 1},
    {CompressionLevel::Default, "default", 6},
    {CompressionLevel::Best, "best", 9},
}};

constexpr std::size_t kOutputBufferSize = 256 * 1024;

// The 10-byte gzip header (RFC 1952) written by hand, so it is the same for
// every level: deflate, no flags, mtime 0, XFL 0, OS 3 (Unix). zlib's own gzip
// wrapper would set XFL to 2 or 4 for levels 9 and 1.
constexpr std::array<unsigned char, 10> kGzipHeader{0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03};

int zlibLevelOf(CompressionLevel level) {
  for (const LevelName& entry : kLevels) {
    if (entry.level == level) return entry.zlibLevel;
  }
  throw std::invalid_argument("unknown compression level");
}

// One gzip member: header, raw deflate stream, CRC-32 and ISIZE trailer. Each
// write is handed straight to zlib, whose output does not depend on how the
// input is split, and compressed bytes leave through a fixed-size buffer.
class GzipCompressor final : public ByteSink {
public:
  GzipCompressor(ByteSink& downstream, CompressionLevel level)
      : downstream_(downstream), buffer_(kOutputBufferSize) {
    // windowBits -15: a raw deflate stream, the gzip framing is ours.
    const int status = deflateInit2(&stream_, zlibLevelOf(level), Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
    if (status == Z_MEM_ERROR) throw std::bad_alloc();
    if (status != Z_OK) throw Error("zlib could not start deflate (status " + std::to_string(status) + ")");
    std::copy(kGzipHeader.begin(), kGzipHeader.end(), buffer_.begin());
    used_ = kGzipHeader.size();
  }

  ~GzipCompressor() override { deflateEnd(&stream_); }
  GzipCompressor(const GzipCompressor&) = delete;
  GzipCompressor& operator=(const GzipCompressor&) = delete;

  void write(const void* data, std::size_t size) override {
    if (finished_) throw std::logic_error("gzip compressor written to after finish()");
    const auto* bytes = static_cast<const Bytef*>(data);
    // zlib counts in uInt; split writes larger than that.
    while (size > 0) {
      const uInt chunk = size > kMaxChunk ? kMaxChunk : static_cast<uInt>(size);
      crc_ = crc32(crc_, bytes, chunk);
      inputSize_ += chunk;
      stream_.next_in = const_cast<Bytef*>(bytes);   // zlib's API is not const-correct
      stream_.avail_in = chunk;
      while (stream_.avail_in > 0) deflateStep(Z_NO_FLUSH);
      bytes += chunk;
      size -= chunk;
    }
  }

  void finish() override {
    if (finished_) throw std::logic_error("gzip compressor finished twice");
    finished_ = true;
    stream_.next_in = nullptr;
    stream_.avail_in = 0;
    while (deflateStep(Z_FINISH) != Z_STREAM_END) {
    }
    // Trailer: CRC-32 and input size modulo 2^32, both little-endian.
    appendLittleEndian32(static_cast<std::uint32_t>(crc_));
    appendLittleEndian32(static_cast<std::uint32_t>(inputSize_ & 0xffffffffu));
    flushBuffer();
    downstream_.finish();
  }

private:
  static constexpr std::size_t kMaxChunk = 1u << 30;

  // One deflate call into the free part of the buffer; a full buffer goes downstream.
  int deflateStep(int flush) {
    if (used_ == buffer_.size()) flushBuffer();
    stream_.next_out = reinterpret_cast<Bytef*>(buffer_.data() + used_);
    stream_.avail_out = static_cast<uInt>(buffer_.size() - used_);
    const int status = deflate(&stream_, flush);
    if (status != Z_OK && status != Z_STREAM_END && status != Z_BUF_ERROR) {
      throw Error(std::string("zlib deflate failed: ") + (stream_.msg ? stream_.msg : "status " + std::to_string(status)));
    }
    used_ = buffer_.size() - stream_.avail_out;
    return status;
  }

  void appendLittleEndian32(std::uint32_t value) {
    for (int i = 0; i < 4; ++i) {
      if (used_ == buffer_.size()) flushBuffer();
      buffer_[used_++] = static_cast<char>((value >> (8 * i)) & 0xff);
    }
  }

  void flushBuffer() {
    if (used_ > 0) downstream_.write(buffer_.data(), used_);
    used_ = 0;
  }

  ByteSink& downstream_;
  z_stream stream_{};
  std::vector<char> buffer_;
  std::size_t used_ = 0;
  uLong crc_ = crc32(0L, Z_NULL, 0);
  std::uint64_t inputSize_ = 0;
  bool finished_ = false;
};

}  // namespace

bool parseCompressionLevel(std::string_view text, CompressionLevel& level) {
  for (const LevelName& entry : kLevels) {
    if (entry.name == text) {
      level = entry.level;
      return true;
    }
  }
  return false;
}

std::string_view toString(CompressionLevel level) {
  for (const LevelName& entry : kLevels) {
    if (entry.level == level) return entry.name;
  }
  return "unknown";
}

std::unique_ptr<ByteSink> makeGzipCompressor(ByteSink& downstream, CompressionLevel level) {
  return std::make_unique<GzipCompressor>(downstream, level);
}

}  // namespace parcel
