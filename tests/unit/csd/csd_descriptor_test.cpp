// service.sdl / service.mdl validation against the reference fixtures
// (tests/data/reference/SOURCES.md): verdicts, exact error counts and pointers.
#include "diagnostics_support.hpp"
#include "parcel/csd/descriptor.hpp"
#include "parcel/model/alternatives.hpp"
#include "parcel/model/manifest.hpp"
#include "parcel/model/parcel_metadata.hpp"
#include "parcel/model/permissions.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <functional>
#include <set>
#include <tuple>
#include <vector>

namespace {

using parcel::Diagnostics;
using parcel::Severity;
using parcel::csd::DescriptorOptions;

Diagnostics validate(const std::string& fixture, DescriptorOptions options = {}, bool mdl = false) {
  Diagnostics out;
  const std::string text = parcel::test::readFile(parcel::test::dataPath("reference/" + fixture));
  if (mdl)
    parcel::csd::readMdl(text, options, out);
  else
    parcel::csd::readSdl(text, options, out);
  if (options.strict) out.promoteWarnings();  // what `validate --strict` does
  return out;
}

std::set<std::string> errorPointers(const Diagnostics& out) {
  std::set<std::string> pointers;
  for (const auto& item : out.items()) {
    if (item.severity == Severity::Error) pointers.insert(item.pointer);
  }
  return pointers;
}

std::set<std::string> codes(const Diagnostics& out) {
  std::set<std::string> found;
  for (const auto& item : out.items()) found.insert(item.code);
  return found;
}

DescriptorOptions strict(std::vector<std::string> types = {}) {
  DescriptorOptions options;
  options.strict = true;
  options.extraServiceTypes = std::move(types);
  return options;
}

}  // namespace

TEST_CASE("valid cm_ext fixtures have no error and, in strict mode, nothing at all") {
  for (const char* fixture : {"cloudera-cm_ext__service_full.sdl", "cloudera-cm_ext__service_valid.sdl"}) {
    CAPTURE(fixture);
    CHECK(validate(fixture).errorCount() == 0);
    CHECK(validate(fixture, strict()).items().empty());
  }
  CHECK(validate("cloudera-cm_ext__service_full.mdl", {}, true).items().empty());
}

TEST_CASE("ECHO: valid in strict mode; the two file names without sub-directory are warnings by default") {
  const Diagnostics relaxed = validate("cloudera-cm_csds__ECHO__service.sdl");
  CHECK(relaxed.errorCount() == 0);
  REQUIRE(relaxed.warningCount() == 2);
  CHECK(relaxed.items()[0].code == "filename-without-directory");
  CHECK(relaxed.items()[0].pointer == "/roles/0/configWriter/generators/0/filename");
  CHECK(relaxed.items()[1].pointer == "/roles/0/configWriter/peerConfigGenerators/0/filename");
  CHECK(validate("cloudera-cm_csds__ECHO__service.sdl", strict()).items().empty());
}

TEST_CASE("KAFKA: valid in strict mode") {
  CHECK(validate("cloudera-cm_csds__KAFKA__service.sdl").errorCount() == 0);
  CHECK(validate("cloudera-cm_csds__KAFKA__service.sdl", strict()).items().empty());
}

TEST_CASE("ZEPPELIN: valid in strict mode with LIVY_FOR_SPARK3; without it exactly that dependency fails") {
  CHECK(validate("cloudera-cm_csds__ZEPPELIN__service.sdl", strict({"LIVY_FOR_SPARK3"})).items().empty());
  const Diagnostics without = validate("cloudera-cm_csds__ZEPPELIN__service.sdl");
  CHECK(without.errorCount() == 1);
  CHECK(errorPointers(without) == std::set<std::string>{"/serviceDependencies/4/name"});
  CHECK(codes(without) == std::set<std::string>{"unknown-service-type"});
}

TEST_CASE("service_unknown_elements: valid by default, exactly 1 error in strict mode") {
  const Diagnostics relaxed = validate("cloudera-cm_ext__service_unknown_elements.sdl");
  CHECK(relaxed.errorCount() == 0);
  CHECK(relaxed.warningCount() == 1);
  const Diagnostics strictly = validate("cloudera-cm_ext__service_unknown_elements.sdl", strict());
  CHECK(strictly.errorCount() == 1);
  CHECK(errorPointers(strictly) == std::set<std::string>{"/unknown"});
  CHECK(strictly.items()[0].code == "unknown-field");
}

TEST_CASE("service_dependency: FOO and SPARK unknown; with FOO exactly SPARK; with SPARK,FOO valid") {
  CHECK(errorPointers(validate("cloudera-cm_ext__service_dependency.sdl")) ==
        std::set<std::string>{"/serviceDependencies/0/name", "/serviceDependencies/1/name"});
  DescriptorOptions foo;
  foo.extraServiceTypes = {"FOO"};
  const Diagnostics withFoo = validate("cloudera-cm_ext__service_dependency.sdl", foo);
  REQUIRE(withFoo.errorCount() == 1);
  CHECK(withFoo.items()[0].pointer == "/serviceDependencies/1/name");
  CHECK(withFoo.items()[0].message.find("\"SPARK\" must be a valid service type") == 0);
  DescriptorOptions both;
  both.extraServiceTypes = {"SPARK", "FOO"};
  CHECK(validate("cloudera-cm_ext__service_dependency.sdl", both).items().empty());
}

TEST_CASE("service_scopeServiceCmd: exactly the 2 role commands of the wrong role") {
  const Diagnostics out = validate("cloudera-cm_ext__service_scopeServiceCmd.sdl");
  CHECK(out.errorCount() == 2);
  CHECK(errorPointers(out) == std::set<std::string>{"/commands/1/roleCommand", "/commands/2/roleCommand"});
  CHECK(codes(out) == std::set<std::string>{"invalid-reference"});
}

TEST_CASE("service_badBoundsParameter: exactly 1, min < softMin") {
  const Diagnostics out = validate("cloudera-cm_ext__service_badBoundsParameter.sdl");
  REQUIRE(out.errorCount() == 1);
  CHECK(out.items()[0].pointer == "/parameters/0");
  CHECK(out.items()[0].code == "parameter-bounds");
  CHECK(out.items()[0].message == "my_param must satisfy \"min == null or softMin == null or min < softMin\"");
}

TEST_CASE("the dialect: comments allowed, duplicate keys reported, syntax errors located") {
  Diagnostics out;
  auto json = parcel::csd::parseRelaxedJson("/* head */ {\"a\": 1, // line\n \"a\": 2}", out);
  REQUIRE(json);
  CHECK((*json)["a"] == 2);
  REQUIRE(out.items().size() == 1);
  CHECK(out.items()[0].code == "duplicate-key");
  CHECK(out.items()[0].pointer == "/a");
  Diagnostics bad;
  CHECK_FALSE(parcel::csd::parseRelaxedJson("{\"a\": }", bad));
  CHECK(bad.items().at(0).code == "invalid-json");
}

TEST_CASE("field constraints: reserved names, enums, coercion, field errors hide references") {
  Diagnostics out;
  parcel::csd::readSdl(R"({"name": "HDFS", "label": "x", "description": "x", "version": 1,
    "roles": [{"name": "DATANODE", "label": "l", "pluralLabel": "p", "startRunner": {"program": "scripts/a.sh"},
               "logging": {"dir": "/d", "filename": "f", "loggingType": "LOG4J"},
               "topology": {"minInstances": "2", "maxInstances": 1}}],
    "commands": [{"name": "c", "label": "l", "description": "d", "roleName": "NOPE", "roleCommand": "x", "runMode": "all"}]})",
                       {}, out);
  CHECK(errorPointers(out) ==
        std::set<std::string>{"/name", "/roles/0/name", "/roles/0/logging/loggingType", "/roles/0/topology"});
  CHECK(codes(out) == std::set<std::string>{"reserved-name", "invalid-value", "topology-bounds"});
}

TEST_CASE("substitutions: parameters in scope, role extras and the ${log_dir} of a role with logging") {
  Diagnostics out;
  parcel::csd::readSdl(R"({"name": "X", "label": "x", "description": "x", "version": "1",
    "parameters": [{"name": "p", "label": "l", "description": "d", "type": "string"}],
    "roles": [{"name": "X_R", "label": "l", "pluralLabel": "p",
               "startRunner": {"program": "scripts/a.sh", "args": ["${p}", "${host}", "${q}"],
                               "environmentVariables": {"LOG": "${log_dir}"}}}]})",
                       {}, out);
  CHECK(errorPointers(out) ==
        std::set<std::string>{"/roles/0/startRunner/args/2", "/roles/0/startRunner/environmentVariables/LOG"});
  CHECK(codes(out) == std::set<std::string>{"invalid-substitution"});
}

TEST_CASE("mdl: metric names must start with the service name") {
  Diagnostics out;
  parcel::csd::readMdl(R"({"name": "ECHO", "version": "1", "metricDefinitions": [
    {"name": "other_metric", "label": "l", "description": "d", "numeratorUnit": "x"},
    {"name": "echo_ops_rate", "label": "l", "description": "d", "numeratorUnit": "x"}]})",
                       {}, out);
  CHECK(errorPointers(out) == std::set<std::string>{"/metricDefinitions/0/name"});
}

TEST_CASE("mdl: a parent entity must be nameable from the child's attributes") {
  // ECHO_FILE's name is built from serviceName and echoDisk; ECHO_BLOCK has only the
  // first, so CM could not name its parent. Role and service parents carry no format.
  const std::string mdl = R"({"name": "ECHO", "version": "1",
    "roles": [{"name": "ECHO_WEBSERVER"}],
    "metricEntityAttributeDefinitions": [
      {"name": "echoDisk", "label": "l", "description": "d"},
      {"name": "echoBlock", "label": "l", "description": "d"}],
    "metricEntityTypeDefinitions": [
      {"name": "ECHO_FILE", "label": "l", "labelPlural": "ls", "description": "d",
       "immutableAttributeNames": ["serviceName", "echoDisk"], "entityNameFormat": ["serviceName", "echoDisk"],
       "parentMetricEntityTypeNames": ["ECHO", "ECHO-ECHO_WEBSERVER"]},
      {"name": "ECHO_BLOCK", "label": "l", "labelPlural": "ls", "description": "d",
       "immutableAttributeNames": ["serviceName", "echoBlock"], "mutableAttributeNames": ["roleName"],
       "entityNameFormat": ["echoBlock"], "parentMetricEntityTypeNames": ["ECHO_FILE"]}]})";
  Diagnostics out;
  parcel::csd::readMdl(mdl, {}, out);
  REQUIRE(out.items().size() == 1);
  const auto& item = out.items().front();
  CHECK(errorPointers(out).size() == 1);
  CHECK(item.code == "parent-unreachable");
  CHECK(item.pointer == "/metricEntityTypeDefinitions/1/parentMetricEntityTypeNames/0");
  CHECK(item.message == R"(entity type "ECHO_BLOCK" lacks attribute "echoDisk" needed to name its parent "ECHO_FILE")");

  Diagnostics fixed;
  std::string reachable = mdl;
  reachable.replace(reachable.find(R"(["roleName"])"), 12, R"(["roleName", "echoDisk"])");
  parcel::csd::readMdl(reachable, {}, fixed);
  CHECK(fixed.items().empty());
}

// ---- issue 13: Cloudera's verdicts on real CSDs ------------------------------------------

TEST_CASE("every Cloudera CSD of cm_csds is valid, and valid under --strict") {
  for (const char* name : {"ACCUMULO", "ACCUMULO16", "ECHO", "KAFKA", "KMS", "SPARK", "SPARK_ON_YARN53",
                           "SPARK_ON_YARN54", "SPARK_ON_YARN5_10", "SQOOP_CLIENT", "ZEPPELIN"}) {
    CAPTURE(name);
    const std::string fixture = std::string("cloudera-cm_csds__") + name + "__service.sdl";
    // SOURCES.md: ZEPPELIN names LIVY_FOR_SPARK3, a type of Cloudera's later releases.
    const std::vector<std::string> types =
        std::string(name) == "ZEPPELIN" ? std::vector<std::string>{"LIVY_FOR_SPARK3"} : std::vector<std::string>{};
    DescriptorOptions relaxed;
    relaxed.extraServiceTypes = types;
    CHECK(validate(fixture, relaxed).errorCount() == 0);
    CHECK(validate(fixture, strict(types)).items().empty());
  }
}

namespace {

// A small valid SDL; `extra` is spliced in at the top level.
std::string sdlWith(const std::string& extra, const std::string& roleExtra = "") {
  return R"({"name": "FOO", "label": "Foo", "description": "d", "version": "1",
    "parameters": [{"name": "svc_param", "label": "l", "description": "d", "type": "string"}],
    "roles": [{"name": "FOO_MASTER", "label": "l", "pluralLabel": "p", "startRunner": {"program": "scripts/a.sh"},
               "logging": {"dir": "/var/log/foo", "filename": "foo.log"},
               "commands": [{"name": "master_cmd", "label": "l", "description": "d", "expectedExitCodes": [0],
                             "commandRunner": {"program": "scripts/a.sh"}}],
               "parameters": [{"name": "master_port", "label": "l", "description": "d", "type": "port",
                               "default": 1234}])" +
      roleExtra + R"(},
              {"name": "FOO_WORKER", "label": "l", "pluralLabel": "p", "startRunner": {"program": "scripts/a.sh"},
               "parameters": [{"name": "worker_heap", "label": "l", "description": "d", "type": "long"}]}])" +
      extra + "}";
}

Diagnostics readText(const std::string& text, DescriptorOptions options = {}) {
  Diagnostics out;
  parcel::csd::readSdl(text, options, out);
  if (options.strict) out.promoteWarnings();
  return out;
}

// A file of tests/data/real-world read for Cloudera Manager `release`, by default or as `--strict` does.
Diagnostics readRealWorld(const std::string& file, int release, bool strictMode) {
  DescriptorOptions options = strictMode ? strict() : DescriptorOptions{};
  options.cmVersion = release;
  return readText(parcel::test::readFile(parcel::test::dataPath("real-world/" + file)), options);
}

std::string only(const Diagnostics& out) {
  INFO(parcel::test::describe(out));
  REQUIRE(out.items().size() == 1);
  return out.items()[0].pointer + " " + out.items()[0].code + ": " + out.items()[0].message;
}

}  // namespace

TEST_CASE("additional scopes: stopRunner, providesKms, service commands and peerConfigGenerators see their role") {
  SUBCASE("stopRunner uses its masterRole's parameters and log_dir") {
    const auto out = readText(sdlWith(R"(, "stopRunner": {"masterRole": "FOO_MASTER", "runner": {"program": "s.sh",
        "environmentVariables": {"P": "${master_port}", "L": "${log_dir}", "S": "${svc_param}"}}})"));
    CHECK(out.items().empty());
  }
  SUBCASE("a parameter of another role is still out of scope, and the message names the role searched") {
    const auto out = readText(sdlWith(R"(, "stopRunner": {"masterRole": "FOO_MASTER", "runner": {"program": "s.sh",
        "environmentVariables": {"H": "${worker_heap}"}}})"));
    CHECK(only(out) ==
          "/stopRunner/runner/environmentVariables/H invalid-substitution: has invalid substitutions [worker_heap]. "
          "Substitutions available: [group, host, log_dir, master_port, svc_param, user] (searched the service's "
          "parameters and those of role FOO_MASTER)");
  }
  SUBCASE("providesKms URLs use the parameters of roleName") {
    CHECK(readText(
              sdlWith(
                  R"(, "providesKms": {"roleName": "FOO_MASTER", "insecureUrl": "http://${host}:${master_port}/kms"})"))
              .items()
              .empty());
    const auto out = readText(
        sdlWith(R"(, "providesKms": {"roleName": "FOO_WORKER", "secureUrl": "https://${host}:${master_port}"})"));
    CHECK(only(out) ==
          "/providesKms/secureUrl invalid-substitution: has invalid substitutions [master_port]. Substitutions "
          "available: [group, host, svc_param, user, worker_heap] (searched the service's parameters and those of "
          "role FOO_WORKER)");
  }
  SUBCASE("a service command's roleCommand resolves in its role") {
    CHECK(readText(sdlWith(R"(, "commands": [{"name": "c", "label": "l", "description": "d", "roleName": "FOO_MASTER",
        "roleCommand": "master_cmd", "runMode": "all"}])"))
              .items()
              .empty());
    const auto out = readText(sdlWith(R"(, "commands": [{"name": "c", "label": "l", "description": "d",
        "roleName": "FOO_WORKER", "roleCommand": "master_cmd", "runMode": "all"}])"));
    CHECK(only(out) ==
          "/commands/0/roleCommand invalid-reference: has invalid reference: master_cmd. References "
          "available: []");
  }
  SUBCASE("peerConfigGenerators params resolve in roleName's scope") {
    const std::string writer = R"(, "configWriter": {"peerConfigGenerators": [{"filename": "conf/peers.properties",
        "roleName": "FOO_WORKER", "params": ["worker_heap"]}]})";
    CHECK(readText(sdlWith("", writer), strict()).items().empty());
    const auto out = readText(sdlWith("", R"(, "configWriter": {"peerConfigGenerators": [{"filename": "conf/p",
        "roleName": "FOO_WORKER", "params": ["master_port"]}]})"));
    CHECK(only(out) ==
          "/roles/0/configWriter/peerConfigGenerators/0/params/0 invalid-reference: has invalid "
          "reference: master_port. References available: [svc_param, worker_heap]");
  }
  SUBCASE("the role named must exist") {
    const auto out = readText(sdlWith(R"(, "stopRunner": {"masterRole": "NOPE", "runner": {"program": "s.sh"}})"));
    CHECK(only(out) ==
          "/stopRunner/masterRole invalid-reference: has invalid reference: NOPE. References available: "
          "[FOO_MASTER, FOO_WORKER]");
  }
}

TEST_CASE("the leniencies real SDLs rely on are warnings that show the value and the clean spelling") {
  struct Row {
    const char* name;
    std::string text;
    std::string finding;
  };
  const std::vector<Row> rows = {
      {"empty string for an optional number", sdlWith("", R"(, "topology": {"minInstances": ""})"),
       "/roles/0/topology/minInstances empty-number: \"\" for a number: Cloudera Manager reads it as no value; "
       "remove \"minInstances\" or give a number"},
      {"empty default of a port parameter",
       sdlWith(R"(, "gateway": {"alternatives": {"name": "a", "linkRoot": "/etc/foo", "priority": 50},
           "configWriter": {}, "parameters": [{"name": "gw_port", "label": "l", "description": "d", "type": "port",
           "default": ""}]})"),
       "/gateway/parameters/0/default empty-number: \"\" for a number: Cloudera Manager reads it as no value; "
       "remove \"default\" or give a number"},
      {"1 for a boolean", sdlWith(R"(, "inExpressWizard": 1)"),
       "/inExpressWizard number-for-boolean: 1 for a boolean: Cloudera Manager reads it as true; write true"},
      {"0 for a boolean parameter's default",
       sdlWith(R"(, "gateway": {"alternatives": {"name": "a", "linkRoot": "/etc/foo", "priority": 50},
           "configWriter": {}, "parameters": [{"name": "b", "label": "l", "description": "d", "type": "boolean",
           "default": 0}]})"),
       "/gateway/parameters/0/default number-for-boolean: 0 for a boolean: Cloudera Manager reads it as false; write "
       "false"},
      {"empty repoUrl", sdlWith(R"(, "parcel": {"repoUrl": "", "requiredTags": ["cdh"]})"),
       "/parcel/repoUrl empty-url: an empty repoUrl: Cloudera Manager adds no parcel repository; remove \"repoUrl\" "
       "or give a URL"},
      {"text after the root object", sdlWith("") + "\n}\n",
       " trailing-text: text after the end of the document at line 11, column 1, near '^}' (^ marks the spot), is "
       "ignored by Cloudera Manager; remove it"},
      {"duplicate key", sdlWith(R"(, "inExpressWizard": "false", "inExpressWizard": "true")"),
       "/inExpressWizard duplicate-key: duplicate key \"inExpressWizard\": Cloudera Manager uses the last value "
       "(\"true\") and ignores the earlier one (\"false\"); keep only the one you mean"},
  };
  for (const Row& row : rows) {
    INFO(std::string(row.name));
    const Diagnostics relaxed = readText(row.text);
    CHECK(relaxed.errorCount() == 0);
    CHECK(only(relaxed) == row.finding);
    const Diagnostics strictOut = readText(row.text, strict());  // --strict: the same finding, as an error
    CHECK(strictOut.errorCount() == 1);
    CHECK(only(strictOut) == row.finding);
  }
}

TEST_CASE("other numbers for a boolean and non-empty strings for a number stay errors, quoting the value") {
  CHECK(only(readText(sdlWith(R"(, "inExpressWizard": 2)"))) ==
        "/inExpressWizard wrong-type: must be a boolean, not the integer 2");
  CHECK(only(readText(sdlWith("", R"(, "topology": {"minInstances": "one"})"))) ==
        "/roles/0/topology/minInstances wrong-type: must be an integer, not the string \"one\"");
  CHECK(only(readText(sdlWith(R"(, "parcel": {"repoUrl": "not a url", "requiredTags": ["cdh"]})"))) ==
        "/parcel/repoUrl invalid-url: \"not a url\" must be a valid URL");
  CHECK(only(readText(sdlWith(R"(, "hdfsDirs": [{"name": "d", "label": "l", "description": "d",
      "directoryDescription": "d", "path": "/x", "permissions": "777"}])"))) ==
        "/hdfsDirs/0/permissions invalid-permissions: must be a four digit octal file permission, not \"777\"; write "
        "\"0777\"");
}

TEST_CASE("--cm-version selects the built-in service types a dependency may name") {
  const std::string sdl =
      sdlWith(R"(, "serviceDependencies": [{"name": "ZOOKEEPER"}, {"name": "KAFKA"}, {"name": "KNOX"}])");
  DescriptorOptions options;
  CHECK(readText(sdl, options).items().empty());  // default: CM 7
  options.cmVersion = 6;
  CHECK(only(readText(sdl, options)) ==
        "/serviceDependencies/2/name unknown-service-type: \"KNOX\" must be a valid service type (KNOX is built into "
        "Cloudera Manager 7 and later; the target is CM 6: raise --cm-version, or add it with --service-types if "
        "your CM has it)");
  options.cmVersion = 5;
  const Diagnostics five = readText(sdl, options);
  CHECK(parcel::test::errorPointers(five) ==
        std::set<std::string>{"/serviceDependencies/1/name", "/serviceDependencies/2/name"});
  CHECK(parcel::test::messageAt(five, "/serviceDependencies/1/name", "unknown-service-type")
            .rfind("\"KAFKA\" must be a valid service type (KAFKA is built into Cloudera Manager 6 and later", 0) == 0);
  options.extraServiceTypes = {"KAFKA", "KNOX"};
  CHECK(readText(sdl, options).items().empty());
  CHECK(parcel::csd::parseCmVersion("5") == 5);
  CHECK_FALSE(parcel::csd::parseCmVersion("8").has_value());
  CHECK_FALSE(parcel::csd::parseCmVersion("").has_value());
  CHECK_FALSE(parcel::csd::parseCmVersion("7.1").has_value());
  // A CSD's own name is checked against CM 5's list in every release: Cloudera's KAFKA CSD stays valid.
  options = {};
  CHECK(validate("cloudera-cm_csds__KAFKA__service.sdl", options).errorCount() == 0);
}

TEST_CASE("real-world files: Cloudera's verdict and the exact error codes (tests/data/real-world/SOURCES.md)") {
  struct Row {
    const char* file;
    std::vector<std::pair<std::string, std::string>> errors;  // (pointer, code), in report order
  };
  const std::vector<Row> rows = {
      {"cloudera-cm_csds__ISILON__service.sdl", {}},
      {"cloudera-cm_csds__S3A__service.sdl", {{"/name", "reserved-name"}}},
      {"cloudera-cm_csds__S3A-510__service.sdl", {{"/name", "reserved-name"}}},
      {"cloudera-cm_csds__S3A-511__service.sdl", {{"/name", "reserved-name"}}},
      // cm_ext's own validator fixtures; the verdict is what its tests assert.
      {"cloudera-cm_ext__references_service_externalLinks.sdl", {{"/rolesWithExternalLinks/0", "invalid-reference"}}},
      {"cloudera-cm_ext__references_service_gracefulStop.sdl",
       {{"/stopRunner/masterRole", "invalid-reference"}, {"/stopRunner/relevantRoleTypes/0", "invalid-reference"}}},
      {"cloudera-cm_ext__references_service_scopeGracefulStop.sdl",
       {{"/stopRunner/runner/environmentVariables/BAD_VAR", "invalid-substitution"}}},
      // Cloudera counts 2: also roleCommand "role_cmd1", looked up in the role that does not exist.
      {"cloudera-cm_ext__references_service_serviceCmd.sdl", {{"/commands/2/roleName", "invalid-reference"}}},
      {"cloudera-cm_ext__references_service_serviceInit.sdl",
       {{"/serviceInit/preStartSteps/1/commandName", "invalid-reference"}}},
      {"cloudera-cm_ext__references_service_subsExternalLinks.sdl",
       {{"/roles/0/additionalExternalLinks/0/url", "invalid-substitution"}}},
      {"cloudera-cm_ext__references_service_subsLoggingDir.sdl",
       {{"/roles/1/logging/filename", "invalid-substitution"}}},
      {"cloudera-cm_ext__service_badAutoConfigShares.sdl", {{"/roles/0/parameters", "autoconfig-shares"}}},
      {"cloudera-cm_ext__service_badCompatibility.sdl", {{"/compatibility/generation", "out-of-range"}}},
      {"cloudera-cm_ext__service_badDependencyType.sdl", {{"/serviceDependencies/0/name", "unknown-service-type"}}},
      {"cloudera-cm_ext__service_badHdfsDirPerm.sdl", {{"/hdfsDirs/0/permissions", "invalid-permissions"}}},
      {"cloudera-cm_ext__service_badparcelurl.sdl", {{"/parcel/repoUrl", "invalid-url"}}},
      {"cloudera-cm_ext__service_emptyName.sdl", {{"/name", "blank-field"}, {"/label", "blank-field"}}},
      {"cloudera-cm_ext__service_emptyRequiredCollection.sdl", {{"/parameters/0/validValues", "empty-list"}}},
      {"cloudera-cm_ext__service_goodAutoConfigShares.sdl", {}},
      {"cloudera-cm_ext__service_goodBoundsParameter.sdl", {}},
      {"cloudera-cm_ext__service_missingName.sdl", {{"/name", "missing-field"}}},
      {"cloudera-cm_ext__service_missingRunAsUser.sdl", {{"/runAs/user", "missing-field"}}},
      {"cloudera-cm_ext__service_multipleErrors.sdl", {{"/name", "missing-field"}, {"/label", "missing-field"}}},
      {"cloudera-cm_ext__service_nonUniqueRoleGlobal.sdl", {{"/roles/0/name", "reserved-name"}}},
      {"cloudera-cm_ext__service_nonUniqueServiceGlobal.sdl", {{"/name", "reserved-name"}}},
      {"cloudera-cm_ext__service_nonunique.sdl", {{"/roles/1/name", "not-unique"}}},
      // Cloudera reports a set of messages: one per field, where we name each repeated entry.
      {"cloudera-cm_ext__service_nonuniqueMultiple.sdl",
       {{"/parameters/1/name", "not-unique"},
        {"/parameters/1/configName", "not-unique"},
        {"/parameters/2/configName", "not-unique"}}},
      {"cloudera-cm_ext__service_serviceTypeNotUppercase.sdl", {{"/name", "invalid-name"}}},
      {"cloudera-cm_ext__service_topologyRangeCheck.sdl", {{"/roles/0/topology", "topology-bounds"}}},
  };
  for (const Row& row : rows) {
    CAPTURE(row.file);
    for (int release : {5, 7}) {
      CAPTURE(release);
      for (bool strictMode : {false, true}) {
        CAPTURE(strictMode);
        const Diagnostics out = readRealWorld(row.file, release, strictMode);
        INFO(parcel::test::describe(out));
        CHECK(parcel::test::findingsOf(out) == parcel::test::Findings(row.errors.begin(), row.errors.end()));
      }
    }
  }
}

TEST_CASE("third-party CSDs: Cloudera's verdict in default and --strict mode (tests/data/real-world/SOURCES.md)") {
  // Vendors' own service.sdl files. Cloudera ignores unknown fields unless its
  // validator runs with -x, and its strict builds do not fail on a file name
  // without a sub-directory, so the findings differ between the two modes.
  using parcel::test::Findings;
  struct Row {
    const char* file;
    Findings relaxed;  // (pointer, code) in report order, all warnings
    Findings strictErrors;  // what --strict reports, all errors
  };
  const auto noDirectory = [](const std::string& pointer) {
    return std::make_pair(pointer, std::string("filename-without-directory"));
  };
  const auto unknown = [](const std::string& pointer) { return std::make_pair(pointer, std::string("unknown-field")); };
  const std::vector<Row> rows = {
      // "isModifiable" is not LoggingDescriptor's property (its getter isModifiable() reads as "modifiable").
      {"cdapio-cm_csd__src_descriptor_service.sdl",
       {unknown("/roles/0/logging/isModifiable"), noDirectory("/roles/0/configWriter/generators/0/filename"),
        noDirectory("/roles/0/configWriter/peerConfigGenerators/0/filename"), unknown("/roles/1/logging/isModifiable"),
        noDirectory("/roles/1/configWriter/generators/0/filename"),
        noDirectory("/roles/1/configWriter/peerConfigGenerators/0/filename"), unknown("/roles/2/logging/isModifiable"),
        noDirectory("/roles/2/configWriter/generators/0/filename"),
        noDirectory("/roles/2/configWriter/peerConfigGenerators/0/filename"),
        noDirectory("/roles/2/configWriter/auxConfigGenerators/0/filename"),
        noDirectory("/roles/3/configWriter/generators/0/filename"),
        noDirectory("/roles/3/configWriter/peerConfigGenerators/0/filename"), unknown("/roles/4/logging/isModifiable"),
        noDirectory("/roles/4/configWriter/generators/0/filename"),
        noDirectory("/roles/4/configWriter/peerConfigGenerators/0/filename"),
        noDirectory("/gateway/configWriter/peerConfigGenerators/0/filename")},
       {unknown("/roles/0/logging/isModifiable"), unknown("/roles/1/logging/isModifiable"),
        unknown("/roles/2/logging/isModifiable"), unknown("/roles/4/logging/isModifiable")}},
      {"combigdata-spark-cdh__csd_src_descriptor_service.sdl", {}, {}},
      // peerConfigGenerators "port_num" is a service parameter: in scope beside PROBOS_CONTROLLER's own.
      {"probos-pbs-probos__src_csd_descriptor_service.sdl",
       {noDirectory("/roles/0/configWriter/generators/0/filename")},
       {}},
  };
  for (const Row& row : rows) {
    CAPTURE(row.file);
    for (int release : {5, 7}) {
      CAPTURE(release);
      const Diagnostics lenient = readRealWorld(row.file, release, false);
      INFO(parcel::test::describe(lenient));
      CHECK(lenient.errorCount() == 0);  // Cloudera's default verdict: valid
      CHECK(parcel::test::findingsOf(lenient) == row.relaxed);
      const Diagnostics strictOut = readRealWorld(row.file, release, true);
      INFO(parcel::test::describe(strictOut));
      CHECK(strictOut.errorCount() == row.strictErrors.size());  // Cloudera with -x
      CHECK(parcel::test::findingsOf(strictOut) == row.strictErrors);
    }
  }
}

TEST_CASE("real-world parcel files: Cloudera's verdict is ours (tests/data/real-world/SOURCES.md)") {
  enum class Kind { ParcelJson, Alternatives, Permissions };
  struct Row {
    const char* file;
    Kind kind;
    bool valid;  // Cloudera's verdict
    parcel::test::Findings findings;  // (pointer, code) in report order
  };
  const std::vector<Row> rows = {
      {"travel-intelligence-drill-parcel__meta_parcel.json",
       Kind::ParcelJson,
       true,
       {{"/version", "version-unusual-character"}}},
      {"travel-intelligence-drill-parcel__meta_alternatives.json", Kind::Alternatives, true, {}},
      {"teamclairvoyant-apache-airflow-cloudera-parcel__meta_parcel.json", Kind::ParcelJson, true, {}},
      {"teamclairvoyant-apache-airflow-cloudera-parcel__meta_alternatives.json", Kind::Alternatives, true, {}},
      {"cloudera-cm_ext__CDH-5.0.0-0.cdh5b2.p0.282__meta_alternatives.json", Kind::Alternatives, true, {}},
      {"cdapio-cm_csd__parcel_build_src_parcel_meta_alternatives.json", Kind::Alternatives, true, {}},
      {"travel-intelligence-drill-parcel__meta_alternatives-fd44059.json", Kind::Alternatives, true, {}},
      {"probos-pbs-probos__meta_alternatives.json", Kind::Alternatives, true, {}},
      {"probos-pbs-probos__meta_permissions.json", Kind::Permissions, true, {}},  // no newline at the end
      {"probos-pbs-probos__meta_parcel-35c459e.json", Kind::ParcelJson, true, {}},
      {"cloudera-cm_ext__CDH-5.0.0-0.cdh5b2.p0.282__meta_permissions.json", Kind::Permissions, true, {}},
      // Both miss scripts.defines too, which Cloudera's later rule (missing_defines.json) requires.
      {"cloudera-cm_ext__missing_name_parcel.json",
       Kind::ParcelJson,
       false,
       {{"/name", "missing-field"}, {"/scripts/defines", "missing-field"}}},
      {"cloudera-cm_ext__missing_schema_parcel.json",
       Kind::ParcelJson,
       false,
       {{"/schema_version", "missing-field"}, {"/scripts/defines", "missing-field"}}},
  };
  for (const Row& row : rows) {
    CAPTURE(row.file);
    const std::string text = parcel::test::readFile(parcel::test::dataPath(std::string("real-world/") + row.file));
    Diagnostics out;
    bool read = false;
    switch (row.kind) {
      case Kind::ParcelJson:
        read = parcel::readParcelMetadata(text, out).has_value();
        break;
      case Kind::Alternatives:
        read = parcel::readAlternatives(text, out).has_value();
        break;
      case Kind::Permissions:
        read = parcel::readPermissions(text, out).has_value();
        break;
    }
    CHECK(read);
    INFO(parcel::test::describe(out));
    CHECK((out.errorCount() == 0) == row.valid);
    CHECK(parcel::test::findingsOf(out) == row.findings);
  }
}

TEST_CASE("every document kind reports a syntax error on its line and column") {
  // The missing ':' after "name" on line 3: the parser notices at the end of the next token (column 12).
  const std::string broken = "{\n  \"schema_version\": 1,\n  \"name\" \"X\"\n}\n";
  using Reader = std::function<void(const std::string&, Diagnostics&)>;
  const std::vector<std::pair<const char*, Reader>> kinds = {
      {"parcel.json", [](const std::string& t, Diagnostics& d) { parcel::readParcelMetadata(t, d); }},
      {"alternatives.json", [](const std::string& t, Diagnostics& d) { parcel::readAlternatives(t, d); }},
      {"permissions.json", [](const std::string& t, Diagnostics& d) { parcel::readPermissions(t, d); }},
      {"manifest.json", [](const std::string& t, Diagnostics& d) { parcel::readManifest(t, d); }},
      {"service.sdl", [](const std::string& t, Diagnostics& d) { parcel::csd::readSdl(t, {}, d); }},
      {"service.mdl", [](const std::string& t, Diagnostics& d) { parcel::csd::readMdl(t, {}, d); }},
  };
  for (const auto& [kind, read] : kinds) {
    CAPTURE(kind);
    Diagnostics out;
    read(broken, out);
    REQUIRE(out.items().size() == 1);
    CHECK(out.items()[0].code == "invalid-json");
    CHECK(out.items()[0].message ==
          "invalid JSON at line 3, column 12, near '  \"name\" \"X^\"' (^ marks the spot): syntax error while parsing "
          "object separator - unexpected string literal; expected ':'");
  }
}

TEST_CASE("every document kind gives a finding the line and column of the value it is about") {
  using Reader = std::function<void(const std::string&, Diagnostics&)>;
  struct Row {
    const char* kind;
    Reader read;
    std::string text;
    std::string pointer;
    std::size_t line;
    std::size_t column;
  };
  const std::vector<Row> rows = {
      {"parcel.json", [](const std::string& t, Diagnostics& d) { parcel::readParcelMetadata(t, d); },
       "{\n  \"schema_version\": 1,\n  \"name\": \"A-B\",\n  \"version\": \"1.0\"\n}\n", "/name", 3, 11},
      // After a number: the lexer reads one byte past it, which must not shift the next value.
      {"alternatives.json", [](const std::string& t, Diagnostics& d) { parcel::readAlternatives(t, d); },
       "{\n  \"x\": {\n    \"destination\": \"/usr/bin/x\",\n    \"source\": \"bin/x\",\n    \"priority\": 10,\n"
       "    \"isDirectory\": \"maybe\"\n  }\n}\n",
       "/x/isDirectory", 6, 20},
      {"permissions.json", [](const std::string& t, Diagnostics& d) { parcel::readPermissions(t, d); },
       "{\n  \"bin/x\": {\n    \"user\": \"root\",\n    \"group\": \"root\",\n    \"permissions\": \"777\"\n  }\n}\n",
       "/bin~1x/permissions", 5, 20},
      {"manifest.json", [](const std::string& t, Diagnostics& d) { parcel::readManifest(t, d); },
       "{\n  \"lastUpdated\": \"yesterday\",\n  \"parcels\": []\n}\n", "/lastUpdated", 2, 18},
      // A comment before the value is skipped.
      {"service.sdl", [](const std::string& t, Diagnostics& d) { parcel::csd::readSdl(t, {}, d); },
       "{\n  // the type\n  \"name\": /* lower case */ \"echo\",\n  \"label\": \"Echo\",\n  \"description\": \"d\",\n"
       "  \"version\": \"1\",\n  \"runAs\": {\"user\": \"u\", \"group\": \"g\"}\n}\n",
       "/name", 3, 28},
      {"service.mdl", [](const std::string& t, Diagnostics& d) { parcel::csd::readMdl(t, {}, d); },
       "{\n  \"name\": \"ECHO\",\n  \"version\": \"1\",\n  \"metricDefinitions\": 7\n}\n", "/metricDefinitions", 4, 24},
  };
  for (const Row& row : rows) {
    CAPTURE(row.kind);
    Diagnostics out;
    row.read(row.text, out);
    INFO(parcel::test::describe(out));
    const auto found = std::find_if(
        out.items().begin(), out.items().end(), [&](const parcel::Diagnostic& d) { return d.pointer == row.pointer; });
    REQUIRE(found != out.items().end());
    CHECK(found->line == row.line);
    CHECK(found->column == row.column);
  }
}

TEST_CASE("a finding about an absent member points at the object that lacks it; keys with '/' read as jq paths") {
  Diagnostics out;
  parcel::readPermissions(parcel::test::readFile(parcel::test::dataPath(
                              "reference/teamclairvoyant-apache-airflow-cloudera-parcel__meta_permissions.json")),
                          out);
  REQUIRE(out.items().size() == 2);
  CHECK(parcel::formatDiagnostic("permissions.json", out.items()[0]) ==
        "permissions.json:2:25#/~1var~1lib~1airflow (.\"/var/lib/airflow\"): warning: should be a path relative to "
        "the parcel's top folder, with no \".\" or \"..\" components [path-not-relative]");
  const Diagnostics missing = readText("{\n  \"label\": \"x\",\n  \"runAs\": {\n    \"group\": \"g\"\n  }\n}\n");
  const auto user = std::find_if(missing.items().begin(), missing.items().end(),
                                 [](const parcel::Diagnostic& d) { return d.pointer == "/runAs/user"; });
  REQUIRE(user != missing.items().end());
  CHECK(user->line == 3);  // the runAs object
  CHECK(user->column == 12);
}

TEST_CASE("real-world syntax error: airflow's permissions.json with missing commas, on its line and column") {
  Diagnostics out;
  CHECK_FALSE(parcel::readPermissions(
                  parcel::test::readFile(parcel::test::dataPath(
                      "real-world/teamclairvoyant-apache-airflow-cloudera-parcel__meta_permissions-2b46310.json")),
                  out)
                  .has_value());
  CHECK(only(out) ==
        " invalid-json: invalid JSON at line 5, column 17, near '    \"permissions^\" : \"0755\"' (^ marks the spot): "
        "syntax error while parsing object - unexpected string literal; expected '}'");
}

TEST_CASE("every optional field missing: both passes run without touching an absent member") {
  // Each object holds only its required fields, so the reference pass runs over
  // objects whose optional members are all absent.
  const std::vector<std::string> documents = {
      sdlWith(R"(, "stopRunner": {"masterRole": "FOO_MASTER", "runner": {"program": "s.sh"}})"),
      sdlWith(R"(, "providesKms": {"roleName": "FOO_MASTER"})"),
      sdlWith(R"(, "commands": [{"name": "c", "label": "l", "description": "d", "roleName": "FOO_MASTER",
          "roleCommand": "master_cmd", "runMode": "single"}], "serviceInit": {"preStartSteps": [{"commandName": "c"}]})"),
      sdlWith(
          R"(, "gateway": {"alternatives": {"name": "a", "linkRoot": "/etc/a", "priority": 1}, "configWriter": {}})"),
      sdlWith("", R"(, "configWriter": {"peerConfigGenerators": [{"filename": "conf/p", "params": ["svc_param"]}]})"),
      sdlWith(R"(, "externalKerberosPrincipals": [{"name": "p", "primary": "x"}], "hdfsDirs": [{"name": "h",
          "label": "l", "description": "d", "directoryDescription": "d", "path": "/x", "permissions": "0755"}])"),
      sdlWith("", R"(, "externalLink": {"name": "n", "label": "l", "url": "http://${host}"}, "sslServer": {
          "keyIdentifier": "k"}, "sslClient": {}, "topology": {"placementRules": [{"type": "neverWith",
          "roleTypes": ["FOO_WORKER"]}]})"),
  };
  for (const std::string& document : documents) {
    CAPTURE(document);
    const Diagnostics out = readText(document, strict());
    INFO(parcel::test::describe(out));
    CHECK(out.items().empty());
  }
  // And with everything missing, each object reports what it lacks, never more.
  const Diagnostics empty = readText(R"({"roles": [{}], "stopRunner": {}, "providesKms": {}, "commands": [{}],
      "gateway": {}, "serviceInit": {"preStartSteps": [{}]}, "parcel": {}, "hdfsDirs": [{}],
      "providesObjectStore": {}, "healthTests": [{}], "dependencyExtensions": [{}]})");
  const std::set<std::string> empties = {"/parcel/requiredTags", "/providesObjectStore/accountTypes"};
  std::set<std::string> missing;
  for (const char* pointer : {"/name",
                              "/label",
                              "/description",
                              "/version",
                              "/roles/0/name",
                              "/roles/0/label",
                              "/roles/0/pluralLabel",
                              "/roles/0/startRunner",
                              "/gateway/alternatives",
                              "/gateway/configWriter",
                              "/commands/0/name",
                              "/commands/0/label",
                              "/commands/0/description",
                              "/commands/0/roleName",
                              "/commands/0/roleCommand",
                              "/commands/0/runMode",
                              "/hdfsDirs/0/name",
                              "/hdfsDirs/0/label",
                              "/hdfsDirs/0/description",
                              "/hdfsDirs/0/directoryDescription",
                              "/hdfsDirs/0/path",
                              "/hdfsDirs/0/permissions",
                              "/serviceInit/preStartSteps/0/commandName",
                              "/stopRunner/runner",
                              "/stopRunner/masterRole",
                              "/providesKms/roleName",
                              "/dependencyExtensions/0/type",
                              "/healthTests/0/type",
                              "/healthTests/0/name",
                              "/healthTests/0/label",
                              "/healthTests/0/description"}) {
    missing.insert(pointer);
    CHECK(parcel::test::codesAt(empty, pointer) == std::vector<std::string>{"missing-field"});
  }
  for (const std::string& pointer : empties)
    CHECK(parcel::test::codesAt(empty, pointer) == std::vector<std::string>{"empty-list"});
  CHECK(empty.errorCount() == missing.size() + empties.size());
  CHECK(empty.warningCount() == 0);
}

// The jar check asks for the files an SDL names through the typed model: a
// runner in each place the SDL can hold one, both icons, aux sources of a role
// and of the gateway; a program that is not a string is not a file name.
TEST_CASE("sdlFileReferences: every runner, icon and aux source of the model, with its pointer") {
  using parcel::Json;
  const Json runner = {{"program", "scripts/control.sh"}, {"args", {"start"}}};
  const Json sdl = {
      {"name", "ECHO"},
      {"icon", "images/icon.png"},
      {"svgIcon", "./images/icon.svg"},
      {"stopRunner", {{"runner", {{"program", "scripts/stop_all.sh"}}}}},
      {"roles",
       {{{"name", "ECHO_SERVER"},
         {"startRunner", runner},
         {"stopRunner", {{"runner", {{"program", "scripts/stop.sh"}}}}},
         {"commands", {{{"name", "c"}, {"commandRunner", {{"program", "scripts/cmd.sh"}}}}}},
         {"configWriter", {{"auxConfigGenerators", {{{"filename", "a.conf"}, {"sourceFilename", "aux/a.conf"}}}}}}},
        {{"name", "ECHO_OTHER"}, {"startRunner", {{"program", 5.5}}}}}},
      {"gateway",
       {{"scriptRunner", {{"program", "scripts/cc.sh"}}},
        {"configWriter", {{"auxConfigGenerators", {{{"filename", "b"}, {"sourceFilename", "aux/b"}}}}}}}},
  };
  using Kind = parcel::csd::SdlFileReference::Kind;
  std::vector<std::tuple<Kind, std::string, std::string>> found;
  for (const auto& reference : parcel::csd::sdlFileReferences(sdl))
    found.emplace_back(reference.kind, reference.path, reference.pointer);
  const std::vector<std::tuple<Kind, std::string, std::string>> expected = {
      {Kind::Program, "scripts/stop_all.sh", "/stopRunner/runner/program"},
      {Kind::Program, "scripts/control.sh", "/roles/0/startRunner/program"},
      {Kind::Program, "scripts/stop.sh", "/roles/0/stopRunner/runner/program"},
      {Kind::Program, "scripts/cmd.sh", "/roles/0/commands/0/commandRunner/program"},
      {Kind::Program, "5.5", "/roles/1/startRunner/program"},
      {Kind::Program, "scripts/cc.sh", "/gateway/scriptRunner/program"},
      {Kind::Icon, "images/icon.png", "/icon"},
      {Kind::Icon, "./images/icon.svg", "/svgIcon"},
      {Kind::AuxSource, "aux/a.conf", "/roles/0/configWriter/auxConfigGenerators/0/sourceFilename"},
      {Kind::AuxSource, "aux/b", "/gateway/configWriter/auxConfigGenerators/0/sourceFilename"},
  };
  CHECK(found == expected);
  CHECK(parcel::csd::sdlFileReferences(Json::array()).empty());
  CHECK(parcel::csd::sdlFileReferences(Json{{"roles", {{{"startRunner", {{"program", nullptr}}}}}}}).empty());
}
