#include "parcel/model/manifest.hpp"

#include "diagnostics_support.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using parcel::Diagnostics;
using parcel::Json;
using parcel::Manifest;
using parcel::test::codesAt;
using parcel::test::describe;
using parcel::test::findingsOf;
using parcel::test::FixtureRow;
using parcel::test::readReference;

namespace {

const char* const kHash = "fa95c0f7e930f7363118f187f22685d0299d036a";

// A manifest with one valid entry, with `patch` applied to the entry (null removes a key).
Diagnostics readEntryWith(const Json& patch) {
  Json entry = {{"parcelName", "FOO-1.0-el7.parcel"}, {"hash", kHash}, {"components", Json::array()}};
  entry.merge_patch(patch);
  Diagnostics found;
  REQUIRE(parcel::readManifest(Json{{"lastUpdated", 0}, {"parcels", {entry}}}.dump(), found).has_value());
  return found;
}

}  // namespace

TEST_CASE("every reference manifest.json gets its expected verdict") {
  const std::vector<FixtureRow> rows = {
      // Cloudera's good manifest has a non-hex hash on purpose: valid, with our warning.
      {"cloudera-cm_ext__good_manifest.json", {}, {"/parcels/2/hash"}, 0},
      {"cloudera-cm_ext__make_manifest_expected_manifest.json", {}, {}, 0},
      {"cloudera-cm_ext__bad_manifest.json",
       {"/parcels/0/parcelName", "/parcels/0/hash", "/parcels/0/components"},
       {},
       3},
      {"cloudera-cm_ext__empty.json", {"/lastUpdated", "/parcels"}, {}, 2},
  };
  for (const FixtureRow& row : rows) parcel::test::checkFixture(row, parcel::readManifest);
}

TEST_CASE("bad_manifest.json and empty.json in Cloudera's words") {
  struct Row {
    const char* file;
    std::string pointer, code, message;
  };
  const Row rows[] = {
      {"cloudera-cm_ext__bad_manifest.json", "/parcels/0/parcelName", "missing-field", "must be present and not blank"},
      {"cloudera-cm_ext__bad_manifest.json", "/parcels/0/hash", "missing-field", "must be present and not blank"},
      {"cloudera-cm_ext__bad_manifest.json", "/parcels/0/components", "missing-field", "must be present"},
      {"cloudera-cm_ext__empty.json", "/lastUpdated", "missing-field", "must be present"},
      {"cloudera-cm_ext__empty.json", "/parcels", "missing-field", "must be present"},
      {"cloudera-cm_ext__good_manifest.json", "/parcels/2/hash", "hash-format",
       "should be a SHA-1 digest: 40 lower-case hexadecimal digits"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.file);
    Diagnostics found;
    parcel::readManifest(readReference(row.file), found);
    parcel::test::checkFinding(found, row.pointer, row.code, row.message);
  }
}

TEST_CASE("make_manifest's expected output decodes completely") {
  Diagnostics found;
  const auto manifest =
      parcel::readManifest(readReference("cloudera-cm_ext__make_manifest_expected_manifest.json"), found);
  REQUIRE(manifest.has_value());
  CHECK(manifest->lastUpdated == 0);
  REQUIRE(manifest->parcels->size() == 1);
  const parcel::ManifestEntry& entry = manifest->parcels->front();
  CHECK(entry.parcelName == "CDH-5.0.0-0.cdh5b2.p0.30-precise.parcel");
  CHECK(entry.hash == kHash);
  CHECK(entry.replaces == "IMPALA, SOLR, SPARK");
  CHECK(entry.releaseNotes == "Here are some release notes.\n\nWith new lines and shit.\n");
  CHECK(entry.components->size() == 27);
  CHECK(entry.components->front().pkgVersion == "0.7.0+cdh5.0.0+0");
}

TEST_CASE("good_manifest.json keeps its servicesRestartInfo and encodes in make_manifest's key order") {
  const std::string text = readReference("cloudera-cm_ext__good_manifest.json");
  Diagnostics found;
  const auto manifest = parcel::readManifest(text, found);
  REQUIRE(manifest.has_value());
  CHECK(manifest->lastUpdated == 1392073012);
  REQUIRE(manifest->parcels->size() == 3);
  REQUIRE(manifest->parcels->at(2).servicesRestartInfo.has_value());
  CHECK(*manifest->parcels->at(2).servicesRestartInfo == Json::parse(text)["parcels"][2]["servicesRestartInfo"]);

  const Json encoded = parcel::encodeManifest(*manifest);
  // Same content, compared without key order (the order is ours).
  CHECK(nlohmann::json::parse(encoded.dump()) == nlohmann::json::parse(text));
  CHECK(encoded.begin().key() == "lastUpdated");
  std::vector<std::string> keys;
  for (const auto& item : encoded["parcels"][2].items()) keys.push_back(item.key());
  CHECK(keys == std::vector<std::string>{"parcelName", "hash", "replaces", "components", "servicesRestartInfo"});
  CHECK(encoded["parcels"][0]["components"][0].dump() ==
        R"({"name":"bigtop-tomcat","version":"6.0.37-cdh5.0.0-SNAPSHOT","pkg_version":"0.7.0+cdh5.0.0+0"})");
}

TEST_CASE("every entry key is written in the documented order") {
  parcel::ManifestEntry entry;
  entry.released = 5;
  entry.releaseNotes = "notes";
  entry.servicesRestartInfo = Json::object();
  entry.components = std::vector<parcel::Component>{};
  entry.conflicts = "C";
  entry.replaces = "R";
  entry.depends = "D";
  entry.hash = kHash;
  entry.parcelName = "FOO-1-el7.parcel";
  const Json encoded = parcel::encodeManifest(Manifest{7, std::vector<parcel::ManifestEntry>{entry}});
  std::vector<std::string> keys;
  for (const auto& item : encoded["parcels"][0].items()) keys.push_back(item.key());
  CHECK(keys ==
        std::vector<std::string>{"parcelName", "hash", "depends", "replaces", "conflicts", "components",
                                 "servicesRestartInfo", "releaseNotes", "released"});
  CHECK(parcel::encodeManifest(Manifest{}).dump() == "{}");
}

TEST_CASE("manifest entries: Cloudera's constraints and ours") {
  const std::vector<parcel::test::PatchRow> rows = {
      {"valid", Json::object(), {}},
      {"upper-case hash", {{"hash", "FA95C0F7E930F7363118F187F22685D0299D036A"}}, {{"/parcels/0/hash", "hash-format"}}},
      {"short hash", {{"hash", "fa95c0"}}, {{"/parcels/0/hash", "hash-format"}}},
      {"blank hash", {{"hash", ""}}, {{"/parcels/0/hash", "blank-field"}}},
      {"not a parcel file name",
       {{"parcelName", "FOO-1.0.tar.gz"}},
       {{"/parcels/0/parcelName", "invalid-parcel-file-name"}}},
      {"one dash only", {{"parcelName", "FOO-el7.parcel"}}, {{"/parcels/0/parcelName", "invalid-parcel-file-name"}}},
      {"relations", {{"depends", "CDH (>= 5.0)"}, {"replaces", "A, B"}, {"conflicts", ""}}, {}},
      {"bad relation", {{"conflicts", "baz < 3.0"}}, {{"/parcels/0/conflicts", "invalid-relation"}}},
      {"component without version",
       {{"components", {{{"name", "c"}}}}},
       {{"/parcels/0/components/0/version", "missing-field"}}},
      {"duplicate component",
       {{"components", {{{"name", "c"}, {"version", "1"}}, {{"name", "c"}, {"version", "2"}}}}},
       {{"/parcels/0/components/1/name", "duplicate-name"}}},
      // One coercion table for every document (docs/format-decisions.md, "One coercion policy"): silent.
      {"released as string is read", {{"released", "12"}}, {}},
      {"restart info checked",
       {{"servicesRestartInfo", {{"versionInfo", {{"1", {{"serviceInfo", {{"X", "ALL"}}}}}}}}}},
       {{"/parcels/0/servicesRestartInfo/versionInfo/1/serviceInfo/X", "invalid-restart-scope"}}},
      {"unknown field", {{"provides", {"x"}}}, {{"/parcels/0/provides", "unknown-field"}}},
  };
  parcel::test::checkPatchRows(rows, readEntryWith);
}

TEST_CASE("a bad relation and an odd hash are only warnings, as Cloudera's fixtures need") {
  const Diagnostics found = readEntryWith({{"conflicts", "baz < 3.0"}, {"hash", "f4asdas1"}});
  CHECK(found.errorCount() == 0);
  CHECK(found.warningCount() == 2);
}

TEST_CASE("parcel names must be unique across entries") {
  const Json entry = {{"parcelName", "FOO-1.0-el7.parcel"}, {"hash", kHash}, {"components", Json::array()}};
  Json other = entry;
  other["parcelName"] = "FOO-1.0-el8.parcel";
  Diagnostics found;
  REQUIRE(parcel::readManifest(Json{{"lastUpdated", 1}, {"parcels", {entry, other, entry}}}.dump(), found).has_value());
  INFO(describe(found));
  CHECK(findingsOf(found) ==
        std::vector<std::pair<std::string, std::string>>{{"/parcels/2/parcelName", "duplicate-name"}});
  CHECK(parcel::test::messageAt(found, "/parcels/2/parcelName", "duplicate-name") ==
        "must be unique in list (\"FOO-1.0-el7.parcel\" is also at /parcels/0/parcelName)");
}

TEST_CASE("manifest shape errors") {
  struct Row {
    const char* text;
    std::vector<std::pair<std::string, std::string>> findings;
  };
  const Row rows[] = {
      {"[]", {{"", "wrong-type"}}},
      {R"({"lastUpdated": "1392073012", "parcels": []})", {}},  // read silently, as Cloudera's CSDs rely on it
      {R"({"lastUpdated": 1.5, "parcels": []})", {{"/lastUpdated", "wrong-type"}}},
      {R"({"lastUpdated": 1, "parcels": {}})", {{"/parcels", "wrong-type"}}},
      {R"({"lastUpdated": 1, "parcels": ["x"]})", {{"/parcels/0", "wrong-type"}}},
      {R"({"lastUpdated": 1, "parcels": [], "repo": "x"})", {{"/repo", "unknown-field"}}},
  };
  for (const Row& row : rows) {
    CAPTURE(row.text);
    Diagnostics found;
    REQUIRE(parcel::readManifest(row.text, found).has_value());
    INFO(describe(found));
    CHECK(findingsOf(found) == row.findings);
  }
}
