// service.sdl decoded once (spec csd-format.md §4-§11): the typed model that the
// field pass of sdl.cpp fills while it checks types and field constraints, and
// that the reference pass (§11) and the service dependency check (§4.4) read.
// Those later passes never look at the raw JSON again, so no member of an
// untrusted document is read without a type check.
//
// Each value keeps its JSON pointer; its line and column come from that pointer
// (JsonPositions::locate, as for every finding). A string value is Jackson's
// reading of the member (a number or a boolean in its JSON text); it is absent
// (nullopt) when the member is missing, null (Jackson reads null as absent) or
// not a scalar, which the field pass reports. An absent object is an empty
// optional. The later passes run on what the field pass accepted, or, for the
// dependency check, skip what it could not read. Internal to parcel_core.
#pragma once

#include "parcel/support/diagnostic.hpp"

#include <optional>
#include <string>
#include <vector>

namespace parcel::csd::sdl {

// A string field, as Jackson reads it (numbers and booleans in their JSON text).
struct Text {
  std::optional<std::string> value;
  std::string pointer;
};

// A list of strings; `items` is empty when the list is absent or rejected.
struct TextList {
  std::vector<Text> items;
  std::string pointer;
};

// An item of a named list (parameters, commands, hdfsDirs, dependencies).
struct Named {
  Text name;
};

struct Runner {
  TextList args;
  std::vector<Text> environmentVariables;  // the values, each at its key's pointer
};

// additionalConfigs[] of a generator or a logging block; configs[] of a
// dependency extension.
struct KeyValue {
  Text key;
  Text value;
};

struct Principal {
  Text primary;
  Text instance;
};

struct Generator {
  TextList includedParams;
  TextList excludedParams;
  std::vector<KeyValue> additionalConfigs;
};

struct PeerGenerator {
  std::string pointer;
  Text roleName;
  TextList params;
};

struct ConfigWriter {
  std::vector<Generator> generators;
  std::vector<PeerGenerator> peerConfigGenerators;
};

struct Logging {
  Text filename;  // roles only
  std::vector<KeyValue> additionalConfigs;
};

struct Link {
  Text url;
  Text secureUrl;
};

struct PlacementRule {
  Text roleType;
  TextList roleTypes;
};

struct DependencyExtension {
  std::vector<KeyValue> configs;
};

struct HealthTest {
  TextList adviceParameters;  // advice.parameters
  std::vector<Text> messages;  // greenMessage, yellowMessage, redMessage, unavailableMessage
};

struct RoleCommand {
  Text name;
  std::optional<Runner> commandRunner;
};

struct SslServer {
  Text enabledOptionality;
  Text keystoreFormat;
  Text keyIdentifier;
};

struct SslClient {
  Text truststoreFormat;
};

struct Role {
  std::string pointer;
  Text name;
  std::optional<Runner> startRunner;
  std::optional<Runner> stopRunner;  // stopRunner.runner
  std::vector<Named> parameters;
  std::vector<RoleCommand> commands;
  std::optional<Logging> logging;
  std::optional<ConfigWriter> configWriter;
  std::optional<Link> externalLink;
  std::vector<Link> additionalExternalLinks;
  std::vector<Principal> kerberosPrincipals;
  std::optional<SslServer> sslServer;
  std::optional<SslClient> sslClient;
  std::vector<PlacementRule> placementRules;
  std::vector<DependencyExtension> dependencyExtensions;
  std::vector<HealthTest> healthTests;
};

struct ServiceCommand {
  std::string pointer;
  Text name;
  Text roleName;
  Text roleCommand;
};

struct HdfsDir {
  Text name;
  Text path;
};

struct StopRunner {
  Text masterRole;
  TextList relevantRoleTypes;
  std::optional<Runner> runner;
};

struct ProvidesKms {
  Text roleName;
  Text insecureUrl;
  Text secureUrl;
  Text loadBalancerUrl;
};

struct ProvidesDfs {
  Text fileSystemUri;
  Text webInterface;
};

struct Gateway {
  std::vector<Named> parameters;
  std::optional<Runner> scriptRunner;
  std::optional<ConfigWriter> configWriter;
  std::optional<Logging> logging;
  std::vector<DependencyExtension> dependencyExtensions;
};

struct ServiceDescriptor {
  bool isObject = false;  // false: the document is not an object, nothing else is set
  Text name;
  Text version;
  Text kerberos;
  TextList rolesWithExternalLinks;
  std::vector<Named> serviceDependencies;
  std::vector<Named> parameters;
  std::vector<Role> roles;
  std::optional<Gateway> gateway;
  std::vector<ServiceCommand> commands;
  std::vector<HdfsDir> hdfsDirs;
  std::vector<Text> preStartSteps;  // commandName of each step
  std::vector<Text> postStartSteps;
  std::optional<StopRunner> stopRunner;
  std::optional<ProvidesKms> providesKms;
  std::optional<ProvidesDfs> providesDfs;
  std::vector<Principal> externalKerberosPrincipals;
  std::vector<DependencyExtension> dependencyExtensions;
  std::vector<HealthTest> healthTests;
};

// The reference and substitution pass (§11) over the model (sdl_references.cpp).
void checkReferences(const ServiceDescriptor& model, Diagnostics& out);

}  // namespace parcel::csd::sdl
