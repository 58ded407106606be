// The deterministic zip writer of CSD jars and the jar check, byte by byte.
#include "parcel/csd/jar.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <cstdint>

namespace {

std::uint16_t u16(const std::string& bytes, std::size_t at) {
  return static_cast<std::uint16_t>(static_cast<unsigned char>(bytes[at]) |
                                    (static_cast<unsigned char>(bytes[at + 1]) << 8));
}
std::uint32_t u32(const std::string& bytes, std::size_t at) {
  return u16(bytes, at) | (static_cast<std::uint32_t>(u16(bytes, at + 2)) << 16);
}

std::string jar(std::vector<parcel::csd::JarEntry> entries) {
  parcel::StringSink sink;
  parcel::csd::writeJar(std::move(entries), sink);
  return sink.bytes();
}

}  // namespace

TEST_CASE("writeJar: manifest first, then sorted; fixed DOS time; deflate; modes") {
  const std::string bytes = jar({{"scripts/b.sh", "#!/bin/sh\n", true},
                                 {"descriptor/service.sdl", "{}", false},
                                 {"META-INF/MANIFEST.MF", parcel::csd::jarManifest(), false}});
  REQUIRE(u32(bytes, 0) == 0x04034b50u);
  CHECK(u16(bytes, 8) == 8);  // deflate
  CHECK(u16(bytes, 10) == 0);  // 00:00:00
  CHECK(u16(bytes, 12) == 0x21);  // 1980-01-01
  CHECK(bytes.substr(30, u16(bytes, 26)) == "META-INF/MANIFEST.MF");
  // the end record points at the central directory, whose entries are in order
  const std::size_t end = bytes.size() - 22;
  REQUIRE(u32(bytes, end) == 0x06054b50u);
  CHECK(u16(bytes, end + 10) == 3);
  std::size_t at = u32(bytes, end + 16);
  std::vector<std::string> names;
  std::vector<std::uint32_t> modes;
  for (int i = 0; i < 3; ++i) {
    REQUIRE(u32(bytes, at) == 0x02014b50u);
    const std::size_t length = u16(bytes, at + 28);
    names.push_back(bytes.substr(at + 46, length));
    modes.push_back(u32(bytes, at + 38) >> 16);
    at += 46 + length;
  }
  CHECK(names == std::vector<std::string>{"META-INF/MANIFEST.MF", "descriptor/service.sdl", "scripts/b.sh"});
  CHECK(modes == std::vector<std::uint32_t>{0100644, 0100644, 0100755});
}

TEST_CASE("writeJar: the same entries in any order give the same bytes") {
  const std::string one = jar({{"b", "2", false}, {"a", "1", false}});
  const std::string two = jar({{"a", "1", false}, {"b", "2", false}});
  CHECK(one == two);
}

TEST_CASE("checkCsdJar: a written jar round-trips, and the file name must match the SDL") {
  parcel::test::TempDir dir;
  const std::string sdl = R"({"name": "X", "label": "l", "description": "d", "version": "2",
    "roles": [{"name": "X_R", "label": "l", "pluralLabel": "p", "startRunner": {"program": "scripts/run.sh"}}]})";
  const std::string bytes = jar({{"META-INF/MANIFEST.MF", parcel::csd::jarManifest(), false},
                                 {"descriptor/service.sdl", sdl, false},
                                 {"scripts/run.sh", "#!/bin/sh\n", true}});
  parcel::test::writeFile(dir / "X-2.jar", bytes);
  parcel::Diagnostics good;
  parcel::csd::checkCsdJar(dir / "X-2.jar", {}, good);
  CHECK(good.items().empty());
  parcel::test::writeFile(dir / "X-3.jar", bytes);
  parcel::Diagnostics bad;
  parcel::csd::checkCsdJar(dir / "X-3.jar", {}, bad);
  REQUIRE(bad.items().size() == 1);
  CHECK(bad.items()[0].code == "jar-name-mismatch");
}

TEST_CASE("initCsd: the scaffold is a valid SDL with one role and one parameter") {
  parcel::test::TempDir dir;
  parcel::Diagnostics out;
  const auto written = parcel::csd::initCsd("ACME", dir / "acme", out);
  REQUIRE(written.size() == 2);
  CHECK(out.items().empty());
  parcel::Diagnostics found;
  parcel::csd::DescriptorOptions strict;
  strict.strict = true;
  const auto sdl = parcel::csd::readSdl(parcel::test::readFile(dir / "acme/service.sdl"), strict, found);
  REQUIRE(sdl);
  CHECK(found.items().empty());
  CHECK((*sdl)["roles"].size() == 1);
  CHECK((*sdl)["roles"][0]["parameters"].size() == 1);
  CHECK((*sdl)["roles"][0]["startRunner"]["program"] == "scripts/control.sh");
}

TEST_CASE("initCsd: a bad name is service.sdl's finding, and nothing is written") {
  parcel::test::TempDir dir;
  struct Row {
    const char* name;
    const char* code;
    const char* message;
  };
  const Row rows[] = {
      {"acme", "invalid-name", "\"acme\" must contain only upper-case letters, digits and '_'"},
      {"", "invalid-name", "\"\" must contain only upper-case letters, digits and '_'"},
      {"HDFS", "reserved-name", "\"HDFS\" is a built-in service type of Cloudera Manager and cannot be used"},
      // '|' passes the service type rule, but the scaffold names shell variables after the type.
      {"A|B", "shell-unsafe-name",
       "\"A|B\" is a valid service type, but csd init writes it into shell variable names (A|B_HOME), where '|' "
       "cannot stand; choose a name without '|'"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.code);
    parcel::Diagnostics out;
    CHECK(parcel::csd::initCsd(row.name, dir / "x", out).empty());
    REQUIRE(out.items().size() == 1);
    CHECK(out.items()[0].pointer.empty());
    CHECK(out.items()[0].code == row.code);
    CHECK(out.items()[0].message == row.message);
    CHECK_FALSE(std::filesystem::exists(dir / "x"));
  }
  parcel::Diagnostics good;
  CHECK(parcel::csd::initCsd("MY_SVC2", dir / "x", good).size() == 2);
  CHECK(good.items().empty());
}
