// A deterministic tar stream (libarchive's restricted pax: plain ustar headers
// unless a long name, a non-ASCII name or a large size needs a pax record).
// It writes uncompressed tar to a ByteSink; compression is the sink's business.
#pragma once

#include "parcel/support/byte_sink.hpp"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace parcel {

class TarWriter {
public:
  // Every entry gets owner root:root (uid/gid 0) and this mtime; no atime or
  // ctime is written, so no pax time records appear.
  TarWriter(ByteSink& out, std::int64_t mtime);
  ~TarWriter();
  TarWriter(const TarWriter&) = delete;
  TarWriter& operator=(const TarWriter&) = delete;

  void addDirectory(const std::string& path, unsigned mode);
  // Streams `source` (exactly `size` bytes; a file that changed size while being
  // read is an IoError).
  void addFile(const std::string& path, unsigned mode, std::uint64_t size, const std::filesystem::path& source);
  void addFileContent(const std::string& path, unsigned mode, std::string_view content);
  void addSymlink(const std::string& path, const std::string& target);
  void addHardlink(const std::string& path, const std::string& target);
  // Writes the end-of-archive blocks and finishes the sink.
  void close();

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace parcel
