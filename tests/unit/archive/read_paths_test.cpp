// The one-pass reader (ISA-L on its own thread, SHA-1 in the same pass) must
// give exactly what the plain libarchive + zlib reader gives: the same listing,
// metadata, compression name, hash and diagnostics, on real content and on
// damaged input alike.
#include "parcel/archive/compressor.hpp"
#include "parcel/archive/parcel_reader.hpp"
#include "parcel/support/byte_sink.hpp"
#include "parcel/support/sha1.hpp"

#include "check_test_support.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <archive.h>

#include <fstream>
#include <iterator>

using namespace parcel;
using namespace parcel::test;

namespace {

// Real content: this test's own executable (machine code, symbols, debug
// information) and libarchive's and zlib's headers (C text), both present
// wherever this test is built.
std::string realBytes(const std::filesystem::path& path, std::size_t most) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in);
  std::string bytes(most, '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(most));
  bytes.resize(static_cast<std::size_t>(in.gcount()));
  REQUIRE(!bytes.empty());
  return bytes;
}

std::string realTar() {
  const std::string parcelJson = readFile(dataPath("reference/cloudera-cm_ext__good_parcel.json"));
  return archiveBytes({
      tarDir("X-1.0"),
      tarDir("X-1.0/meta"),
      tarFile("X-1.0/meta/parcel.json", parcelJson),
      tarFile("X-1.0/lib/program", realBytes("/proc/self/exe", 3u << 20)),
      tarFile("X-1.0/include/archive.h", realBytes("/usr/include/archive.h", 1u << 20)),
      tarFile("X-1.0/include/zlib.h", realBytes("/usr/include/zlib.h", 1u << 20)),
      tarSymlink("X-1.0/lib/alias", "program"),
  });
}

std::string compressedByParcel(const std::string& tar, CompressionLevel level) {
  StringSink sink;
  const auto gzip = makeGzipCompressor(sink, level, 2);
  gzip->write(tar.data(), tar.size());
  gzip->finish();
  return sink.bytes();
}

// The same deflate data behind a header with optional fields (gzip FILE sets FNAME).
std::string withHeaderFlags(const std::string& gz, unsigned char flags, const std::string& fields) {
  std::string out = gz.substr(0, 10);
  out[3] = static_cast<char>(flags);
  return out + fields + gz.substr(10);
}

std::string flipped(std::string bytes, std::size_t at, std::size_t count = 1) {
  for (std::size_t i = at; i < at + count && i < bytes.size(); ++i) bytes[i] = static_cast<char>(bytes[i] ^ 0x5a);
  return bytes;
}

std::string describe(const Diagnostics& out) {
  std::string text;
  for (const Diagnostic& item : out.items())
    text += item.code + " " + item.member + item.pointer + ": " + item.message + "\n";
  return text;
}

// Every field of every entry, one line each: a difference shows in full.
std::vector<std::string> listing(const ParcelArchive& archive) {
  std::vector<std::string> lines;
  for (const ArchiveEntry& e : archive.entries) {
    lines.push_back(e.path + " " + std::string(toString(e.type)) + " " + std::to_string(e.mode) + " " +
                    std::to_string(e.uid) + ":" + std::to_string(e.gid) + " " + e.uname + ":" + e.gname + " " +
                    std::to_string(e.size) + " ->" + e.linkTarget + " @" + std::to_string(e.mtime));
  }
  return lines;
}

void checkSame(const ParcelArchive& fast, const ParcelArchive& plain) {
  CHECK(fast.compression == plain.compression);
  CHECK(fast.metaFiles == plain.metaFiles);
  CHECK(fast.sha1 == plain.sha1);
  CHECK(listing(fast) == listing(plain));
}

}  // namespace

TEST_CASE("the one-pass reader gives the plain reader's listing, metadata and hash, and is taken for clean gzip") {
  TempDir tmp;
  const std::string tar = realTar();
  const std::string zlibGz = gzipBytes(tar);
  struct Row {
    std::string name;
    std::string bytes;
    bool onePass;  // whether the fast path gives the result itself
  };
  const Row rows[] = {
      {"zlib, one member", zlibGz, true},
      {"parceltool fast", compressedByParcel(tar, CompressionLevel::Fast), true},
      {"parceltool default", compressedByParcel(tar, CompressionLevel::Default), true},
      {"parceltool best", compressedByParcel(tar, CompressionLevel::Best), true},
      {"a file name and a comment in the header", withHeaderFlags(zlibGz, 8 | 16, std::string("x.tar\0hi\0", 9)), true},
      {"an extra field in the header", withHeaderFlags(zlibGz, 4, std::string("\4\0abcd", 6)), true},
      {"zero padding after the member", zlibGz + std::string(70000, '\0'), true},
      // Everything below is left to the plain reader, whose verdict is the reference.
      {"a header CRC", withHeaderFlags(zlibGz, 2, std::string("\0\0", 2)), false},
      {"truncated", zlibGz.substr(0, zlibGz.size() / 2), false},
      {"without its trailer", zlibGz.substr(0, zlibGz.size() - 8), false},
      {"a wrong CRC-32", flipped(zlibGz, zlibGz.size() - 8), false},
      {"a wrong length", flipped(zlibGz, zlibGz.size() - 3), false},
      {"damaged deflate data", flipped(zlibGz, 12, 40), false},
      {"damaged data in the middle", flipped(zlibGz, zlibGz.size() / 2, 64), false},
      {"two members", gzipBytes(tar.substr(0, 5000)) + gzipBytes(tar.substr(5000)), false},
      {"a second member after the whole tar", zlibGz + gzipBytes("extra"), false},
      {"trailing garbage", zlibGz + "garbage", false},
      {"garbage after zero padding", zlibGz + std::string(300000, '\0') + "x", false},
      {"gzip of a gzip'd tar", gzipBytes(zlibGz), true},
      {"xz", compressedWith(tar, archive_write_add_filter_xz), false},
      {"plain tar", tar, false},
      {"text", "not an archive\n", false},
      {"empty", "", false},
  };
  for (const Row& row : rows) {
    CAPTURE(row.name);
    writeFile(tmp / "X-1.0-el7.parcel", row.bytes);
    Diagnostics fastOut;
    Diagnostics plainOut;
    const ParcelArchive fast = readParcelArchive(tmp / "X-1.0-el7.parcel", fastOut);
    const ParcelArchive plain = readParcelArchive(tmp / "X-1.0-el7.parcel", plainOut, ReadPath::Plain);
    CHECK(fast.onePass == row.onePass);
    CHECK_FALSE(plain.onePass);
    CHECK(describe(fastOut) == describe(plainOut));
    CHECK(plain.sha1 == sha1Hex(row.bytes));
    checkSame(fast, plain);
    if (row.onePass) {
      CHECK(fastOut.empty());
      CHECK(fast.entries.size() == 7);
      CHECK(fast.metaFiles.count("X-1.0/meta/parcel.json") == 1);
    }
  }
}

TEST_CASE("inside a ParcelReadOnce the file is read once, with its diagnostics given again; other files as usual") {
  TempDir tmp;
  const std::string tar = archiveBytes({tarDir("X-1.0"), tarFile("X-1.0/a", "a")});
  const std::string truncated = gzipBytes(tar).substr(0, 20);
  writeFile(tmp / "kept.parcel", truncated);
  writeFile(tmp / "other.parcel", gzipBytes(tar));
  {
    const ParcelReadOnce once(tmp / "kept.parcel");
    Diagnostics first;
    const ParcelArchive a = readParcelArchive(tmp / "kept.parcel", first);
    CHECK(summary(first) == "E archive-unreadable ");
    writeFile(tmp / "kept.parcel", gzipBytes(tar));  // a changed file would be read again: this one is not
    Diagnostics second;
    const ParcelArchive b = readParcelArchive(tmp / "kept.parcel", second);
    CHECK(describe(second) == describe(first));
    CHECK(b.sha1 == sha1Hex(truncated));
    CHECK(b.entries.size() == a.entries.size());
    Diagnostics other;
    CHECK(readParcelArchive(tmp / "other.parcel", other).entries.size() == 2);
    writeFile(tmp / "other.parcel", truncated);
    CHECK(readParcelArchive(tmp / "other.parcel", other).entries.empty());
    CHECK(summary(other) == "E archive-unreadable ");
  }
  Diagnostics after;
  const ParcelArchive c = readParcelArchive(tmp / "kept.parcel", after);
  CHECK(after.empty());
  CHECK(c.entries.size() == 2);
  CHECK(c.sha1 == sha1Hex(gzipBytes(tar)));
}
