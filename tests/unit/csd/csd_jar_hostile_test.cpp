// checkCsdJar on hostile jars: a zip that libarchive rejects without a message
// (found by fuzz/csd_jar: the check appended a null char*), and a descriptor
// that inflates past the size the check will hold in memory.
#include "parcel/csd/jar.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <string>

using parcel::Diagnostics;
using parcel::test::dataPath;
using parcel::test::TempDir;
using parcel::test::writeFile;

TEST_CASE("a zip rejected without a libarchive message is one invalid-jar error") {
  Diagnostics out;
  parcel::csd::checkCsdJar(
      dataPath("../../fuzz/regressions/csd_jar/null-libarchive-error-string.jar"), {}, out, "FUZZ-1.0.0.jar");
  REQUIRE(out.items().size() == 1);
  CHECK(out.items()[0].code == "invalid-jar");
  CHECK(out.items()[0].message.rfind("not a readable zip file: ", 0) == 0);
}

TEST_CASE("a descriptor over 16 MiB is member-too-large, not read into memory") {
  TempDir dir;
  parcel::StringSink sink;
  parcel::csd::writeJar({{"META-INF/MANIFEST.MF", parcel::csd::jarManifest(), false},
                         {"descriptor/service.sdl", std::string(17u * 1024u * 1024u, ' '), false}},
                        sink);
  REQUIRE(sink.bytes().size() < 1024u * 1024u);  // deflated: the check must inflate it to see the size
  writeFile(dir.path() / "FUZZ-1.0.0.jar", sink.bytes());
  Diagnostics out;
  parcel::csd::checkCsdJar(dir.path() / "FUZZ-1.0.0.jar", {}, out);
  REQUIRE(out.items().size() == 1);
  CHECK(out.items()[0].code == "member-too-large");
  CHECK(out.items()[0].member == "descriptor/service.sdl");
  CHECK(out.items()[0].message == "the descriptor is larger than 16 MiB");
}
