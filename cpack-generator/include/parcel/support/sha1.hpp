// SHA-1, the hash Cloudera uses for parcels (manifest.json, .sha files).
#pragma once

#include "parcel/support/byte_sink.hpp"

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace parcel {

class Sha1 {
public:
  Sha1();
  ~Sha1();
  Sha1(const Sha1&) = delete;
  Sha1& operator=(const Sha1&) = delete;

  void update(const void* data, std::size_t size);
  // 40 lower-case hex digits. Call once.
  std::string hexDigest();

private:
  struct State;
  std::unique_ptr<State> state_;
};

std::string sha1Hex(std::string_view bytes);

// Streams the file; throws IoError naming the path.
std::string sha1OfFile(const std::filesystem::path& path);

// Passes bytes through to `next` and hashes them on the way, so an output is
// hashed while it is written, never re-read.
class HashingSink final : public ByteSink {
public:
  explicit HashingSink(ByteSink& next) : next_(next) {}
  void write(const void* data, std::size_t size) override;
  void finish() override;
  std::uint64_t bytesWritten() const { return size_; }
  std::string hexDigest() { return sha1_.hexDigest(); }

private:
  ByteSink& next_;
  Sha1 sha1_;
  std::uint64_t size_ = 0;
};

}  // namespace parcel
