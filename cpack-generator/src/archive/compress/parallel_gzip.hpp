// A ByteSink that writes ONE gzip member, deflating fixed-size chunks of the
// input on worker threads and writing them downstream in order.
#pragma once

#include "archive/compress/chunk_deflater.hpp"

#include "parcel/support/byte_sink.hpp"

#include <memory>

namespace parcel::compress {

// Input is cut every kChunkSize bytes, whatever the write sizes, and each
// chunk is deflated with the 32 KiB before it as dictionary, so the output
// depends only on the input and the recipe: never on the thread count, the
// write sizes or the timing.
inline constexpr std::size_t kChunkSize = 256 * 1024;
inline constexpr std::size_t kDictionarySize = 32 * 1024;
inline constexpr unsigned kMaxThreads = 32;

// threads: 0 = one per hardware thread; clamped to 1..kMaxThreads. With 1, the
// chunks are deflated on the calling thread. At most 2 * threads chunks are in
// flight, so memory stays under about 2 * threads * 0.6 MiB.
std::unique_ptr<ByteSink> makeParallelGzip(ByteSink& downstream, const DeflateRecipe& recipe, unsigned threads);

}  // namespace parcel::compress
