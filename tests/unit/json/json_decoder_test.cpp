// The one walker (src/json/json_decoder.cpp) behind parcel.json and service.sdl:
// one table of Jackson's coercions with one verdict each, so the same mistake
// gives the same finding in both documents (docs/format-decisions.md, "One
// coercion policy"). Tested through the two public readers.
#include "diagnostics_support.hpp"
#include "parcel/csd/descriptor.hpp"
#include "parcel/model/parcel_metadata.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <optional>
#include <string>

namespace {

using parcel::Diagnostic;
using parcel::Diagnostics;
using parcel::Json;

// The first finding at `pointer`, with the field's own name in a message
// replaced by <field>, so that findings on two fields compare.
std::optional<Diagnostic> firstAt(const Diagnostics& out, const std::string& pointer, const std::string& field) {
  for (Diagnostic item : out.items()) {
    if (item.pointer != pointer) continue;
    for (std::size_t at = item.message.find(field); at != std::string::npos; at = item.message.find(field, at))
      item.message.replace(at, field.size(), "<field>");
    return item;
  }
  return std::nullopt;
}

// parcel.json (Cloudera's minimal one) with `field` set to `value`.
std::optional<Diagnostic> inParcelJson(const std::string& field, const Json& value) {
  Json json =
      Json::parse(parcel::test::readFile(parcel::test::dataPath("reference/cloudera-cm_ext__minimal_parcel.json")));
  json[field] = value;
  Diagnostics out;
  parcel::readParcelMetadata(json.dump(), out);
  return firstAt(out, "/" + field, field);
}

// A valid service.sdl with `field` set to `value`.
std::optional<Diagnostic> inServiceSdl(const std::string& field, const Json& value) {
  Json json = {{"name", "FOO"}, {"label", "Foo"}, {"description", "d"}, {"version", "1"}};
  json[field] = value;
  Diagnostics out;
  parcel::csd::readSdl(json.dump(), {}, out);
  return firstAt(out, "/" + field, field);
}

std::string shown(const std::optional<Diagnostic>& found) {
  if (!found) return "(nothing)";
  return std::string(parcel::toString(found->severity)) + " " + found->code + ": " + found->message;
}

}  // namespace

TEST_CASE("the same value of the wrong type gives the same finding in parcel.json and in service.sdl") {
  // (parcel.json field, service.sdl field) of one type.
  struct Field {
    const char* type;
    const char* parcelJson;
    const char* serviceSdl;
  };
  const Field string{"string", "version", "version"};
  const Field integer{"integer", "schema_version", "maxInstances"};
  const Field boolean{"boolean", "setActiveSymlink", "inExpressWizard"};
  struct Row {
    Field field;
    Json value;
    std::string expected;  // what both report first at the field
  };
  const Row rows[] = {
      // wrong types: errors
      {string, Json::object(), "error wrong-type: must be a string, not an object"},
      {string, Json::array(), "error wrong-type: must be a string, not an array"},
      {integer, "one", "error wrong-type: must be an integer, not the string \"one\""},
      {integer, "+-1", "error wrong-type: must be an integer, not the string \"+-1\""},
      {integer, 1.5, "error wrong-type: must be an integer, not the number 1.5"},
      {integer, 18446744073709551615ULL,
       "error wrong-type: must be an integer from -2^63 to 2^63-1, not the integer 18446744073709551615"},
      {boolean, "yes", "error wrong-type: must be a boolean, not the string \"yes\""},
      {boolean, 2, "error wrong-type: must be a boolean, not the integer 2"},
      // coercions Jackson makes that Cloudera's own CSDs do not rely on: warnings
      {string, true, "warning coerced-type: the boolean true was read as a string; write a string instead"},
      {string, 1.5, "warning coerced-type: the number 1.5 was read as a string; write a string instead"},
      {boolean, 1, "warning number-for-boolean: 1 for a boolean: Cloudera Manager reads it as true; write true"},
      {boolean, 0, "warning number-for-boolean: 0 for a boolean: Cloudera Manager reads it as false; write false"},
      {integer, "",
       "warning empty-number: \"\" for a number: Cloudera Manager reads it as no value; remove \"<field>\" or give "
       "a number"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.field.type);
    CAPTURE(row.value.dump());
    CHECK(shown(inParcelJson(row.field.parcelJson, row.value)) == row.expected);
    CHECK(shown(inServiceSdl(row.field.serviceSdl, row.value)) == row.expected);
  }
}

TEST_CASE("the coercions Cloudera's own CSDs rely on are read silently in both documents") {
  struct Row {
    const char* name;
    const char* parcelJson;
    const char* serviceSdl;
    Json value;
  };
  const Row rows[] = {
      {"integer for string", "version", "version", 5},  // "version": 1 in cm_ext's SDLs
      {"string for integer", "schema_version", "maxInstances", "1"},  // "min": "5" in KAFKA, KMS
      {"string with spaces for integer", "schema_version", "maxInstances", " 1 "},  // Jackson trims it
      {"string with a sign for integer", "schema_version", "maxInstances", "+1"},
      {"whole float for integer", "schema_version", "maxInstances", 1.0},
      {"string for boolean", "setActiveSymlink", "inExpressWizard", "true"},  // "required": "true" everywhere
  };
  for (const Row& row : rows) {
    CAPTURE(row.name);
    CHECK(shown(inParcelJson(row.parcelJson, row.value)) == "(nothing)");
    CHECK(shown(inServiceSdl(row.serviceSdl, row.value)) == "(nothing)");
  }
}

TEST_CASE("an unknown field: one message; an error in parcel.json, a warning in service.sdl, as Cloudera reads them") {
  const auto parcelJson = inParcelJson("foo", 1);
  const auto serviceSdl = inServiceSdl("foo", 1);
  REQUIRE(parcelJson.has_value());
  REQUIRE(serviceSdl.has_value());
  CHECK(parcelJson->code == "unknown-field");
  CHECK(serviceSdl->code == "unknown-field");
  CHECK(std::string(parcel::toString(parcelJson->severity)) == "error");
  CHECK(std::string(parcel::toString(serviceSdl->severity)) == "warning");
  CHECK(parcelJson->message.rfind("unrecognized field \"<field>\" (recognised fields: schema_version, name, ", 0) == 0);
  CHECK(serviceSdl->message.rfind("unrecognized field \"<field>\" (recognised fields: name, label, ", 0) == 0);
}
