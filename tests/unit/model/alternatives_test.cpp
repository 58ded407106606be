#include "parcel/model/alternatives.hpp"

#include "diagnostics_support.hpp"

#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <vector>

using parcel::Diagnostics;
using parcel::Json;
using parcel::test::codesAt;
using parcel::test::describe;
using parcel::test::FixtureRow;

namespace {

// One entry "tool" that is valid, with `patch` applied on top (null removes a key).
Diagnostics readEntryWith(const Json& patch) {
  Json entry = {{"destination", "/usr/bin/tool"}, {"source", "bin/tool"}, {"priority", 10}, {"isDirectory", false}};
  entry.merge_patch(patch);
  Diagnostics found;
  REQUIRE(parcel::readAlternatives(Json{{"tool", entry}}.dump(), found).has_value());
  return found;
}

}  // namespace

TEST_CASE("every reference alternatives.json gets its expected verdict") {
  const std::vector<FixtureRow> rows = {
      {"cloudera-cm_ext__good_alternatives.json", {}, {}, 0},
      {"cloudera-cm_ext__empty.json", {}, {}, 0},
      {"cloudera-cm_ext__bad_alternatives.json",
       {"/beeline/destination", "/pig/priority", "/oozie/isDirectory", "/hive-conf/source"},
       {},
       4},
  };
  for (const FixtureRow& row : rows) parcel::test::checkFixture(row, parcel::readAlternatives);
}

TEST_CASE("bad_alternatives.json: each missing field in Cloudera's words") {
  Diagnostics found;
  parcel::readAlternatives(parcel::test::readReference("cloudera-cm_ext__bad_alternatives.json"), found);
  struct Row {
    std::string pointer, message;
  };
  const Row rows[] = {
      {"/beeline/destination", "must be present and not blank"},
      {"/pig/priority", "must be present"},
      {"/oozie/isDirectory", "must be present"},
      {"/hive-conf/source", "must be present and not blank"},
  };
  for (const Row& row : rows) parcel::test::checkFinding(found, row.pointer, "missing-field", row.message);
}

TEST_CASE("good_alternatives.json decodes in file order") {
  Diagnostics found;
  const auto alternatives =
      parcel::readAlternatives(parcel::test::readReference("cloudera-cm_ext__good_alternatives.json"), found);
  REQUIRE(alternatives.has_value());
  REQUIRE(alternatives->size() == 2);
  CHECK(alternatives->at(0).first == "beeline");
  CHECK(alternatives->at(0).second.destination == "/usr/bin/beeline");
  CHECK(alternatives->at(0).second.priority == 10);
  CHECK(alternatives->at(0).second.isDirectory == false);
  CHECK(alternatives->at(1).first == "hive-conf");
  CHECK(alternatives->at(1).second.source == "etc/hive/conf.dist");
  CHECK(alternatives->at(1).second.isDirectory == true);
}

TEST_CASE("alternatives: shape, Cloudera's constraints and our path rules") {
  const std::vector<parcel::test::PatchRow> rows = {
      {"valid", Json::object(), {}},
      {"directory source", {{"source", "etc/hive/conf.dist"}, {"isDirectory", true}}, {}},
      {"blank destination", {{"destination", " "}}, {{"/tool/destination", "blank-field"}}},
      {"relative destination", {{"destination", "usr/bin/tool"}}, {{"/tool/destination", "destination-not-absolute"}}},
      {"absolute source", {{"source", "/opt/bin/tool"}}, {{"/tool/source", "source-not-relative"}}},
      {"dot source", {{"source", "./bin/tool"}}, {{"/tool/source", "source-not-relative"}}},
      {"dot-dot source", {{"source", "bin/../../etc"}}, {{"/tool/source", "source-not-relative"}}},
      {"trailing dot", {{"source", "bin/."}}, {{"/tool/source", "source-not-relative"}}},
      {"dotted names are fine", {{"source", "bin/.hidden/..x"}}, {}},
      // One coercion table (docs/format-decisions.md, "One coercion policy"): read silently.
      {"priority as string", {{"priority", "20"}}, {}},
      {"priority not a number", {{"priority", "high"}}, {{"/tool/priority", "wrong-type"}}},
      {"isDirectory as string", {{"isDirectory", "true"}}, {}},
      {"isDirectory as a number", {{"isDirectory", 1}}, {{"/tool/isDirectory", "number-for-boolean"}}},
      {"missing isDirectory", {{"isDirectory", nullptr}}, {{"/tool/isDirectory", "missing-field"}}},
      {"unknown field", {{"slave", "x"}}, {{"/tool/slave", "unknown-field"}}},
  };
  parcel::test::checkPatchRows(rows, readEntryWith);
}

TEST_CASE("alternatives documents that are not objects of objects") {
  struct Row {
    const char* text;
    std::string pointer;
  };
  const Row rows[] = {{"[]", ""}, {R"({"tool": "bin/tool"})", "/tool"}, {R"({"a/b": 1})", "/a~1b"}};
  for (const Row& row : rows) {
    CAPTURE(row.text);
    Diagnostics found;
    REQUIRE(parcel::readAlternatives(row.text, found).has_value());
    INFO(describe(found));
    CHECK(found.items().size() == 1);
    CHECK(codesAt(found, row.pointer) == std::vector<std::string>{"wrong-type"});
  }
}

TEST_CASE("alternatives encode in file order with documented key order") {
  const parcel::Alternatives alternatives = {
      {"z-conf", {std::string("/etc/z/conf"), std::string("etc/z/conf.dist"), 20, true}},
      {"a", {std::string("/usr/bin/a"), std::string("bin/a"), 10, false}},
  };
  CHECK(parcel::encodeAlternatives(alternatives).dump() ==
        R"({"z-conf":{"destination":"/etc/z/conf","source":"etc/z/conf.dist","priority":20,"isDirectory":true},)"
        R"("a":{"destination":"/usr/bin/a","source":"bin/a","priority":10,"isDirectory":false}})");
  CHECK(parcel::encodeAlternatives({}).dump() == "{}");

  const std::string text = parcel::test::readReference("cloudera-cm_ext__good_alternatives.json");
  Diagnostics found;
  const auto decoded = parcel::readAlternatives(text, found);
  REQUIRE(decoded.has_value());
  CHECK(parcel::encodeAlternatives(*decoded) == Json::parse(text));
}

TEST_CASE("the destination rule alone: what alternatives.json and parcel_add_alternative's DESTINATION share") {
  struct Row {
    std::optional<std::string> destination;
    parcel::test::Findings findings;
  };
  const Row rows[] = {
      {std::string("/usr/bin/tool"), {}},
      {std::string("/"), {}},
      {std::string("/usr/bin/my tool"), {}},
      {std::string("usr/bin/tool"), {{"/x/destination", "destination-not-absolute"}}},
      {std::string(" /usr/bin/tool"), {{"/x/destination", "destination-not-absolute"}}},
      {std::string("./tool"), {{"/x/destination", "destination-not-absolute"}}},
      {std::string(""), {{"/x/destination", "blank-field"}}},
      {std::string(" \t"), {{"/x/destination", "blank-field"}}},
      {std::nullopt, {{"/x/destination", "missing-field"}}},
  };
  for (const Row& row : rows) {
    CAPTURE(row.destination.value_or("(missing)"));
    Diagnostics found;
    parcel::checkAlternativeDestination(row.destination, "/x/destination", found);
    INFO(describe(found));
    CHECK(parcel::test::findingsOf(found) == row.findings);
  }
  Diagnostics found;
  parcel::checkAlternativeDestination(std::string("bin/x"), "/x/destination", found);
  parcel::test::checkFinding(
      found, "/x/destination", "destination-not-absolute", "must be an absolute path, like /usr/bin/tool");
}
