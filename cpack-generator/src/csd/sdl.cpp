// service.sdl validation (spec csd-format.md §4-§12): a field pass over the
// whole document that decodes it into the typed model of service_descriptor.hpp,
// then, only when it found no error, the reference and substitution pass (§11,
// sdl_references.cpp) over the model, and separately the service dependency
// check (§4.4), also over the model.
#include "csd/service_descriptor.hpp"
#include "json/json_decoder.hpp"
#include "parcel/csd/descriptor.hpp"

#include <algorithm>
#include <map>
#include <regex>

namespace parcel::csd {
namespace {

using decode::Named;
using Obj = decode::DescriptorObject;

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

// Jackson's reading of a scalar as a string (numbers and booleans in their JSON
// text), without a finding: the field pass reports what is wrong with `value`.
std::optional<std::string> scalarText(const Json* value) {
  if (value == nullptr || value->is_null()) return std::nullopt;
  if (value->is_string()) return value->get<std::string>();
  if (value->is_number() || value->is_boolean()) return value->dump();
  return std::nullopt;
}

sdl::Text textOf(const Json& value, std::string pointer) { return {scalarText(&value), std::move(pointer)}; }

// The member `key` of `object` (any JSON value, found at `at`) for the model.
sdl::Text member(const Json& object, std::string_view key, const std::string& at) {
  const Json* field = nullptr;
  if (object.is_object()) {
    const auto found = object.find(std::string(key));
    if (found != object.end()) field = &*found;
  }
  return {scalarText(field), childPointer(at, key)};
}

sdl::Text text(const Obj& object, std::string_view key) { return {scalarText(object.get(key)), object.at(key)}; }

sdl::TextList textList(const Obj& object, std::string_view key) {
  sdl::TextList list{{}, object.at(key)};
  const Json* items = object.get(key);
  if (items == nullptr || !items->is_array()) return list;
  for (std::size_t i = 0; i < items->size(); ++i)
    list.items.push_back(textOf((*items)[i], childPointer(list.pointer, i)));
  return list;
}

// Entity names (service and role types): non-empty, [A-Z|_|0-9]* as in cm-schema.
void entityName(const Obj& object, std::string_view key, const std::vector<std::string>& reserved, const char* what) {
  auto name = object.notBlank(key);
  if (!name) return;
  const bool good = std::all_of(name->begin(), name->end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '|';
  });
  if (!good) {
    object.out().error(
        object.at(key), "invalid-name", "\"" + *name + "\" must contain only upper-case letters, digits and '_'");
  } else if (contains(reserved, *name)) {
    object.out().error(object.at(key), "reserved-name",
                       "\"" + *name + "\" is a built-in " + what + " of Cloudera Manager and cannot be used");
  }
}

// ---- pass 1: fields -------------------------------------------------------------------

class FieldPass {
public:
  FieldPass(const DescriptorOptions& options, Diagnostics& out) : options_(options), out_(out) {}

  // Checks `root` and decodes it into the model.
  sdl::ServiceDescriptor service(const Json& root) {
    sdl::ServiceDescriptor model;
    Obj s(root, "", out_,
          {"name",
           "label",
           "description",
           "version",
           "runAs",
           "compatibility",
           "maxInstances",
           "icon",
           "svgIcon",
           "parcel",
           "inExpressWizard",
           "rolesWithExternalLinks",
           "serviceDependencies",
           "parameters",
           "roles",
           "gateway",
           "commands",
           "hdfsDirs",
           "serviceInit",
           "stopRunner",
           "kerberos",
           "externalKerberosPrincipals",
           "providesDfs",
           "providesKms",
           "providesObjectStore",
           "dependencyExtensions",
           "rollingRestart",
           "healthTests",
           "authorities",
           "licenseFeature"});
    if (!s.ok()) return model;
    model.isObject = true;
    model.name = text(s, "name");
    model.version = text(s, "version");
    model.kerberos = text(s, "kerberos");
    model.rolesWithExternalLinks = textList(s, "rolesWithExternalLinks");
    entityName(s, "name", builtinServiceTypes(), "service type");
    s.notBlank("label");
    s.notBlank("description");
    s.notBlank("version");
    if (auto* runAs = s.get("runAs")) this->runAs(*runAs, s.at("runAs"));
    if (auto* compat = s.get("compatibility")) compatibility(*compat, s.at("compatibility"));
    s.intAtLeast("maxInstances", 1);
    s.str("icon");
    s.str("svgIcon");
    if (auto* p = s.get("parcel")) parcel(*p, s.at("parcel"));
    s.boolean("inExpressWizard");
    s.strings("rolesWithExternalLinks");
    std::vector<Named> dependencies;
    decode::eachElement(
        s.array("serviceDependencies"), s.at("serviceDependencies"), [&](const Json& item, const std::string& at) {
          Obj d(item, at, out_, {"name", "required"});
          model.serviceDependencies.push_back({text(d, "name")});
          dependencies.push_back({d.notBlank("name"), d.at("name")});
          d.boolean("required");
        });
    decode::unique(dependencies, "service dependency", out_);
    model.parameters = parameters(s, "parameters", false);
    std::vector<Named> roles;
    decode::eachElement(s.array("roles"), s.at("roles"), [&](const Json& item, const std::string& at) {
      model.roles.emplace_back();
      model.roles.back().pointer = at;
      roles.push_back({role(item, at, model.roles.back()), childPointer(at, "name")});
    });
    decode::unique(roles, "role", out_);
    if (auto* g = s.get("gateway")) model.gateway = gateway(*g, s.at("gateway"));
    std::vector<Named> commands;
    decode::eachElement(s.array("commands"), s.at("commands"), [&](const Json& item, const std::string& at) {
      Obj c(item, at, out_, {"name", "label", "description", "roleName", "roleCommand", "runMode"});
      model.commands.push_back({at, text(c, "name"), text(c, "roleName"), text(c, "roleCommand")});
      commands.push_back({c.notBlank("name"), c.at("name")});
      c.notBlank("label");
      c.notBlank("description");
      c.notBlank("roleName");
      c.notBlank("roleCommand");
      c.oneOf("runMode", {"all", "single"}, true);
    });
    decode::unique(commands, "command", out_);
    std::vector<Named> dirs;
    decode::eachElement(s.array("hdfsDirs"), s.at("hdfsDirs"), [&](const Json& item, const std::string& at) {
      Obj d(item, at, out_, {"name", "label", "description", "directoryDescription", "path", "permissions"});
      model.hdfsDirs.push_back({text(d, "name"), text(d, "path")});
      dirs.push_back({d.notBlank("name"), d.at("name")});
      for (const char* key : {"label", "description", "directoryDescription", "path"}) d.notBlank(key);
      d.octal("permissions", true);
    });
    decode::unique(dirs, "HDFS directory", out_);
    if (auto* init = s.get("serviceInit")) {
      Obj i(*init, s.at("serviceInit"), out_, {"preStartSteps", "postStartSteps"});
      for (const char* list : {"preStartSteps", "postStartSteps"}) {
        auto& steps = std::string_view(list) == "preStartSteps" ? model.preStartSteps : model.postStartSteps;
        decode::eachElement(i.array(list), i.at(list), [&](const Json& item, const std::string& at) {
          Obj step(item, at, out_, {"commandName", "failureAllowed"});
          steps.push_back(text(step, "commandName"));
          step.notBlank("commandName");
          step.boolean("failureAllowed");
        });
      }
    }
    if (auto* stop = s.get("stopRunner")) {
      Obj r(*stop, s.at("stopRunner"), out_, {"runner", "masterRole", "relevantRoleTypes", "timeout"});
      model.stopRunner.emplace();
      model.stopRunner->masterRole = text(r, "masterRole");
      model.stopRunner->relevantRoleTypes = textList(r, "relevantRoleTypes");
      if (r.required("runner")) model.stopRunner->runner = runner(*r.get("runner"), r.at("runner"));
      r.notBlank("masterRole");
      r.strings("relevantRoleTypes");
      r.intAtLeast("timeout", 0);
    }
    s.str("kerberos");
    model.externalKerberosPrincipals = principals(s, "externalKerberosPrincipals");
    if (auto* dfs = s.get("providesDfs")) {
      Obj d(*dfs, s.at("providesDfs"), out_, {"fileSystemUri", "webInterface"});
      model.providesDfs = sdl::ProvidesDfs{text(d, "fileSystemUri"), text(d, "webInterface")};
      d.notBlank("fileSystemUri");
      d.str("webInterface");
    }
    if (auto* kms = s.get("providesKms")) {
      Obj k(*kms, s.at("providesKms"), out_, {"roleName", "insecureUrl", "secureUrl", "loadBalancerUrl"});
      model.providesKms = sdl::ProvidesKms{
          text(k, "roleName"), text(k, "insecureUrl"), text(k, "secureUrl"), text(k, "loadBalancerUrl")};
      k.notBlank("roleName");
      for (const char* key : {"insecureUrl", "secureUrl", "loadBalancerUrl"}) k.str(key);
    }
    if (auto* store = s.get("providesObjectStore")) {  // cm-schema ProvidesObjectStore (CM 5.10+, the S3A CSDs)
      Obj o(*store, s.at("providesObjectStore"), out_,
            {"accountTypes", "coreSiteGenerator", "supportsKeyDistributionPolicy"});
      auto types = o.strings("accountTypes");
      if (o.lacks("accountTypes") || (types && types->empty()))
        out_.error(o.at("accountTypes"), "empty-list", "must be present and not empty");
      o.boolean("supportsKeyDistributionPolicy");
      if (auto* generator = o.get("coreSiteGenerator")) {
        Obj g(*generator, o.at("coreSiteGenerator"), out_,
              {"filename", "configFormat", "includedParams", "excludedParams", "refreshable", "kerberosPrincipals",
               "additionalConfigs"});
        g.notBlank("filename");
        g.oneOf("configFormat", {"hadoop_xml", "properties", "gflags"}, true);
        g.strings("includedParams");
        g.strings("excludedParams");
        additionalConfigs(g);
      }
    }
    model.dependencyExtensions = dependencyExtensions(s);
    model.healthTests = healthTests(s);
    s.str("licenseFeature");
    return model;
  }

private:
  void runAs(const Json& value, const std::string& at) {
    Obj r(value, at, out_, {"user", "group", "principal"});
    r.notBlank("user");
    r.notBlank("group");
    r.str("principal");
  }

  void compatibility(const Json& value, const std::string& at) {
    Obj c(value, at, out_, {"generation", "cdhVersion"});
    if (auto generation = c.integer("generation"); generation && *generation < 1) {
      out_.error(c.at("generation"), "out-of-range", "must be more than 1");  // Cloudera's wording; 1 is allowed
    }
    if (auto* cdh = c.get("cdhVersion")) {
      Obj v(*cdh, c.at("cdhVersion"), out_, {"min", "max"});
      v.str("min");
      v.str("max");
    }
  }

  void parcel(const Json& value, const std::string& at) {
    Obj p(value, at, out_, {"repoUrl", "requiredTags", "optionalTags"});
    if (auto url = p.str("repoUrl"); url && url->empty()) {
      out_.warning(p.at("repoUrl"), "empty-url",
                   "an empty repoUrl: Cloudera Manager adds no parcel repository; remove \"repoUrl\" or give a URL");
    } else if (url) {
      static const std::regex kUrl(R"(^[A-Za-z][A-Za-z0-9+.-]*://[^\s/?#]+[^\s]*$)");
      if (!std::regex_match(*url, kUrl))
        out_.error(p.at("repoUrl"), "invalid-url", "\"" + *url + "\" must be a valid URL");
    }
    auto tags = p.strings("requiredTags");
    if (p.lacks("requiredTags") || (tags && tags->empty())) {
      out_.error(p.at("requiredTags"), "empty-list", "must not be empty");
    }
    p.strings("optionalTags");
  }

  sdl::Runner runner(const Json& value, const std::string& at) {
    Obj r(value, at, out_, {"program", "args", "environmentVariables", "referencedEnvironmentVariables"});
    r.notBlank("program");
    r.strings("args");
    r.map("environmentVariables");
    r.get("referencedEnvironmentVariables");  // unstable; not validated
    sdl::Runner model{textList(r, "args"), {}};
    if (const Json* variables = r.get("environmentVariables"); variables != nullptr && variables->is_object()) {
      for (const auto& item : variables->items()) {
        model.environmentVariables.push_back(
            textOf(item.value(), childPointer(r.at("environmentVariables"), item.key())));
      }
    }
    return model;
  }

  std::vector<sdl::Principal> principals(const Obj& owner, const char* key) {
    std::vector<sdl::Principal> model;
    std::vector<Named> names;
    decode::eachElement(owner.array(key), owner.at(key), [&](const Json& item, const std::string& at) {
      Obj p(item, at, out_, {"name", "primary", "instance"});
      model.push_back({text(p, "primary"), text(p, "instance")});
      names.push_back({p.notBlank("name"), p.at("name")});
      p.notBlank("primary");
      p.str("instance");
    });
    decode::unique(names, "principal", out_);
    return model;
  }

  std::vector<sdl::KeyValue> additionalConfigs(const Obj& owner) {
    std::vector<sdl::KeyValue> model;
    decode::eachElement(
        owner.array("additionalConfigs"), owner.at("additionalConfigs"), [&](const Json& item, const std::string& at) {
          Obj c(item, at, out_, {"key", "value", "type"});
          model.push_back({text(c, "key"), text(c, "value")});
          c.notBlank("key");
          c.str("value");
          c.oneOf("type", {"simple", "authToLocal"});
        });
    return model;
  }

  // §5. `role`: parameters of a role (auto-config shares are per role).
  std::vector<sdl::Named> parameters(const Obj& owner, const char* key, bool inRole) {
    std::vector<sdl::Named> model;
    std::vector<Named> names;
    std::vector<Named> configNames;
    std::int64_t shareTotal = 0;
    bool anyShare = false;
    decode::eachElement(owner.array(key), owner.at(key), [&](const Json& item, const std::string& at) {
      model.push_back({member(item, "name", at)});
      auto [name, configName, share] = parameter(item, at);
      names.push_back({name, childPointer(at, "name")});
      configNames.push_back({configName, childPointer(at, "configName")});
      if (share) {
        anyShare = true;
        shareTotal += *share;
      }
    });
    decode::unique(names, "parameter", out_);
    decode::unique(configNames, "configName", out_);
    if (inRole && anyShare && shareTotal != 100) {
      out_.error(owner.at(key), "autoconfig-shares",
                 "memory parameters must add up to 100 autoconfig shares, not " + std::to_string(shareTotal));
    }
    return model;
  }

  struct ParameterFacts {
    std::optional<std::string> name;
    std::optional<std::string> configName;
    std::optional<std::int64_t> share;
  };

  ParameterFacts parameter(const Json& value, const std::string& at) {
    ParameterFacts facts;
    if (!value.is_object()) {
      Obj wrong(value, at, out_, {});
      return facts;
    }
    const Json* typeValue = value.contains("type") ? &value["type"] : nullptr;
    if (typeValue == nullptr || typeValue->is_null()) {
      out_.error(childPointer(at, "type"), "missing-field", "must be present (it selects the parameter type)");
      return facts;
    }
    const std::string type = typeValue->is_string() ? typeValue->get<std::string>() : typeValue->dump();
    static const std::map<std::string, std::vector<std::string_view>> kExtra = {
        {"string", {"conformRegex", "initType"}},
        {"password", {"conformRegex", "initType", "credentialProviderCompatible", "alternateScriptParameterName"}},
        {"path", {"pathType", "mode"}},
        {"uri", {"allowedSchemes", "opaque"}},
        {"string_enum", {"validValues"}},
        {"string_array", {"separator", "minLength", "maxLength"}},
        {"path_array", {"separator", "minLength", "maxLength", "pathType", "mode"}},
        {"uri_array", {"separator", "minLength", "maxLength", "allowedSchemes", "opaque"}},
        {"long", {"min", "max", "softMin", "softMax", "unit"}},
        {"double", {"min", "max", "softMin", "softMax", "unit"}},
        {"memory", {"min", "max", "softMin", "softMax", "unit", "scaleFactor", "autoConfigShare"}},
        {"port", {"min", "max", "softMin", "softMax", "unit", "outbound", "zeroAllowed", "negativeOneAllowed"}},
        {"boolean", {}},
        {"provided", {}},
    };
    const auto extra = kExtra.find(type);
    if (extra == kExtra.end()) {
      out_.error(childPointer(at, "type"), "invalid-value", "\"" + type + "\" is not a parameter type");
      return facts;
    }
    // The unknown-field check with the common fields plus this type's.
    std::vector<std::string_view> fields = {"type",       "name",     "label",   "description",
                                            "configName", "required", "default", "configurableInWizard",
                                            "sensitive"};
    fields.insert(fields.end(), extra->second.begin(), extra->second.end());
    for (const auto& item : value.items()) {
      if (std::find(fields.begin(), fields.end(), item.key()) == fields.end()) {
        out_.warning(childPointer(at, item.key()), "unknown-field",
                     "unrecognized field \"" + item.key() + "\" for a parameter of type " + type);
      }
    }
    Obj p(value, at, out_, {}, /*reportUnknown=*/false);
    facts.name = p.notBlank("name");
    if (type != "provided") {
      p.notBlank("label");
      p.notBlank("description");
    }
    facts.configName = p.str("configName");
    p.boolean("required");
    p.boolean("configurableInWizard");
    p.boolean("sensitive");
    const Json* defaultValue = p.get("default");
    const std::string defaultAt = p.at("default");
    if (type == "string" || type == "password") {
      p.str("conformRegex");
      p.oneOf("initType", {"randomBase64"});
      if (defaultValue) decode::string(*defaultValue, defaultAt, out_);
      if (type == "password" && p.has("credentialProviderCompatible") && p.has("alternateScriptParameterName") &&
          p.boolean("credentialProviderCompatible").value_or(false)) {
        out_.error(at, "password-options",
                   "credentialProviderCompatible and alternateScriptParameterName are mutually exclusive");
      }
    } else if (type == "path" || type == "path_array") {
      p.oneOf("pathType", {"localDataDir", "localDataFile", "serviceSpecific"}, true);
      p.octal("mode", false);
    } else if (type == "uri" || type == "uri_array") {
      p.strings("allowedSchemes");
      p.boolean("opaque");
    } else if (type == "string_enum") {
      auto values = p.strings("validValues");
      if (p.lacks("validValues") || (values && values->empty())) {
        out_.error(p.at("validValues"), "empty-list", "must be present and not empty");
      }
      if (defaultValue) {
        auto text = decode::string(*defaultValue, defaultAt, out_);
        if (text && values && !contains(*values, *text)) {
          out_.warning(defaultAt, "default-not-valid", "default \"" + *text + "\" is not one of validValues");
        }
      }
    } else if (type == "boolean") {
      p.boolean("default");
    }
    if (type == "string_array" || type == "path_array" || type == "uri_array") {
      p.str("separator");
      p.intAtLeast("minLength", 0);
      p.intAtLeast("maxLength", 0);
      if (defaultValue) {
        if (!defaultValue->is_array())
          decode::wrongType(*defaultValue, defaultAt, "an array", out_);
        else
          for (std::size_t i = 0; i < defaultValue->size(); ++i)
            decode::string((*defaultValue)[i], childPointer(defaultAt, i), out_);
      }
    }
    if (type == "long" || type == "double" || type == "memory" || type == "port") numeric(p, type, facts);
    return facts;
  }

  void numeric(const Obj& p, const std::string& type, ParameterFacts& facts) {
    p.oneOf("unit",
            {"milliseconds", "seconds", "minutes", "hours", "bytes", "kilobytes", "megabytes", "gigabytes", "percent",
             "pages", "times", "lines"});
    std::map<std::string, std::optional<double>> bounds;
    for (const char* key : {"min", "softMin", "softMax", "max"}) bounds[key] = p.number(key);
    if (const Json* value = p.get("default")) {
      if (type == "double")
        p.number("default");
      else
        p.integer("default");
      (void)value;
    }
    if (type == "port") {
      for (const char* key : {"max", "softMin", "softMax"}) {
        if (p.has(key)) out_.error(p.at(key), "port-bound", "a port parameter may only set min");
      }
      p.boolean("outbound");
      p.boolean("zeroAllowed");
      p.boolean("negativeOneAllowed");
    }
    if (type == "memory") {
      p.number("scaleFactor");
      facts.share = p.intBetween("autoConfigShare", 0, 100);
    }
    static const std::pair<const char*, const char*> kPairs[] = {{"min", "softMin"}, {"min", "softMax"},
                                                                 {"min", "max"},     {"softMin", "softMax"},
                                                                 {"softMin", "max"}, {"softMax", "max"}};
    const std::string name = facts.name.value_or("?");
    for (const auto& [low, high] : kPairs) {
      if (bounds[low] && bounds[high] && !(*bounds[low] < *bounds[high])) {
        out_.error(
            p.pointer(), "parameter-bounds",
            name + " must satisfy \"" + low + " == null or " + high + " == null or " + low + " < " + high + "\"");
      }
    }
  }

  std::optional<std::string> role(const Json& value, const std::string& at, sdl::Role& model) {
    Obj r(value, at, out_,
          {"name",
           "label",
           "pluralLabel",
           "startRunner",
           "stopRunner",
           "topology",
           "parameters",
           "runAs",
           "logging",
           "commands",
           "configWriter",
           "externalLink",
           "additionalExternalLinks",
           "jvmBased",
           "kerberosPrincipals",
           "sslServer",
           "sslClient",
           "cgroup",
           "uniqueIdParameters",
           "healthAggregation",
           "healthTests",
           "serviceMonitorClient",
           "supportBundle",
           "dependencyExtensions"});
    if (!r.ok()) return std::nullopt;
    model.name = text(r, "name");
    entityName(r, "name", kBuiltinRoleTypes, "role type");
    const std::optional<std::string> name = model.name.value;  // entityName reported what is wrong with it
    r.notBlank("label");
    r.notBlank("pluralLabel");
    if (r.required("startRunner")) model.startRunner = runner(*r.get("startRunner"), r.at("startRunner"));
    if (auto* stop = r.get("stopRunner")) {
      Obj s(*stop, r.at("stopRunner"), out_, {"timeout", "runner"});
      s.intAtLeast("timeout", 0);
      if (auto* run = s.get("runner")) model.stopRunner = runner(*run, s.at("runner"));
    }
    if (auto* topology = r.get("topology")) model.placementRules = this->topology(*topology, r.at("topology"));
    model.parameters = parameters(r, "parameters", true);
    if (auto* runAs = r.get("runAs")) this->runAs(*runAs, r.at("runAs"));
    if (auto* logging = r.get("logging")) {
      Obj l(*logging, r.at("logging"), out_,
            {"dir", "filename", "configFilename", "modifiable", "loggingType", "configName", "additionalConfigs"});
      l.notBlank("dir");
      model.logging = sdl::Logging{text(l, "filename"), {}};
      auto filename = l.notBlank("filename");
      l.str("configFilename");
      l.boolean("modifiable");
      auto type = l.oneOf("loggingType", {"log4j", "logback", "glog", "other"});
      if (type == std::optional<std::string>("glog") && filename &&
          (filename->size() < 5 || filename->compare(filename->size() - 5, 5, ".INFO") != 0)) {
        out_.error(l.at("filename"), "glog-filename", "a glog log file name must end in .INFO");
      }
      l.str("configName");
      model.logging->additionalConfigs = additionalConfigs(l);
    }
    std::vector<Named> commands;
    decode::eachElement(r.array("commands"), r.at("commands"), [&](const Json& item, const std::string& cat) {
      Obj c(
          item, cat, out_, {"name", "label", "description", "expectedExitCodes", "requiredRoleState", "commandRunner"});
      model.commands.push_back({text(c, "name"), std::nullopt});
      commands.push_back({c.notBlank("name"), c.at("name")});
      c.notBlank("label");
      c.notBlank("description");
      const Json* codes = c.array("expectedExitCodes");
      if (c.lacks("expectedExitCodes") || (codes && codes->empty())) {
        out_.error(c.at("expectedExitCodes"), "empty-list", "must be present and not empty");
      }
      decode::eachElement(codes, c.at("expectedExitCodes"),
                          [&](const Json& code, const std::string& codeAt) { decode::integer(code, codeAt, out_); });
      c.oneOf("requiredRoleState", {"running", "stopped"});
      if (c.required("commandRunner"))
        model.commands.back().commandRunner = runner(*c.get("commandRunner"), c.at("commandRunner"));
    });
    decode::unique(commands, "command", out_);
    if (auto* writer = r.get("configWriter")) model.configWriter = configWriter(*writer, r.at("configWriter"));
    if (auto* link = r.get("externalLink")) externalLink(*link, r.at("externalLink"), model.externalLink.emplace());
    std::vector<Named> links;
    decode::eachElement(r.array("additionalExternalLinks"), r.at("additionalExternalLinks"),
                        [&](const Json& item, const std::string& lat) {
                          links.push_back({externalLink(item, lat, model.additionalExternalLinks.emplace_back()),
                                           childPointer(lat, "name")});
                        });
    decode::unique(links, "link", out_);
    r.boolean("jvmBased");
    model.kerberosPrincipals = principals(r, "kerberosPrincipals");
    if (auto* ssl = r.get("sslServer")) {
      Obj s(*ssl, r.at("sslServer"), out_,
            {"keystoreFormat",
             "enabledOptionality",
             "enabledConfigName",
             "autoTlsMode",
             "keyIdentifier",
             "keyPasswordOptionality",
             "keystoreLocationConfigName",
             "keystoreLocationDefault",
             "keystorePasswordConfigName",
             "keystorePasswordCredentialProviderCompatible",
             "keystorePasswordScriptBased",
             "keystoreKeyPasswordConfigName",
             "keystoreKeyPasswordCredentialProviderCompatible",
             "keystoreKeyPasswordScriptBased",
             "privateKeyLocationConfigName",
             "privateKeyLocationDefault",
             "privateKeyPasswordConfigName",
             "certificateLocationConfigName",
             "certificateLocationDefault",
             "caCertificateLocationConfigName",
             "caCertificateLocationDefault"});
      model.sslServer =
          sdl::SslServer{text(s, "enabledOptionality"), text(s, "keystoreFormat"), text(s, "keyIdentifier")};
      auto format = s.oneOf("keystoreFormat", {"jks", "pem"});
      s.oneOf("enabledOptionality", {"optional", "required", "notExposed"});
      s.oneOf("autoTlsMode", {"auto", "off"});
      s.oneOf("keyPasswordOptionality", {"optional", "required", "notExposed"});
      if (format.value_or("jks") == "jks") s.notBlank("keyIdentifier");
      for (const char* key : {"keystorePasswordCredentialProviderCompatible", "keystorePasswordScriptBased",
                              "keystoreKeyPasswordCredentialProviderCompatible", "keystoreKeyPasswordScriptBased"}) {
        s.boolean(key);
      }
    }
    if (auto* ssl = r.get("sslClient")) {
      Obj s(*ssl, r.at("sslClient"), out_,
            {"truststoreFormat", "truststoreLocationConfigName", "truststoreLocationDefault",
             "truststorePasswordConfigName", "truststorePasswordCredentialProviderCompatible",
             "truststorePasswordScriptBased"});
      model.sslClient = sdl::SslClient{text(s, "truststoreFormat")};
      s.oneOf("truststoreFormat", {"jks", "pem"});
      s.boolean("truststorePasswordCredentialProviderCompatible");
      s.boolean("truststorePasswordScriptBased");
    }
    if (auto* cgroup = r.get("cgroup")) {
      Obj c(*cgroup, r.at("cgroup"), out_, {"cpu", "memory", "blkio"});
      for (const char* key : {"cpu", "memory", "blkio"}) {
        if (auto* part = c.get(key)) {
          const bool memory = std::string_view(key) == "memory";
          Obj p(*part, c.at(key), out_,
                memory ? std::initializer_list<std::string_view>{"autoConfigured", "autoConfiguredMin"}
                       : std::initializer_list<std::string_view>{"autoConfigured"});
          p.boolean("autoConfigured");
          if (memory) p.intAtLeast("autoConfiguredMin", 0);
        }
      }
    }
    r.strings("uniqueIdParameters");
    if (auto* aggregation = r.get("healthAggregation")) {
      Obj a(*aggregation, r.at("healthAggregation"), out_,
            {"type", "percentGreenForGreen", "percentYellowGreenForYellow"});
      a.oneOf("type", {"singleton", "nonSingleton"}, true);
      for (const char* key : {"percentGreenForGreen", "percentYellowGreenForYellow"}) {
        if (auto percent = a.number(key); percent && (*percent < 0 || *percent > 99.99)) {
          out_.error(a.at(key), "out-of-range", "must be between 0.0 and 99.99");
        }
      }
    }
    model.healthTests = healthTests(r);
    r.boolean("serviceMonitorClient");
    if (auto* bundle = r.get("supportBundle")) {
      Obj b(*bundle, r.at("supportBundle"), out_, {"description", "runMode", "timeout", "runner"});
      b.str("description");
      b.oneOf("runMode", {"all", "single"});
      b.intBetween("timeout", 1, 300000);
      if (b.required("runner")) runner(*b.get("runner"), b.at("runner"));
    }
    model.dependencyExtensions = dependencyExtensions(r);
    return name;
  }

  std::vector<sdl::PlacementRule> topology(const Json& value, const std::string& at) {
    std::vector<sdl::PlacementRule> model;
    Obj t(value, at, out_,
          {"minInstances", "maxInstances", "softMinInstances", "softMaxInstances", "requiresOddNumberOfInstances",
           "placementRules"});
    auto min = t.intAtLeast("minInstances", 0);
    auto max = t.intAtLeast("maxInstances", 1);
    auto softMin = t.intAtLeast("softMinInstances", 1);
    auto softMax = t.intAtLeast("softMaxInstances", 1);
    t.boolean("requiresOddNumberOfInstances");
    struct Rule {
      const std::optional<std::int64_t>& low;
      const std::optional<std::int64_t>& high;
      bool strict;
      const char* expression;
    };
    const Rule rules[] = {{min, softMin, true, "minInstances < softMinInstances"},
                          {min, softMax, false, "minInstances <= softMaxInstances"},
                          {min, max, false, "minInstances <= maxInstances"},
                          {softMin, softMax, false, "softMinInstances <= softMaxInstances"},
                          {softMin, max, false, "softMinInstances <= maxInstances"},
                          {softMax, max, true, "softMaxInstances < maxInstances"}};
    for (const Rule& rule : rules) {
      if (rule.low && rule.high && !(rule.strict ? *rule.low < *rule.high : *rule.low <= *rule.high)) {
        out_.error(at, "topology-bounds", std::string("must satisfy \"") + rule.expression + "\"");
      }
    }
    std::map<std::string, int> types;
    decode::eachElement(
        t.array("placementRules"), t.at("placementRules"), [&](const Json& item, const std::string& rat) {
          Obj rule(item, rat, out_, {"type", "roleType", "roleTypes"});
          model.push_back({text(rule, "roleType"), textList(rule, "roleTypes")});
          auto type = rule.oneOf("type", {"alwaysWith", "neverWith", "alwaysWithAny"}, true);
          if (!type) return;
          if (++types[*type] == 2)
            out_.error(rat, "placement-rules", "at most one placement rule of type " + *type + " is allowed");
          if (*type == "alwaysWith")
            rule.notBlank("roleType");
          else {
            auto roleTypes = rule.strings("roleTypes");
            const std::size_t need = *type == "alwaysWithAny" ? 2 : 1;
            if (!roleTypes || roleTypes->size() < need) {
              out_.error(rule.at("roleTypes"), "placement-rules",
                         "must list at least " + std::to_string(need) + " role type(s)");
            }
          }
        });
    if (types.count("alwaysWith") && types.count("alwaysWithAny")) {
      out_.error(t.at("placementRules"), "placement-rules", "alwaysWith and alwaysWithAny cannot both be used");
    }
    return model;
  }

  std::optional<std::string> externalLink(const Json& value, const std::string& at, sdl::Link& model) {
    Obj l(value, at, out_, {"name", "label", "url", "secureUrl"});
    model = {text(l, "url"), text(l, "secureUrl")};
    auto name = l.notBlank("name");
    l.notBlank("label");
    l.notBlank("url");
    l.str("secureUrl");
    return name;
  }

  // Deprecation group: generated file names should have a sub-directory.
  void fileNameAdvice(const Obj& g, const std::optional<std::string>& filename) {
    if (options_.strict || !filename || filename->empty()) return;
    if (filename->find('/') == std::string::npos || filename->front() == '/' || filename->back() == '/') {
      out_.warning(g.at("filename"), "filename-without-directory",
                   "\"" + *filename + "\" should be inside a sub-directory, e.g. \"conf/" + *filename + "\"");
    }
  }

  sdl::ConfigWriter configWriter(const Json& value, const std::string& at) {
    sdl::ConfigWriter model;
    Obj w(value, at, out_, {"generators", "peerConfigGenerators", "auxConfigGenerators"});
    std::vector<Named> files;
    decode::eachElement(w.array("generators"), w.at("generators"), [&](const Json& item, const std::string& gat) {
      Obj g(item, gat, out_,
            {"filename", "configFormat", "includedParams", "excludedParams", "refreshable", "kerberosPrincipals",
             "additionalConfigs"});
      auto filename = g.notBlank("filename");
      files.push_back({filename, g.at("filename")});
      fileNameAdvice(g, filename);
      g.oneOf("configFormat", {"hadoop_xml", "properties", "gflags"}, true);
      g.strings("includedParams");
      g.strings("excludedParams");
      model.generators.push_back({textList(g, "includedParams"), textList(g, "excludedParams"), {}});
      g.boolean("refreshable");
      decode::eachElement(
          g.array("kerberosPrincipals"), g.at("kerberosPrincipals"), [&](const Json& p, const std::string& pat) {
            Obj k(p, pat, out_, {"principalName", "propertyName", "external", "peerRoleType", "instanceWildcard"});
            k.notBlank("principalName");
            k.notBlank("propertyName");
            k.boolean("external");
            k.str("peerRoleType");
            k.str("instanceWildcard");
          });
      model.generators.back().additionalConfigs = additionalConfigs(g);
    });
    decode::unique(files, "file name", out_);
    files.clear();
    decode::eachElement(
        w.array("peerConfigGenerators"), w.at("peerConfigGenerators"), [&](const Json& item, const std::string& gat) {
          Obj g(item, gat, out_, {"filename", "params", "roleName", "refreshable"});
          model.peerConfigGenerators.push_back({gat, text(g, "roleName"), textList(g, "params")});
          auto filename = g.notBlank("filename");
          files.push_back({filename, g.at("filename")});
          fileNameAdvice(g, filename);
          auto params = g.strings("params");
          if (g.lacks("params") || (params && params->empty()))
            out_.error(g.at("params"), "empty-list", "must be present and not empty");
          g.str("roleName");
          g.boolean("refreshable");
        });
    decode::unique(files, "file name", out_);
    files.clear();
    decode::eachElement(
        w.array("auxConfigGenerators"), w.at("auxConfigGenerators"), [&](const Json& item, const std::string& gat) {
          Obj g(item, gat, out_, {"filename", "sourceFilename"});
          auto filename = g.notBlank("filename");
          files.push_back({filename, g.at("filename")});
          fileNameAdvice(g, filename);
          g.str("sourceFilename");
        });
    decode::unique(files, "file name", out_);
    return model;
  }

  std::optional<sdl::Gateway> gateway(const Json& value, const std::string& at) {
    Obj g(value, at, out_,
          {"alternatives", "parameters", "scriptRunner", "configWriter", "logging", "dependencyExtensions"});
    if (!g.ok()) return std::nullopt;
    sdl::Gateway model;
    if (g.required("alternatives")) {
      Obj a(*g.get("alternatives"), g.at("alternatives"), out_, {"name", "linkRoot", "priority"});
      a.notBlank("name");
      a.notBlank("linkRoot");
      if (a.required("priority")) a.intAtLeast("priority", 0);
    }
    model.parameters = parameters(g, "parameters", true);
    if (auto* script = g.get("scriptRunner")) model.scriptRunner = runner(*script, g.at("scriptRunner"));
    if (g.required("configWriter")) model.configWriter = configWriter(*g.get("configWriter"), g.at("configWriter"));
    if (auto* logging = g.get("logging")) {
      Obj l(*logging, g.at("logging"), out_, {"configFilename", "loggingType", "additionalConfigs"});
      l.str("configFilename");
      l.oneOf("loggingType", {"log4j", "logback", "glog", "other"});
      model.logging = sdl::Logging{{}, additionalConfigs(l)};
    }
    model.dependencyExtensions = dependencyExtensions(g);
    return model;
  }

  std::vector<sdl::DependencyExtension> dependencyExtensions(const Obj& owner) {
    std::vector<sdl::DependencyExtension> model;
    decode::eachElement(
        owner.array("dependencyExtensions"), owner.at("dependencyExtensions"),
        [&](const Json& item, const std::string& at) {
          if (!item.is_object()) {
            Obj wrong(item, at, out_, {});
            return;
          }
          Obj probe(item, at, out_, {}, false);
          // The configs' substitutions are checked whatever the type (an unknown
          // field is only a warning).
          sdl::DependencyExtension& extension = model.emplace_back();
          if (const Json* configs = probe.get("configs"); configs != nullptr && configs->is_array()) {
            for (std::size_t i = 0; i < configs->size(); ++i) {
              const std::string configAt = childPointer(probe.at("configs"), i);
              extension.configs.push_back(
                  {member((*configs)[i], "key", configAt), member((*configs)[i], "value", configAt)});
            }
          }
          // clusterInfo: CM 7 (ZEPPELIN), extensionId only.
          auto type = probe.oneOf("type", {"classAndConfigs", "directory", "lineage", "clusterInfo"}, true);
          if (!type) return;
          if (*type == "classAndConfigs") {
            Obj e(item, at, out_, {"type", "extensionId", "name", "className", "configs"});
            e.notBlank("extensionId");
            e.str("name");
            e.notBlank("className");
            decode::eachElement(e.array("configs"), e.at("configs"), [&](const Json& c, const std::string& cat) {
              Obj config(c, cat, out_, {"key", "value"});
              config.notBlank("key");
              config.str("value");
            });
          } else if (*type == "clusterInfo") {
            Obj e(item, at, out_, {"type", "extensionId"});
            e.notBlank("extensionId");
          } else {
            Obj e(item, at, out_,
                  *type == "lineage"
                      ? std::initializer_list<std::string_view>{"type", "extensionId", "defaultDir", "permissions",
                                                                "singleUserModeAllowed"}
                      : std::initializer_list<std::string_view>{"type", "extensionId", "defaultDir", "permissions"});
            e.notBlank("extensionId");
            e.notBlank("defaultDir");
            e.octal("permissions", false);
            if (*type == "lineage") e.boolean("singleUserModeAllowed");
          }
        });
    return model;
  }

  std::vector<sdl::HealthTest> healthTests(const Obj& owner) {
    std::vector<sdl::HealthTest> model;
    std::vector<Named> names;
    std::vector<Named> labels;
    decode::eachElement(
        owner.array("healthTests"), owner.at("healthTests"), [&](const Json& item, const std::string& at) {
          if (!item.is_object()) {
            Obj wrong(item, at, out_, {});
            return;
          }
          Obj probe(item, at, out_, {}, false);
          auto type = probe.oneOf("type", {"status", "metric"}, true);
          const bool status = type == std::optional<std::string>("status");
          Obj t(item, at, out_,
                status ? std::initializer_list<std::string_view>{"type", "name", "label", "description", "advice",
                                                                 "status", "timeWindowSec", "warningThreshold",
                                                                 "failureThreshold", "greenMessage", "yellowMessage",
                                                                 "redMessage", "unavailableMessage"}
                       : std::initializer_list<std::string_view>{"type", "name", "label", "description", "advice",
                                                                 "metric", "divisorMetric", "timeWindowSec",
                                                                 "comparisonOperator", "aggregationFunction",
                                                                 "yellowThreshold", "redThreshold", "greenMessage",
                                                                 "yellowMessage", "redMessage", "unavailableMessage"},
                /*reportUnknown=*/type.has_value());
          sdl::HealthTest& test = model.emplace_back();
          for (const char* key : {"greenMessage", "yellowMessage", "redMessage", "unavailableMessage"})
            test.messages.push_back(text(t, key));
          names.push_back({t.notBlank("name"), t.at("name")});
          labels.push_back({t.notBlank("label"), t.at("label")});
          t.notBlank("description");
          t.intBetween("timeWindowSec", 1, 3600);
          if (status) {
            t.notBlank("status");
            t.intBetween("warningThreshold", 1, 10);
            t.intBetween("failureThreshold", 1, 10);
          } else if (type) {
            t.notBlank("metric");
            t.str("divisorMetric");
            t.oneOf("comparisonOperator", {"lt", "lte", "gt", "gte", "eq", "neq"}, true);
            t.oneOf("aggregationFunction", {"avg", "sum", "max", "min", "last"}, true);
            t.number("yellowThreshold");
            t.number("redThreshold");
          }
          for (const char* key : {"greenMessage", "yellowMessage", "redMessage", "unavailableMessage"}) t.str(key);
          if (auto* advice = t.get("advice")) {
            Obj a(*advice, t.at("advice"), out_, {"message", "parameters", "commands"});
            test.adviceParameters = textList(a, "parameters");
            a.str("message");
            a.strings("parameters");
            a.strings("commands");
          }
        });
    decode::unique(names, "health test name", out_);
    decode::unique(labels, "health test label", out_);
    return model;
  }

  const DescriptorOptions& options_;
  Diagnostics& out_;
};

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
  Diagnostics fields;
  const sdl::ServiceDescriptor model = FieldPass(options, fields).service(sdl);
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

std::string sdlName(const Json& sdl) { return member(sdl, "name", "").value.value_or(""); }

std::string sdlVersion(const Json& sdl) { return member(sdl, "version", "").value.value_or(""); }

}  // namespace parcel::csd
