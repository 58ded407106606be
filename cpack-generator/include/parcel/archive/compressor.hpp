// The compression stage between the tar writer and the output. The tar writer
// does not know about gzip: it writes into the ByteSink returned here.
#pragma once

#include "parcel/support/byte_sink.hpp"

#include <memory>
#include <string_view>

namespace parcel {

enum class CompressionLevel { Fast, Default, Best };

// "fast" | "default" | "best"; nullopt-like false return on anything else.
bool parseCompressionLevel(std::string_view text, CompressionLevel& level);
std::string_view toString(CompressionLevel level);

// Returns a sink that gzip-compresses into `downstream` as ONE gzip member
// (Cloudera's validator reads only the first member), with mtime 0, no file
// name and OS = Unix in the header. The input is cut into fixed-size chunks
// that are deflated on `threads` worker threads (0: one per hardware thread;
// 1: on the calling thread) and written in order, so the bytes depend only on
// the input and the level: never on the thread count or the write sizes.
// Memory is bounded: at most 2 * threads chunks are in flight.
// finish() writes the trailer and then calls downstream.finish().
std::unique_ptr<ByteSink> makeGzipCompressor(ByteSink& downstream, CompressionLevel level, unsigned threads = 0);

}  // namespace parcel
