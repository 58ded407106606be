// service.sdl validation (spec csd-format.md §4-§12): validateSdl runs the
// three passes of service_descriptor.hpp (decode, field rules, and, only when
// those found no error, references and substitutions), then, separately, the
// service dependency check (§4.4) over the model. Also the built-in service
// types and the CM releases that introduced them.
#include "csd/service_descriptor.hpp"
#include "json/json_decoder.hpp"
#include "parcel/csd/descriptor.hpp"

#include <algorithm>

namespace parcel::csd {
namespace {

bool contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

}  // namespace

const std::vector<std::string>& builtinServiceTypes() {
  static const std::vector<std::string> kTypes = {
      "HDFS", "MAPREDUCE", "HBASE", "OOZIE",      "ZOOKEEPER", "HUE",    "YARN",           "IMPALA", "FLUME",
      "HIVE", "SOLR",      "SQOOP", "KS_INDEXER", "SENTRY",    "AWS_S3", "ADLS_CONNECTOR", "MGMT"};
  return kTypes;
}

namespace {

// Built-in service types by the release that made them built in (docs/csd.md,
// "Service types"): best effort from Cloudera's release documentation; the 5
// list is the public validator's.
struct TypeRelease {
  const char* type;
  int release;
};
const TypeRelease kLaterTypes[] = {
    {"KAFKA", 6},
    {"SPARK_ON_YARN", 6},
    {"SPARK2_ON_YARN", 6},
    {"KUDU", 6},
    {"ISILON", 6},
    {"KEYTRUSTEE", 6},
    {"KMS", 6},
    {"HBASE_INDEXER", 6},
    {"ACCUMULO_C6", 6},
    {"KNOX", 7},
    {"LIVY", 7},
    {"RANGER", 7},
    {"ATLAS", 7},
    {"ZEPPELIN", 7},
    {"HIVE_ON_TEZ", 7},
    {"TEZ", 7},
    {"QUEUEMANAGER", 7},
    {"SCHEMAREGISTRY", 7},
    {"STREAMS_MESSAGING_MANAGER", 7},
    {"STREAMS_REPLICATION_MANAGER", 7},
    {"CRUISE_CONTROL", 7},
    {"OZONE", 7},
    {"PHOENIX", 7},
    {"RANGER_RAZ", 7},
    {"CORE_SETTINGS", 7},
    {"DAS", 7},
    {"HIVE_LLAP", 7},
    {"SPARK3_ON_YARN", 7},
    {"NIFI", 7},
    {"NIFIREGISTRY", 7},
    {"FLINK", 7},
    {"SQL_STREAM_BUILDER", 7},
};

}  // namespace

bool isKnownCmVersion(int release) { return release >= 5 && release <= 7; }

std::optional<int> parseCmVersion(std::string_view text) {
  if (text.size() != 1 || !isKnownCmVersion(text[0] - '0')) return std::nullopt;
  return text[0] - '0';
}

std::optional<int> releaseIntroducing(const std::string& type) {
  if (contains(builtinServiceTypes(), type)) return 5;
  for (const TypeRelease& later : kLaterTypes) {
    if (type == later.type) return later.release;
  }
  return std::nullopt;
}

const std::vector<std::string>& knownDependencyTypes(int release) {
  static const std::vector<std::vector<std::string>> kByRelease = [] {
    std::vector<std::vector<std::string>> lists;
    for (int r = 5; r <= 7; ++r) {
      std::vector<std::string> types = builtinServiceTypes();
      for (const TypeRelease& later : kLaterTypes) {
        if (later.release <= r) types.emplace_back(later.type);
      }
      lists.push_back(std::move(types));
    }
    return lists;
  }();
  return kByRelease.at(static_cast<std::size_t>(isKnownCmVersion(release) ? release - 5 : 2));
}

void validateSdl(const Json& sdl, const DescriptorOptions& options, Diagnostics& out) {
  Diagnostics decoded;
  const sdl::ServiceDescriptor model = sdl::decodeSdl(sdl, decoded);
  sdl::FieldFindings fieldFindings;
  sdl::checkFields(model, options, fieldFindings);
  Diagnostics fields;
  sdl::mergeFindings(decoded, fieldFindings, fields);
  out.append(fields);
  if (!model.isObject) return;
  if (!fields.hasErrors()) sdl::checkReferences(model, out);
  // Separately from the other groups (spec §12 step 4).
  for (const sdl::Named& dependency : model.serviceDependencies) {
    if (!dependency.name.value) continue;
    const std::string& name = *dependency.name.value;
    if (contains(knownDependencyTypes(options.cmVersion), name) || contains(options.extraServiceTypes, name)) continue;
    const std::optional<int> since = releaseIntroducing(name);
    out.error(dependency.name.pointer, "unknown-service-type",
              "\"" + name + "\" must be a valid service type" +
                  (since ? " (" + name + " is built into Cloudera Manager " + std::to_string(*since) +
                           " and later; the target is CM " + std::to_string(options.cmVersion) +
                           ": raise --cm-version, or add it with --service-types if your CM has it)"
                         : std::string(" (add it with --service-types)")));
  }
}

std::optional<Json> readSdl(std::string_view text, const DescriptorOptions& options, Diagnostics& out) {
  const std::size_t first = out.items().size();
  JsonPositions positions;
  auto json = parseJson(text, kDescriptorJson, out, &positions);
  if (json) validateSdl(*json, options, out);
  positions.locate(out, first);  // each finding also names its line and column
  return json;
}

// The member `key` of the document as Jackson reads a string, or "".
std::string topLevelText(const Json& sdl, const char* key) {
  if (!sdl.is_object()) return "";
  const auto found = sdl.find(key);
  return found == sdl.end() ? "" : sdl::scalarText(&*found).value_or("");
}

std::vector<SdlFileReference> sdlFileReferences(const Json& sdl) {
  Diagnostics ignored;  // validateSdl reports them
  const sdl::ServiceDescriptor model = sdl::decodeSdl(sdl, ignored);
  std::vector<SdlFileReference> found;
  const auto add = [&](SdlFileReference::Kind kind, const sdl::Text& name) {
    if (name.value) found.push_back({kind, *name.value, name.pointer});
  };
  const auto program = [&](const std::optional<sdl::Runner>& runner) {
    if (runner) add(SdlFileReference::Kind::Program, runner->program);
  };
  if (model.stopRunner) program(model.stopRunner->runner);
  for (const sdl::Role& role : model.roles) {
    program(role.startRunner);
    program(role.stopRunner);
    for (const sdl::RoleCommand& command : role.commands) program(command.commandRunner);
  }
  if (model.gateway) program(model.gateway->scriptRunner);
  add(SdlFileReference::Kind::Icon, model.icon);
  add(SdlFileReference::Kind::Icon, model.svgIcon);
  const auto auxSources = [&](const std::optional<sdl::ConfigWriter>& writer) {
    if (!writer) return;
    for (const sdl::AuxGenerator& generator : writer->auxConfigGenerators)
      add(SdlFileReference::Kind::AuxSource, generator.sourceFilename);
  };
  for (const sdl::Role& role : model.roles) auxSources(role.configWriter);
  if (model.gateway) auxSources(model.gateway->configWriter);
  return found;
}

std::string sdlName(const Json& sdl) { return topLevelText(sdl, "name"); }

std::string sdlVersion(const Json& sdl) { return topLevelText(sdl, "version"); }

}  // namespace parcel::csd
