// service.sdl, the reference and substitution pass (spec csd-format.md §11):
// over the typed model of service_descriptor.hpp only, never the raw JSON.
#include "csd/service_descriptor.hpp"
#include "json/json_decoder.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace parcel::csd::sdl {
namespace {

using Names = std::set<std::string>;

// The names visible at a node (spec §11): parameters, and for a role its
// commands; `owner` names whose parameters besides the service's are in it.
struct Scope {
  Names names;
  Names commands;
  std::string owner;  // "role KMS_SERVER", "the gateway"; empty for the service
};

template <class Item>
Names namesOf(const std::vector<Item>& items) {
  Names names;
  for (const Item& item : items) {
    if (item.name.value) names.insert(*item.name.value);
  }
  return names;
}

class ReferencePass {
public:
  explicit ReferencePass(Diagnostics& out) : out_(out) {}

  void service(const sdl::ServiceDescriptor& s) {
    roles_ = namesOf(s.roles);
    dependencies_ = namesOf(s.serviceDependencies);
    serviceCommands_ = namesOf(s.commands);
    for (const std::string& dir : namesOf(s.hdfsDirs)) serviceCommands_.insert(dir);
    const Scope serviceScope{namesOf(s.parameters), {}, ""};
    for (const sdl::Role& role : s.roles) {
      if (role.name.value) roleScopes_[*role.name.value] = roleScope(role, serviceScope);
    }
    references(s.rolesWithExternalLinks, roles_);
    for (const sdl::ServiceCommand& command : s.commands) {
      if (const Scope* scope = additionalScope(command.roleName); scope != nullptr) {
        reference(command.roleCommand, scope->commands);
      }
    }
    for (const auto* steps : {&s.preStartSteps, &s.postStartSteps}) {
      for (const sdl::Step& step : *steps) reference(step.commandName, serviceCommands_);
    }
    if (s.stopRunner) {
      const Scope* master = additionalScope(s.stopRunner->masterRole);
      references(s.stopRunner->relevantRoleTypes, roles_);
      if (s.stopRunner->runner) runner(*s.stopRunner->runner, master != nullptr ? *master : serviceScope);
    }
    if (s.providesKms) {
      const sdl::ProvidesKms& kms = *s.providesKms;
      const Scope* kmsRole = additionalScope(kms.roleName);
      const Scope& scope = kmsRole != nullptr ? *kmsRole : serviceScope;
      for (const sdl::Text* url : {&kms.insecureUrl, &kms.secureUrl})
        substitutions(*url, scope, {"host", "user", "group"});
      substitutions(kms.loadBalancerUrl, scope, {"user", "group"});
    }
    substitutions(s.kerberos, serviceScope, {});
    if (s.providesDfs) {
      substitutions(s.providesDfs->fileSystemUri, serviceScope, {});
      substitutions(s.providesDfs->webInterface, serviceScope, {});
    }
    for (const sdl::HdfsDir& dir : s.hdfsDirs) substitutions(dir.path, serviceScope, {"user", "group", "principal"});
    principals(s.externalKerberosPrincipals, serviceScope);
    dependencyExtensions(s.dependencyExtensions, serviceScope);
    healthTests(s.healthTests, serviceScope);
    for (const sdl::Role& role : s.roles) {
      if (!role.name.value) continue;  // a role without a name is a field error
      role_(role, roleScopes_.at(*role.name.value));
    }
    if (s.gateway) {
      const sdl::Gateway& g = *s.gateway;
      Scope scope = serviceScope;
      for (const std::string& name : namesOf(g.parameters)) scope.names.insert(name);
      scope.owner = "the gateway";
      if (g.scriptRunner) runner(*g.scriptRunner, scope);
      if (g.configWriter) configWriter(*g.configWriter, scope);
      if (g.logging) configs(g.logging->additionalConfigs, scope);
      dependencyExtensions(g.dependencyExtensions, scope);
    }
  }

private:
  static bool is(const sdl::Text& field, std::string_view value) { return field.value && *field.value == value; }

  static Scope roleScope(const sdl::Role& role, const Scope& serviceScope) {
    Scope found = serviceScope;
    found.owner = "role " + role.name.value.value_or("");
    found.commands = namesOf(role.commands);
    Names& scope = found.names;
    for (const std::string& name : namesOf(role.parameters)) scope.insert(name);
    if (role.logging) scope.insert("log_dir");
    if (role.sslServer) {
      const sdl::SslServer& ssl = *role.sslServer;
      scope.insert("keystore_type");  // CM 7: the keystore's type, used by ZEPPELIN
      if (!ssl.enabledOptionality.value || is(ssl.enabledOptionality, "optional")) scope.insert("ssl_enabled");
      if (is(ssl.keystoreFormat, "pem")) {
        scope.insert({"ssl_server_privatekey_location", "ssl_server_privatekey_password",
                      "ssl_server_certificate_location", "ssl_server_ca_certificate_location"});
      } else {
        scope.insert(
            {"ssl_server_keystore_location", "ssl_server_keystore_password", "ssl_server_keystore_keypassword"});
      }
    }
    if (role.sslClient) {
      scope.insert("ssl_client_truststore_location");
      if (!role.sslClient->truststoreFormat.value || is(role.sslClient->truststoreFormat, "jks"))
        scope.insert("ssl_client_truststore_password");
    }
    return found;
  }

  void role_(const sdl::Role& role, const Scope& scope) {
    if (role.startRunner) runner(*role.startRunner, scope);
    if (role.stopRunner) runner(*role.stopRunner, scope);
    for (const sdl::RoleCommand& command : role.commands) {
      if (command.commandRunner) runner(*command.commandRunner, scope);
    }
    if (role.logging) {
      substitutions(role.logging->filename, scope, {"host", "group", "user"});
      configs(role.logging->additionalConfigs, scope);
    }
    if (role.configWriter) configWriter(*role.configWriter, scope);
    const auto link = [&](const sdl::Link& value) {
      for (const sdl::Text* url : {&value.url, &value.secureUrl}) substitutions(*url, scope, {"host", "group", "user"});
    };
    if (role.externalLink) link(*role.externalLink);
    for (const sdl::Link& value : role.additionalExternalLinks) link(value);
    principals(role.kerberosPrincipals, scope);
    if (role.sslServer) substitutions(role.sslServer->keyIdentifier, scope, {"host", "user", "group"});
    if (role.topology) {
      for (const sdl::PlacementRule& rule : role.topology->placementRules) {
        if (rule.roleType.value) reference(rule.roleType, roles_);
        references(rule.roleTypes, roles_);
      }
    }
    dependencyExtensions(role.dependencyExtensions, scope);
    healthTests(role.healthTests, scope);
  }

  void runner(const sdl::Runner& value, const Scope& scope) {
    for (const sdl::Text& arg : value.args.items) substitutions(arg, scope, {"host", "group", "user"});
    for (const sdl::Text& variable : value.environmentVariables)
      substitutions(variable, scope, {"host", "group", "user"});
  }

  void configs(const std::vector<sdl::KeyValue>& items, const Scope& scope) {
    for (const sdl::KeyValue& config : items) {
      substitutions(config.key, scope, {"host", "group", "user"});
      substitutions(config.value, scope, {"host", "group", "user"});
    }
  }

  void configWriter(const sdl::ConfigWriter& writer, const Scope& scope) {
    for (const sdl::Generator& g : writer.generators) {
      references(g.includedParams, scope.names);
      references(g.excludedParams, scope.names);
      configs(g.additionalConfigs, scope);
    }
    for (const sdl::PeerGenerator& g : writer.peerConfigGenerators) {
      const Scope* peerScope = &scope;
      if (g.roleName.value) {
        peerScope = additionalScope(g.roleName);
        if (peerScope == nullptr) continue;
      }
      references(g.params, peerScope->names);
    }
  }

  void principals(const std::vector<sdl::Principal>& items, const Scope& scope) {
    for (const sdl::Principal& p : items) {
      substitutions(p.primary, scope, {"principal"});
      substitutions(p.instance, scope, {"host"});
    }
  }

  void dependencyExtensions(const std::vector<sdl::DependencyExtension>& items, const Scope& scope) {
    for (const sdl::DependencyExtension& e : items) {
      for (const sdl::KeyValue& config : e.configs) {
        substitutions(config.key, scope, {"group", "user"});
        substitutions(config.value, scope, {"group", "user"});
      }
    }
  }

  void healthTests(const std::vector<sdl::HealthTest>& items, const Scope& scope) {
    for (const sdl::HealthTest& t : items) {
      references(t.adviceParameters, scope.names);
      for (const sdl::Text& message : t.messages)
        substitutions(message, scope, {"status.count", "status.message", "metric.value"});
    }
  }

  // Cloudera's @IncludeAdditionalReferences (spec §11, "Additional scopes"):
  // stopRunner.masterRole, providesKms.roleName, commands[].roleName and
  // peerConfigGenerators[].roleName name a role whose parameters and commands
  // are in scope inside the object. Checks the reference; nullptr when the
  // field is absent or names no role.
  const Scope* additionalScope(const sdl::Text& roleName) {
    if (!roleName.value) return nullptr;
    if (!reference(roleName, roles_)) return nullptr;
    const auto found = roleScopes_.find(*roleName.value);
    return found == roleScopes_.end() ? nullptr : &found->second;
  }

  // A reference that is absent (or was rejected by the field pass) names nothing.
  bool reference(const sdl::Text& name, const Names& available) {
    if (!name.value) return false;
    if (available.count(*name.value)) return true;
    out_.error(name.pointer, "invalid-reference",
               "has invalid reference: " + *name.value + ". References available: [" +
                   decode::joinSorted({available.begin(), available.end()}) + "]");
    return false;
  }

  void references(const sdl::TextList& list, const Names& available) {
    for (const sdl::Text& item : list.items) reference(item, available);
  }

  void substitutions(const sdl::Text& field, const Scope& scope, std::initializer_list<const char*> extra) {
    if (!field.value) return;
    const std::string& content = *field.value;
    std::vector<std::string> invalid;
    for (std::size_t start = content.find("${"); start != std::string::npos; start = content.find("${", start)) {
      const std::size_t end = content.find('}', start + 2);
      if (end == std::string::npos) break;
      const std::string name = content.substr(start + 2, end - start - 2);
      // CM 7: ${dependency:KNOX} names the service chosen for a declared dependency.
      const bool dependency = name.rfind("dependency:", 0) == 0 && dependencies_.count(name.substr(11));
      const bool known = dependency || scope.names.count(name) ||
          std::any_of(extra.begin(), extra.end(), [&](const char* e) { return name == e; });
      if (!known) invalid.push_back(name);
      start = end + 1;
    }
    if (invalid.empty()) return;
    std::vector<std::string> available(scope.names.begin(), scope.names.end());
    available.insert(available.end(), extra.begin(), extra.end());
    std::string list;
    for (const std::string& name : invalid) list += (list.empty() ? "" : ", ") + name;
    const std::string searched =
        scope.owner.empty() ? "the service's parameters" : "the service's parameters and those of " + scope.owner;
    out_.error(field.pointer, "invalid-substitution",
               "has invalid substitutions [" + list + "]. Substitutions available: [" + decode::joinSorted(available) +
                   "] (searched " + searched + ")");
  }

  Diagnostics& out_;
  Names roles_;
  Names dependencies_;
  Names serviceCommands_;
  std::map<std::string, Scope> roleScopes_;
};

}  // namespace

void checkReferences(const ServiceDescriptor& model, Diagnostics& out) { ReferencePass(out).service(model); }

}  // namespace parcel::csd::sdl
