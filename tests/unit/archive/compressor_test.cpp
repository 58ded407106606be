#include "parcel/archive/compressor.hpp"

#include "compress/gzip_test_support.hpp"

#include <doctest/doctest.h>
#include <libdeflate.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <set>
#include <stdexcept>
#include <string>

namespace {

using parcel::test::DeflateBlock;
using parcel::test::deflateBlocks;
using parcel::test::gunzipFirstMember;
using parcel::test::gzipOf;
using parcel::test::kAllLevels;
using parcel::test::mixedBytes;
using parcel::test::nameOf;

std::string compress(const std::string& input, parcel::CompressionLevel level, std::size_t writeSize) {
  return gzipOf(input, level, writeSize);
}

constexpr std::size_t kChunk = 256 * 1024;  // the compressor's fixed chunk size

}  // namespace

TEST_CASE("compression levels parse from and print as fast, default, best") {
  struct Case {
    const char* text;
    bool valid;
    parcel::CompressionLevel level;
  };
  const Case cases[] = {
      {"fast", true, parcel::CompressionLevel::Fast},  {"default", true, parcel::CompressionLevel::Default},
      {"best", true, parcel::CompressionLevel::Best},  {"Fast", false, parcel::CompressionLevel::Default},
      {"6", false, parcel::CompressionLevel::Default}, {"", false, parcel::CompressionLevel::Default},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    parcel::CompressionLevel parsed = parcel::CompressionLevel::Default;
    CHECK(parcel::parseCompressionLevel(c.text, parsed) == c.valid);
    CHECK(nameOf(parsed) == nameOf(c.level));
    if (c.valid) CHECK(nameOf(c.level) == c.text);
  }
}

TEST_CASE("the gzip header is 1f8b 0800 00000000 00 03 at every level") {
  const std::string header("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", 10);
  for (const parcel::CompressionLevel level : kAllLevels) {
    CAPTURE(nameOf(level));
    CHECK(compress("hello", level, 5).substr(0, 10) == header);
    CHECK(compress("", level, 1).substr(0, 10) == header);
  }
}

TEST_CASE("gzip output decompresses to the input as exactly one member") {
  const std::string inputs[] = {"", "a", "hello, parcel\n", mixedBytes(3u << 20)};
  for (const parcel::CompressionLevel level : kAllLevels) {
    for (const std::string& input : inputs) {
      CAPTURE(nameOf(level));
      CAPTURE(input.size());
      const std::string gz = compress(input, level, 100000);
      std::size_t used = 0;
      CHECK(gunzipFirstMember(gz, used) == input);
      CHECK(used == gz.size());  // nothing after the first member
      // The trailer's ISIZE field, little-endian.
      const auto isize = static_cast<std::uint32_t>(static_cast<unsigned char>(gz[gz.size() - 4])) |
          static_cast<std::uint32_t>(static_cast<unsigned char>(gz[gz.size() - 3])) << 8 |
          static_cast<std::uint32_t>(static_cast<unsigned char>(gz[gz.size() - 2])) << 16 |
          static_cast<std::uint32_t>(static_cast<unsigned char>(gz[gz.size() - 1])) << 24;
      CHECK(isize == input.size());
    }
  }
}

TEST_CASE("gzip output does not depend on how the input is split into writes") {
  const std::string input = mixedBytes((2u << 20) + 12345);
  for (const parcel::CompressionLevel level : kAllLevels) {
    CAPTURE(nameOf(level));
    const auto started = std::chrono::steady_clock::now();
    const std::string byBytes = compress(input, level, 1);
    MESSAGE("1-byte writes of ", input.size(), " bytes at level ", parcel::toString(level), ": ",
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(), " s");
    CHECK(compress(input, level, 4096) == byBytes);
    CHECK(compress(input, level, 1u << 20) == byBytes);
    CHECK(compress(input, level, input.size()) == byBytes);
  }
}

TEST_CASE("the levels really differ: best is smaller than fast on compressible data") {
  const std::string input = mixedBytes(1u << 20);
  const std::string fast = compress(input, parcel::CompressionLevel::Fast, 65536);
  const std::string best = compress(input, parcel::CompressionLevel::Best, 65536);
  CHECK(best.size() < fast.size());
  CHECK(best.size() < input.size());
}

TEST_CASE("a finished compressor refuses more input") {
  parcel::test::RecordingSink out;
  const auto gzip = parcel::makeGzipCompressor(out, parcel::CompressionLevel::Default);
  gzip->finish();
  CHECK_THROWS_AS(gzip->write("x", 1), std::logic_error);
  CHECK_THROWS_AS(gzip->finish(), std::logic_error);
  CHECK(out.finishes == 1);
}

// Each chunk is cut at a fixed offset and deflated with the 32 KiB before it
// as dictionary, so neither the thread count nor the write sizes change a byte.
TEST_CASE("gzip output is the same for 1, 2 and 8 threads") {
  const std::string input = mixedBytes(9 * kChunk + 4321);
  for (const parcel::CompressionLevel level : kAllLevels) {
    CAPTURE(nameOf(level));
    const std::string oneThread = gzipOf(input, level, 65536, 1);
    CHECK(gzipOf(input, level, 65536, 2) == oneThread);
    CHECK(gzipOf(input, level, 65536, 8) == oneThread);
    CHECK(gzipOf(input, level, 7777, 8) == oneThread);
    CHECK(gzipOf(input, level, input.size(), 0) == oneThread);
    std::size_t used = 0;
    CHECK(gunzipFirstMember(oneThread, used) == input);
    CHECK(used == oneThread.size());
  }
}

TEST_CASE("inputs at and around chunk boundaries decompress as one member") {
  const std::size_t sizes[] = {kChunk - 1, kChunk, kChunk + 1, 3 * kChunk, 3 * kChunk + 32768};
  for (const parcel::CompressionLevel level : kAllLevels) {
    for (const std::size_t size : sizes) {
      CAPTURE(nameOf(level));
      CAPTURE(size);
      const std::string input = mixedBytes(size);
      const std::string gz = gzipOf(input, level, 100000, 3);
      std::size_t used = 0;
      CHECK(gunzipFirstMember(gz, used) == input);
      CHECK(used == gz.size());
      CHECK(gzipOf(input, level, 1u << 20, 1) == gz);
    }
  }
}

// Back-references across chunks: each chunk is deflated with the end of the
// previous one as dictionary. A random block just before every chunk boundary
// is repeated just after it; with the dictionary the copy costs a few bytes,
// without it as much as a fresh random block.
std::string boundaryInput(bool repeatAcrossBoundary) {
  const std::size_t block = 4000;
  std::string input = mixedBytes(8 * kChunk);
  for (std::size_t i = 0; i < input.size(); ++i) input[i] = "parcel log line\n"[i % 16];  // compressible
  std::string random = mixedBytes(65536 * 2).substr(65536);
  for (std::size_t boundary = kChunk; boundary < input.size(); boundary += kChunk) {
    const std::string before = random.substr((boundary / kChunk) * block % 40000, block);
    const std::string after =
        repeatAcrossBoundary ? before : random.substr(40000 + (boundary / kChunk) * block % 20000, block);
    input.replace(boundary - block, block, before);
    input.replace(boundary, block, after);
  }
  return input;
}

// fast (ISA-L) primes each chunk with the 32 KiB before it; default and best
// (libdeflate, which has no preset dictionary) compress each chunk alone.
TEST_CASE("a fast chunk sees the end of the previous one as its dictionary") {
  const std::string repeated = boundaryInput(true);
  const std::string fresh = boundaryInput(false);
  const std::string gz = gzipOf(repeated, parcel::CompressionLevel::Fast, 65536, 4);
  std::size_t used = 0;
  CHECK(gunzipFirstMember(gz, used) == repeated);
  // 7 boundaries, 4000 bytes each if the copy were not found.
  CHECK(gz.size() + 7 * 3000 < gzipOf(fresh, parcel::CompressionLevel::Fast, 65536, 4).size());
}

// fast gives ISA-L a token buffer of 8 Ki tokens instead of its default 64 Ki,
// and ISA-L ends a Huffman block when the buffer is full. On bytes drawn from
// 16 letters at random (nearly all literals) that is a block per 20 KiB of
// input; ISA-L's default makes one of 165 KiB, then the rest of the chunk.
TEST_CASE("fast ends its Huffman blocks early: a token buffer of 8 Ki tokens") {
  std::string input;
  std::uint32_t state = 2463534242u;
  while (input.size() < kChunk) {
    state ^= state << 13;
    state ^= state >> 17;
    state ^= state << 5;
    input += static_cast<char>('a' + (state >> 28));
  }
  const std::string gz = gzipOf(input, parcel::CompressionLevel::Fast, 65536, 1);
  std::size_t used = 0;
  REQUIRE(gunzipFirstMember(gz, used) == input);
  const std::vector<DeflateBlock> blocks = deflateBlocks(gz.substr(10, gz.size() - 18));
  std::size_t coded = 0;
  for (const DeflateBlock& block : blocks) {
    if (block.outputSize == 0) continue;  // an empty stored block
    ++coded;
    CAPTURE(block.headerBit);
    CHECK(block.outputSize <= 24 * 1024);
  }
  CHECK(coded >= 11);
}

namespace {

// Compressible bytes that are not text: short records of small integers and
// repeated 12-byte "instructions", the way machine code and .pyc files look.
std::string binaryRecords(std::size_t size) {
  std::string bytes;
  std::uint32_t state = 88172645u;
  const char* snippets[] = {"\x48\x8b\x45\xf8\x48\x89\xc7\xe8\x00\x00\x00\x00",
                            "\x55\x48\x89\xe5\x53\x48\x83\xec\x18\x89\x7d\xec",
                            "\x0f\x1f\x44\x00\x00\xc3\x66\x90\x31\xc0\x5d\xc3"};
  while (bytes.size() < size) {
    state ^= state << 13;
    state ^= state >> 17;
    state ^= state << 5;
    if (state % 3 == 0) {
      bytes.append(snippets[(state >> 8) % 3], 12);
    } else {
      bytes += static_cast<char>((state >> 4) % 24);
      bytes += static_cast<char>(state >> 24);
    }
  }
  bytes.resize(size);
  return bytes;
}

}  // namespace

// default and best run libdeflate on each 256 KiB chunk alone; every chunk
// but the last has its final block turned into an ordinary one and ends with
// an empty stored block (a sync flush), so the chunks form one stream.
TEST_CASE("default and best are libdeflate's stream of each chunk, joined by sync flushes") {
  const std::string input = binaryRecords(2 * kChunk) + mixedBytes(kChunk + 1000);
  const std::pair<parcel::CompressionLevel, int> levels[] = {
      {parcel::CompressionLevel::Default, 6}, {parcel::CompressionLevel::Best, 10}};
  for (const auto& [level, libdeflateLevel] : levels) {
    CAPTURE(nameOf(level));
    const std::string gz = gzipOf(input, level, 65536, 2);
    REQUIRE(gz.size() > 18);
    const std::string raw = gz.substr(10, gz.size() - 18);  // between the header and the trailer
    libdeflate_compressor* compressor = libdeflate_alloc_compressor(libdeflateLevel);
    REQUIRE(compressor != nullptr);
    std::size_t chunkStartByte = 0;
    for (std::size_t at = 0; at < input.size(); at += kChunk) {
      CAPTURE(at);
      const std::string chunk = input.substr(at, kChunk);
      const bool last = at + chunk.size() == input.size();
      std::string alone(libdeflate_deflate_compress_bound(compressor, chunk.size()), '\0');
      alone.resize(libdeflate_deflate_compress(compressor, chunk.data(), chunk.size(), alone.data(), alone.size()));
      const std::vector<DeflateBlock> aloneBlocks = deflateBlocks(alone);
      const DeflateBlock& finalBlock = aloneBlocks.back();
      REQUIRE(finalBlock.final);
      // This chunk's blocks in the joined stream: libdeflate's bit for bit,
      // except that the final block's first bit (BFINAL) is clear.
      std::string expected = alone.substr(0, (finalBlock.endBit + 7) / 8);
      if (!last) expected[finalBlock.headerBit / 8] &= static_cast<char>(~(1u << (finalBlock.headerBit % 8)));
      const std::string actual = raw.substr(chunkStartByte, expected.size());
      REQUIRE(actual.size() == expected.size());
      const unsigned tailBits = finalBlock.endBit % 8;
      const unsigned char tailMask = tailBits == 0 ? 0xFF : static_cast<unsigned char>((1u << tailBits) - 1);
      CHECK(actual.substr(0, actual.size() - 1) == expected.substr(0, expected.size() - 1));
      CHECK((static_cast<unsigned char>(actual.back()) & tailMask) ==
            (static_cast<unsigned char>(expected.back()) & tailMask));
      if (last) {
        CHECK(chunkStartByte + expected.size() == raw.size());
        break;
      }
      // Then an empty stored block: its 3 header bits right after the block,
      // zero padding, LEN 0000 and NLEN FFFF.
      const std::size_t markerStart = chunkStartByte * 8 + finalBlock.endBit;
      const std::size_t markerEnd = (markerStart + 3 + 7) / 8 + 4;
      CHECK(raw.substr(markerEnd - 4, 4) == std::string("\x00\x00\xff\xff", 4));
      for (std::size_t bit = markerStart; bit < (markerEnd - 4) * 8; ++bit)
        CHECK(((static_cast<unsigned char>(raw[bit / 8]) >> (bit % 8)) & 1u) == 0);
      chunkStartByte = markerEnd;
    }
    libdeflate_free_compressor(compressor);
    // The whole: one final block, at the end, and the input back.
    const std::vector<DeflateBlock> blocks = deflateBlocks(raw);
    CHECK(std::count_if(blocks.begin(), blocks.end(), [](const DeflateBlock& b) { return b.final; }) == 1);
    CHECK(blocks.back().final);
    std::size_t used = 0;
    CHECK(gunzipFirstMember(gz, used) == input);
    CHECK(used == gz.size());
  }
}

// Where a chunk's last block ends decides how the empty stored block is laid
// out (its header in the same byte or the next): the first chunk's content
// shifted by a few bytes at a time gives every one of the eight bit positions.
TEST_CASE("joined chunks decompress whichever bit their last block ends on") {
  std::set<std::size_t> endBits;
  for (std::size_t extra = 0; extra < 64; ++extra) {
    const std::string input = std::string(extra * 13, 'y') + binaryRecords(kChunk + kChunk / 2);
    for (const parcel::CompressionLevel level : {parcel::CompressionLevel::Default, parcel::CompressionLevel::Best}) {
      const std::string gz = gzipOf(input, level, 65536, 2);
      std::size_t used = 0;
      REQUIRE(gunzipFirstMember(gz, used) == input);
      CHECK(used == gz.size());
      const std::vector<DeflateBlock> blocks = deflateBlocks(gz.substr(10, gz.size() - 18));
      for (std::size_t i = 1; i < blocks.size(); ++i) {
        const bool emptyStored = blocks[i].outputSize == 0 && !blocks[i].final;
        if (emptyStored) endBits.insert(blocks[i - 1].endBit % 8);
      }
    }
  }
  CHECK(endBits.size() == 8);
}

// libdeflate's near-optimal parser (best) keeps state across a chunk's blocks;
// the bytes still depend on the chunk alone, not on which thread ran it.
TEST_CASE("best's output is the same for 1, 2 and 8 threads on machine-code-like input") {
  const std::string input = binaryRecords(2 * kChunk) + mixedBytes(2 * kChunk + 777);
  const std::string oneThread = gzipOf(input, parcel::CompressionLevel::Best, 65536, 1);
  CHECK(gzipOf(input, parcel::CompressionLevel::Best, 65536, 2) == oneThread);
  CHECK(gzipOf(input, parcel::CompressionLevel::Best, 4096, 8) == oneThread);
  std::size_t used = 0;
  CHECK(gunzipFirstMember(oneThread, used) == input);
  CHECK(used == oneThread.size());
}
