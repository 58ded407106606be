// Helpers shared by the gzip compressor tests: test input, compressing with a
// given write size and thread count, and zlib's single-member decoder.
#pragma once

#include "parcel/archive/compressor.hpp"

#include "writer_test_support.hpp"

#include <doctest/doctest.h>
#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

namespace parcel::test {

// Blocks of 64 KiB, alternately log-like text that compresses well and
// pseudo-random bytes that do not (which the default and best levels leave to ISA-L).
inline std::string mixedBytes(std::size_t size) {
  std::string bytes;
  bytes.reserve(size);
  std::uint32_t state = 2463534242u;
  std::size_t line = 0;
  while (bytes.size() < size) {
    if ((bytes.size() / 65536) % 2 == 0) {
      bytes += "2024-05-05 12:00:" + std::to_string(line % 60) + " INFO service started on host-" +
          std::to_string(line % 17) + "\n";
      ++line;
    } else {
      state ^= state << 13;
      state ^= state >> 17;
      state ^= state << 5;
      bytes += static_cast<char>(state);
    }
  }
  bytes.resize(size);
  return bytes;
}

// Compresses `input` in writes of `writeSize` bytes on `threads` threads.
inline std::string gzipOf(const std::string& input, CompressionLevel level, std::size_t writeSize,
                          unsigned threads = 2) {
  RecordingSink out;
  const auto gzip = makeGzipCompressor(out, level, threads);
  for (std::size_t at = 0; at < input.size(); at += writeSize) {
    gzip->write(input.data() + at, std::min(writeSize, input.size() - at));
  }
  gzip->finish();
  CHECK(out.finishes == 1);
  // Writes go downstream one chunk (256 KiB of input) at a time.
  CHECK(*std::max_element(out.writes.begin(), out.writes.end()) <= 320 * 1024);
  return out.bytes;
}

// zlib's gzip decoder, which also checks the CRC-32 and ISIZE trailer. Returns
// the first member's content and sets `used` to how many input bytes that
// member took: a second member would be left over.
inline std::string gunzipFirstMember(const std::string& gz, std::size_t& used) {
  z_stream stream{};
  REQUIRE(inflateInit2(&stream, 16 + 15) == Z_OK);
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz.data()));
  stream.avail_in = static_cast<uInt>(gz.size());
  std::string out;
  char buffer[65536];
  int status = Z_OK;
  while (status == Z_OK) {
    stream.next_out = reinterpret_cast<Bytef*>(buffer);
    stream.avail_out = sizeof buffer;
    status = inflate(&stream, Z_NO_FLUSH);
    out.append(buffer, sizeof buffer - stream.avail_out);
  }
  used = gz.size() - stream.avail_in;
  inflateEnd(&stream);
  REQUIRE(status == Z_STREAM_END);
  return out;
}

// The blocks of a raw deflate stream, as zlib's inflate walks them with
// Z_BLOCK: where each block's header starts and its last bit ends (bit offsets
// from the start), whether it is final, and how many bytes it inflates to.
struct DeflateBlock {
  std::size_t headerBit = 0;
  std::size_t endBit = 0;
  bool final = false;
  std::size_t outputSize = 0;
};

inline std::vector<DeflateBlock> deflateBlocks(const std::string& raw) {
  z_stream stream{};
  REQUIRE(inflateInit2(&stream, -15) == Z_OK);
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(raw.data()));
  stream.avail_in = static_cast<uInt>(raw.size());
  std::vector<DeflateBlock> blocks(1);
  char buffer[65536];
  for (;;) {
    stream.next_out = reinterpret_cast<Bytef*>(buffer);
    stream.avail_out = sizeof buffer;
    const int status = inflate(&stream, Z_BLOCK);
    blocks.back().outputSize += sizeof buffer - stream.avail_out;
    if (status == Z_STREAM_END) break;
    REQUIRE((status == Z_OK || (status == Z_BUF_ERROR && stream.avail_out == 0)));
    const std::size_t bit = (raw.size() - stream.avail_in) * 8 - static_cast<std::size_t>(stream.data_type & 7);
    if ((stream.data_type & 64) != 0) blocks.back().final = true;
    if ((stream.data_type & 128) != 0) {  // right after an end-of-block code
      blocks.back().endBit = bit;
      if (blocks.back().final) continue;  // the next call only skips the padding
      blocks.push_back({bit, 0, false, 0});
    }
  }
  inflateEnd(&stream);
  return blocks;
}

// doctest prints std::string, not std::string_view.
inline std::string nameOf(CompressionLevel level) { return std::string(toString(level)); }

inline constexpr CompressionLevel kAllLevels[] = {
    CompressionLevel::Fast, CompressionLevel::Default, CompressionLevel::Best};

}  // namespace parcel::test
