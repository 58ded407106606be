// The SDL and MDL decoders on documents of every wrong shape: every field
// missing, null or of the wrong type (an SDL {}, an SDL whose every object is
// {}, arrays where objects belong, ...). No crash, and exactly these findings,
// in report order: each object reports what it lacks, never a finding inside a
// value that is not an object.
// The passes are internal to parcel_core; the test reaches their header by its path.
#include "csd/service_descriptor.hpp"
#include "diagnostics_support.hpp"
#include "parcel/csd/descriptor.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace {

using parcel::Diagnostics;
using parcel::Severity;

constexpr Severity E = Severity::Error;
constexpr Severity W = Severity::Warning;

using Finding = parcel::test::FullFinding;
std::vector<Finding> findings(const Diagnostics& out) { return parcel::test::fullFindingsOf(out); }

std::vector<Finding> readSdl(const std::string& text) {
  Diagnostics out;
  parcel::csd::readSdl(text, {}, out);
  return findings(out);
}

std::vector<Finding> readMdl(const std::string& text) {
  Diagnostics out;
  parcel::csd::readMdl(text, {}, out);
  return findings(out);
}

// A small valid SDL with `roleExtra` spliced into its role and `extra` at the top level.
std::string sdlWith(const std::string& roleExtra, const std::string& extra) {
  return R"({"name": "FOO", "label": "Foo", "description": "d", "version": "1", "roles": [{"name": "FOO_MASTER",
      "label": "l", "pluralLabel": "p", "startRunner": {"program": "a.sh"})" +
      roleExtra + "}]" + extra + "}";
}

// An SDL whose every object, at every depth, is {} (a type where one selects the fields).
const std::string kEveryObjectEmpty =
    R"({"runAs": {}, "compatibility": {"cdhVersion": {}}, "parcel": {}, "serviceDependencies": [{}],
       "parameters": [{}], "roles": [{"startRunner": {}, "stopRunner": {"runner": {}}, "topology":
       {"placementRules": [{}]}, "parameters": [{}], "runAs": {}, "logging": {"additionalConfigs": [{}]},
       "commands": [{"commandRunner": {}}], "configWriter": {"generators": [{"kerberosPrincipals": [{}],
       "additionalConfigs": [{}]}], "peerConfigGenerators": [{}], "auxConfigGenerators": [{}]},
       "externalLink": {}, "additionalExternalLinks": [{}], "kerberosPrincipals": [{}], "sslServer": {},
       "sslClient": {}, "cgroup": {"cpu": {}, "memory": {}, "blkio": {}}, "healthAggregation": {},
       "healthTests": [{"type": "status", "advice": {}}], "supportBundle": {"runner": {}},
       "dependencyExtensions": [{"type": "classAndConfigs", "configs": [{}]}]}], "gateway":
       {"alternatives": {}, "parameters": [{}], "scriptRunner": {}, "configWriter": {}, "logging":
       {"additionalConfigs": [{}]}, "dependencyExtensions": [{}]}, "commands": [{}], "hdfsDirs": [{}],
       "serviceInit": {"preStartSteps": [{}], "postStartSteps": [{}]}, "stopRunner": {"runner": {}},
       "externalKerberosPrincipals": [{}], "providesDfs": {}, "providesKms": {}, "providesObjectStore":
       {"coreSiteGenerator": {"additionalConfigs": [{}]}}, "dependencyExtensions": [{}], "healthTests":
       [{}]})";

struct Row {
  const char* name;
  std::string document;
  std::vector<Finding> expected;
};

void checkRows(const std::vector<Row>& rows) {
  for (const Row& row : rows) {
    CAPTURE(row.name);
    const std::vector<Finding> found = readSdl(row.document);
    CHECK(found.size() == row.expected.size());
    for (std::size_t i = 0; i < std::min(found.size(), row.expected.size()); ++i) {
      CAPTURE(i);
      CHECK(found[i] == row.expected[i]);
    }
  }
}

}  // namespace

TEST_CASE("SDL documents of every wrong shape: exactly these findings") {
  checkRows({
      {"the document {}",
       R"({})",
       {
           {E, "/name", "missing-field", "must be present and not blank"},
           {E, "/label", "missing-field", "must be present and not blank"},
           {E, "/description", "missing-field", "must be present and not blank"},
           {E, "/version", "missing-field", "must be present and not blank"},
       }},
      {"every member null, in the service and in a role (Jackson reads null as absent)",
       R"({"runAs": null, "compatibility": null, "parcel": null, "gateway": null, "serviceInit": null,
       "stopRunner": null, "providesDfs": null, "providesKms": null, "providesObjectStore": null,
       "rollingRestart": null, "serviceDependencies": null, "parameters": null, "roles": [{"startRunner":
       null, "stopRunner": null, "topology": null, "runAs": null, "logging": null, "configWriter": null,
       "externalLink": null, "sslServer": null, "sslClient": null, "cgroup": null, "healthAggregation":
       null, "supportBundle": null, "parameters": null, "commands": null, "additionalExternalLinks": null,
       "kerberosPrincipals": null, "uniqueIdParameters": null, "healthTests": null, "dependencyExtensions":
       null, "name": null, "label": null, "pluralLabel": null}], "commands": null, "hdfsDirs": null,
       "externalKerberosPrincipals": null, "dependencyExtensions": null, "healthTests": null,
       "rolesWithExternalLinks": null, "name": null, "label": null, "description": null, "version": null,
       "maxInstances": null, "icon": null, "svgIcon": null, "inExpressWizard": null, "kerberos": null,
       "licenseFeature": null})",
       {
           {E, "/name", "missing-field", "must be present and not blank"},
           {E, "/label", "missing-field", "must be present and not blank"},
           {E, "/description", "missing-field", "must be present and not blank"},
           {E, "/version", "missing-field", "must be present and not blank"},
           {E, "/roles/0/name", "missing-field", "must be present and not blank"},
           {E, "/roles/0/label", "missing-field", "must be present and not blank"},
           {E, "/roles/0/pluralLabel", "missing-field", "must be present and not blank"},
           {E, "/roles/0/startRunner", "missing-field", "must be present"},
       }},
      {"every object {}, at every depth",
       kEveryObjectEmpty,
       {
           {E, "/name", "missing-field", "must be present and not blank"},
           {E, "/label", "missing-field", "must be present and not blank"},
           {E, "/description", "missing-field", "must be present and not blank"},
           {E, "/version", "missing-field", "must be present and not blank"},
           {E, "/runAs/user", "missing-field", "must be present and not blank"},
           {E, "/runAs/group", "missing-field", "must be present and not blank"},
           {E, "/parcel/requiredTags", "empty-list", "must not be empty"},
           {E, "/serviceDependencies/0/name", "missing-field", "must be present and not blank"},
           {E, "/parameters/0/type", "missing-field", "must be present (it selects the parameter type)"},
           {E, "/roles/0/name", "missing-field", "must be present and not blank"},
           {E, "/roles/0/label", "missing-field", "must be present and not blank"},
           {E, "/roles/0/pluralLabel", "missing-field", "must be present and not blank"},
           {E, "/roles/0/startRunner/program", "missing-field", "must be present and not blank"},
           {E, "/roles/0/stopRunner/runner/program", "missing-field", "must be present and not blank"},
           {E, "/roles/0/topology/placementRules/0/type", "missing-field", "must be present"},
           {E, "/roles/0/parameters/0/type", "missing-field", "must be present (it selects the parameter type)"},
           {E, "/roles/0/runAs/user", "missing-field", "must be present and not blank"},
           {E, "/roles/0/runAs/group", "missing-field", "must be present and not blank"},
           {E, "/roles/0/logging/dir", "missing-field", "must be present and not blank"},
           {E, "/roles/0/logging/filename", "missing-field", "must be present and not blank"},
           {E, "/roles/0/logging/additionalConfigs/0/key", "missing-field", "must be present and not blank"},
           {E, "/roles/0/commands/0/name", "missing-field", "must be present and not blank"},
           {E, "/roles/0/commands/0/label", "missing-field", "must be present and not blank"},
           {E, "/roles/0/commands/0/description", "missing-field", "must be present and not blank"},
           {E, "/roles/0/commands/0/expectedExitCodes", "empty-list", "must be present and not empty"},
           {E, "/roles/0/commands/0/commandRunner/program", "missing-field", "must be present and not blank"},
           {E, "/roles/0/configWriter/generators/0/filename", "missing-field", "must be present and not blank"},
           {E, "/roles/0/configWriter/generators/0/configFormat", "missing-field", "must be present"},
           {E, "/roles/0/configWriter/generators/0/kerberosPrincipals/0/principalName", "missing-field",
            "must be present and not blank"},
           {E, "/roles/0/configWriter/generators/0/kerberosPrincipals/0/propertyName", "missing-field",
            "must be present and not blank"},
           {E, "/roles/0/configWriter/generators/0/additionalConfigs/0/key", "missing-field",
            "must be present and not blank"},
           {E, "/roles/0/configWriter/peerConfigGenerators/0/filename", "missing-field",
            "must be present and not blank"},
           {E, "/roles/0/configWriter/peerConfigGenerators/0/params", "empty-list", "must be present and not empty"},
           {E, "/roles/0/configWriter/auxConfigGenerators/0/filename", "missing-field",
            "must be present and not blank"},
           {E, "/roles/0/externalLink/name", "missing-field", "must be present and not blank"},
           {E, "/roles/0/externalLink/label", "missing-field", "must be present and not blank"},
           {E, "/roles/0/externalLink/url", "missing-field", "must be present and not blank"},
           {E, "/roles/0/additionalExternalLinks/0/name", "missing-field", "must be present and not blank"},
           {E, "/roles/0/additionalExternalLinks/0/label", "missing-field", "must be present and not blank"},
           {E, "/roles/0/additionalExternalLinks/0/url", "missing-field", "must be present and not blank"},
           {E, "/roles/0/kerberosPrincipals/0/name", "missing-field", "must be present and not blank"},
           {E, "/roles/0/kerberosPrincipals/0/primary", "missing-field", "must be present and not blank"},
           {E, "/roles/0/sslServer/keyIdentifier", "missing-field", "must be present and not blank"},
           {E, "/roles/0/healthAggregation/type", "missing-field", "must be present"},
           {E, "/roles/0/healthTests/0/name", "missing-field", "must be present and not blank"},
           {E, "/roles/0/healthTests/0/label", "missing-field", "must be present and not blank"},
           {E, "/roles/0/healthTests/0/description", "missing-field", "must be present and not blank"},
           {E, "/roles/0/healthTests/0/status", "missing-field", "must be present and not blank"},
           {E, "/roles/0/supportBundle/runner/program", "missing-field", "must be present and not blank"},
           {E, "/roles/0/dependencyExtensions/0/extensionId", "missing-field", "must be present and not blank"},
           {E, "/roles/0/dependencyExtensions/0/className", "missing-field", "must be present and not blank"},
           {E, "/roles/0/dependencyExtensions/0/configs/0/key", "missing-field", "must be present and not blank"},
           {E, "/gateway/alternatives/name", "missing-field", "must be present and not blank"},
           {E, "/gateway/alternatives/linkRoot", "missing-field", "must be present and not blank"},
           {E, "/gateway/alternatives/priority", "missing-field", "must be present"},
           {E, "/gateway/parameters/0/type", "missing-field", "must be present (it selects the parameter type)"},
           {E, "/gateway/scriptRunner/program", "missing-field", "must be present and not blank"},
           {E, "/gateway/logging/additionalConfigs/0/key", "missing-field", "must be present and not blank"},
           {E, "/gateway/dependencyExtensions/0/type", "missing-field", "must be present"},
           {E, "/commands/0/name", "missing-field", "must be present and not blank"},
           {E, "/commands/0/label", "missing-field", "must be present and not blank"},
           {E, "/commands/0/description", "missing-field", "must be present and not blank"},
           {E, "/commands/0/roleName", "missing-field", "must be present and not blank"},
           {E, "/commands/0/roleCommand", "missing-field", "must be present and not blank"},
           {E, "/commands/0/runMode", "missing-field", "must be present"},
           {E, "/hdfsDirs/0/name", "missing-field", "must be present and not blank"},
           {E, "/hdfsDirs/0/label", "missing-field", "must be present and not blank"},
           {E, "/hdfsDirs/0/description", "missing-field", "must be present and not blank"},
           {E, "/hdfsDirs/0/directoryDescription", "missing-field", "must be present and not blank"},
           {E, "/hdfsDirs/0/path", "missing-field", "must be present and not blank"},
           {E, "/hdfsDirs/0/permissions", "missing-field", "must be present"},
           {E, "/serviceInit/preStartSteps/0/commandName", "missing-field", "must be present and not blank"},
           {E, "/serviceInit/postStartSteps/0/commandName", "missing-field", "must be present and not blank"},
           {E, "/stopRunner/runner/program", "missing-field", "must be present and not blank"},
           {E, "/stopRunner/masterRole", "missing-field", "must be present and not blank"},
           {E, "/externalKerberosPrincipals/0/name", "missing-field", "must be present and not blank"},
           {E, "/externalKerberosPrincipals/0/primary", "missing-field", "must be present and not blank"},
           {E, "/providesDfs/fileSystemUri", "missing-field", "must be present and not blank"},
           {E, "/providesKms/roleName", "missing-field", "must be present and not blank"},
           {E, "/providesObjectStore/accountTypes", "empty-list", "must be present and not empty"},
           {E, "/providesObjectStore/coreSiteGenerator/filename", "missing-field", "must be present and not blank"},
           {E, "/providesObjectStore/coreSiteGenerator/configFormat", "missing-field", "must be present"},
           {E, "/providesObjectStore/coreSiteGenerator/additionalConfigs/0/key", "missing-field",
            "must be present and not blank"},
           {E, "/dependencyExtensions/0/type", "missing-field", "must be present"},
           {E, "/healthTests/0/type", "missing-field", "must be present"},
           {E, "/healthTests/0/name", "missing-field", "must be present and not blank"},
           {E, "/healthTests/0/label", "missing-field", "must be present and not blank"},
           {E, "/healthTests/0/description", "missing-field", "must be present and not blank"},
       }},
      {"an array wherever an object belongs, at every depth",
       R"({"runAs": [], "compatibility": {"cdhVersion": []}, "parcel": [], "serviceDependencies": [[]],
       "parameters": [[]], "roles": [{"startRunner": [], "stopRunner": {"runner": []}, "topology":
       {"placementRules": [[]]}, "parameters": [[]], "runAs": [], "logging": {"additionalConfigs": [[]]},
       "commands": [{"commandRunner": []}], "configWriter": {"generators": [{"kerberosPrincipals": [[]],
       "additionalConfigs": [[]]}], "peerConfigGenerators": [[]], "auxConfigGenerators": [[]]},
       "externalLink": [], "additionalExternalLinks": [[]], "kerberosPrincipals": [[]], "sslServer": [],
       "sslClient": [], "cgroup": {"cpu": [], "memory": [], "blkio": []}, "healthAggregation": [],
       "healthTests": [{"type": "status", "advice": []}], "supportBundle": {"runner": []},
       "dependencyExtensions": [{"type": "classAndConfigs", "configs": [[]]}]}], "gateway":
       {"alternatives": [], "parameters": [[]], "scriptRunner": [], "configWriter": [], "logging":
       {"additionalConfigs": [[]]}, "dependencyExtensions": [[]]}, "commands": [[]], "hdfsDirs": [[]],
       "serviceInit": {"preStartSteps": [[]], "postStartSteps": [[]]}, "stopRunner": {"runner": []},
       "externalKerberosPrincipals": [[]], "providesDfs": [], "providesKms": [], "providesObjectStore":
       {"coreSiteGenerator": {"additionalConfigs": [[]]}}, "dependencyExtensions": [[]], "healthTests":
       [[]]})",
       {
           {E, "/name", "missing-field", "must be present and not blank"},
           {E, "/label", "missing-field", "must be present and not blank"},
           {E, "/description", "missing-field", "must be present and not blank"},
           {E, "/version", "missing-field", "must be present and not blank"},
           {E, "/runAs", "wrong-type", "must be an object, not an array"},
           {E, "/compatibility/cdhVersion", "wrong-type", "must be an object, not an array"},
           {E, "/parcel", "wrong-type", "must be an object, not an array"},
           {E, "/serviceDependencies/0", "wrong-type", "must be an object, not an array"},
           {E, "/parameters/0", "wrong-type", "must be an object, not an array"},
           {E, "/roles/0/name", "missing-field", "must be present and not blank"},
           {E, "/roles/0/label", "missing-field", "must be present and not blank"},
           {E, "/roles/0/pluralLabel", "missing-field", "must be present and not blank"},
           {E, "/roles/0/startRunner", "wrong-type", "must be an object, not an array"},
           {E, "/roles/0/stopRunner/runner", "wrong-type", "must be an object, not an array"},
           {E, "/roles/0/topology/placementRules/0", "wrong-type", "must be an object, not an array"},
           {E, "/roles/0/parameters/0", "wrong-type", "must be an object, not an array"},
           {E, "/roles/0/runAs", "wrong-type", "must be an object, not an array"},
           {E, "/roles/0/logging/dir", "missing-field", "must be present and not blank"},
           {E, "/roles/0/logging/filename", "missing-field", "must be present and not blank"},
           {E, "/roles/0/logging/additionalConfigs/0", "wrong-type", "must be an object, not an array"},
           {E, "/roles/0/commands/0/name", "missing-field", "must be present and not blank"},
           {E, "/roles/0/commands/0/label", "missing-field", "must be present and not blank"},
           {E, "/roles/0/commands/0/description", "missing-field", "must be present and not blank"},
           {E, "/roles/0/commands/0/expectedExitCodes", "empty-list", "must be present and not empty"},
           {E, "/roles/0/commands/0/commandRunner", "wrong-type", "must be an object, not an array"},
           {E, "/roles/0/configWriter/generators/0/filename", "missing-field", "must be present and not blank"},
           {E, "/roles/0/configWriter/generators/0/configFormat", "missing-field", "must be present"},
           {E, "/roles/0/configWriter/generators/0/kerberosPrincipals/0", "wrong-type",
            "must be an object, not an array"},
           {E, "/roles/0/configWriter/generators/0/additionalConfigs/0", "wrong-type",
            "must be an object, not an array"},
           {E, "/roles/0/configWriter/peerConfigGenerators/0", "wrong-type", "must be an object, not an array"},
           {E, "/roles/0/configWriter/auxConfigGenerators/0", "wrong-type", "must be an object, not an array"},
           {E, "/roles/0/externalLink", "wrong-type", "must be an object, not an array"},
           {E, "/roles/0/additionalExternalLinks/0", "wrong-type", "must be an object, not an array"},
           {E, "/roles/0/kerberosPrincipals/0", "wrong-type", "must be an object, not an array"},
           {E, "/roles/0/sslServer", "wrong-type", "must be an object, not an array"},
           {E, "/roles/0/sslClient", "wrong-type", "must be an object, not an array"},
           {E, "/roles/0/cgroup/cpu", "wrong-type", "must be an object, not an array"},
           {E, "/roles/0/cgroup/memory", "wrong-type", "must be an object, not an array"},
           {E, "/roles/0/cgroup/blkio", "wrong-type", "must be an object, not an array"},
           {E, "/roles/0/healthAggregation", "wrong-type", "must be an object, not an array"},
           {E, "/roles/0/healthTests/0/name", "missing-field", "must be present and not blank"},
           {E, "/roles/0/healthTests/0/label", "missing-field", "must be present and not blank"},
           {E, "/roles/0/healthTests/0/description", "missing-field", "must be present and not blank"},
           {E, "/roles/0/healthTests/0/status", "missing-field", "must be present and not blank"},
           {E, "/roles/0/healthTests/0/advice", "wrong-type", "must be an object, not an array"},
           {E, "/roles/0/supportBundle/runner", "wrong-type", "must be an object, not an array"},
           {E, "/roles/0/dependencyExtensions/0/extensionId", "missing-field", "must be present and not blank"},
           {E, "/roles/0/dependencyExtensions/0/className", "missing-field", "must be present and not blank"},
           {E, "/roles/0/dependencyExtensions/0/configs/0", "wrong-type", "must be an object, not an array"},
           {E, "/gateway/alternatives", "wrong-type", "must be an object, not an array"},
           {E, "/gateway/parameters/0", "wrong-type", "must be an object, not an array"},
           {E, "/gateway/scriptRunner", "wrong-type", "must be an object, not an array"},
           {E, "/gateway/configWriter", "wrong-type", "must be an object, not an array"},
           {E, "/gateway/logging/additionalConfigs/0", "wrong-type", "must be an object, not an array"},
           {E, "/gateway/dependencyExtensions/0", "wrong-type", "must be an object, not an array"},
           {E, "/commands/0", "wrong-type", "must be an object, not an array"},
           {E, "/hdfsDirs/0", "wrong-type", "must be an object, not an array"},
           {E, "/serviceInit/preStartSteps/0", "wrong-type", "must be an object, not an array"},
           {E, "/serviceInit/postStartSteps/0", "wrong-type", "must be an object, not an array"},
           {E, "/stopRunner/runner", "wrong-type", "must be an object, not an array"},
           {E, "/stopRunner/masterRole", "missing-field", "must be present and not blank"},
           {E, "/externalKerberosPrincipals/0", "wrong-type", "must be an object, not an array"},
           {E, "/providesDfs", "wrong-type", "must be an object, not an array"},
           {E, "/providesKms", "wrong-type", "must be an object, not an array"},
           {E, "/providesObjectStore/accountTypes", "empty-list", "must be present and not empty"},
           {E, "/providesObjectStore/coreSiteGenerator/filename", "missing-field", "must be present and not blank"},
           {E, "/providesObjectStore/coreSiteGenerator/configFormat", "missing-field", "must be present"},
           {E, "/providesObjectStore/coreSiteGenerator/additionalConfigs/0", "wrong-type",
            "must be an object, not an array"},
           {E, "/dependencyExtensions/0", "wrong-type", "must be an object, not an array"},
           {E, "/healthTests/0", "wrong-type", "must be an object, not an array"},
       }},
      {"an object wherever an array belongs",
       R"({"serviceDependencies": {}, "parameters": {}, "roles": {}, "commands": {}, "hdfsDirs": {},
       "externalKerberosPrincipals": {}, "dependencyExtensions": {}, "healthTests": {},
       "rolesWithExternalLinks": {}})",
       {
           {E, "/name", "missing-field", "must be present and not blank"},
           {E, "/label", "missing-field", "must be present and not blank"},
           {E, "/description", "missing-field", "must be present and not blank"},
           {E, "/version", "missing-field", "must be present and not blank"},
           {E, "/rolesWithExternalLinks", "wrong-type", "must be an array, not an object"},
           {E, "/serviceDependencies", "wrong-type", "must be an array, not an object"},
           {E, "/parameters", "wrong-type", "must be an array, not an object"},
           {E, "/roles", "wrong-type", "must be an array, not an object"},
           {E, "/commands", "wrong-type", "must be an array, not an object"},
           {E, "/hdfsDirs", "wrong-type", "must be an array, not an object"},
           {E, "/externalKerberosPrincipals", "wrong-type", "must be an array, not an object"},
           {E, "/dependencyExtensions", "wrong-type", "must be an array, not an object"},
           {E, "/healthTests", "wrong-type", "must be an array, not an object"},
       }},
      {"a wrong type for every scalar of the service, and a role's name, runner args and variables",
       R"({"name": {}, "label": {}, "description": {}, "version": {}, "maxInstances": {}, "icon": {},
       "svgIcon": {}, "inExpressWizard": {}, "kerberos": {}, "licenseFeature": {}, "roles": [{"name": [],
       "label": 5, "pluralLabel": true, "startRunner": {"program": {}, "args": {}, "environmentVariables":
       []}}]})",
       {
           {E, "/name", "wrong-type", "must be a string, not an object"},
           {E, "/label", "wrong-type", "must be a string, not an object"},
           {E, "/description", "wrong-type", "must be a string, not an object"},
           {E, "/version", "wrong-type", "must be a string, not an object"},
           {E, "/maxInstances", "wrong-type", "must be an integer, not an object"},
           {E, "/icon", "wrong-type", "must be a string, not an object"},
           {E, "/svgIcon", "wrong-type", "must be a string, not an object"},
           {E, "/inExpressWizard", "wrong-type", "must be a boolean, not an object"},
           {E, "/roles/0/name", "wrong-type", "must be a string, not an array"},
           {W, "/roles/0/pluralLabel", "coerced-type", "the boolean true was read as a string; write a string instead"},
           {E, "/roles/0/startRunner/program", "wrong-type", "must be a string, not an object"},
           {E, "/roles/0/startRunner/args", "wrong-type", "must be an array, not an object"},
           {E, "/roles/0/startRunner/environmentVariables", "wrong-type", "must be an object, not an array"},
           {E, "/kerberos", "wrong-type", "must be a string, not an object"},
           {E, "/licenseFeature", "wrong-type", "must be a string, not an object"},
       }},
  });
}

TEST_CASE("null and odd members reach the reference pass as absent: no crash, Jackson's reading") {
  // Before the typed model, the reference pass indexed the raw JSON: the first
  // three threw (a type_error out of parceltool), the fourth reported "null" as
  // a role name at an escaped pointer (.../topology~1placementRules/...).
  checkRows({
      {"a role's logging null", sdlWith(R"(, "logging": null)", R"()"), {}},
      {"the service's stopRunner null", sdlWith(R"()", R"(, "stopRunner": null)"), {}},
      {"a dependency extension's configs a number",
       sdlWith(
           R"()",
           R"(, "dependencyExtensions": [{"type": "directory", "extensionId": "x", "defaultDir": "/d", "configs": 5}])"),
       {
           {W, "/dependencyExtensions/0/configs", "unknown-field",
            "unrecognized field \"configs\" (recognised fields: type, extensionId, defaultDir, permissions)"},
       }},
      {"a placement rule's roleType null",
       sdlWith(
           R"(, "topology": {"placementRules": [{"type": "neverWith", "roleTypes": ["FOO_MASTER"], "roleType": null}]})",
           R"()"),
       {}},
      {"a peer generator's roleName null: the params are the role's own",
       sdlWith(
           R"(, "configWriter": {"peerConfigGenerators": [{"filename": "conf/p", "params": ["x"], "roleName": null}]})",
           R"()"),
       {
           {E, "/roles/0/configWriter/peerConfigGenerators/0/params/0", "invalid-reference",
            "has invalid reference: x. References available: []"},
       }},
      {"a role's sslServer null", sdlWith(R"(, "sslServer": null)", R"()"), {}},
  });
}

TEST_CASE("MDL: numbers where names belong are read as Jackson reads them, not a crash") {
  // The metric and entity rules used to read these lists with get<std::string>(),
  // which threw on a number that the field pass had accepted.
  CHECK(readMdl(R"({"name": "FOO", "version": "1", "metricEntityAttributeDefinitions": [{"name": "fooAttr", "label":
                "l", "description": "d"}], "metricEntityTypeDefinitions": [{"name": "FOO_THING", "label": "l",
                "labelPlural": "p", "description": "d", "immutableAttributeNames": [5], "entityNameFormat": [7],
                "parentMetricEntityTypeNames": ["FOO_THING"]}], "metricDefinitions": [{"name": "foo_a", "label":
                "l", "description": "d", "numeratorUnit": "x", "counter": 1}]})") ==
        std::vector<Finding>{
            {W, "/metricDefinitions/0/counter", "number-for-boolean",
             "1 for a boolean: Cloudera Manager reads it as true; write true"},
            {E, "/metricEntityTypeDefinitions/0/immutableAttributeNames/0", "unknown-attribute",
             "attribute \"5\" is not defined"},
            {E, "/metricEntityTypeDefinitions/0/parentMetricEntityTypeNames/0", "parent-unreachable",
             "entity type \"FOO_THING\" lacks attribute \"7\" needed to name its parent \"FOO_THING\""},
        });
  CHECK(
      readMdl(R"({"name": "FOO", "version": "1", "metricEntityTypeDefinitions": [{"name": 5, "label": "l",
                "labelPlural": "p", "description": "d", "immutableAttributeNames": ["serviceName"],
                "entityNameFormat": ["serviceName"]}]})") ==
      std::vector<Finding>{
          {E, "/metricEntityTypeDefinitions/0/name", "invalid-name", "entity type name \"5\" must match [A-Z][A-Z_]*"},
      });
}

namespace {

// The decode pass alone on `text` (a JSON document), its findings and its model.
std::vector<Finding> decodeOnly(const std::string& text, parcel::csd::sdl::ServiceDescriptor* model = nullptr) {
  Diagnostics out;
  const auto decoded = parcel::csd::sdl::decodeSdl(parcel::Json::parse(text), out);
  if (model != nullptr) *model = decoded;
  return findings(out);
}

// The field pass alone on a model.
std::vector<Finding> fieldsOnly(const parcel::csd::sdl::ServiceDescriptor& model) {
  parcel::csd::sdl::FieldFindings out;
  parcel::csd::sdl::checkFields(model, {}, out);
  return findings(out.items);
}

// Every value of `json` that is {} (the wrong type for every field here), by pointer, but the "type"
// members, which select the fields of their object.
void emptyObjects(const parcel::Json& json, const std::string& pointer, std::vector<std::string>& found) {
  if (json.is_object() && json.empty()) {
    found.push_back(pointer);
  } else if (json.is_object()) {
    for (const auto& [key, value] : json.items()) {
      if (key != "type") emptyObjects(value, parcel::childPointer(pointer, key), found);
    }
  } else if (json.is_array()) {
    for (std::size_t i = 0; i < json.size(); ++i) emptyObjects(json[i], parcel::childPointer(pointer, i), found);
  }
}

// Every field of every object (service, roles, the gateway, every kind of parameter, placement rule,
// dependency extension and health test) of the wrong type: {} where a string, number or boolean belongs.
const std::string kEveryFieldWrongType =
    R"({"name": {}, "label": {}, "description": {}, "version": {}, "runAs": {"user": {}, "group": {}, "principal":
    {}}, "compatibility": {"generation": {}, "cdhVersion": {"min": {}, "max": {}}}, "maxInstances": {}, "icon":
    {}, "svgIcon": {}, "parcel": {"repoUrl": {}, "requiredTags": [{}], "optionalTags": [{}]}, "inExpressWizard":
    {}, "rolesWithExternalLinks": [{}], "serviceDependencies": [{"name": {}, "required": {}}, {"name": {}}],
    "parameters": [{"name": {}, "label": {}, "description": {}, "configName": {}, "required": {}, "default": {},
    "configurableInWizard": {}, "sensitive": {}, "type": "string", "conformRegex": {}, "initType": {}}, {"name":
    {}, "label": {}, "description": {}, "configName": {}, "type": "password", "credentialProviderCompatible": {},
    "alternateScriptParameterName": {}, "default": {}}, {"name": {}, "label": {}, "description": {}, "type":
    "path", "pathType": {}, "mode": {}, "default": {}}, {"name": {}, "label": {}, "description": {}, "type":
    "uri", "allowedSchemes": [{}], "opaque": {}}, {"name": {}, "label": {}, "description": {}, "type":
    "string_enum", "validValues": [{}, {}], "default": {}}, {"name": {}, "label": {}, "description": {}, "type":
    "string_array", "separator": {}, "minLength": {}, "maxLength": {}, "default": [{}]}, {"name": {}, "label": {},
    "description": {}, "type": "path_array", "separator": {}, "minLength": {}, "maxLength": {}, "pathType": {},
    "mode": {}, "default": [{}]}, {"name": {}, "label": {}, "description": {}, "type": "long", "min": {},
    "softMin": {}, "softMax": {}, "max": {}, "unit": {}, "default": {}}, {"name": {}, "label": {}, "description":
    {}, "type": "double", "min": {}, "max": {}, "unit": {}, "default": {}}, {"name": {}, "label": {},
    "description": {}, "type": "port", "min": {}, "outbound": {}, "zeroAllowed": {}, "negativeOneAllowed": {},
    "default": {}}, {"name": {}, "label": {}, "description": {}, "type": "boolean", "default": {}}, {"name": {},
    "type": "provided"}], "roles": [{"name": {}, "label": {}, "pluralLabel": {}, "startRunner": {"program": {},
    "args": [{}, {}], "environmentVariables": {"A": {}, "B": {}}}, "stopRunner": {"timeout": {}, "runner":
    {"program": {}, "args": [{}]}}, "topology": {"minInstances": {}, "maxInstances": {}, "softMinInstances": {},
    "softMaxInstances": {}, "requiresOddNumberOfInstances": {}, "placementRules": [{"type": "neverWith",
    "roleTypes": [{}]}, {"type": "alwaysWithAny", "roleTypes": [{}, {}]}]}, "parameters": [{"name": {}, "label":
    {}, "description": {}, "type": "memory", "min": {}, "max": {}, "softMin": {}, "softMax": {}, "unit": {},
    "scaleFactor": {}, "autoConfigShare": {}, "default": {}}, {"name": {}, "label": {}, "description": {}, "type":
    "memory", "autoConfigShare": {}, "default": {}}], "runAs": {"user": {}, "group": {}}, "logging": {"dir": {},
    "filename": {}, "configFilename": {}, "modifiable": {}, "loggingType": {}, "configName": {},
    "additionalConfigs": [{"key": {}, "value": {}, "type": "simple"}]}, "commands": [{"name": {}, "label": {},
    "description": {}, "expectedExitCodes": [{}, {}], "requiredRoleState": {}, "commandRunner": {"program": {}}}],
    "configWriter": {"generators": [{"filename": {}, "configFormat": {}, "includedParams": [{}], "excludedParams":
    [{}], "refreshable": {}, "kerberosPrincipals": [{"principalName": {}, "propertyName": {}, "external": {},
    "peerRoleType": {}, "instanceWildcard": {}}], "additionalConfigs": [{"key": {}, "value": {}}]}],
    "peerConfigGenerators": [{"filename": {}, "params": [{}], "roleName": {}, "refreshable": {}}],
    "auxConfigGenerators": [{"filename": {}, "sourceFilename": {}}]}, "externalLink": {"name": {}, "label": {},
    "url": {}, "secureUrl": {}}, "additionalExternalLinks": [{"name": {}, "label": {}, "url": {}}], "jvmBased":
    {}, "kerberosPrincipals": [{"name": {}, "primary": {}, "instance": {}}], "sslServer": {"keystoreFormat": {},
    "enabledOptionality": {}, "autoTlsMode": {}, "keyIdentifier": {}, "keyPasswordOptionality": {},
    "keystorePasswordScriptBased": {}}, "sslClient": {"truststoreFormat": {}, "truststorePasswordScriptBased":
    {}}, "cgroup": {"cpu": {"autoConfigured": {}}, "memory": {"autoConfigured": {}, "autoConfiguredMin": {}},
    "blkio": {"autoConfigured": {}}}, "uniqueIdParameters": [{}], "healthAggregation": {"type": "singleton",
    "percentGreenForGreen": {}, "percentYellowGreenForYellow": {}}, "healthTests": [{"type": "status", "name": {},
    "label": {}, "description": {}, "status": {}, "timeWindowSec": {}, "warningThreshold": {}, "failureThreshold":
    {}, "greenMessage": {}, "advice": {"message": {}, "parameters": [{}], "commands": [{}]}}, {"type": "metric",
    "name": {}, "label": {}, "description": {}, "metric": {}, "divisorMetric": {}, "comparisonOperator": {},
    "aggregationFunction": {}, "yellowThreshold": {}, "redThreshold": {}, "timeWindowSec": {}}],
    "serviceMonitorClient": {}, "supportBundle": {"description": {}, "runMode": {}, "timeout": {}, "runner":
    {"program": {}}}, "dependencyExtensions": [{"type": "classAndConfigs", "extensionId": {}, "name": {},
    "className": {}, "configs": [{"key": {}, "value": {}}]}, {"type": "lineage", "extensionId": {}, "defaultDir":
    {}, "permissions": {}, "singleUserModeAllowed": {}}]}, {"name": {}, "label": {}, "pluralLabel": {},
    "startRunner": {"program": {}}, "topology": {"placementRules": [{"type": "alwaysWith", "roleType": {}}]}}],
    "gateway": {"alternatives": {"name": {}, "linkRoot": {}, "priority": {}}, "parameters": [{"name": {}, "label":
    {}, "description": {}, "type": "string"}], "scriptRunner": {"program": {}}, "configWriter": {"generators":
    [{"filename": {}, "configFormat": {}, "includedParams": [{}]}]}, "logging": {"configFilename": {},
    "loggingType": {}, "additionalConfigs": [{"key": {}, "value": {}}]}, "dependencyExtensions": [{"type":
    "directory", "extensionId": {}, "defaultDir": {}, "permissions": {}}, {"type": "clusterInfo", "extensionId":
    {}}]}, "commands": [{"name": {}, "label": {}, "description": {}, "roleName": {}, "roleCommand": {}, "runMode":
    {}}], "hdfsDirs": [{"name": {}, "label": {}, "description": {}, "directoryDescription": {}, "path": {},
    "permissions": {}}], "serviceInit": {"preStartSteps": [{"commandName": {}, "failureAllowed": {}}],
    "postStartSteps": [{"commandName": {}}]}, "stopRunner": {"runner": {"program": {}}, "masterRole": {},
    "relevantRoleTypes": [{}], "timeout": {}}, "kerberos": {}, "externalKerberosPrincipals": [{"name": {},
    "primary": {}, "instance": {}}], "providesDfs": {"fileSystemUri": {}, "webInterface": {}}, "providesKms":
    {"roleName": {}, "insecureUrl": {}, "secureUrl": {}, "loadBalancerUrl": {}}, "providesObjectStore":
    {"accountTypes": [{}], "supportsKeyDistributionPolicy": {}, "coreSiteGenerator": {"filename": {},
    "configFormat": {}, "includedParams": [{}], "additionalConfigs": [{"key": {}, "value": {}}]}},
    "dependencyExtensions": [{"type": "classAndConfigs", "extensionId": {}, "className": {}, "configs": [{"key":
    {}, "value": {}}]}], "healthTests": [{"type": "status", "name": {}, "label": {}, "description": {}, "status":
    {}}], "licenseFeature": {}, "rollingRestart": {}, "authorities": []})";

}  // namespace

TEST_CASE("every object with every field missing: the decode pass reports only the missing types") {
  parcel::csd::sdl::ServiceDescriptor model;
  // A missing "type" leaves the fields of a parameter, placement rule or extension unknown: that is
  // decoding's (Jackson's type id); every other finding is a field rule's.
  const std::vector<Finding> decoded = decodeOnly(kEveryObjectEmpty, &model);
  CHECK(decoded ==
        std::vector<Finding>{
            {E, "/parameters/0/type", "missing-field", "must be present (it selects the parameter type)"},
            {E, "/roles/0/topology/placementRules/0/type", "missing-field", "must be present"},
            {E, "/roles/0/parameters/0/type", "missing-field", "must be present (it selects the parameter type)"},
            {E, "/gateway/parameters/0/type", "missing-field", "must be present (it selects the parameter type)"},
            {E, "/gateway/dependencyExtensions/0/type", "missing-field", "must be present"},
            {E, "/dependencyExtensions/0/type", "missing-field", "must be present"},
            {E, "/healthTests/0/type", "missing-field", "must be present"},
        });
  const std::vector<Finding> fields = fieldsOnly(model);
  CHECK(fields.size() == 81);
  std::set<std::string> codes;
  for (const Finding& finding : fields) codes.insert(std::get<2>(finding));
  CHECK(codes == std::set<std::string>{"missing-field", "empty-list"});
  // Merged, they are the report of readSdl, in its order (checked finding by finding above).
  const std::vector<Finding> report = readSdl(kEveryObjectEmpty);
  CHECK(report.size() == decoded.size() + fields.size());
  CHECK(report.front() == Finding{E, "/name", "missing-field", "must be present and not blank"});
  CHECK(report.back() == Finding{E, "/healthTests/0/description", "missing-field", "must be present and not blank"});
}

TEST_CASE("every field of every object of the wrong type: one wrong-type finding each, all the decode pass's") {
  std::vector<std::string> wrong;
  emptyObjects(parcel::Json::parse(kEveryFieldWrongType), "", wrong);
  // Not read as a value: a path parameter's default and alternateScriptParameterName (only its
  // presence counts) are not type-checked, as in Cloudera's validator; rollingRestart is an object.
  for (const char* unchecked :
       {"/parameters/1/alternateScriptParameterName", "/parameters/2/default", "/rollingRestart"}) {
    CHECK(std::count(wrong.begin(), wrong.end(), unchecked) == 1);
    wrong.erase(std::find(wrong.begin(), wrong.end(), unchecked));
  }
  REQUIRE(wrong.size() == 297);
  // The fields that are not strings; every other one is.
  const std::map<std::string, std::vector<std::string>> kinds = {
      {"an integer",
       {"/compatibility/generation",
        "/maxInstances",
        "/parameters/5/minLength",
        "/parameters/5/maxLength",
        "/parameters/6/minLength",
        "/parameters/6/maxLength",
        "/parameters/7/default",
        "/parameters/9/default",
        "/roles/0/stopRunner/timeout",
        "/roles/0/topology/minInstances",
        "/roles/0/topology/maxInstances",
        "/roles/0/topology/softMinInstances",
        "/roles/0/topology/softMaxInstances",
        "/roles/0/parameters/0/default",
        "/roles/0/parameters/0/autoConfigShare",
        "/roles/0/parameters/1/default",
        "/roles/0/parameters/1/autoConfigShare",
        "/roles/0/commands/0/expectedExitCodes/0",
        "/roles/0/commands/0/expectedExitCodes/1",
        "/roles/0/cgroup/memory/autoConfiguredMin",
        "/roles/0/healthTests/0/timeWindowSec",
        "/roles/0/healthTests/0/warningThreshold",
        "/roles/0/healthTests/0/failureThreshold",
        "/roles/0/healthTests/1/timeWindowSec",
        "/roles/0/supportBundle/timeout",
        "/gateway/alternatives/priority",
        "/stopRunner/timeout"}},
      {"a boolean",
       {"/inExpressWizard",
        "/serviceDependencies/0/required",
        "/parameters/0/required",
        "/parameters/0/configurableInWizard",
        "/parameters/0/sensitive",
        "/parameters/1/credentialProviderCompatible",
        "/parameters/3/opaque",
        "/parameters/9/outbound",
        "/parameters/9/zeroAllowed",
        "/parameters/9/negativeOneAllowed",
        "/parameters/10/default",
        "/roles/0/topology/requiresOddNumberOfInstances",
        "/roles/0/logging/modifiable",
        "/roles/0/configWriter/generators/0/refreshable",
        "/roles/0/configWriter/generators/0/kerberosPrincipals/0/external",
        "/roles/0/configWriter/peerConfigGenerators/0/refreshable",
        "/roles/0/jvmBased",
        "/roles/0/sslServer/keystorePasswordScriptBased",
        "/roles/0/sslClient/truststorePasswordScriptBased",
        "/roles/0/cgroup/cpu/autoConfigured",
        "/roles/0/cgroup/memory/autoConfigured",
        "/roles/0/cgroup/blkio/autoConfigured",
        "/roles/0/serviceMonitorClient",
        "/roles/0/dependencyExtensions/1/singleUserModeAllowed",
        "/serviceInit/preStartSteps/0/failureAllowed",
        "/providesObjectStore/supportsKeyDistributionPolicy"}},
      {"a number",
       {"/parameters/7/min", "/parameters/7/softMin", "/parameters/7/softMax", "/parameters/7/max", "/parameters/8/min",
        "/parameters/8/max", "/parameters/8/default", "/parameters/9/min", "/roles/0/parameters/0/min",
        "/roles/0/parameters/0/softMin", "/roles/0/parameters/0/softMax", "/roles/0/parameters/0/max",
        "/roles/0/parameters/0/scaleFactor", "/roles/0/healthAggregation/percentGreenForGreen",
        "/roles/0/healthAggregation/percentYellowGreenForYellow", "/roles/0/healthTests/1/yellowThreshold",
        "/roles/0/healthTests/1/redThreshold"}},
  };
  std::map<std::string, std::string> expected;
  for (const std::string& pointer : wrong) expected[pointer] = "must be a string, not an object";
  for (const auto& [kind, pointers] : kinds) {
    for (const std::string& pointer : pointers) {
      CHECK(expected.count(pointer) == 1);
      expected[pointer] = "must be " + kind + ", not an object";
    }
  }
  std::map<std::string, std::string> found;
  for (const auto& [severity, pointer, code, message] : decodeOnly(kEveryFieldWrongType)) {
    CAPTURE(pointer);
    CHECK((severity == E));
    CHECK(code == "wrong-type");
    CHECK(found.emplace(pointer, message).second);
  }
  CHECK(found == expected);
  // Two rules fail on what the decode pass could not read: a placement rule lists no role type.
  const std::vector<Finding> report = readSdl(kEveryFieldWrongType);
  CHECK(report.size() == 299);
  CHECK(std::count(report.begin(), report.end(),
                   Finding{E, "/roles/0/topology/placementRules/0/roleTypes", "placement-rules",
                           "must list at least 1 role type(s)"}) == 1);
  CHECK(std::count(report.begin(), report.end(),
                   Finding{E, "/roles/0/topology/placementRules/1/roleTypes", "placement-rules",
                           "must list at least 2 role type(s)"}) == 1);
}
