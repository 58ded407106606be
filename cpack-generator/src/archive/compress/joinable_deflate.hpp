// Makes a complete raw deflate stream joinable: an engine that can only write
// whole streams (libdeflate) ends every chunk with a final block, after which
// a reader stops. This clears that block's BFINAL bit and appends an empty
// stored block (what zlib's Z_SYNC_FLUSH writes), so the chunk ends on a byte
// boundary and the next chunk's blocks continue the same stream, as zlib's
// gzjoin example does.
#pragma once

#include <memory>
#include <vector>

namespace parcel::compress {

// One per thread: keeps the zlib inflate state that finds the final block.
class DeflateJoiner {
public:
  DeflateJoiner();
  ~DeflateJoiner();
  DeflateJoiner(const DeflateJoiner&) = delete;
  DeflateJoiner& operator=(const DeflateJoiner&) = delete;

  // `bytes` holds one complete raw deflate stream; afterwards it holds the
  // same blocks, none final, followed by 00 00 FF FF on a byte boundary.
  // The stream is inflated (into a scratch buffer) to find where its final
  // block starts and where its last block ends: deflate has no index of its
  // blocks. Throws Error when `bytes` is not a complete deflate stream.
  void makeJoinable(std::vector<unsigned char>& bytes);

private:
  struct Inflater;
  std::unique_ptr<Inflater> inflater_;
  std::vector<unsigned char> scratch_;
};

}  // namespace parcel::compress
