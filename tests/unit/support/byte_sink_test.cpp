#include "parcel/support/byte_sink.hpp"
#include "parcel/support/error.hpp"

#include "test_support.hpp"
#include "writer_test_support.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using parcel::test::RecordingSink;
using parcel::test::TempDir;
using parcel::test::writeFile;

TEST_CASE("StringSink keeps every byte in order, NULs included") {
  parcel::StringSink sink;
  sink.write("ab", 2);
  sink.write("\0c", 2);
  sink.write("", 0);
  sink.finish();
  CHECK(sink.bytes() == std::string("ab\0c", 4));
}

TEST_CASE("copyFileToSink streams a file in blocks of the given size") {
  struct Case {
    std::size_t fileSize;
    std::size_t blockSize;
    std::vector<std::size_t> writes;
  };
  const Case cases[] = {
      {0, 4, {}}, {3, 4, {3}}, {8, 4, {4, 4}}, {10, 4, {4, 4, 2}}, {10, 1024, {10}},
  };
  TempDir dir;
  for (const Case& c : cases) {
    CAPTURE(c.fileSize);
    CAPTURE(c.blockSize);
    std::string content;
    for (std::size_t i = 0; i < c.fileSize; ++i) content += static_cast<char>('a' + i % 26);
    writeFile(dir / "input", content);

    RecordingSink sink;
    CHECK(parcel::copyFileToSink(dir / "input", sink, c.blockSize) == c.fileSize);
    CHECK(sink.bytes == content);
    CHECK(sink.writes == c.writes);
    CHECK(sink.finishes == 0);  // finishing is the caller's business
  }
}

TEST_CASE("copyFileToSink names the path when the file cannot be opened") {
  TempDir dir;
  RecordingSink sink;
  const std::string missing = (dir / "no-such-file").string();
  CHECK_THROWS_WITH_AS(parcel::copyFileToSink(missing, sink, 16),
                       ("cannot open '" + missing + "': No such file or directory").c_str(), parcel::IoError);
}
