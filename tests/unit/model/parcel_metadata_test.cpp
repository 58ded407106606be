#include "parcel/model/parcel_metadata.hpp"

#include "diagnostics_support.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <string>
#include <vector>

using parcel::Diagnostics;
using parcel::Json;
using parcel::ParcelMetadata;
using parcel::test::codesAt;
using parcel::test::describe;
using parcel::test::errorPointers;
using parcel::test::FixtureRow;
using parcel::test::messageAt;
using parcel::test::readReference;
using parcel::test::warningPointers;

namespace {

const char* const kCdh = "cloudera-cm_ext__CDH-5.0.0-0.cdh5b2.p0.30-precise__meta_parcel.json";

// A minimal valid parcel.json with `patch` applied on top (null removes a key).
std::string minimalWith(const Json& patch) {
  Json json = Json::parse(readReference("cloudera-cm_ext__minimal_parcel.json"));
  json.merge_patch(patch);
  return json.dump();
}

Diagnostics readMinimalWith(const Json& patch) {
  Diagnostics found;
  REQUIRE(parcel::readParcelMetadata(minimalWith(patch), found).has_value());
  return found;
}

}  // namespace

TEST_CASE("every reference parcel.json gets its expected verdict") {
  const std::vector<FixtureRow> rows = {
      // Valid for Cloudera (SOURCES.md). good_parcel's "foo >= 1.0" and "baz < 3.0"
      // are outside our relation grammar: warnings, so the file stays valid.
      {"cloudera-cm_ext__good_parcel.json", {}, {"/depends", "/conflicts"}, 0},
      {"cloudera-cm_ext__minimal_parcel.json", {}, {}, 0},
      {kCdh, {}, {}, 0},
      {"probos-pbs-probos__meta_parcel.json", {}, {}, 0},
      // Invalid, exactly as many violations as Cloudera's tests assert.
      {"cloudera-cm_ext__invalid_name_parcel.json", {"/name"}, {}, 1},
      {"cloudera-cm_ext__missing_defines_parcel.json", {"/scripts/defines"}, {}, 1},
      {"cloudera-cm_ext__wrong_schema_parcel.json", {"/schema_version"}, {}, 1},
      {"cloudera-cm_ext__empty.json",
       {"/schema_version", "/name", "/version", "/setActiveSymlink", "/scripts", "/packages", "/components", "/users",
        "/groups"},
       {},
       9},
      // Cloudera stops at the unknown field; we go on and also report what validation finds.
      {"cloudera-cm_ext__bad_scripts_parcel.json", {"/scripts/foo", "/scripts/defines"}, {"/depends", "/conflicts"}, 2},
      {"cloudera-cm_ext__unknown_props_parcel.json", {"/foo", "/scripts/defines"}, {}, 2},
      {"wlami-cdmpacker__it_full_expected_parcel.json",
       {"/schemaVersion", "/users/wladi/longName", "/users/wladi/extraGroups", "/schema_version", "/name",
        "/users/wladi/longname", "/users/wladi/extra_groups", "/groups"},
       {"/replaces", "/conflicts"},
       8},
  };
  for (const FixtureRow& row : rows) parcel::test::checkFixture(row, parcel::readParcelMetadata);
}

TEST_CASE("reference parcel.json findings carry Cloudera's codes and wording") {
  struct Row {
    const char* file;
    std::string pointer, code, message;
  };
  const Row rows[] = {
      {"cloudera-cm_ext__invalid_name_parcel.json", "/name", "name-contains-dash",
       "must not contain any '-' characters"},
      {"cloudera-cm_ext__missing_defines_parcel.json", "/scripts/defines", "missing-field",
       "must be present and not blank"},
      {"cloudera-cm_ext__wrong_schema_parcel.json", "/schema_version", "schema-version", "must be between 1 and 1"},
      {"cloudera-cm_ext__empty.json", "/schema_version", "missing-field", "must be present"},
      {"cloudera-cm_ext__empty.json", "/name", "missing-field", "must be present and not blank"},
      {"cloudera-cm_ext__empty.json", "/groups", "missing-field", "must be present"},
      {"cloudera-cm_ext__bad_scripts_parcel.json", "/scripts/foo", "unknown-field",
       "unrecognized field \"foo\" (recognised fields: defines)"},
      {"cloudera-cm_ext__unknown_props_parcel.json", "/foo", "unknown-field",
       "unrecognized field \"foo\" (recognised fields: schema_version, name, version, extraVersionInfo, depends, "
       "replaces, conflicts, provides, setActiveSymlink, scripts, packages, components, users, groups, "
       "servicesRestartInfo)"},
      {"wlami-cdmpacker__it_full_expected_parcel.json", "/schemaVersion", "unknown-field", ""},
      {"wlami-cdmpacker__it_full_expected_parcel.json", "/users/wladi/extraGroups", "unknown-field",
       "unrecognized field \"extraGroups\" (recognised fields: longname, home, shell, extra_groups)"},
      {"wlami-cdmpacker__it_full_expected_parcel.json", "/name", "name-contains-dash", ""},
      {"wlami-cdmpacker__it_full_expected_parcel.json", "/users/wladi/extra_groups", "missing-field",
       "must be present"},
      {"wlami-cdmpacker__it_full_expected_parcel.json", "/replaces", "invalid-relation", ""},
      {"cloudera-cm_ext__good_parcel.json", "/depends", "invalid-relation", ""},
  };
  for (const Row& row : rows) {
    CAPTURE(row.file);
    Diagnostics found;
    parcel::readParcelMetadata(readReference(row.file), found);
    INFO(describe(found));
    parcel::test::checkFinding(found, row.pointer, row.code, row.message);
  }
}

TEST_CASE("the CDH parcel.json decodes completely") {
  Diagnostics found;
  const auto metadata = parcel::readParcelMetadata(readReference(kCdh), found);
  REQUIRE(metadata.has_value());
  CHECK(metadata->schemaVersion == 1);
  CHECK(metadata->name == "CDH");
  CHECK(metadata->version == "5.0.0-0.cdh5b2.p0.30");
  CHECK(metadata->replaces == "IMPALA, SOLR, SPARK");
  CHECK(metadata->setActiveSymlink == true);
  REQUIRE(metadata->scripts.has_value());
  CHECK(metadata->scripts->defines == "cdh_env.sh");
  CHECK(metadata->packages->size() == 112);
  CHECK(metadata->components->size() == 27);
  CHECK(*metadata->provides == std::vector<std::string>{"cdh", "impala", "solr", "spark"});
  REQUIRE(metadata->users->size() == 16);  // SOURCES.md says 14; the file has 16
  CHECK(metadata->users->front().first == "flume");  // file order, not sorted
  CHECK(metadata->users->back().first == "spark");
  CHECK(metadata->users->at(2).second.extraGroups == std::vector<std::string>{"hadoop"});
  REQUIRE(metadata->extraVersionInfo.has_value());
  CHECK(metadata->extraVersionInfo->at(2) == std::pair<std::string, std::string>{"patchCount", "0"});
  CHECK_FALSE(metadata->servicesRestartInfo.has_value());
}

TEST_CASE("good_parcel.json encodes to the golden file and decodes back to the same") {
  Diagnostics found;
  const auto metadata = parcel::readParcelMetadata(readReference("cloudera-cm_ext__good_parcel.json"), found);
  REQUIRE(metadata.has_value());
  const std::string encoded = parcel::toJsonText(parcel::encodeParcelMetadata(*metadata));

  const auto golden = parcel::test::dataPath("golden/good_parcel.encoded.json");
  if (std::getenv("PARCEL_UPDATE_GOLDEN") != nullptr) parcel::test::writeFile(golden, encoded);
  CHECK(encoded == parcel::test::readFile(golden));

  Diagnostics again;
  const Json decodedAgain = Json::parse(encoded);
  const ParcelMetadata redecoded = parcel::decodeParcelMetadata(decodedAgain, again);
  parcel::validateParcelMetadata(redecoded, again);
  CHECK(errorPointers(again).empty());
  CHECK(parcel::toJsonText(parcel::encodeParcelMetadata(redecoded)) == encoded);
  CHECK(redecoded.servicesRestartInfo == metadata->servicesRestartInfo);
  CHECK(redecoded.users->at(1).second.extraGroups == std::vector<std::string>{"hive", "hdfs"});
}

TEST_CASE("the encoder writes keys in the documented order and leaves absent ones out") {
  ParcelMetadata metadata;
  metadata.servicesRestartInfo = Json::object();
  metadata.groups = std::vector<std::string>{"g"};
  metadata.users = std::vector<std::pair<std::string, parcel::User>>{
      {"zed", {std::string("Z"), std::string("/z"), std::string("/bin/false"), std::vector<std::string>{}}},
      {"amy", {std::string("A"), std::string("/a"), std::string("/bin/false"), std::vector<std::string>{"g"}}}};
  metadata.components =
      std::vector<parcel::Component>{{std::string("c"), std::string("1"), std::string("1-pkg"), std::string("r1")}};
  metadata.packages = std::vector<parcel::Package>{{std::string("p"), std::string("1")}};
  metadata.scripts = parcel::Scripts{std::string("env.sh")};
  metadata.setActiveSymlink = true;
  metadata.provides = std::vector<std::string>{"tag"};
  metadata.conflicts = "C";
  metadata.replaces = "R";
  metadata.depends = "D";
  metadata.extraVersionInfo = parcel::StringPairs{{"fullVersion", "1-el7"}, {"baseVersion", "b"}};
  metadata.version = "1";
  metadata.name = "FOO";
  metadata.schemaVersion = 1;

  const Json json = parcel::encodeParcelMetadata(metadata);
  std::vector<std::string> keys;
  for (const auto& item : json.items()) keys.push_back(item.key());
  CHECK(keys ==
        std::vector<std::string>{"schema_version", "name", "version", "extraVersionInfo", "depends", "replaces",
                                 "conflicts", "provides", "setActiveSymlink", "scripts", "packages", "components",
                                 "users", "groups", "servicesRestartInfo"});
  CHECK(json["extraVersionInfo"].dump() == R"({"fullVersion":"1-el7","baseVersion":"b"})");
  CHECK(json["components"][0].dump() == R"({"name":"c","version":"1","pkg_version":"1-pkg","pkg_release":"r1"})");
  CHECK(json["users"].dump() ==
        R"({"zed":{"longname":"Z","home":"/z","shell":"/bin/false","extra_groups":[]},)"
        R"("amy":{"longname":"A","home":"/a","shell":"/bin/false","extra_groups":["g"]}})");

  ParcelMetadata sparse;
  sparse.name = "FOO";
  sparse.components = std::vector<parcel::Component>{{std::string("c"), std::string("1"), {}, {}}};
  CHECK(parcel::encodeParcelMetadata(sparse).dump() == R"({"name":"FOO","components":[{"name":"c","version":"1"}]})");
}

// One coercion table for every document (json_decoder.cpp; docs/format-decisions.md,
// "One coercion policy"): the coercions Cloudera's own CSDs rely on are read
// silently, as in service.sdl; the others are warnings. Until the two walkers
// were merged, parcel.json warned on all of them and refused 1.0 and 1.
TEST_CASE("scalars Jackson would coerce are read; silently where Cloudera's own CSDs rely on it, else with a warning") {
  struct Row {
    const char* name;
    Json patch;
    std::string pointer;
    std::vector<std::string> codes;
  };
  const std::vector<Row> rows = {
      {"boolean from string", {{"setActiveSymlink", "false"}}, "/setActiveSymlink", {}},
      {"integer from string", {{"schema_version", "1"}}, "/schema_version", {}},
      {"integer from float", {{"schema_version", 1.0}}, "/schema_version", {}},
      {"string from number", {{"version", 5}}, "/version", {}},
      {"string from boolean", {{"name", true}}, "/name", {"coerced-type"}},
      {"string from float", {{"version", 1.5}}, "/version", {"coerced-type"}},
      {"boolean from number", {{"setActiveSymlink", 1}}, "/setActiveSymlink", {"number-for-boolean"}},
      {"nested string from number", {{"scripts", {{"defines", 7}}}}, "/scripts/defines", {}},
      // The group "2" is a name useradd refuses (checkAccountName).
      {"array element", {{"groups", {"a", 2}}}, "/groups/1", {"invalid-account-name"}},
      {"map value", {{"extraVersionInfo", {{"patchCount", 0}}}}, "/extraVersionInfo/patchCount", {}},
  };
  for (const Row& row : rows) {
    CAPTURE(row.name);
    const Diagnostics found = readMinimalWith(row.patch);
    INFO(describe(found));
    CHECK(found.errorCount() == 0);
    CHECK(codesAt(found, row.pointer) == row.codes);
  }

  Diagnostics found;
  const auto metadata = parcel::readParcelMetadata(
      minimalWith({{"setActiveSymlink", "false"}, {"schema_version", "1"}, {"version", 5}}), found);
  REQUIRE(metadata.has_value());
  CHECK(metadata->setActiveSymlink == false);
  CHECK(metadata->schemaVersion == 1);
  CHECK(metadata->version == "5");
  CHECK(parcel::encodeParcelMetadata(*metadata)["setActiveSymlink"] == false);  // written back as proper JSON
}

TEST_CASE("values of the wrong type are wrong-type errors, reported once") {
  struct Row {
    const char* name;
    Json patch;
    std::string pointer;
    std::string message;
  };
  const std::vector<Row> rows = {
      {"string for integer",
       {{"schema_version", "one"}},
       "/schema_version",
       "must be an integer, not the string \"one\""},
      {"fraction for integer", {{"schema_version", 1.5}}, "/schema_version", "must be an integer, not the number 1.5"},
      {"huge integer",
       {{"schema_version", 18446744073709551615ULL}},
       "/schema_version",
       "must be an integer from -2^63 to 2^63-1, not the integer 18446744073709551615"},
      {"other string for boolean",
       {{"setActiveSymlink", "yes"}},
       "/setActiveSymlink",
       "must be a boolean, not the string \"yes\""},
      {"other number for boolean",
       {{"setActiveSymlink", 2}},
       "/setActiveSymlink",
       "must be a boolean, not the integer 2"},
      {"array for string", {{"name", {"CDH"}}}, "/name", "must be a string, not an array"},
      {"object for array", {{"packages", Json::object()}}, "/packages", "must be an array, not an object"},
      {"array for object", {{"users", Json::array()}}, "/users", "must be an object, not an array"},
      {"string for scripts", {{"scripts", "env.sh"}}, "/scripts", "must be an object, not the string \"env.sh\""},
      {"package not an object", {{"packages", {"hadoop"}}}, "/packages/0", ""},
      {"user not an object", {{"users", {{"hdfs", 1}}}}, "/users/hdfs", "must be an object, not the integer 1"},
      {"group not a string", {{"groups", {Json::object()}}}, "/groups/0", ""},
      {"extra version info value", {{"extraVersionInfo", {{"a", Json::array()}}}}, "/extraVersionInfo/a", ""},
      {"provides element null", {{"provides", {nullptr}}}, "/provides/0", "must be a string, not null"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.name);
    const Diagnostics found = readMinimalWith(row.patch);
    INFO(describe(found));
    CHECK(errorPointers(found) == std::set<std::string>{row.pointer});
    CHECK(found.errorCount() == 1);  // validation does not report the rejected field again
    CHECK(codesAt(found, row.pointer) == std::vector<std::string>{"wrong-type"});
    if (!row.message.empty()) CHECK(messageAt(found, row.pointer, "wrong-type") == row.message);
  }
}

TEST_CASE("a root that is not an object is one wrong-type error") {
  for (const char* text : {"[]", "\"CDH\"", "1", "null"}) {
    CAPTURE(text);
    Diagnostics found;
    REQUIRE(parcel::readParcelMetadata(text, found).has_value());
    CHECK(found.items().size() == 1);
    CHECK(codesAt(found, "") == std::vector<std::string>{"wrong-type"});
  }
}

TEST_CASE("text that is not JSON gives nullopt and the parser's error") {
  Diagnostics found;
  CHECK_FALSE(parcel::readParcelMetadata("{\"name\": \"CDH\" /* c */}", found).has_value());
  CHECK(codesAt(found, "") == std::vector<std::string>{"invalid-json"});
}

TEST_CASE("parser findings on the whole file do not stop validation") {
  Diagnostics found;
  REQUIRE(parcel::readParcelMetadata("\xEF\xBB\xBF{}", found).has_value());
  CHECK(found.errorCount() == 10);  // the byte-order mark, then the nine of an empty object
  CHECK(codesAt(found, "") == std::vector<std::string>{"byte-order-mark"});

  Diagnostics duplicate;
  REQUIRE(
      parcel::readParcelMetadata(R"({"name": "A", )" + minimalWith(Json::object()).substr(1), duplicate).has_value());
  CHECK(errorPointers(duplicate) == std::set<std::string>{"/name"});
  CHECK(codesAt(duplicate, "/name") == std::vector<std::string>{"duplicate-key"});
}

TEST_CASE("validation: Cloudera's constraints and ours, at the field's pointer") {
  const std::vector<parcel::test::PatchRow> rows = {
      {"null is absent, as in Jackson", {{"version", nullptr}}, {{"/version", "missing-field"}}},
      {"removed key", {{"setActiveSymlink", nullptr}}, {{"/setActiveSymlink", "missing-field"}}},
      {"blank name", {{"name", "  "}}, {{"/name", "blank-field"}}},
      {"empty name", {{"name", ""}}, {{"/name", "blank-field"}}},
      {"blank defines", {{"scripts", {{"defines", ""}}}}, {{"/scripts/defines", "blank-field"}}},
      {"defines '..' would be the member meta/..",
       {{"scripts", {{"defines", ".."}}}},
       {{"/scripts/defines", "defines-not-file-name"}}},
      {"defines leaving meta/",
       {{"scripts", {{"defines", "env/../../x.sh"}}}},
       {{"/scripts/defines", "defines-not-file-name"}}},
      {"absolute defines", {{"scripts", {{"defines", "/etc/x.sh"}}}}, {{"/scripts/defines", "defines-not-file-name"}}},
      {"defines in a subfolder of meta/", {{"scripts", {{"defines", "env//x.sh"}}}}, {}},
      {"schema_version 0", {{"schema_version", 0}}, {{"/schema_version", "schema-version"}}},
      {"name with slash", {{"name", "a/b"}}, {{"/name", "name-invalid-character"}}},
      {"name with dash and space",
       {{"name", "a-b c"}},
       {{"/name", "name-contains-dash"}, {"/name", "name-invalid-character"}}},
      {"unusual name", {{"name", "Foo+"}}, {{"/name", "name-unusual-character"}}},
      {"version with slash", {{"version", "1/2"}}, {{"/version", "version-invalid-character"}}},
      {"package without version", {{"packages", {{{"name", "p"}}}}}, {{"/packages/0/version", "missing-field"}}},
      {"blank package name",
       {{"packages", {{{"name", " "}, {"version", "1"}}}}},
       {{"/packages/0/name", "blank-field"}}},
      {"duplicate package",
       {{"packages",
         {{{"name", "p"}, {"version", "1"}}, {{"name", "q"}, {"version", "1"}}, {{"name", "p"}, {"version", "2"}}}}},
       {{"/packages/2/name", "duplicate-name"}}},
      {"duplicate component",
       {{"components", {{{"name", "c"}, {"version", "1"}}, {{"name", "c"}, {"version", "1"}, {"pkg_version", "x"}}}}},
       {{"/components/1/name", "duplicate-name"}}},
      {"component without name", {{"components", {{{"version", "1"}}}}}, {{"/components/0/name", "missing-field"}}},
      {"unknown component field",
       {{"components", {{{"name", "c"}, {"version", "1"}, {"pkgVersion", "x"}}}}},
       {{"/components/0/pkgVersion", "unknown-field"}}},
      {"user fields",
       {{"users", {{"u", {{"longname", "U"}, {"home", ""}}}}}},
       {{"/users/u/home", "blank-field"},
        {"/users/u/shell", "missing-field"},
        {"/users/u/extra_groups", "missing-field"}}},
      {"user with empty extra_groups",
       {{"users",
         {{"u", {{"longname", "U"}, {"home", "/h"}, {"shell", "/bin/false"}, {"extra_groups", Json::array()}}}}}},
       {}},
      {"relative home and shell, which useradd refuses",
       {{"users", {{"u", {{"longname", "U"}, {"home", "var/lib/u"}, {"shell", "false"}, {"extra_groups", {"g"}}}}}}},
       {{"/users/u/home", "user-path-not-absolute"}, {"/users/u/shell", "user-path-not-absolute"}}},
      {"duplicate group", {{"groups", {"a", "b", "a"}}}, {{"/groups/2", "duplicate-value"}}},
      {"user and group names useradd refuses",
       {{"users",
         {{"Web User", {{"longname", "U"}, {"home", "/h"}, {"shell", "/bin/false"}, {"extra_groups", {"ok", "1st"}}}}}},
        {"groups", {"fine", "Admins"}}},
       {{"/users/Web User", "invalid-account-name"},
        {"/users/Web User/extra_groups/1", "invalid-account-name"},
        {"/groups/1", "invalid-account-name"}}},
      {"duplicate provides", {{"provides", {"x", "x"}}}, {{"/provides/1", "duplicate-value"}}},
      {"relations of the grammar",
       {{"depends", "CDH (>= 5.0), CDH (<< 6.0)"}, {"replaces", "A, B"}, {"conflicts", ""}},
       {}},
      {"relation outside the grammar", {{"depends", "CDH >= 5"}}, {{"/depends", "invalid-relation"}}},
      {"relation with a dashed product", {{"replaces", "a-b"}}, {{"/replaces", "invalid-relation"}}},
  };
  parcel::test::checkPatchRows(rows, readMinimalWith);
}

TEST_CASE("a relative home is a warning that says what useradd will do") {
  const Diagnostics found = readMinimalWith(
      {{"users",
        {{"u", {{"longname", "U"}, {"home", "var/lib/u"}, {"shell", "/bin/false"}, {"extra_groups", {"g"}}}}}}});
  CHECK(found.errorCount() == 0);
  CHECK(found.warningCount() == 1);
  CHECK(messageAt(found, "/users/u/home", "user-path-not-absolute") ==
        "must be an absolute path: the agent runs useradd -d HOME -s SHELL, which refuses \"var/lib/u\", so activating "
        "the parcel fails");
}

TEST_CASE("duplicate names say where the first one is") {
  const Diagnostics found = readMinimalWith(
      {{"packages", {{{"name", "p"}, {"version", "1"}}, {{"name", "p"}, {"version", "2"}}}}, {"groups", {"g", "g"}}});
  CHECK(messageAt(found, "/packages/1/name", "duplicate-name") ==
        "must be unique in list (\"p\" is also at /packages/0/name)");
  CHECK(found.warningCount() == 1);
  CHECK(messageAt(found, "/groups/1", "duplicate-value").find("/groups/0") != std::string::npos);
}

TEST_CASE("unknown fields are all reported, at every level") {
  const Diagnostics found = readMinimalWith({{"minPrevVersion", "1"},
                                             {"maxPrevVersion", "2"},
                                             {"scripts", {{"defines", "d.sh"}, {"alternatives", "a"}}},
                                             {"packages", {{{"name", "p"}, {"version", "1"}, {"arch", "x"}}}},
                                             {"users", {{"u", {{"longName", "U"}}}}}});
  INFO(describe(found));
  std::set<std::string> unknown;
  for (const auto& d : found.items()) {
    if (d.code == "unknown-field") unknown.insert(d.pointer);
  }
  CHECK(unknown ==
        std::set<std::string>{
            "/minPrevVersion", "/maxPrevVersion", "/scripts/alternatives", "/packages/0/arch", "/users/u/longName"});
}

TEST_CASE("servicesRestartInfo: shape checked, value kept") {
  const Json good = {
      {"versionInfo",
       {{"2.0", {{"serviceInfo", {{"HDFS", "SERVICE_ONLY"}, {"HBASE", "DEPENDENTS_ONLY"}}}, {"parentVersion", "1.0"}}},
        {"1.0", {{"serviceInfo", {{"YARN", "SERVICE_AND_DEPENDENTS"}}}, {"childVersion", "2.0"}}}}}};
  {
    Diagnostics found;
    const auto metadata = parcel::readParcelMetadata(minimalWith({{"servicesRestartInfo", good}}), found);
    REQUIRE(metadata.has_value());
    CHECK(found.empty());
    REQUIRE(metadata->servicesRestartInfo.has_value());
    CHECK(*metadata->servicesRestartInfo == good);
    CHECK(metadata->servicesRestartInfo->dump() == good.dump());  // order kept too
  }
  struct Row {
    const char* name;
    Json value;
    std::string pointer, code;
  };
  const std::vector<Row> rows = {
      {"not an object", "x", "/servicesRestartInfo", "wrong-type"},
      {"unknown key", {{"versionInfos", Json::object()}}, "/servicesRestartInfo/versionInfos", "unknown-field"},
      {"version not an object",
       {{"versionInfo", {{"1.0", "SERVICE_ONLY"}}}},
       "/servicesRestartInfo/versionInfo/1.0",
       "wrong-type"},
      {"unknown version key",
       {{"versionInfo", {{"1.0", {{"services", Json::object()}}}}}},
       "/servicesRestartInfo/versionInfo/1.0/services",
       "unknown-field"},
      {"scope in lower case",
       {{"versionInfo", {{"1.0", {{"serviceInfo", {{"HDFS", "service_only"}}}}}}}},
       "/servicesRestartInfo/versionInfo/1.0/serviceInfo/HDFS",
       "invalid-restart-scope"},
      {"scope not a string",
       {{"versionInfo", {{"1.0", {{"serviceInfo", {{"HDFS", Json::array()}}}}}}}},
       "/servicesRestartInfo/versionInfo/1.0/serviceInfo/HDFS",
       "wrong-type"},
      {"serviceInfo an array",
       {{"versionInfo", {{"1.0", {{"serviceInfo", Json::array()}}}}}},
       "/servicesRestartInfo/versionInfo/1.0/serviceInfo",
       "wrong-type"},
      {"parentVersion an object",
       {{"versionInfo", {{"1.0", {{"parentVersion", Json::object()}}}}}},
       "/servicesRestartInfo/versionInfo/1.0/parentVersion",
       "wrong-type"},
      {"version key with a slash",
       {{"versionInfo", {{"1/0", 1}}}},
       "/servicesRestartInfo/versionInfo/1~10",
       "wrong-type"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.name);
    const Diagnostics found = readMinimalWith({{"servicesRestartInfo", row.value}});
    INFO(describe(found));
    CHECK(errorPointers(found) == std::set<std::string>{row.pointer});
    CHECK(codesAt(found, row.pointer) == std::vector<std::string>{row.code});
  }

  Diagnostics coerced;
  const auto metadata = parcel::readParcelMetadata(
      minimalWith({{"servicesRestartInfo", {{"versionInfo", {{"2", {{"parentVersion", true}}}}}}}}), coerced);
  REQUIRE(metadata.has_value());
  CHECK(warningPointers(coerced) == std::set<std::string>{"/servicesRestartInfo/versionInfo/2/parentVersion"});
  CHECK((*metadata->servicesRestartInfo)["versionInfo"]["2"]["parentVersion"] == "true");  // the coerced value is kept
}
