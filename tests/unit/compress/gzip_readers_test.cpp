// Every reader a parcel meets must read the whole archive: GNU gzip, Python's
// gzip and tarfile, libarchive, and Java's GZIPInputStream (which the JDK-based
// tools around Cloudera Manager use). The parcels are tar streams written by
// libarchive and compressed at each level on several threads.
#include "parcel/archive/compressor.hpp"

#include "compress/gzip_test_support.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <archive.h>
#include <archive_entry.h>

#include <string>
#include <utility>
#include <vector>

namespace {

using parcel::test::mixedBytes;
using parcel::test::nameOf;

const std::vector<std::pair<std::string, std::string>>& entries() {
  static const std::vector<std::pair<std::string, std::string>> files{
      {"FOO-1.0/meta/parcel.json", "{\"schema_version\": 1}\n"},
      {"FOO-1.0/lib/big.bin", mixedBytes(3 * 1024 * 1024 + 777)},
      {"FOO-1.0/share/empty", ""},
  };
  return files;
}

// An uncompressed tar stream of entries(), from libarchive.
std::string tarStream() {
  std::string buffer(8u << 20, '\0');
  std::size_t used = 0;
  archive* a = archive_write_new();
  REQUIRE(archive_write_set_format_pax_restricted(a) == ARCHIVE_OK);
  REQUIRE(archive_write_set_bytes_in_last_block(a, 1) == ARCHIVE_OK);
  REQUIRE(archive_write_open_memory(a, buffer.data(), buffer.size(), &used) == ARCHIVE_OK);
  for (const auto& [path, content] : entries()) {
    archive_entry* entry = archive_entry_new();
    archive_entry_set_pathname(entry, path.c_str());
    archive_entry_set_filetype(entry, AE_IFREG);
    archive_entry_set_perm(entry, 0644);
    archive_entry_set_size(entry, static_cast<la_int64_t>(content.size()));
    REQUIRE(archive_write_header(a, entry) == ARCHIVE_OK);
    REQUIRE(archive_write_data(a, content.data(), content.size()) == static_cast<la_ssize_t>(content.size()));
    archive_entry_free(entry);
  }
  REQUIRE(archive_write_close(a) == ARCHIVE_OK);
  archive_write_free(a);
  buffer.resize(used);
  return buffer;
}

// Reads the whole .tar.gz with libarchive; returns "path size" lines.
std::string listWithLibarchive(const std::string& gz) {
  archive* a = archive_read_new();
  REQUIRE(archive_read_support_filter_gzip(a) == ARCHIVE_OK);
  REQUIRE(archive_read_support_format_tar(a) == ARCHIVE_OK);
  REQUIRE(archive_read_open_memory(a, gz.data(), gz.size()) == ARCHIVE_OK);
  std::string listing;
  archive_entry* entry = nullptr;
  int status = ARCHIVE_OK;
  while ((status = archive_read_next_header(a, &entry)) == ARCHIVE_OK) {
    std::string content;
    char buffer[65536];
    la_ssize_t got = 0;
    while ((got = archive_read_data(a, buffer, sizeof buffer)) > 0)
      content.append(buffer, static_cast<std::size_t>(got));
    REQUIRE(got == 0);
    listing += std::string(archive_entry_pathname(entry)) + " " + std::to_string(content.size()) + "\n";
  }
  CHECK(status == ARCHIVE_EOF);
  archive_read_free(a);
  return listing;
}

std::string expectedListing() {
  std::string listing;
  for (const auto& [path, content] : entries()) listing += path + " " + std::to_string(content.size()) + "\n";
  return listing;
}

constexpr const char* kJavaReader = R"(import java.io.*;
import java.util.zip.GZIPInputStream;

public class ReadGzip {
  public static void main(String[] args) throws Exception {
    long total = 0;
    byte[] buffer = new byte[65536];
    try (InputStream in = new GZIPInputStream(new FileInputStream(args[0]))) {
      for (int got; (got = in.read(buffer)) > 0; ) total += got;
    }
    System.out.println(total);
  }
}
)";

}  // namespace

TEST_CASE("GNU gzip, Python, libarchive and Java read the whole archive at every level") {
  const std::string tar = tarStream();
  parcel::test::TempDir dir;
  parcel::test::writeFile(dir / "ReadGzip.java", kJavaReader);
  for (const parcel::CompressionLevel level : parcel::test::kAllLevels) {
    CAPTURE(nameOf(level));
    const std::string gz = parcel::test::gzipOf(tar, level, 10240, 2);
    const std::string file = (dir / ("foo-" + nameOf(level) + ".parcel")).string();
    parcel::test::writeFile(file, gz);
    int status = -1;

    parcel::test::runCommand("gzip -t '" + file + "' 2>&1", status);
    CHECK(status == 0);
    CHECK(parcel::test::runCommand("gzip -dc '" + file + "' | wc -c", status) == std::to_string(tar.size()) + "\n");

    // Python's gzip module reads every member; its raw zlib decoder in
    // single-member mode must consume the whole file with nothing left over.
    const std::string python =
        "import gzip, sys, tarfile, zlib\n"
        "data = open(sys.argv[1], 'rb').read()\n"
        "d = zlib.decompressobj(16 + 15)\n"
        "out = d.decompress(data)\n"
        "assert d.eof and d.unused_data == b'', 'more than one gzip member'\n"
        "assert out == gzip.decompress(data)\n"
        "with tarfile.open(sys.argv[1], 'r:gz') as t:\n"
        "    for m in t.getmembers():\n"
        "        print(m.name, len(t.extractfile(m).read()))\n";
    parcel::test::writeFile(dir / "read.py", python);
    CHECK(parcel::test::runCommand("python3 '" + (dir / "read.py").string() + "' '" + file + "' 2>&1", status) ==
          expectedListing());
    CHECK(status == 0);

    CHECK(listWithLibarchive(gz) == expectedListing());

    CHECK(parcel::test::runCommand("java '" + (dir / "ReadGzip.java").string() + "' '" + file + "' 2>&1", status) ==
          std::to_string(tar.size()) + "\n");
    CHECK(status == 0);
  }
}
