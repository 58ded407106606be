// The repository library: entries made from parcels, .sha files, manifest bytes, version order.
#include "parcel/repository/repository.hpp"
#include "check_test_support.hpp"
#include "parcel/repository/transfer.hpp"
#include "parcel/support/error.hpp"
#include "parcel/support/sha1.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <cstdlib>

namespace parcel {
namespace {

using namespace parcel::test;
using repository::compareVersions;

const char* const kParcelJson = R"json({
  "schema_version": 1, "name": "FOO", "version": "1.0",
  "depends": "CDH (>= 5.0)", "provides": ["foo"], "setActiveSymlink": true,
  "scripts": {"defines": "foo_env.sh"},
  "packages": [], "components": [{"name": "foo", "version": "1.0", "pkg_version": "1.0", "pkg_release": "1"}],
  "users": {}, "groups": []
})json";

std::string fooParcel(const std::string& notes) {
  std::vector<TarMember> members = {tarDir("FOO-1.0"),
                                    tarDir("FOO-1.0/meta"),
                                    tarFile("FOO-1.0/meta/parcel.json", kParcelJson),
                                    tarFile("FOO-1.0/meta/foo_env.sh", "#!/bin/bash\n"),
                                    tarDir("FOO-1.0/bin"),
                                    tarFile("FOO-1.0/bin/foo", "#!/bin/sh\n")};
  if (!notes.empty()) members.push_back(tarFile("FOO-1.0/meta/release-notes.txt", notes));
  return tarGz(members);
}

TEST_CASE("versions order by runs of digits and other characters") {
  struct Row {
    const char* older;
    const char* newer;
  };
  const Row rows[] = {
      {"1.9", "1.10"},
      {"1.0", "1.0.1"},
      {"1.0.1", "1.0.p1"},
      {"2.0.0-1.cdh5.p0.9", "2.0.0-1.cdh5.p0.10"},
      {"7.1.7-1.cdh7.1.7.p0.15945976", "7.1.8-1.cdh7.1.8.p0.30990532"},
      {"1.2", "1.02.1"},
      {"1.0a", "1.0b"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.older);
    CAPTURE(row.newer);
    CHECK(compareVersions(row.older, row.newer) == -1);
    CHECK(compareVersions(row.newer, row.older) == 1);
  }
  CHECK(compareVersions("1.01", "1.1") == 0);
  CHECK(compareVersions("3.0", "3.0") == 0);
}

TEST_CASE(".sha files: written as hash and newline, read leniently") {
  const std::string hash = "50baeb3ae2d44fa67d56ee926a8b85e79ae3ffa0";
  CHECK(repository::shaFileContent(hash) == hash + "\n");
  struct Row {
    std::string content;
    bool ok;
  };
  const Row rows[] = {{hash, true},
                      {hash + "\n", true},
                      {"  " + hash + "  FOO-1.0-el7.parcel\n", true},
                      {"50BAEB3AE2D44FA67D56EE926A8B85E79AE3FFA0", true},
                      {"", false},
                      {hash.substr(1), false},
                      {"z" + hash.substr(1), false}};
  for (const Row& row : rows) {
    CAPTURE(row.content);
    Diagnostics out;
    const auto parsed = repository::parseShaFile(row.content, "X.parcel.sha", out);
    CHECK(parsed.has_value() == row.ok);
    if (row.ok) CHECK(*parsed == hash);
    if (!row.ok) CHECK(summary(out) == "E sha-file-malformed X.parcel.sha");
  }
}

TEST_CASE("manifest bytes are make_manifest's form: 4 spaces, ASCII, a final newline") {
  Manifest manifest;
  manifest.lastUpdated = 1700000000000;
  ManifestEntry entry;
  entry.parcelName = "FOO-1.0-el7.parcel";
  entry.hash = "ab";
  entry.components = std::vector<Component>{};
  entry.releaseNotes = "caf\xc3\xa9\n";
  manifest.parcels = std::vector<ManifestEntry>{entry};
  CHECK(repository::manifestText(manifest) ==
        "{\n    \"lastUpdated\": 1700000000000,\n    \"parcels\": [\n        {\n"
        "            \"parcelName\": \"FOO-1.0-el7.parcel\",\n            \"hash\": \"ab\",\n"
        "            \"components\": [],\n            \"releaseNotes\": \"caf\\u00e9\\n\"\n        }\n    ]\n}\n");
}

TEST_CASE("a parcel's manifest entry copies make_manifest's fields") {
  TempDir dir;
  const auto parcel = dir.path() / "FOO-1.0-el7.parcel";
  writeFile(parcel, fooParcel("notes\n"));
  Diagnostics out;
  const auto entry = repository::scanParcel(parcel, {}, out);
  REQUIRE(entry.has_value());
  CHECK(summary(out) == "");
  Manifest manifest;
  manifest.parcels = std::vector<ManifestEntry>{*entry};
  CHECK(
      encodeManifest(manifest)["parcels"][0].dump() ==
      R"json({"parcelName":"FOO-1.0-el7.parcel","hash":")json" + sha1OfFile(parcel) +
          R"json(","depends":"CDH (>= 5.0)","components":[{"name":"foo","version":"1.0","pkg_version":"1.0","pkg_release":"1"}],"releaseNotes":"notes\n"})json");
}

TEST_CASE("a parcel with errors has no entry, and its findings name it") {
  TempDir dir;
  SUBCASE("release notes that are not UTF-8") {
    writeFile(dir.path() / "FOO-1.0-el7.parcel", fooParcel("\xff\xfe"));
    Diagnostics out;
    CHECK_FALSE(repository::scanParcel(dir.path() / "FOO-1.0-el7.parcel", {}, out));
    CHECK(summary(out) == "E release-notes-not-utf8 FOO-1.0-el7.parcel:FOO-1.0/meta/release-notes.txt");
  }
  SUBCASE("a file name that is not a parcel's") {
    writeFile(dir.path() / "FOO.parcel", fooParcel(""));
    Diagnostics out;
    CHECK_FALSE(repository::scanParcel(dir.path() / "FOO.parcel", {}, out));
    CHECK(summary(out) == "E invalid-parcel-file-name FOO.parcel");
  }
}

TEST_CASE("SOURCE_DATE_EPOCH gives lastUpdated in milliseconds") {
  ::setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
  CHECK(repository::defaultLastUpdated() == 1700000000000);
  ::setenv("SOURCE_DATE_EPOCH", "-5", 1);
  CHECK_THROWS_AS(repository::defaultLastUpdated(), InputError);
  ::unsetenv("SOURCE_DATE_EPOCH");
  CHECK(repository::defaultLastUpdated() > 1700000000000);
}

TEST_CASE("URLs join with one slash") {
  CHECK(repository::joinUrl("http://h/repo", "a.parcel") == "http://h/repo/a.parcel");
  CHECK(repository::joinUrl("http://h/repo//", "a.parcel") == "http://h/repo/a.parcel");
}

}  // namespace
}  // namespace parcel
