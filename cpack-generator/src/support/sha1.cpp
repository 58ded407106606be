#include "parcel/support/sha1.hpp"

#include "parcel/support/error.hpp"

#include <openssl/evp.h>

#include <new>
#include <stdexcept>

namespace parcel {

namespace {

constexpr std::size_t kFileBlockSize = std::size_t{1} << 20;  // 1 MiB

struct EvpContextDeleter {
  void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
};

// Feeds a file read into a digest (copyFileToSink wants a sink).
class DigestSink final : public ByteSink {
public:
  explicit DigestSink(Sha1& sha1) : sha1_(sha1) {}
  void write(const void* data, std::size_t size) override { sha1_.update(data, size); }

private:
  Sha1& sha1_;
};

}  // namespace

struct Sha1::State {
  std::unique_ptr<EVP_MD_CTX, EvpContextDeleter> context{EVP_MD_CTX_new()};
  std::string digest;  // set once finalised
};

Sha1::Sha1() : state_(std::make_unique<State>()) {
  if (!state_->context) throw std::bad_alloc();
  if (EVP_DigestInit_ex(state_->context.get(), EVP_sha1(), nullptr) != 1) {
    throw Error("OpenSSL could not initialise SHA-1");
  }
}

Sha1::~Sha1() = default;

void Sha1::update(const void* data, std::size_t size) {
  if (!state_->digest.empty()) throw std::logic_error("Sha1::update after hexDigest");
  if (EVP_DigestUpdate(state_->context.get(), data, size) != 1) throw Error("OpenSSL SHA-1 update failed");
}

std::string Sha1::hexDigest() {
  // A second call returns the same digest instead of finalising twice.
  if (!state_->digest.empty()) return state_->digest;
  unsigned char raw[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_DigestFinal_ex(state_->context.get(), raw, &length) != 1) throw Error("OpenSSL SHA-1 final failed");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(2 * length);
  for (unsigned int i = 0; i < length; ++i) {
    hex += kHex[raw[i] >> 4];
    hex += kHex[raw[i] & 0x0f];
  }
  state_->digest = hex;
  return hex;
}

std::string sha1Hex(std::string_view bytes) {
  Sha1 sha1;
  sha1.update(bytes.data(), bytes.size());
  return sha1.hexDigest();
}

std::string sha1OfFile(const std::filesystem::path& path) {
  Sha1 sha1;
  DigestSink sink(sha1);
  copyFileToSink(path, sink, kFileBlockSize);
  return sha1.hexDigest();
}

void HashingSink::write(const void* data, std::size_t size) {
  sha1_.update(data, size);
  next_.write(data, size);
  size_ += size;
}

void HashingSink::finish() { next_.finish(); }

}  // namespace parcel
