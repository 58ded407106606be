#include "archive/compress/joinable_deflate.hpp"

#include "parcel/support/error.hpp"

#include <zlib.h>

#include <cstddef>
#include <new>
#include <string>

namespace parcel::compress {

struct DeflateJoiner::Inflater {
  Inflater() {
    const int status = inflateInit2(&stream, -15);  // raw deflate, 32 KiB window
    if (status == Z_MEM_ERROR) throw std::bad_alloc();
    if (status != Z_OK) throw Error("zlib could not start inflate (status " + std::to_string(status) + ")");
  }
  ~Inflater() { inflateEnd(&stream); }
  Inflater(const Inflater&) = delete;
  Inflater& operator=(const Inflater&) = delete;

  z_stream stream{};
};

DeflateJoiner::DeflateJoiner() : inflater_(std::make_unique<Inflater>()), scratch_(64 * 1024) {}

DeflateJoiner::~DeflateJoiner() = default;

void DeflateJoiner::makeJoinable(std::vector<unsigned char>& bytes) {
  z_stream& stream = inflater_->stream;
  if (inflateReset(&stream) != Z_OK) throw Error("zlib could not reset inflate");
  stream.next_in = bytes.data();
  stream.avail_in = static_cast<uInt>(bytes.size());
  // Z_BLOCK stops at every block boundary; data_type then says how many bits
  // of the last byte read are unused (low 3 bits), whether the final block has
  // begun (64) and whether inflate stopped right after an end-of-block code
  // (128). After the final block it stops once more with both flags set, before
  // the call that skips the padding and reports the end of the stream.
  std::size_t boundaryBit = 0;  // where the next block's header starts
  std::size_t finalHeaderBit = 0;
  std::size_t endBit = 0;  // just after the final block's end-of-block code
  bool finalSeen = false;
  bool endSeen = false;
  for (;;) {
    stream.next_out = scratch_.data();
    stream.avail_out = static_cast<uInt>(scratch_.size());
    const int status = inflate(&stream, Z_BLOCK);
    if (status == Z_STREAM_END) break;
    if (status != Z_OK && !(status == Z_BUF_ERROR && stream.avail_out == 0)) {
      throw Error("internal: a chunk's deflate stream does not inflate (zlib status " + std::to_string(status) + ")");
    }
    const std::size_t bitsRead = (bytes.size() - stream.avail_in) * 8 - static_cast<std::size_t>(stream.data_type & 7);
    if (!finalSeen && (stream.data_type & 64) != 0) {
      finalSeen = true;
      finalHeaderBit = boundaryBit;
    }
    if ((stream.data_type & 128) != 0) {
      boundaryBit = bitsRead;
      if (finalSeen) {
        endBit = bitsRead;
        endSeen = true;
      }
    }
  }
  if (!endSeen) throw Error("internal: a chunk's deflate stream has no final block");
  bytes[finalHeaderBit / 8] &= static_cast<unsigned char>(~(1u << (finalHeaderBit % 8)));
  // An empty stored block: 3 header bits (not final, type 00) right after the
  // last block, zero bits to the byte boundary, then LEN 0 and NLEN 0xFFFF.
  const std::size_t end = endBit;
  bytes.resize((end + 3 + 7) / 8, 0);
  if (end % 8 != 0) bytes[end / 8] &= static_cast<unsigned char>((1u << (end % 8)) - 1);  // clear the padding
  bytes.insert(bytes.end(), {0x00, 0x00, 0xFF, 0xFF});
}

}  // namespace parcel::compress
