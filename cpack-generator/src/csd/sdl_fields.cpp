// service.sdl, the field pass (spec csd-format.md §4-§10): the field rules
// (non-blank, enumerations, numeric bounds, octal permissions, entity names,
// unique names, parameter facts, file-name advice) over the typed model of
// service_descriptor.hpp only. What the decode pass rejected (a value present
// without a value) was reported there and is not checked again.
#include "csd/service_descriptor.hpp"
#include "json/json_decoder.hpp"
#include "parcel/model/permissions.hpp"
#include "parcel/rules/names.hpp"
#include "rules/field_checks.hpp"

#include <algorithm>
#include <map>
#include <numeric>
#include <regex>

namespace parcel::csd::sdl {
namespace {

const std::vector<std::string> kBuiltinRoleTypes = {"ACTIVITYMONITOR",   "AGENT",           "ALERTPUBLISHER",
                                                    "BALANCER",          "BEESWAX_SERVER",  "CATALOGSERVER",
                                                    "DATANODE",          "EVENTSERVER",     "FAILOVERCONTROLLER",
                                                    "GATEWAY",           "HBASERESTSERVER", "HBASETHRIFTSERVER",
                                                    "HBASE_INDEXER",     "HIVEMETASTORE",   "HIVESERVER2",
                                                    "HOSTMONITOR",       "HTTPFS",          "HUE_SERVER",
                                                    "HUE_LOAD_BALANCER", "IMPALAD",         "JOBHISTORY",
                                                    "JOBSUBD",           "JOBTRACKER",      "JOURNALNODE",
                                                    "KT_RENEWER",        "LLAMA",           "MASTER",
                                                    "NAMENODE",          "NAVIGATOR",       "NAVIGATORMETASERVER",
                                                    "NFSGATEWAY",        "NODEMANAGER",     "OOZIE_SERVER",
                                                    "REGIONSERVER",      "REPORTSMANAGER",  "RESOURCEMANAGER",
                                                    "SECONDARYNAMENODE", "SERVER",          "SERVICEMONITOR",
                                                    "SOLR_SERVER",       "SQOOP_SERVER",    "STATESTORE",
                                                    "TASKTRACKER",       "WEBHCAT",         "TELEMETRYPUBLISHER",
                                                    "SENTRY_SERVER"};

bool contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

// The bean constraints of rules/field_checks (the wording json_decoder's Object
// uses too) over model values, each finding placed after the decoding
// findings that came before its value.
class Rules {
public:
  explicit Rules(FieldFindings& out) : out_(out) {}

  void error(std::size_t after, std::string pointer, std::string code, std::string message) {
    out_.items.error(std::move(pointer), std::move(code), std::move(message));
    out_.after.push_back(after);
  }
  void warning(std::size_t after, std::string pointer, std::string code, std::string message) {
    out_.items.warning(std::move(pointer), std::move(code), std::move(message));
    out_.after.push_back(after);
  }

  // @NotBlank; the value when there.
  std::optional<std::string> notBlank(const Text& field) {
    if (!field.present) {
      check::reportMissing(field.pointer, true, out_.items);
      placeAfter(field.seen);
      return std::nullopt;
    }
    if (!field.value) return std::nullopt;
    if (check::isBlank(*field.value)) {
      check::reportBlank(field.pointer, out_.items);
      placeAfter(field.seen);
      return std::nullopt;
    }
    return field.value;
  }

  // @NotNull.
  bool required(const Slot& field) {
    if (field.present) return true;
    check::reportMissing(field.pointer, false, out_.items);
    placeAfter(field.seen);
    return false;
  }

  std::optional<std::string> oneOf(const Text& field, std::initializer_list<std::string_view> values,
                                   bool isRequired = false) {
    if (isRequired && !required(field)) return std::nullopt;
    if (!field.value) return std::nullopt;
    const bool good = check::isOneOf(*field.value, values, field.pointer, out_.items);
    placeAfter(field.seen);
    return good ? field.value : std::nullopt;
  }

  std::optional<std::int64_t> intAtLeast(const Integer& field, std::int64_t min) {
    if (!field.value) return std::nullopt;
    const bool good = check::isAtLeast(*field.value, min, field.pointer, out_.items);
    placeAfter(field.seen);
    return good ? field.value : std::nullopt;
  }

  std::optional<std::int64_t> intBetween(const Integer& field, std::int64_t min, std::int64_t max) {
    if (!field.value) return std::nullopt;
    const bool good = check::isBetween(*field.value, min, max, field.pointer, out_.items);
    placeAfter(field.seen);
    return good ? field.value : std::nullopt;
  }

  void octal(const Text& field, bool isRequired) {
    if (isRequired && !required(field)) return;
    if (field.value && !isFourDigitOctalMode(*field.value))
      error(field.seen, field.pointer, "invalid-permissions", octalModeMessage(*field.value));
  }

  // "empty-list" for a list that is absent (`present` false) or has no items.
  void emptyList(const Slot& list, bool present, bool empty, std::optional<std::string_view> message = std::nullopt) {
    if (present && !empty) return;
    if (message) {
      check::reportEmptyList(list.pointer, out_.items, *message);
    } else {
      check::reportEmptyList(list.pointer, out_.items);
    }
    placeAfter(list.seen);
  }
  void notEmpty(const TextList& list, std::optional<std::string_view> message = std::nullopt) {
    emptyList(list, list.present, list.valid && list.items.empty(), message);
  }

  // Items whose name repeats an earlier one, reported after the list.
  void unique(const std::vector<decode::Named>& items, std::string_view what, std::size_t after) {
    Diagnostics found;
    decode::unique(items, what, found);
    for (const Diagnostic& item : found.items()) {
      out_.items.add(item);
      out_.after.push_back(after);
    }
  }

private:
  // The findings added since the last placement come after `after` decoding findings.
  void placeAfter(std::size_t after) { out_.after.resize(out_.items.items().size(), after); }

  FieldFindings& out_;
};

class FieldPass {
public:
  FieldPass(const DescriptorOptions& options, FieldFindings& out) : options_(options), out_(out), rules_(out) {}

  void service(const ServiceDescriptor& s) {
    if (!s.isObject) return;
    checkEntityName(s.name, builtinServiceTypes(), "service type", out_);
    rules_.notBlank(s.label);
    rules_.notBlank(s.description);
    rules_.notBlank(s.version);
    if (s.runAs) runAs(*s.runAs);
    if (s.compatibility && s.compatibility->isObject) {
      const Integer& generation = s.compatibility->generation;
      if (generation.value && *generation.value < 1)  // Cloudera's wording; 1 is allowed
        rules_.error(generation.seen, generation.pointer, "out-of-range", "must be more than 1");
    }
    rules_.intAtLeast(s.maxInstances, 1);
    if (s.parcel && s.parcel->isObject) parcel(*s.parcel);
    std::vector<decode::Named> dependencies;
    for (const Named& dependency : s.serviceDependencies) {
      if (!dependency.isObject) continue;
      dependencies.push_back({rules_.notBlank(dependency.name), dependency.name.pointer});
    }
    rules_.unique(dependencies, "service dependency", s.serviceDependencies.seenEnd);
    parameters(s.parameters, false);
    std::vector<decode::Named> roles;
    for (const Role& r : s.roles) {
      role(r);
      roles.push_back({r.isObject ? r.name.value : std::nullopt, childPointer(r.pointer, "name")});
    }
    rules_.unique(roles, "role", s.roles.seenEnd);
    if (s.gateway) gateway(*s.gateway);
    std::vector<decode::Named> commands;
    for (const ServiceCommand& c : s.commands) {
      if (!c.isObject) continue;
      commands.push_back({rules_.notBlank(c.name), c.name.pointer});
      for (const Text* field : {&c.label, &c.description, &c.roleName, &c.roleCommand}) rules_.notBlank(*field);
      rules_.oneOf(c.runMode, {"all", "single"}, true);
    }
    rules_.unique(commands, "command", s.commands.seenEnd);
    std::vector<decode::Named> dirs;
    for (const HdfsDir& d : s.hdfsDirs) {
      if (!d.isObject) continue;
      dirs.push_back({rules_.notBlank(d.name), d.name.pointer});
      for (const Text* field : {&d.label, &d.description, &d.directoryDescription, &d.path}) rules_.notBlank(*field);
      rules_.octal(d.permissions, true);
    }
    rules_.unique(dirs, "HDFS directory", s.hdfsDirs.seenEnd);
    for (const auto* steps : {&s.preStartSteps, &s.postStartSteps}) {
      for (const Step& step : *steps) {
        if (step.isObject) rules_.notBlank(step.commandName);
      }
    }
    if (s.stopRunner && s.stopRunner->isObject) {
      const StopRunner& r = *s.stopRunner;
      if (rules_.required(r.runnerAt) && r.runner) runner(*r.runner);
      rules_.notBlank(r.masterRole);
      rules_.intAtLeast(r.timeout, 0);
    }
    principals(s.externalKerberosPrincipals);
    if (s.providesDfs && s.providesDfs->isObject) rules_.notBlank(s.providesDfs->fileSystemUri);
    if (s.providesKms && s.providesKms->isObject) rules_.notBlank(s.providesKms->roleName);
    if (s.providesObjectStore && s.providesObjectStore->isObject) {
      rules_.notEmpty(s.providesObjectStore->accountTypes);
      if (const auto& g = s.providesObjectStore->coreSiteGenerator; g && g->isObject) {
        rules_.notBlank(g->filename);
        rules_.oneOf(g->configFormat, {"hadoop_xml", "properties", "gflags"}, true);
        additionalConfigs(g->additionalConfigs);
      }
    }
    dependencyExtensions(s.dependencyExtensions);
    healthTests(s.healthTests);
  }

private:
  void runAs(const RunAs& r) {
    if (!r.isObject) return;
    rules_.notBlank(r.user);
    rules_.notBlank(r.group);
  }

  void parcel(const Parcel& p) {
    const Text& url = p.repoUrl;
    if (url.value && url.value->empty()) {
      rules_.warning(url.seen, url.pointer, "empty-url",
                     "an empty repoUrl: Cloudera Manager adds no parcel repository; remove \"repoUrl\" or give a URL");
    } else if (url.value) {
      static const std::regex kUrl(R"(^[A-Za-z][A-Za-z0-9+.-]*://[^\s/?#]+[^\s]*$)");
      if (!std::regex_match(*url.value, kUrl))
        rules_.error(url.seen, url.pointer, "invalid-url", "\"" + *url.value + "\" must be a valid URL");
    }
    rules_.notEmpty(p.requiredTags, "must not be empty");
  }

  void runner(const Runner& r) {
    if (r.isObject) rules_.notBlank(r.program);
  }

  void principals(const List<Principal>& items) {
    std::vector<decode::Named> names;
    for (const Principal& p : items) {
      if (!p.isObject) continue;
      names.push_back({rules_.notBlank(p.name), p.name.pointer});
      rules_.notBlank(p.primary);
    }
    rules_.unique(names, "principal", items.seenEnd);
  }

  void additionalConfigs(const std::vector<KeyValue>& items) {
    for (const KeyValue& c : items) {
      if (!c.isObject) continue;
      rules_.notBlank(c.key);
      rules_.oneOf(c.type, {"simple", "authToLocal"});
    }
  }

  // §5. `inRole`: parameters of a role or the gateway (auto-config shares are per role).
  void parameters(const List<Parameter>& items, bool inRole) {
    std::vector<decode::Named> names;
    std::vector<decode::Named> configNames;
    std::int64_t shareTotal = 0;
    bool anyShare = false;
    for (const Parameter& p : items) {
      std::optional<std::string> name;
      std::optional<std::int64_t> share;
      if (p.type.value) parameter(p, name, share);
      names.push_back({name, childPointer(p.pointer, "name")});
      configNames.push_back({p.type.value ? p.configName.value : std::nullopt, childPointer(p.pointer, "configName")});
      if (share) {
        anyShare = true;
        shareTotal += *share;
      }
    }
    rules_.unique(names, "parameter", items.seenEnd);
    rules_.unique(configNames, "configName", items.seenEnd);
    if (inRole && anyShare && shareTotal != 100) {
      rules_.error(items.seenEnd, items.pointer, "autoconfig-shares",
                   "memory parameters must add up to 100 autoconfig shares, not " + std::to_string(shareTotal));
    }
  }

  void parameter(const Parameter& p, std::optional<std::string>& name, std::optional<std::int64_t>& share) {
    const std::string& type = *p.type.value;
    name = rules_.notBlank(p.name);
    if (type != "provided") {
      rules_.notBlank(p.label);
      rules_.notBlank(p.description);
    }
    if (type == "string" || type == "password") {
      rules_.oneOf(p.initType, {"randomBase64"});
      if (type == "password" && p.alternateScriptParameterName &&
          p.credentialProviderCompatible.value.value_or(false)) {
        rules_.error(p.credentialProviderCompatible.seen, p.pointer, "password-options",
                     "credentialProviderCompatible and alternateScriptParameterName are mutually exclusive");
      }
    } else if (type == "path" || type == "path_array") {
      rules_.oneOf(p.pathType, {"localDataDir", "localDataFile", "serviceSpecific"}, true);
      rules_.octal(p.mode, false);
    } else if (type == "string_enum") {
      rules_.notEmpty(p.validValues);
      const Text& value = p.defaultValue;
      if (value.value && p.validValues.valid) {
        std::vector<std::string> valid;
        for (const Text& item : p.validValues.items) valid.push_back(item.value.value_or(""));
        if (!contains(valid, *value.value)) {
          rules_.warning(value.seen, value.pointer, "default-not-valid",
                         "default \"" + *value.value + "\" is not one of validValues");
        }
      }
    }
    if (type == "string_array" || type == "path_array" || type == "uri_array") {
      rules_.intAtLeast(p.minLength, 0);
      rules_.intAtLeast(p.maxLength, 0);
    }
    if (type == "long" || type == "double" || type == "memory" || type == "port") numeric(p, type, name, share);
  }

  void numeric(const Parameter& p, const std::string& type, const std::optional<std::string>& name,
               std::optional<std::int64_t>& share) {
    rules_.oneOf(p.unit,
                 {"milliseconds", "seconds", "minutes", "hours", "bytes", "kilobytes", "megabytes", "gigabytes",
                  "percent", "pages", "times", "lines"});
    if (type == "port") {
      for (const Number* bound : {&p.max, &p.softMin, &p.softMax}) {
        if (bound->present)
          rules_.error(p.defaultValue.seen, bound->pointer, "port-bound", "a port parameter may only set min");
      }
    }
    if (type == "memory") share = rules_.intBetween(p.autoConfigShare, 0, 100);
    const std::map<std::string, const Number*> bounds = {
        {"min", &p.min}, {"softMin", &p.softMin}, {"softMax", &p.softMax}, {"max", &p.max}};
    static const std::pair<const char*, const char*> kPairs[] = {{"min", "softMin"}, {"min", "softMax"},
                                                                 {"min", "max"},     {"softMin", "softMax"},
                                                                 {"softMin", "max"}, {"softMax", "max"}};
    const std::string shown = name.value_or("?");
    for (const auto& [low, high] : kPairs) {
      const std::optional<double>& lowValue = bounds.at(low)->value;
      const std::optional<double>& highValue = bounds.at(high)->value;
      if (lowValue && highValue && !(*lowValue < *highValue)) {
        rules_.error(
            p.seenEnd, p.pointer, "parameter-bounds",
            shown + " must satisfy \"" + low + " == null or " + high + " == null or " + low + " < " + high + "\"");
      }
    }
  }

  void role(const Role& r) {
    if (!r.isObject) return;
    checkEntityName(r.name, kBuiltinRoleTypes, "role type", out_);
    rules_.notBlank(r.label);
    rules_.notBlank(r.pluralLabel);
    if (rules_.required(r.startRunnerAt) && r.startRunner) runner(*r.startRunner);
    if (r.stopRunnerBlock && r.stopRunnerBlock->isObject) rules_.intAtLeast(r.stopRunnerBlock->timeout, 0);
    if (r.stopRunner) runner(*r.stopRunner);
    if (r.topology) topology(*r.topology);
    parameters(r.parameters, true);
    if (r.runAs) runAs(*r.runAs);
    if (r.logging && r.logging->isObject) {
      const Logging& l = *r.logging;
      rules_.notBlank(l.dir);
      auto filename = rules_.notBlank(l.filename);
      auto type = rules_.oneOf(l.loggingType, {"log4j", "logback", "glog", "other"});
      if (type == std::optional<std::string>("glog") && filename &&
          (filename->size() < 5 || filename->compare(filename->size() - 5, 5, ".INFO") != 0)) {
        rules_.error(l.loggingType.seen, l.filename.pointer, "glog-filename", "a glog log file name must end in .INFO");
      }
      additionalConfigs(l.additionalConfigs);
    }
    std::vector<decode::Named> commands;
    for (const RoleCommand& c : r.commands) {
      if (!c.isObject) continue;
      commands.push_back({rules_.notBlank(c.name), c.name.pointer});
      rules_.notBlank(c.label);
      rules_.notBlank(c.description);
      rules_.emptyList(c.expectedExitCodes, c.expectedExitCodes.present, c.noExitCodes);
      rules_.oneOf(c.requiredRoleState, {"running", "stopped"});
      if (rules_.required(c.commandRunnerAt) && c.commandRunner) runner(*c.commandRunner);
    }
    rules_.unique(commands, "command", r.commands.seenEnd);
    if (r.configWriter) configWriter(*r.configWriter);
    if (r.externalLink) link(*r.externalLink);
    std::vector<decode::Named> links;
    for (const Link& l : r.additionalExternalLinks) {
      std::optional<std::string> name = link(l);
      if (l.isObject) links.push_back({name, l.name.pointer});
    }
    rules_.unique(links, "link", r.additionalExternalLinks.seenEnd);
    principals(r.kerberosPrincipals);
    if (r.sslServer && r.sslServer->isObject) {
      const SslServer& s = *r.sslServer;
      auto format = rules_.oneOf(s.keystoreFormat, {"jks", "pem"});
      rules_.oneOf(s.enabledOptionality, {"optional", "required", "notExposed"});
      rules_.oneOf(s.autoTlsMode, {"auto", "off"});
      rules_.oneOf(s.keyPasswordOptionality, {"optional", "required", "notExposed"});
      if (format.value_or("jks") == "jks") rules_.notBlank(s.keyIdentifier);
    }
    if (r.sslClient && r.sslClient->isObject) rules_.oneOf(r.sslClient->truststoreFormat, {"jks", "pem"});
    if (r.cgroupMemory && r.cgroupMemory->isObject) rules_.intAtLeast(r.cgroupMemory->autoConfiguredMin, 0);
    if (r.healthAggregation && r.healthAggregation->isObject) {
      const HealthAggregation& a = *r.healthAggregation;
      rules_.oneOf(a.type, {"singleton", "nonSingleton"}, true);
      for (const Number* percent : {&a.percentGreenForGreen, &a.percentYellowGreenForYellow}) {
        if (percent->value && (*percent->value < 0 || *percent->value > 99.99))
          rules_.error(percent->seen, percent->pointer, "out-of-range", "must be between 0.0 and 99.99");
      }
    }
    healthTests(r.healthTests);
    if (r.supportBundle && r.supportBundle->isObject) {
      const SupportBundle& b = *r.supportBundle;
      rules_.oneOf(b.runMode, {"all", "single"});
      rules_.intBetween(b.timeout, 1, 300000);
      if (rules_.required(b.runnerAt) && b.runner) runner(*b.runner);
    }
    dependencyExtensions(r.dependencyExtensions);
  }

  void topology(const Topology& t) {
    if (!t.isObject) return;
    auto min = rules_.intAtLeast(t.minInstances, 0);
    auto max = rules_.intAtLeast(t.maxInstances, 1);
    auto softMin = rules_.intAtLeast(t.softMinInstances, 1);
    auto softMax = rules_.intAtLeast(t.softMaxInstances, 1);
    struct Rule {
      const std::optional<std::int64_t>& low;
      const std::optional<std::int64_t>& high;
      bool strict;
      const char* expression;
    };
    const Rule bounds[] = {{min, softMin, true, "minInstances < softMinInstances"},
                           {min, softMax, false, "minInstances <= softMaxInstances"},
                           {min, max, false, "minInstances <= maxInstances"},
                           {softMin, softMax, false, "softMinInstances <= softMaxInstances"},
                           {softMin, max, false, "softMinInstances <= maxInstances"},
                           {softMax, max, true, "softMaxInstances < maxInstances"}};
    for (const Rule& rule : bounds) {
      if (rule.low && rule.high && !(rule.strict ? *rule.low < *rule.high : *rule.low <= *rule.high)) {
        rules_.error(t.seen, t.pointer, "topology-bounds", std::string("must satisfy \"") + rule.expression + "\"");
      }
    }
    std::map<std::string, int> types;
    for (const PlacementRule& rule : t.placementRules) {
      if (!rule.type.value) continue;
      const std::string& type = *rule.type.value;
      if (++types[type] == 2) {
        rules_.error(rule.type.seen, rule.pointer, "placement-rules",
                     "at most one placement rule of type " + type + " is allowed");
      }
      if (type == "alwaysWith") {
        rules_.notBlank(rule.roleType);
      } else {
        const std::size_t need = type == "alwaysWithAny" ? 2 : 1;
        if (!rule.roleTypes.valid || rule.roleTypes.items.size() < need) {
          rules_.error(rule.roleTypes.seen, rule.roleTypes.pointer, "placement-rules",
                       "must list at least " + std::to_string(need) + " role type(s)");
        }
      }
    }
    if (types.count("alwaysWith") && types.count("alwaysWithAny")) {
      rules_.error(t.placementRules.seenEnd, t.placementRules.pointer, "placement-rules",
                   "alwaysWith and alwaysWithAny cannot both be used");
    }
  }

  std::optional<std::string> link(const Link& l) {
    if (!l.isObject) return std::nullopt;
    auto name = rules_.notBlank(l.name);
    rules_.notBlank(l.label);
    rules_.notBlank(l.url);
    return name;
  }

  // Deprecation group: generated file names should have a sub-directory.
  void fileNameAdvice(const Text& field, const std::optional<std::string>& filename) {
    if (options_.strict || !filename || filename->empty()) return;
    if (filename->find('/') == std::string::npos || filename->front() == '/' || filename->back() == '/') {
      rules_.warning(field.seen, field.pointer, "filename-without-directory",
                     "\"" + *filename + "\" should be inside a sub-directory, e.g. \"conf/" + *filename + "\"");
    }
  }

  // A generated file's name: non-blank, in a sub-directory; collected for the uniqueness check.
  void filename(const Text& field, std::vector<decode::Named>& files) {
    auto name = rules_.notBlank(field);
    files.push_back({name, field.pointer});
    fileNameAdvice(field, name);
  }

  void configWriter(const ConfigWriter& w) {
    if (!w.isObject) return;
    std::vector<decode::Named> files;
    for (const Generator& g : w.generators) {
      if (!g.isObject) continue;
      filename(g.filename, files);
      rules_.oneOf(g.configFormat, {"hadoop_xml", "properties", "gflags"}, true);
      for (const KerberosPrincipalProperty& k : g.kerberosPrincipals) {
        if (!k.isObject) continue;
        rules_.notBlank(k.principalName);
        rules_.notBlank(k.propertyName);
      }
      additionalConfigs(g.additionalConfigs);
    }
    rules_.unique(files, "file name", w.generators.seenEnd);
    files.clear();
    for (const PeerGenerator& g : w.peerConfigGenerators) {
      if (!g.isObject) continue;
      filename(g.filename, files);
      rules_.notEmpty(g.params);
    }
    rules_.unique(files, "file name", w.peerConfigGenerators.seenEnd);
    files.clear();
    for (const AuxGenerator& g : w.auxConfigGenerators) {
      if (g.isObject) filename(g.filename, files);
    }
    rules_.unique(files, "file name", w.auxConfigGenerators.seenEnd);
  }

  void gateway(const Gateway& g) {
    if (rules_.required(g.alternativesAt) && g.alternatives && g.alternatives->isObject) {
      const Alternatives& a = *g.alternatives;
      rules_.notBlank(a.name);
      rules_.notBlank(a.linkRoot);
      if (rules_.required(a.priority)) rules_.intAtLeast(a.priority, 0);
    }
    parameters(g.parameters, true);
    if (g.scriptRunner) runner(*g.scriptRunner);
    if (rules_.required(g.configWriterAt) && g.configWriter) configWriter(*g.configWriter);
    if (g.logging && g.logging->isObject) {
      rules_.oneOf(g.logging->loggingType, {"log4j", "logback", "glog", "other"});
      additionalConfigs(g.logging->additionalConfigs);
    }
    dependencyExtensions(g.dependencyExtensions);
  }

  void dependencyExtensions(const std::vector<DependencyExtension>& items) {
    for (const DependencyExtension& e : items) {
      if (!e.type.value) continue;
      const std::string& type = *e.type.value;
      rules_.notBlank(e.extensionId);
      if (type == "classAndConfigs") {
        rules_.notBlank(e.className);
        for (const KeyValue& config : e.configs) {
          if (config.isObject) rules_.notBlank(config.key);
        }
      } else if (type != "clusterInfo") {
        rules_.notBlank(e.defaultDir);
        rules_.octal(e.permissions, false);
      }
    }
  }

  void healthTests(const List<HealthTest>& items) {
    std::vector<decode::Named> names;
    std::vector<decode::Named> labels;
    for (const HealthTest& t : items) {
      names.push_back({rules_.notBlank(t.name), t.name.pointer});
      labels.push_back({rules_.notBlank(t.label), t.label.pointer});
      rules_.notBlank(t.description);
      rules_.intBetween(t.timeWindowSec, 1, 3600);
      if (t.type.value == std::optional<std::string>("status")) {
        rules_.notBlank(t.status);
        rules_.intBetween(t.warningThreshold, 1, 10);
        rules_.intBetween(t.failureThreshold, 1, 10);
      } else if (t.type.value) {
        rules_.notBlank(t.metric);
        rules_.oneOf(t.comparisonOperator, {"lt", "lte", "gt", "gte", "eq", "neq"}, true);
        rules_.oneOf(t.aggregationFunction, {"avg", "sum", "max", "min", "last"}, true);
      }
    }
    rules_.unique(names, "health test name", items.seenEnd);
    rules_.unique(labels, "health test label", items.seenEnd);
  }

  const DescriptorOptions& options_;
  FieldFindings& out_;
  Rules rules_;
};

}  // namespace

void checkEntityName(const Text& name, const std::vector<std::string>& reserved, const char* what, FieldFindings& out) {
  Rules rules(out);
  auto value = rules.notBlank(name);
  if (!value) return;
  Diagnostics found;  // the grammar itself lives in rules/names.cpp, shared with csd init
  ::parcel::checkEntityName(*value, name.pointer, reserved, what, found);
  for (const Diagnostic& item : found.items()) rules.error(name.seen, item.pointer, item.code, item.message);
}

void checkFields(const ServiceDescriptor& model, const DescriptorOptions& options, FieldFindings& out) {
  FieldPass(options, out).service(model);
}

void mergeFindings(const Diagnostics& decoded, const FieldFindings& fields, Diagnostics& out) {
  std::vector<std::size_t> order(fields.items.items().size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(
      order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return fields.after[a] < fields.after[b]; });
  std::size_t next = 0;
  for (std::size_t index : order) {
    for (; next < std::min(fields.after[index], decoded.items().size()); ++next) out.add(decoded.items()[next]);
    out.add(fields.items.items()[index]);
  }
  for (; next < decoded.items().size(); ++next) out.add(decoded.items()[next]);
}

}  // namespace parcel::csd::sdl
