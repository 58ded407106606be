// The SDL field pass (src/csd/sdl_fields.cpp) on models built by hand, with no
// JSON: the field rules depend on the typed model only, not on the decoder.
// And the merge of the decode and field findings into one report order.
// The passes are internal to parcel_core; the test reaches their header by its path.
#include "csd/service_descriptor.hpp"
#include "diagnostics_support.hpp"

#include <doctest/doctest.h>

#include <string>
#include <tuple>
#include <vector>

namespace {

namespace sdl = parcel::csd::sdl;
using parcel::Diagnostics;
using parcel::Severity;

constexpr Severity E = Severity::Error;
constexpr Severity W = Severity::Warning;

using Finding = parcel::test::FullFinding;
std::vector<Finding> findings(const Diagnostics& out) { return parcel::test::fullFindingsOf(out); }

// A string field that is there, as the decode pass would have read it.
sdl::Text text(std::string pointer, std::string value) {
  sdl::Text field;
  field.pointer = std::move(pointer);
  field.present = true;
  field.value = std::move(value);
  return field;
}

sdl::Text absent(std::string pointer) {
  sdl::Text field;
  field.pointer = std::move(pointer);
  return field;
}

sdl::Number number(std::string pointer, double value) {
  sdl::Number field;
  field.pointer = std::move(pointer);
  field.present = true;
  field.value = value;
  return field;
}

// A valid service with nothing but its four required fields.
sdl::ServiceDescriptor service() {
  sdl::ServiceDescriptor model;
  model.isObject = true;
  model.name = text("/name", "FOO");
  model.label = text("/label", "Foo");
  model.description = text("/description", "d");
  model.version = text("/version", "1");
  return model;
}

sdl::FieldFindings check(const sdl::ServiceDescriptor& model, const parcel::csd::DescriptorOptions& options = {}) {
  sdl::FieldFindings out;
  sdl::checkFields(model, options, out);
  CHECK(out.after.size() == out.items.items().size());
  return out;
}

}  // namespace

TEST_CASE("the field pass on a hand-built model: the field rules, with no JSON") {
  CHECK(check(service()).items.empty());

  sdl::ServiceDescriptor model = service();
  model.name = text("/name", "foo");
  model.description = text("/description", " ");
  model.version = absent("/version");
  sdl::Parameter parameter;
  parameter.pointer = "/parameters/0";
  parameter.isObject = true;
  parameter.type = text("/parameters/0/type", "long");
  parameter.name = text("/parameters/0/name", "p");
  parameter.label = text("/parameters/0/label", "l");
  parameter.description = text("/parameters/0/description", "d");
  parameter.min = number("/parameters/0/min", 5);
  parameter.max = number("/parameters/0/max", 1);
  model.parameters.push_back(parameter);
  const sdl::FieldFindings out = check(model);
  CHECK(findings(out.items) ==
        std::vector<Finding>{
            {E, "/name", "invalid-name", "\"foo\" must contain only upper-case letters, digits and '_'"},
            {E, "/description", "blank-field", "must be present and not blank"},
            {E, "/version", "missing-field", "must be present and not blank"},
            {E, "/parameters/0", "parameter-bounds", "p must satisfy \"min == null or max == null or min < max\""},
        });
  CHECK(out.after == std::vector<std::size_t>{0, 0, 0, 0});  // no decoding finding precedes them
}

TEST_CASE("the field pass: what the decode pass rejected or could not read is not checked again") {
  sdl::ServiceDescriptor model = service();
  model.label = absent("/label");
  model.label.present = true;  // there, but of a wrong type: the decode pass reported it
  sdl::Role role;  // not an object: the decode pass reported it, its fields are not missing
  role.pointer = "/roles/0";
  model.roles.push_back(role);
  sdl::Parameter untyped;  // no parameter type: its fields are unknown
  untyped.pointer = "/parameters/0";
  untyped.isObject = true;
  model.parameters.push_back(untyped);
  CHECK(check(model).items.empty());
}

TEST_CASE("the field pass: unique names and file-name advice, each after what the decode pass reported first") {
  sdl::ServiceDescriptor model = service();
  for (int i = 0; i < 2; ++i) {
    sdl::ServiceCommand command;
    const std::string at = "/commands/" + std::to_string(i);
    command.pointer = at;
    command.isObject = true;
    command.name = text(at + "/name", "start");
    command.label = text(at + "/label", "l");
    command.description = text(at + "/description", "d");
    command.roleName = text(at + "/roleName", "FOO_MASTER");
    command.roleCommand = text(at + "/roleCommand", "run");
    command.runMode = text(at + "/runMode", "every");
    command.runMode.seen = 1 + i;  // after the decoding findings of its command
    model.commands.push_back(command);
  }
  model.commands.seenEnd = 3;
  sdl::Role role;
  role.pointer = "/roles/0";
  role.isObject = true;
  role.name = text("/roles/0/name", "FOO_MASTER");
  role.label = text("/roles/0/label", "l");
  role.pluralLabel = text("/roles/0/pluralLabel", "p");
  role.startRunnerAt = {"/roles/0/startRunner", true, 3};
  role.configWriter.emplace().isObject = true;
  sdl::AuxGenerator aux{true, text("/roles/0/configWriter/auxConfigGenerators/0/filename", "aux.conf")};
  role.configWriter->auxConfigGenerators.push_back(aux);
  model.roles.push_back(role);
  const sdl::FieldFindings out = check(model);
  CHECK(findings(out.items) ==
        std::vector<Finding>{
            {W, "/roles/0/configWriter/auxConfigGenerators/0/filename", "filename-without-directory",
             "\"aux.conf\" should be inside a sub-directory, e.g. \"conf/aux.conf\""},
            {E, "/commands/0/runMode", "invalid-value", "\"every\" is not one of: all, single"},
            {E, "/commands/1/runMode", "invalid-value", "\"every\" is not one of: all, single"},
            {E, "/commands/1/name", "not-unique", "command \"start\" must be unique in the list"},
        });
  CHECK(out.after == std::vector<std::size_t>{0, 1, 2, 3});
  parcel::csd::DescriptorOptions strict;
  strict.strict = true;  // --strict leaves the advice out
  CHECK(check(model, strict).items.items().size() == 3);
}

TEST_CASE("mergeFindings: each field finding after the decoding findings that preceded it, in a stable order") {
  Diagnostics decoded;
  for (const char* pointer : {"/d0", "/d1", "/d2"}) decoded.error(pointer, "wrong-type", "d");
  sdl::FieldFindings fields;
  const std::vector<std::pair<const char*, std::size_t>> items = {{"/f0", 1}, {"/f1", 0}, {"/f2", 3}, {"/f3", 1}};
  for (const auto& [pointer, after] : items) {
    fields.items.error(pointer, "missing-field", "f");
    fields.after.push_back(after);
  }
  Diagnostics out;
  out.warning("/before", "kept", "what `out` held stays first");
  sdl::mergeFindings(decoded, fields, out);
  std::vector<std::string> order;
  for (const auto& item : out.items()) order.push_back(item.pointer);
  CHECK(order == std::vector<std::string>{"/before", "/f1", "/d0", "/f0", "/f3", "/d1", "/d2", "/f2"});
}
