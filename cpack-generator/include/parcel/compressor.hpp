// The compression stage between the tar writer and the output. The tar writer
// does not know about gzip; a parallel compressor plugs in here later.
#pragma once

#include "parcel/byte_sink.hpp"

#include <memory>
#include <string_view>

namespace parcel {

enum class CompressionLevel { Fast, Default, Best };

// "fast" | "default" | "best"; nullopt-like false return on anything else.
bool parseCompressionLevel(std::string_view text, CompressionLevel& level);
std::string_view toString(CompressionLevel level);

// Returns a sink that gzip-compresses into `downstream` as ONE gzip member
// (Cloudera's validator reads only the first member), with mtime 0, no file
// name and OS = Unix in the header, so the bytes depend only on the input and
// the level. finish() writes the trailer and then calls downstream.finish().
std::unique_ptr<ByteSink> makeGzipCompressor(ByteSink& downstream, CompressionLevel level);

}  // namespace parcel
