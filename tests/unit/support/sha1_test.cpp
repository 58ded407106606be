#include "parcel/support/sha1.hpp"
#include "parcel/support/error.hpp"

#include "test_support.hpp"
#include "writer_test_support.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <string>

using parcel::test::RecordingSink;
using parcel::test::TempDir;
using parcel::test::writeFile;

namespace {

// Known digests (FIPS 180 examples and `printf ... | sha1sum`).
struct Vector {
  std::string input;
  const char* digest;
};

const Vector kVectors[] = {
    {"", "da39a3ee5e6b4b0d3255bfef95601890afd80709"},
    {"abc", "a9993e364706816aba3e25717850c26c9cd0d89d"},
    {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "84983e441c3bd26ebaae4aa1f95129e5e54670f1"},
    {std::string(1000000, 'a'), "34aa973cd4c4daa4f61eeb2bdbad27316534016f"},
};

// Some megabytes that are not one repeated byte, so block borders matter.
std::string patternedBytes(std::size_t size) {
  std::string bytes(size, '\0');
  std::uint32_t state = 12345;
  for (char& c : bytes) {
    state = state * 1103515245u + 12345u;
    c = static_cast<char>(state >> 24);
  }
  return bytes;
}

}  // namespace

TEST_CASE("sha1Hex gives the known digests") {
  for (const Vector& v : kVectors) {
    CAPTURE(v.input.size());
    CHECK(parcel::sha1Hex(v.input) == v.digest);
  }
}

TEST_CASE("Sha1 gives the same digest however the input is split") {
  for (const Vector& v : kVectors) {
    for (std::size_t piece : {std::size_t{1}, std::size_t{7}, std::size_t{4096}}) {
      CAPTURE(v.input.size());
      CAPTURE(piece);
      parcel::Sha1 sha1;
      for (std::size_t at = 0; at < v.input.size(); at += piece) {
        sha1.update(v.input.data() + at, std::min(piece, v.input.size() - at));
      }
      CHECK(sha1.hexDigest() == v.digest);
      CHECK(sha1.hexDigest() == v.digest);  // asking twice is harmless
    }
  }
}

TEST_CASE("sha1OfFile hashes the whole file, across its 1 MiB blocks") {
  TempDir dir;
  const std::string content = patternedBytes((3u << 20) + 17);
  writeFile(dir / "data.bin", content);
  const std::string digest = parcel::sha1OfFile(dir / "data.bin");
  CHECK(digest == parcel::sha1Hex(content));

  // And an independent implementation agrees.
  int status = -1;
  const std::string sha1sum = parcel::test::runCommand("sha1sum '" + (dir / "data.bin").string() + "'", status);
  REQUIRE(status == 0);
  CHECK(sha1sum.substr(0, 40) == digest);

  writeFile(dir / "abc", "abc");
  CHECK(parcel::sha1OfFile(dir / "abc") == "a9993e364706816aba3e25717850c26c9cd0d89d");
}

TEST_CASE("sha1OfFile throws IoError naming a missing file") {
  TempDir dir;
  const std::string missing = (dir / "missing.parcel").string();
  CHECK_THROWS_WITH_AS(parcel::sha1OfFile(missing),
                       ("cannot open '" + missing + "': No such file or directory").c_str(), parcel::IoError);
}

TEST_CASE("HashingSink forwards every byte and hashes what it forwarded") {
  const std::string content = patternedBytes(100000);
  RecordingSink next;
  parcel::HashingSink hashing(next);
  for (std::size_t at = 0; at < content.size(); at += 999) {
    hashing.write(content.data() + at, std::min<std::size_t>(999, content.size() - at));
  }
  CHECK(next.finishes == 0);
  hashing.finish();
  CHECK(next.finishes == 1);
  CHECK(next.bytes == content);
  CHECK(hashing.bytesWritten() == content.size());
  CHECK(hashing.hexDigest() == parcel::sha1Hex(content));

  RecordingSink other;
  parcel::HashingSink abc(other);
  abc.write("abc", 3);
  CHECK(abc.hexDigest() == "a9993e364706816aba3e25717850c26c9cd0d89d");
}
