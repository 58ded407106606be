// Where parsed JSON values start (JsonPositions), and how a diagnostic shows it.
#include "parcel/json/json_positions.hpp"
#include "parcel/json/json_text.hpp"

#include <doctest/doctest.h>

#include <string>

using parcel::Diagnostic;
using parcel::Diagnostics;
using parcel::JsonPositions;
using parcel::Severity;

namespace {

std::string where(const JsonPositions& positions, const std::string& pointer) {
  const auto position = positions.find(pointer);
  return position ? std::to_string(position->line) + ":" + std::to_string(position->column) : "none";
}

}  // namespace

TEST_CASE("every value's start is recorded: scalars, containers, array elements, numbers at the end") {
  const std::string text = "{\n  \"a\": [1, 22 , \"x\"],\n  \"b\": {\"c\": -1.5e3},\n  \"d\": null}";
  JsonPositions positions;
  Diagnostics out;
  REQUIRE(parcel::parseJson(text, parcel::kStrictJson, out, &positions).has_value());
  CHECK(where(positions, "") == "1:1");
  CHECK(where(positions, "/a") == "2:8");
  CHECK(where(positions, "/a/0") == "2:9");
  CHECK(where(positions, "/a/1") == "2:12");
  CHECK(where(positions, "/a/2") == "2:17");
  CHECK(where(positions, "/b") == "3:8");
  CHECK(where(positions, "/b/c") == "3:14");
  CHECK(where(positions, "/d") == "4:8");
  CHECK(where(positions, "/b/absent/deeper") == "3:8");  // the nearest enclosing value
  // A number that ends the text: the lexer had nothing to read past it.
  JsonPositions root;
  REQUIRE(parcel::parseJson("  42", parcel::kStrictJson, out, &root).has_value());
  CHECK(where(root, "") == "1:3");
}

TEST_CASE("comments between values are skipped; a repeated key points at the value that wins") {
  const std::string text = "{ /* one */ \"a\": 1, // two\n \"a\" : /* three */ 2 }";
  JsonPositions positions;
  Diagnostics out;
  REQUIRE(parcel::parseJson(text, parcel::kDescriptorJson, out, &positions).has_value());
  CHECK(where(positions, "/a") == "2:20");
  positions.locate(out, 0);
  REQUIRE(out.items().size() == 1);
  CHECK(out.items()[0].code == "duplicate-key");
  CHECK(out.items()[0].line == 2);
}

TEST_CASE("a syntax error carries its line and column") {
  JsonPositions positions;
  Diagnostics out;
  CHECK_FALSE(parcel::parseJson("{\n  \"a\": tru\n}", parcel::kStrictJson, out, &positions).has_value());
  REQUIRE(out.items().size() == 1);
  CHECK(out.items()[0].line == 2);
  CHECK(out.items()[0].column == 11);  // where nlohmann gives up: the end of the line
}

TEST_CASE("locate fills only findings from the given index that have no position yet") {
  JsonPositions positions;
  Diagnostics out;
  out.error("/a", "earlier", "from another file");
  const std::size_t first = out.items().size();
  REQUIRE(parcel::parseJson("{\"a\": 1}", parcel::kStrictJson, out, &positions).has_value());
  out.error("/a", "mine", "about this file");
  out.add({Severity::Error, {}, "/a", "placed", "already placed", 9, 9});
  positions.locate(out, first);
  CHECK(out.items()[0].line == 0);
  CHECK(out.items()[1].line == 1);
  CHECK(out.items()[1].column == 7);
  CHECK(out.items()[2].line == 9);
}

TEST_CASE("readablePointer spells a JSON pointer as a jq path") {
  CHECK(parcel::readablePointer("") == ".");
  CHECK(parcel::readablePointer("/users/0/home") == ".users[0].home");
  CHECK(parcel::readablePointer("/~1var~1lib~1airflow") == ".\"/var/lib/airflow\"");
  CHECK(parcel::readablePointer("/bin~1x/permissions") == ".\"bin/x\".permissions");
  CHECK(parcel::readablePointer("/a~0b/with space/q\"") == ".\"a~b\".\"with space\".\"q\\\"\"");
}

TEST_CASE("formatDiagnostic puts line and column after the file, and a readable path beside escaped pointers") {
  const Diagnostic located{Severity::Error,
                           "FOO-1.0/meta/parcel.json",
                           "/name",
                           "name-contains-dash",
                           "must not contain any '-' characters",
                           3,
                           11};
  CHECK(parcel::formatDiagnostic("foo.parcel", located) ==
        "foo.parcel:FOO-1.0/meta/parcel.json:3:11#/name: error: must not contain any '-' characters "
        "[name-contains-dash]");
  const Diagnostic escaped{Severity::Warning, "", "/~1var~1lib~1airflow", "path-not-relative", "is absolute", 2, 25};
  CHECK(parcel::formatDiagnostic("permissions.json", escaped) ==
        "permissions.json:2:25#/~1var~1lib~1airflow (.\"/var/lib/airflow\"): warning: is absolute [path-not-relative]");
  const Diagnostic unplaced{Severity::Warning, "", "/depends", "invalid-relation", "is odd"};
  CHECK(parcel::formatDiagnostic("foo.parcel", unplaced) == "foo.parcel#/depends: warning: is odd [invalid-relation]");
}

TEST_CASE("positions in a configured @VAR@ copy move back to the template's lines and columns") {
  const std::string templateText = "{\n  \"name\": \"@NAME@\", \"label\": 7,\n  \"version\": \"@V@\"\n}\n";
  const std::string configured = "{\n  \"name\": \"LONGER_NAME\", \"label\": 7,\n  \"version\": \"1\"\n}\n";
  Diagnostics out;
  out.add({Severity::Error, {}, "/label", "before", "m", 2, 3});  // before the substitution
  out.add({Severity::Error, {}, "/name", "inside", "m", 2, 14});  // inside the substituted value
  out.add({Severity::Error, {}, "/label", "after", "m", 2, 35});  // after it: shifted by the length change
  out.add({Severity::Error, {}, "/version", "line3", "m", 3, 15});  // another line, at the "1"
  out.add({Severity::Error, {}, "", "unplaced", "m"});  // no position stays without one
  parcel::mapPositionsToTemplate(out, 0, configured, templateText);
  CHECK(out.items()[0].column == 3);
  CHECK(out.items()[1].column == 12);  // the @ of @NAME@
  CHECK(out.items()[2].column == 30);  // 35 - len("LONGER_NAME") + len("@NAME@")
  CHECK(out.items()[2].line == 2);
  CHECK(out.items()[3].line == 3);
  CHECK(out.items()[3].column == 15);  // the @ of @V@
  CHECK(out.items()[4].line == 0);
  // A value with a newline changes the line count: the positions are dropped, the pointers stay.
  Diagnostics shifted;
  shifted.add({Severity::Error, {}, "/version", "x", "m", 3, 14});
  parcel::mapPositionsToTemplate(shifted, 0, "{\n\n" + configured, templateText);
  CHECK(shifted.items()[0].line == 0);
  CHECK(shifted.items()[0].pointer == "/version");
}
