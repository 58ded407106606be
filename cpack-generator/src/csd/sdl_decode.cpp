// service.sdl, the decode pass (service_descriptor.hpp): the raw JSON into the
// typed model, through json_decoder's one coercion policy. It reports only what
// decoding finds; the field rules are sdl_fields.cpp's. It reads the fields in
// the order the field pass checks them, so that the findings of both passes
// merge into one report order.
#include "csd/service_descriptor.hpp"
#include "json/json_decoder.hpp"

#include <algorithm>
#include <map>
#include <string_view>

namespace parcel::csd::sdl {
namespace {

using Obj = decode::DescriptorObject;

// The member `key` of `value` (any JSON value), or nullptr.
const Json* find(const Json& value, std::string_view key) {
  if (!value.is_object()) return nullptr;
  const auto found = value.find(std::string(key));
  return found == value.end() || found->is_null() ? nullptr : &*found;
}

class Decoder {
public:
  explicit Decoder(Diagnostics& out) : out_(out) {}

  ServiceDescriptor service(const Json& root) {
    ServiceDescriptor model;
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
    model.label = text(s, "label");
    model.description = text(s, "description");
    model.version = text(s, "version");
    if (auto* value = s.get("runAs")) model.runAs = runAs(*value, s.at("runAs"));
    if (auto* value = s.get("compatibility")) model.compatibility = compatibility(*value, s.at("compatibility"));
    model.maxInstances = read(s, "maxInstances", decode::integer);
    model.icon = text(s, "icon");
    model.svgIcon = text(s, "svgIcon");
    if (auto* value = s.get("parcel")) model.parcel = parcel(*value, s.at("parcel"));
    s.boolean("inExpressWizard");
    model.rolesWithExternalLinks = strings(s, "rolesWithExternalLinks");
    model.serviceDependencies = list(s, "serviceDependencies", [&](const Json& item, const std::string& at) {
      Obj d(item, at, out_, {"name", "required"});
      Named dependency{d.ok(), text(d, "name")};
      d.boolean("required");
      return dependency;
    });
    model.parameters = parameters(s, "parameters");
    model.roles = list(s, "roles", [&](const Json& item, const std::string& at) { return role(item, at); });
    if (auto* value = s.get("gateway")) model.gateway = gateway(*value, s.at("gateway"));
    model.commands = list(s, "commands", [&](const Json& item, const std::string& at) {
      Obj c(item, at, out_, {"name", "label", "description", "roleName", "roleCommand", "runMode"});
      ServiceCommand command;
      command.pointer = at;
      command.isObject = c.ok();
      command.name = text(c, "name");
      command.label = text(c, "label");
      command.description = text(c, "description");
      command.roleName = text(c, "roleName");
      command.roleCommand = text(c, "roleCommand");
      command.runMode = text(c, "runMode");
      return command;
    });
    model.hdfsDirs = list(s, "hdfsDirs", [&](const Json& item, const std::string& at) {
      Obj d(item, at, out_, {"name", "label", "description", "directoryDescription", "path", "permissions"});
      HdfsDir dir;
      dir.isObject = d.ok();
      dir.name = text(d, "name");
      dir.label = text(d, "label");
      dir.description = text(d, "description");
      dir.directoryDescription = text(d, "directoryDescription");
      dir.path = text(d, "path");
      dir.permissions = text(d, "permissions");
      return dir;
    });
    if (auto* init = s.get("serviceInit")) {
      Obj i(*init, s.at("serviceInit"), out_, {"preStartSteps", "postStartSteps"});
      for (const char* key : {"preStartSteps", "postStartSteps"}) {
        auto& steps = std::string_view(key) == "preStartSteps" ? model.preStartSteps : model.postStartSteps;
        steps = list(i, key, [&](const Json& item, const std::string& at) {
          Obj step(item, at, out_, {"commandName", "failureAllowed"});
          Step decoded{step.ok(), text(step, "commandName")};
          step.boolean("failureAllowed");
          return decoded;
        });
      }
    }
    if (auto* stop = s.get("stopRunner")) {
      Obj r(*stop, s.at("stopRunner"), out_, {"runner", "masterRole", "relevantRoleTypes", "timeout"});
      StopRunner& runnerModel = model.stopRunner.emplace();
      runnerModel.isObject = r.ok();
      runnerModel.runnerAt = slot(r, "runner");
      if (auto* value = r.get("runner")) runnerModel.runner = runner(*value, r.at("runner"));
      runnerModel.masterRole = text(r, "masterRole");
      runnerModel.relevantRoleTypes = strings(r, "relevantRoleTypes");
      runnerModel.timeout = read(r, "timeout", decode::integer);
    }
    model.kerberos = text(s, "kerberos");
    model.externalKerberosPrincipals = principals(s, "externalKerberosPrincipals");
    if (auto* dfs = s.get("providesDfs")) {
      Obj d(*dfs, s.at("providesDfs"), out_, {"fileSystemUri", "webInterface"});
      model.providesDfs = ProvidesDfs{d.ok(), text(d, "fileSystemUri"), text(d, "webInterface")};
    }
    if (auto* kms = s.get("providesKms")) {
      Obj k(*kms, s.at("providesKms"), out_, {"roleName", "insecureUrl", "secureUrl", "loadBalancerUrl"});
      ProvidesKms& decoded = model.providesKms.emplace();
      decoded.isObject = k.ok();
      decoded.roleName = text(k, "roleName");
      decoded.insecureUrl = text(k, "insecureUrl");
      decoded.secureUrl = text(k, "secureUrl");
      decoded.loadBalancerUrl = text(k, "loadBalancerUrl");
    }
    if (auto* store = s.get("providesObjectStore")) {  // cm-schema ProvidesObjectStore (CM 5.10+, the S3A CSDs)
      Obj o(*store, s.at("providesObjectStore"), out_,
            {"accountTypes", "coreSiteGenerator", "supportsKeyDistributionPolicy"});
      ProvidesObjectStore& decoded = model.providesObjectStore.emplace();
      decoded.isObject = o.ok();
      decoded.accountTypes = strings(o, "accountTypes");
      o.boolean("supportsKeyDistributionPolicy");
      if (auto* generator = o.get("coreSiteGenerator")) {
        Obj g(*generator, o.at("coreSiteGenerator"), out_,
              {"filename", "configFormat", "includedParams", "excludedParams", "refreshable", "kerberosPrincipals",
               "additionalConfigs"});
        Generator& core = decoded.coreSiteGenerator.emplace();
        core.isObject = g.ok();
        core.filename = text(g, "filename");
        core.configFormat = text(g, "configFormat");
        core.includedParams = strings(g, "includedParams");
        core.excludedParams = strings(g, "excludedParams");
        core.additionalConfigs = additionalConfigs(g);
      }
    }
    model.dependencyExtensions = dependencyExtensions(s);
    model.healthTests = healthTests(s);
    s.str("licenseFeature");
    return model;
  }

private:
  std::size_t reported() const { return out_.items().size(); }

  Slot slot(const Obj& object, std::string_view key) const { return {object.at(key), object.has(key), reported()}; }

  // A scalar field through `decoder` (decode::string, integer, number, boolean).
  template <class Decode>
  Value<decode::Decoded<Decode>> read(const Obj& object, std::string_view key, Decode decoder) const {
    Value<decode::Decoded<Decode>> value;
    value.pointer = object.at(key);
    value.present = object.has(key);
    value.value = object.get(key, decoder);
    value.seen = reported();
    return value;
  }

  Text text(const Obj& object, std::string_view key) const { return read(object, key, decode::string); }

  // A field read without a finding (a field that this object's type does not check).
  Text quiet(const Json& value, std::string_view key, const std::string& at) const {
    Text field;
    field.pointer = childPointer(at, key);
    field.value = scalarText(find(value, key));
    field.present = find(value, key) != nullptr;
    field.seen = reported();
    return field;
  }

  TextList strings(const Obj& object, std::string_view key) const {
    TextList list;
    list.pointer = object.at(key);
    list.present = object.has(key);
    const Json* items = object.array(key);
    if (items != nullptr) {
      list.valid = true;
      for (std::size_t i = 0; i < items->size(); ++i) {
        Text item;
        item.pointer = childPointer(list.pointer, i);
        item.present = !(*items)[i].is_null();
        item.value = decode::string((*items)[i], item.pointer, out_);
        item.seen = reported();
        if (!item.value) list.valid = false;
        list.items.push_back(std::move(item));
      }
    }
    list.seen = reported();
    return list;
  }

  // A list of strings read without a finding.
  TextList quietStrings(const Json& value, std::string_view key, const std::string& at) const {
    TextList list;
    list.pointer = childPointer(at, key);
    const Json* items = find(value, key);
    list.present = items != nullptr;
    if (items != nullptr && items->is_array()) {
      for (std::size_t i = 0; i < items->size(); ++i) {
        Text item;
        item.pointer = childPointer(list.pointer, i);
        item.value = scalarText(&(*items)[i]);
        item.present = !(*items)[i].is_null();
        list.items.push_back(std::move(item));
      }
    }
    list.seen = reported();
    return list;
  }

  // The array field `key`, each element through `element(item, pointer)`.
  template <class Element>
  List<std::invoke_result_t<Element, const Json&, const std::string&>> list(const Obj& owner, std::string_view key,
                                                                            Element element) {
    List<std::invoke_result_t<Element, const Json&, const std::string&>> items;
    items.pointer = owner.at(key);
    decode::eachElement(owner.array(key), items.pointer,
                        [&](const Json& item, const std::string& at) { items.push_back(element(item, at)); });
    items.seenEnd = reported();
    return items;
  }

  RunAs runAs(const Json& value, const std::string& at) {
    Obj r(value, at, out_, {"user", "group", "principal"});
    RunAs decoded{r.ok(), text(r, "user"), text(r, "group")};
    r.str("principal");
    return decoded;
  }

  Compatibility compatibility(const Json& value, const std::string& at) {
    Obj c(value, at, out_, {"generation", "cdhVersion"});
    Compatibility decoded{c.ok(), read(c, "generation", decode::integer)};
    if (auto* cdh = c.get("cdhVersion")) {
      Obj v(*cdh, c.at("cdhVersion"), out_, {"min", "max"});
      v.str("min");
      v.str("max");
    }
    return decoded;
  }

  Parcel parcel(const Json& value, const std::string& at) {
    Obj p(value, at, out_, {"repoUrl", "requiredTags", "optionalTags"});
    Parcel decoded{p.ok(), text(p, "repoUrl"), strings(p, "requiredTags")};
    p.strings("optionalTags");
    return decoded;
  }

  Runner runner(const Json& value, const std::string& at) {
    Obj r(value, at, out_, {"program", "args", "environmentVariables", "referencedEnvironmentVariables"});
    Runner decoded;
    decoded.isObject = r.ok();
    decoded.program = text(r, "program");
    decoded.args = strings(r, "args");
    if (const Json* variables = r.map("environmentVariables")) {
      for (const auto& item : variables->items()) {
        Text variable;
        variable.pointer = childPointer(r.at("environmentVariables"), item.key());
        variable.value = scalarText(&item.value());
        variable.present = !item.value().is_null();
        decoded.environmentVariables.push_back(std::move(variable));
      }
    }
    r.get("referencedEnvironmentVariables");  // unstable; not validated
    return decoded;
  }

  List<Principal> principals(const Obj& owner, const char* key) {
    return list(owner, key, [&](const Json& item, const std::string& at) {
      Obj p(item, at, out_, {"name", "primary", "instance"});
      return Principal{p.ok(), text(p, "name"), text(p, "primary"), text(p, "instance")};
    });
  }

  std::vector<KeyValue> additionalConfigs(const Obj& owner) {
    return list(owner, "additionalConfigs", [&](const Json& item, const std::string& at) {
      Obj c(item, at, out_, {"key", "value", "type"});
      return KeyValue{c.ok(), text(c, "key"), text(c, "value"), text(c, "type")};
    });
  }

  List<Parameter> parameters(const Obj& owner, const char* key) {
    return list(owner, key, [&](const Json& item, const std::string& at) { return parameter(item, at); });
  }

  Parameter parameter(const Json& value, const std::string& at) {
    Parameter decoded;
    decoded.pointer = at;
    decoded.name = quiet(value, "name", at);
    decoded.type.pointer = childPointer(at, "type");
    if (!value.is_object()) {
      Obj wrong(value, at, out_, {});
      return decoded;
    }
    decoded.isObject = true;
    const Json* typeValue = find(value, "type");
    if (typeValue == nullptr) {
      out_.error(decoded.type.pointer, "missing-field", "must be present (it selects the parameter type)");
      return decoded;
    }
    decoded.type.present = true;
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
      out_.error(decoded.type.pointer, "invalid-value", "\"" + type + "\" is not a parameter type");
      return decoded;
    }
    decoded.type.value = type;
    decoded.type.seen = reported();
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
    decoded.name = text(p, "name");
    if (type != "provided") {
      decoded.label = text(p, "label");
      decoded.description = text(p, "description");
    }
    decoded.configName = text(p, "configName");
    p.boolean("required");
    p.boolean("configurableInWizard");
    p.boolean("sensitive");
    const Json* defaultValue = p.get("default");
    Text& defaultText = decoded.defaultValue;
    defaultText.pointer = p.at("default");
    defaultText.present = defaultValue != nullptr;
    if (type == "string" || type == "password") {
      p.str("conformRegex");
      decoded.initType = text(p, "initType");
      if (defaultValue) defaultText.value = decode::string(*defaultValue, defaultText.pointer, out_);
      defaultText.seen = reported();
      if (type == "password" && p.has("credentialProviderCompatible") && p.has("alternateScriptParameterName")) {
        decoded.alternateScriptParameterName = true;
        decoded.credentialProviderCompatible = read(p, "credentialProviderCompatible", decode::boolean);
      }
    } else if (type == "path" || type == "path_array") {
      decoded.pathType = text(p, "pathType");
      decoded.mode = text(p, "mode");
    } else if (type == "uri" || type == "uri_array") {
      p.strings("allowedSchemes");
      p.boolean("opaque");
    } else if (type == "string_enum") {
      decoded.validValues = strings(p, "validValues");
      if (defaultValue) defaultText.value = decode::string(*defaultValue, defaultText.pointer, out_);
      defaultText.seen = reported();
    } else if (type == "boolean") {
      p.boolean("default");
    }
    if (type == "string_array" || type == "path_array" || type == "uri_array") {
      p.str("separator");
      decoded.minLength = read(p, "minLength", decode::integer);
      decoded.maxLength = read(p, "maxLength", decode::integer);
      if (defaultValue) {
        if (!defaultValue->is_array())
          decode::wrongType(*defaultValue, defaultText.pointer, "an array", out_);
        else
          for (std::size_t i = 0; i < defaultValue->size(); ++i)
            decode::string((*defaultValue)[i], childPointer(defaultText.pointer, i), out_);
      }
    }
    if (type == "long" || type == "double" || type == "memory" || type == "port") {
      decoded.unit = text(p, "unit");
      decoded.min = read(p, "min", decode::number);
      decoded.softMin = read(p, "softMin", decode::number);
      decoded.softMax = read(p, "softMax", decode::number);
      decoded.max = read(p, "max", decode::number);
      if (defaultValue) {
        if (type == "double")
          p.number("default");
        else
          p.integer("default");
      }
      defaultText.seen = reported();
      if (type == "port") {
        p.boolean("outbound");
        p.boolean("zeroAllowed");
        p.boolean("negativeOneAllowed");
      }
      if (type == "memory") {
        p.number("scaleFactor");
        decoded.autoConfigShare = read(p, "autoConfigShare", decode::integer);
      }
    }
    decoded.seenEnd = reported();
    return decoded;
  }

  Role role(const Json& value, const std::string& at) {
    Role decoded;
    decoded.pointer = at;
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
    if (!r.ok()) return decoded;
    decoded.isObject = true;
    decoded.name = text(r, "name");
    decoded.label = text(r, "label");
    decoded.pluralLabel = text(r, "pluralLabel");
    decoded.startRunnerAt = slot(r, "startRunner");
    if (auto* start = r.get("startRunner")) decoded.startRunner = runner(*start, r.at("startRunner"));
    if (auto* stop = r.get("stopRunner")) {
      Obj s(*stop, r.at("stopRunner"), out_, {"timeout", "runner"});
      decoded.stopRunnerBlock = RoleStopRunner{s.ok(), read(s, "timeout", decode::integer)};
      if (auto* run = s.get("runner")) decoded.stopRunner = runner(*run, s.at("runner"));
    }
    if (auto* topology = r.get("topology")) decoded.topology = this->topology(*topology, r.at("topology"));
    decoded.parameters = parameters(r, "parameters");
    if (auto* run = r.get("runAs")) decoded.runAs = runAs(*run, r.at("runAs"));
    if (auto* logging = r.get("logging")) {
      Obj l(*logging, r.at("logging"), out_,
            {"dir", "filename", "configFilename", "modifiable", "loggingType", "configName", "additionalConfigs"});
      Logging& decodedLogging = decoded.logging.emplace();
      decodedLogging.isObject = l.ok();
      decodedLogging.dir = text(l, "dir");
      decodedLogging.filename = text(l, "filename");
      l.str("configFilename");
      l.boolean("modifiable");
      decodedLogging.loggingType = text(l, "loggingType");
      l.str("configName");
      decodedLogging.additionalConfigs = additionalConfigs(l);
    }
    decoded.commands = list(r, "commands", [&](const Json& item, const std::string& cat) {
      Obj c(
          item, cat, out_, {"name", "label", "description", "expectedExitCodes", "requiredRoleState", "commandRunner"});
      RoleCommand command;
      command.isObject = c.ok();
      command.name = text(c, "name");
      command.label = text(c, "label");
      command.description = text(c, "description");
      const Json* codes = c.array("expectedExitCodes");
      command.expectedExitCodes = slot(c, "expectedExitCodes");
      command.noExitCodes = codes != nullptr && codes->empty();
      decode::eachElement(codes, c.at("expectedExitCodes"),
                          [&](const Json& code, const std::string& codeAt) { decode::integer(code, codeAt, out_); });
      command.requiredRoleState = text(c, "requiredRoleState");
      command.commandRunnerAt = slot(c, "commandRunner");
      if (auto* run = c.get("commandRunner")) command.commandRunner = runner(*run, c.at("commandRunner"));
      return command;
    });
    if (auto* writer = r.get("configWriter")) decoded.configWriter = configWriter(*writer, r.at("configWriter"));
    if (auto* external = r.get("externalLink")) decoded.externalLink = link(*external, r.at("externalLink"));
    decoded.additionalExternalLinks =
        list(r, "additionalExternalLinks", [&](const Json& item, const std::string& lat) { return link(item, lat); });
    r.boolean("jvmBased");
    decoded.kerberosPrincipals = principals(r, "kerberosPrincipals");
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
      SslServer& server = decoded.sslServer.emplace();
      server.isObject = s.ok();
      server.keystoreFormat = text(s, "keystoreFormat");
      server.enabledOptionality = text(s, "enabledOptionality");
      server.autoTlsMode = text(s, "autoTlsMode");
      server.keyPasswordOptionality = text(s, "keyPasswordOptionality");
      // keyIdentifier is checked for a JKS keystore only (the default).
      server.keyIdentifier = server.keystoreFormat.value == std::optional<std::string>("pem")
          ? quiet(*ssl, "keyIdentifier", s.pointer())
          : text(s, "keyIdentifier");
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
      decoded.sslClient = SslClient{s.ok(), text(s, "truststoreFormat")};
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
          if (memory) decoded.cgroupMemory = CgroupPart{p.ok(), read(p, "autoConfiguredMin", decode::integer)};
        }
      }
    }
    r.strings("uniqueIdParameters");
    if (auto* aggregation = r.get("healthAggregation")) {
      Obj a(*aggregation, r.at("healthAggregation"), out_,
            {"type", "percentGreenForGreen", "percentYellowGreenForYellow"});
      decoded.healthAggregation =
          HealthAggregation{a.ok(), text(a, "type"), read(a, "percentGreenForGreen", decode::number),
                            read(a, "percentYellowGreenForYellow", decode::number)};
    }
    decoded.healthTests = healthTests(r);
    r.boolean("serviceMonitorClient");
    if (auto* bundle = r.get("supportBundle")) {
      Obj b(*bundle, r.at("supportBundle"), out_, {"description", "runMode", "timeout", "runner"});
      SupportBundle& decodedBundle = decoded.supportBundle.emplace();
      decodedBundle.isObject = b.ok();
      b.str("description");
      decodedBundle.runMode = text(b, "runMode");
      decodedBundle.timeout = read(b, "timeout", decode::integer);
      decodedBundle.runnerAt = slot(b, "runner");
      if (auto* run = b.get("runner")) decodedBundle.runner = runner(*run, b.at("runner"));
    }
    decoded.dependencyExtensions = dependencyExtensions(r);
    return decoded;
  }

  Topology topology(const Json& value, const std::string& at) {
    Topology decoded;
    decoded.pointer = at;
    Obj t(value, at, out_,
          {"minInstances", "maxInstances", "softMinInstances", "softMaxInstances", "requiresOddNumberOfInstances",
           "placementRules"});
    decoded.isObject = t.ok();
    decoded.minInstances = read(t, "minInstances", decode::integer);
    decoded.maxInstances = read(t, "maxInstances", decode::integer);
    decoded.softMinInstances = read(t, "softMinInstances", decode::integer);
    decoded.softMaxInstances = read(t, "softMaxInstances", decode::integer);
    t.boolean("requiresOddNumberOfInstances");
    decoded.seen = reported();
    decoded.placementRules = list(t, "placementRules", [&](const Json& item, const std::string& rat) {
      Obj rule(item, rat, out_, {"type", "roleType", "roleTypes"});
      PlacementRule decodedRule;
      decodedRule.pointer = rat;
      decodedRule.isObject = rule.ok();
      decodedRule.roleType = quiet(item, "roleType", rat);
      decodedRule.roleTypes = quietStrings(item, "roleTypes", rat);
      decodedRule.type = discriminator(rule, {"alwaysWith", "neverWith", "alwaysWithAny"});
      if (!decodedRule.type.value) return decodedRule;
      if (*decodedRule.type.value == "alwaysWith")
        decodedRule.roleType = text(rule, "roleType");
      else
        decodedRule.roleTypes = strings(rule, "roleTypes");
      return decodedRule;
    });
    return decoded;
  }

  // The "type" that selects the fields of an object (Jackson's type id): its
  // value only when it is one of `values`.
  Text discriminator(const Obj& object, std::initializer_list<std::string_view> values) {
    Text type;
    type.pointer = object.at("type");
    type.present = object.has("type");
    type.value = object.oneOf("type", values, true);
    type.seen = reported();
    return type;
  }

  Link link(const Json& value, const std::string& at) {
    Obj l(value, at, out_, {"name", "label", "url", "secureUrl"});
    return Link{l.ok(), text(l, "name"), text(l, "label"), text(l, "url"), text(l, "secureUrl")};
  }

  ConfigWriter configWriter(const Json& value, const std::string& at) {
    ConfigWriter decoded;
    Obj w(value, at, out_, {"generators", "peerConfigGenerators", "auxConfigGenerators"});
    decoded.isObject = w.ok();
    decoded.generators = list(w, "generators", [&](const Json& item, const std::string& gat) {
      Obj g(item, gat, out_,
            {"filename", "configFormat", "includedParams", "excludedParams", "refreshable", "kerberosPrincipals",
             "additionalConfigs"});
      Generator generator;
      generator.isObject = g.ok();
      generator.filename = text(g, "filename");
      generator.configFormat = text(g, "configFormat");
      generator.includedParams = strings(g, "includedParams");
      generator.excludedParams = strings(g, "excludedParams");
      g.boolean("refreshable");
      generator.kerberosPrincipals = list(g, "kerberosPrincipals", [&](const Json& p, const std::string& pat) {
        Obj k(p, pat, out_, {"principalName", "propertyName", "external", "peerRoleType", "instanceWildcard"});
        KerberosPrincipalProperty property{k.ok(), text(k, "principalName"), text(k, "propertyName")};
        k.boolean("external");
        k.str("peerRoleType");
        k.str("instanceWildcard");
        return property;
      });
      generator.additionalConfigs = additionalConfigs(g);
      return generator;
    });
    decoded.peerConfigGenerators = list(w, "peerConfigGenerators", [&](const Json& item, const std::string& gat) {
      Obj g(item, gat, out_, {"filename", "params", "roleName", "refreshable"});
      PeerGenerator generator;
      generator.pointer = gat;
      generator.isObject = g.ok();
      generator.filename = text(g, "filename");
      generator.params = strings(g, "params");
      generator.roleName = text(g, "roleName");
      g.boolean("refreshable");
      return generator;
    });
    decoded.auxConfigGenerators = list(w, "auxConfigGenerators", [&](const Json& item, const std::string& gat) {
      Obj g(item, gat, out_, {"filename", "sourceFilename"});
      AuxGenerator generator{g.ok(), text(g, "filename"), text(g, "sourceFilename")};
      return generator;
    });
    return decoded;
  }

  std::optional<Gateway> gateway(const Json& value, const std::string& at) {
    Obj g(value, at, out_,
          {"alternatives", "parameters", "scriptRunner", "configWriter", "logging", "dependencyExtensions"});
    if (!g.ok()) return std::nullopt;
    Gateway decoded;
    decoded.alternativesAt = slot(g, "alternatives");
    if (auto* alternatives = g.get("alternatives")) {
      Obj a(*alternatives, g.at("alternatives"), out_, {"name", "linkRoot", "priority"});
      decoded.alternatives =
          Alternatives{a.ok(), text(a, "name"), text(a, "linkRoot"), read(a, "priority", decode::integer)};
    }
    decoded.parameters = parameters(g, "parameters");
    if (auto* script = g.get("scriptRunner")) decoded.scriptRunner = runner(*script, g.at("scriptRunner"));
    decoded.configWriterAt = slot(g, "configWriter");
    if (auto* writer = g.get("configWriter")) decoded.configWriter = configWriter(*writer, g.at("configWriter"));
    if (auto* logging = g.get("logging")) {
      Obj l(*logging, g.at("logging"), out_, {"configFilename", "loggingType", "additionalConfigs"});
      Logging& decodedLogging = decoded.logging.emplace();
      decodedLogging.isObject = l.ok();
      l.str("configFilename");
      decodedLogging.loggingType = text(l, "loggingType");
      decodedLogging.additionalConfigs = additionalConfigs(l);
    }
    decoded.dependencyExtensions = dependencyExtensions(g);
    return decoded;
  }

  std::vector<DependencyExtension> dependencyExtensions(const Obj& owner) {
    std::vector<DependencyExtension> decoded;
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
          DependencyExtension& extension = decoded.emplace_back();
          if (const Json* configs = find(item, "configs"); configs != nullptr && configs->is_array()) {
            for (std::size_t i = 0; i < configs->size(); ++i) {
              const std::string configAt = childPointer(probe.at("configs"), i);
              KeyValue config;
              config.key = quiet((*configs)[i], "key", configAt);
              config.value = quiet((*configs)[i], "value", configAt);
              extension.configs.push_back(std::move(config));
            }
          }
          // clusterInfo: CM 7 (ZEPPELIN), extensionId only.
          extension.type = discriminator(probe, {"classAndConfigs", "directory", "lineage", "clusterInfo"});
          if (!extension.type.value) return;
          const std::string& type = *extension.type.value;
          if (type == "classAndConfigs") {
            Obj e(item, at, out_, {"type", "extensionId", "name", "className", "configs"});
            extension.extensionId = text(e, "extensionId");
            e.str("name");
            extension.className = text(e, "className");
            extension.configs = list(e, "configs", [&](const Json& c, const std::string& cat) {
              Obj config(c, cat, out_, {"key", "value"});
              return KeyValue{config.ok(), text(config, "key"), text(config, "value"), {}};
            });
          } else if (type == "clusterInfo") {
            Obj e(item, at, out_, {"type", "extensionId"});
            extension.extensionId = text(e, "extensionId");
          } else {
            Obj e(item, at, out_,
                  type == "lineage"
                      ? std::initializer_list<std::string_view>{"type", "extensionId", "defaultDir", "permissions",
                                                                "singleUserModeAllowed"}
                      : std::initializer_list<std::string_view>{"type", "extensionId", "defaultDir", "permissions"});
            extension.extensionId = text(e, "extensionId");
            extension.defaultDir = text(e, "defaultDir");
            extension.permissions = text(e, "permissions");
            if (type == "lineage") e.boolean("singleUserModeAllowed");
          }
        });
    return decoded;
  }

  List<HealthTest> healthTests(const Obj& owner) {
    List<HealthTest> decoded;
    decoded.pointer = owner.at("healthTests");
    decode::eachElement(owner.array("healthTests"), decoded.pointer, [&](const Json& item, const std::string& at) {
      if (!item.is_object()) {
        Obj wrong(item, at, out_, {});
        return;
      }
      Obj probe(item, at, out_, {}, false);
      HealthTest& test = decoded.emplace_back();
      test.type = discriminator(probe, {"status", "metric"});
      const bool status = test.type.value == std::optional<std::string>("status");
      Obj t(item, at, out_,
            status ? std::initializer_list<std::string_view>{"type", "name", "label", "description", "advice", "status",
                                                             "timeWindowSec", "warningThreshold", "failureThreshold",
                                                             "greenMessage", "yellowMessage", "redMessage",
                                                             "unavailableMessage"}
                   : std::initializer_list<std::string_view>{"type", "name", "label", "description", "advice", "metric",
                                                             "divisorMetric", "timeWindowSec", "comparisonOperator",
                                                             "aggregationFunction", "yellowThreshold", "redThreshold",
                                                             "greenMessage", "yellowMessage", "redMessage",
                                                             "unavailableMessage"},
            /*reportUnknown=*/test.type.value.has_value());
      test.name = text(t, "name");
      test.label = text(t, "label");
      test.description = text(t, "description");
      test.timeWindowSec = read(t, "timeWindowSec", decode::integer);
      if (status) {
        test.status = text(t, "status");
        test.warningThreshold = read(t, "warningThreshold", decode::integer);
        test.failureThreshold = read(t, "failureThreshold", decode::integer);
      } else if (test.type.value) {
        test.metric = text(t, "metric");
        t.str("divisorMetric");
        test.comparisonOperator = text(t, "comparisonOperator");
        test.aggregationFunction = text(t, "aggregationFunction");
        t.number("yellowThreshold");
        t.number("redThreshold");
      }
      for (const char* key : {"greenMessage", "yellowMessage", "redMessage", "unavailableMessage"})
        test.messages.push_back(text(t, key));
      if (auto* advice = t.get("advice")) {
        Obj a(*advice, t.at("advice"), out_, {"message", "parameters", "commands"});
        a.str("message");
        test.adviceParameters = strings(a, "parameters");
        a.strings("commands");
      }
    });
    decoded.seenEnd = reported();
    return decoded;
  }

  Diagnostics& out_;
};

}  // namespace

std::optional<std::string> scalarText(const Json* value) {
  if (value == nullptr || value->is_null()) return std::nullopt;
  if (value->is_string()) return value->get<std::string>();
  if (value->is_number() || value->is_boolean()) return value->dump();
  return std::nullopt;
}

ServiceDescriptor decodeSdl(const Json& root, Diagnostics& out) { return Decoder(out).service(root); }

}  // namespace parcel::csd::sdl
