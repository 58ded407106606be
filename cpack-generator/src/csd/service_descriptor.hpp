// service.sdl decoded once (spec csd-format.md §4-§11): the typed model, and the
// three passes over it. Internal to parcel_core.
//
//   raw JSON --decodeSdl--> ServiceDescriptor --checkFields-----> field findings
//   (sdl_decode.cpp)        (this file)        (sdl_fields.cpp)
//                                              --checkReferences-> reference findings
//                                              (sdl_references.cpp)
//
// The decode pass is the only reader of the raw JSON: it reports what decoding
// itself finds (a wrong JSON type that Jackson would not coerce, an unknown
// field, a value that is not an object, a missing or unknown type that selects
// the fields of a parameter, placement rule, dependency extension or health
// test) and fills the model. The field pass (non-blank, enumerations, bounds,
// octal permissions, entity names, unique names, ...) and the reference pass
// read the model only.
//
// Each value keeps its JSON pointer; its line and column come from that pointer
// (JsonPositions::locate, as for every finding). A string value is Jackson's
// reading of the member (a number or a boolean in its JSON text); it is absent
// (nullopt) when the member is missing, null (Jackson reads null as absent) or
// rejected by the decode pass (`present` then tells which). An absent object is
// an empty optional; a value that is not an object has isObject false.
//
// Report order: one walk over the document used to report both kinds of
// finding, interleaved. `seen` on a value (and `seenEnd` on a list) is the number of
// decoding findings reported before the field pass's findings about it, so that
// mergeFindings gives the findings in that order.
#pragma once

#include "parcel/csd/descriptor.hpp"
#include "parcel/json/json_text.hpp"
#include "parcel/support/diagnostic.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace parcel::csd::sdl {

// Where a field is: its pointer, whether it is there and not null, and the
// decoding findings reported before it was read (see "Report order").
struct Slot {
  std::string pointer;
  bool present = false;
  std::size_t seen = 0;
};

// A scalar field; `value` is absent when the field is absent or rejected.
template <class T>
struct Value : Slot {
  std::optional<T> value;
};

using Text = Value<std::string>;  // as Jackson reads a string (numbers and booleans in their JSON text)
using Integer = Value<std::int64_t>;
using Number = Value<double>;
using Flag = Value<bool>;

// A list of strings; `items` is empty when the list is absent or not an array.
// `valid`: an array whose every element the decode pass read as a string.
struct TextList : Slot {
  std::vector<Text> items;
  bool valid = false;
};

// A list of objects; `seenEnd`: the decoding findings reported up to its last item.
template <class Item>
struct List : std::vector<Item> {
  std::string pointer;
  std::size_t seenEnd = 0;
};

// A service dependency.
struct Named {
  bool isObject = false;
  Text name;
};

struct Runner {
  bool isObject = false;
  Text program;
  TextList args;
  std::vector<Text> environmentVariables;  // the values, each at its key's pointer
};

// additionalConfigs[] of a generator or a logging block; configs[] of a
// dependency extension.
struct KeyValue {
  bool isObject = false;
  Text key;
  Text value;
  Text type;
};

struct Principal {
  bool isObject = false;
  Text name;
  Text primary;
  Text instance;
};

struct RunAs {
  bool isObject = false;
  Text user;
  Text group;
};

// A parameter (§5). `type` is the type that selects its fields; when it is
// missing or not a parameter type, only `name` is read (for the reference pass).
struct Parameter {
  std::string pointer;
  bool isObject = false;
  Text type;  // its value only when it is a parameter type
  Text name;
  Text label;
  Text description;
  Text configName;
  Text defaultValue;  // its text for string, password and string_enum; `seen` after it was read for any type
  Text initType;
  Flag credentialProviderCompatible;  // read only when alternateScriptParameterName is there too
  bool alternateScriptParameterName = false;
  Text pathType;
  Text mode;
  TextList validValues;
  Integer minLength;
  Integer maxLength;
  Text unit;
  Number min;
  Number softMin;
  Number softMax;
  Number max;
  Integer autoConfigShare;
  std::size_t seenEnd = 0;  // after its last field
};

struct KerberosPrincipalProperty {
  bool isObject = false;
  Text principalName;
  Text propertyName;
};

struct Generator {
  bool isObject = false;
  Text filename;
  Text configFormat;
  TextList includedParams;
  TextList excludedParams;
  std::vector<KerberosPrincipalProperty> kerberosPrincipals;
  std::vector<KeyValue> additionalConfigs;
};

struct PeerGenerator {
  std::string pointer;
  bool isObject = false;
  Text filename;
  Text roleName;
  TextList params;
};

struct AuxGenerator {
  bool isObject = false;
  Text filename;
  Text sourceFilename;  // the file in the jar's aux/ the agent copies
};

struct ConfigWriter {
  bool isObject = false;
  List<Generator> generators;
  List<PeerGenerator> peerConfigGenerators;
  List<AuxGenerator> auxConfigGenerators;
};

struct Logging {
  bool isObject = false;
  Text dir;  // roles only
  Text filename;  // roles only
  Text loggingType;
  std::vector<KeyValue> additionalConfigs;
};

struct Link {
  bool isObject = false;
  Text name;
  Text label;
  Text url;
  Text secureUrl;
};

// A placement rule; `type` is the type that selects its fields.
struct PlacementRule {
  std::string pointer;
  bool isObject = false;
  Text type;  // its value only when it is a placement rule type
  Text roleType;
  TextList roleTypes;
};

struct Topology {
  std::string pointer;
  bool isObject = false;
  Integer minInstances;
  Integer maxInstances;
  Integer softMinInstances;
  Integer softMaxInstances;
  std::size_t seen = 0;  // after its bounds, before its placement rules
  Slot placementRulesAt;
  List<PlacementRule> placementRules;
};

// A dependency extension; `type` is the type that selects its fields.
struct DependencyExtension {
  Text type;  // its value only when it is an extension type
  Text extensionId;
  Text className;
  Text defaultDir;
  Text permissions;
  std::vector<KeyValue> configs;  // every type's, for the reference pass; checked for classAndConfigs
};

// A health test; `type` is the type that selects its fields (absent: only the common ones).
struct HealthTest {
  Text type;  // its value only when it is a health test type
  Text name;
  Text label;
  Text description;
  Integer timeWindowSec;
  Text status;
  Integer warningThreshold;
  Integer failureThreshold;
  Text metric;
  Text comparisonOperator;
  Text aggregationFunction;
  TextList adviceParameters;  // advice.parameters
  std::vector<Text> messages;  // greenMessage, yellowMessage, redMessage, unavailableMessage
};

struct RoleCommand {
  bool isObject = false;
  Text name;
  Text label;
  Text description;
  Slot expectedExitCodes;  // `seen` after its type was read, before its elements
  bool noExitCodes = false;  // an empty array
  Text requiredRoleState;
  Slot commandRunnerAt;
  std::optional<Runner> commandRunner;
};

struct SslServer {
  bool isObject = false;
  Text enabledOptionality;
  Text keystoreFormat;
  Text autoTlsMode;
  Text keyPasswordOptionality;
  Text keyIdentifier;
};

struct SslClient {
  bool isObject = false;
  Text truststoreFormat;
};

struct RoleStopRunner {
  bool isObject = false;
  Integer timeout;
};

struct CgroupPart {
  bool isObject = false;
  Integer autoConfiguredMin;  // memory only
};

struct HealthAggregation {
  bool isObject = false;
  Text type;
  Number percentGreenForGreen;
  Number percentYellowGreenForYellow;
};

struct SupportBundle {
  bool isObject = false;
  Text runMode;
  Integer timeout;
  Slot runnerAt;
  std::optional<Runner> runner;
};

struct Role {
  std::string pointer;
  bool isObject = false;
  Text name;
  Text label;
  Text pluralLabel;
  Slot startRunnerAt;
  std::optional<Runner> startRunner;
  std::optional<RoleStopRunner> stopRunnerBlock;
  std::optional<Runner> stopRunner;  // stopRunner.runner
  std::optional<Topology> topology;
  List<Parameter> parameters;
  std::optional<RunAs> runAs;
  List<RoleCommand> commands;
  std::optional<Logging> logging;
  std::optional<ConfigWriter> configWriter;
  std::optional<Link> externalLink;
  List<Link> additionalExternalLinks;
  List<Principal> kerberosPrincipals;
  std::optional<SslServer> sslServer;
  std::optional<SslClient> sslClient;
  std::optional<CgroupPart> cgroupMemory;  // cgroup.memory
  std::optional<HealthAggregation> healthAggregation;
  List<HealthTest> healthTests;
  std::optional<SupportBundle> supportBundle;
  std::vector<DependencyExtension> dependencyExtensions;
};

struct ServiceCommand {
  std::string pointer;
  bool isObject = false;
  Text name;
  Text label;
  Text description;
  Text roleName;
  Text roleCommand;
  Text runMode;
};

struct HdfsDir {
  bool isObject = false;
  Text name;
  Text label;
  Text description;
  Text directoryDescription;
  Text path;
  Text permissions;
};

// A step of serviceInit.
struct Step {
  bool isObject = false;
  Text commandName;
};

struct StopRunner {
  bool isObject = false;
  Slot runnerAt;
  Text masterRole;
  TextList relevantRoleTypes;
  Integer timeout;
  std::optional<Runner> runner;
};

struct ProvidesKms {
  bool isObject = false;
  Text roleName;
  Text insecureUrl;
  Text secureUrl;
  Text loadBalancerUrl;
};

struct ProvidesDfs {
  bool isObject = false;
  Text fileSystemUri;
  Text webInterface;
};

struct ProvidesObjectStore {
  bool isObject = false;
  TextList accountTypes;
  std::optional<Generator> coreSiteGenerator;
};

struct Alternatives {
  bool isObject = false;
  Text name;
  Text linkRoot;
  Integer priority;
};

struct Gateway {
  Slot alternativesAt;
  std::optional<Alternatives> alternatives;
  List<Parameter> parameters;
  std::optional<Runner> scriptRunner;
  Slot configWriterAt;
  std::optional<ConfigWriter> configWriter;
  std::optional<Logging> logging;
  std::vector<DependencyExtension> dependencyExtensions;
};

struct Compatibility {
  bool isObject = false;
  Integer generation;
};

struct Parcel {
  bool isObject = false;
  Text repoUrl;
  TextList requiredTags;
};

struct ServiceDescriptor {
  bool isObject = false;  // false: the document is not an object, nothing else is set
  Text name;
  Text label;
  Text description;
  Text version;
  std::optional<RunAs> runAs;
  std::optional<Compatibility> compatibility;
  Integer maxInstances;
  Text icon;
  Text svgIcon;
  std::optional<Parcel> parcel;
  Text kerberos;
  TextList rolesWithExternalLinks;
  List<Named> serviceDependencies;
  List<Parameter> parameters;
  List<Role> roles;
  std::optional<Gateway> gateway;
  List<ServiceCommand> commands;
  List<HdfsDir> hdfsDirs;
  std::vector<Step> preStartSteps;
  std::vector<Step> postStartSteps;
  std::optional<StopRunner> stopRunner;
  std::optional<ProvidesKms> providesKms;
  std::optional<ProvidesDfs> providesDfs;
  std::optional<ProvidesObjectStore> providesObjectStore;
  List<Principal> externalKerberosPrincipals;
  std::vector<DependencyExtension> dependencyExtensions;
  List<HealthTest> healthTests;
};

// Pass 1 (sdl_decode.cpp): the raw JSON into the model, with decoding findings only.
ServiceDescriptor decodeSdl(const Json& root, Diagnostics& out);

// Jackson's reading of a scalar as a string (numbers and booleans in their JSON
// text), without a finding; nullopt for a null, an object, an array or nullptr.
std::optional<std::string> scalarText(const Json* value);

// The field pass's findings, each with the decoding findings that precede it.
struct FieldFindings {
  Diagnostics items;
  std::vector<std::size_t> after;
};

// Pass 2 (sdl_fields.cpp): the field rules over the model only.
void checkFields(const ServiceDescriptor& model, const DescriptorOptions& options, FieldFindings& out);

// Entity names (service and role types): not blank, then rules/names.hpp's
// checkEntityName (cm-schema's [A-Z|_|0-9]*, not a built-in type).
void checkEntityName(const Text& name, const std::vector<std::string>& reserved, const char* what, FieldFindings& out);

// The findings of the decode and field passes, in report order, appended to `out`.
void mergeFindings(const Diagnostics& decoded, const FieldFindings& fields, Diagnostics& out);

// Pass 3 (sdl_references.cpp): the reference and substitution rules (§11) over the model.
void checkReferences(const ServiceDescriptor& model, Diagnostics& out);

}  // namespace parcel::csd::sdl
