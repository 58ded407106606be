#include "parcel/model/parcel_metadata.hpp"

#include "json/json_decoder.hpp"
#include "json/json_encoder.hpp"
#include "model/components.hpp"
#include "model/restart_info.hpp"
#include "parcel/rules/member_path.hpp"
#include "parcel/rules/names.hpp"
#include "rules/field_checks.hpp"

namespace parcel {
namespace {

std::optional<Package> decodePackage(const Json& value, const std::string& pointer, Diagnostics& out) {
  const decode::Object object(value, pointer, out, {"name", "version"});
  if (!object.isObject()) return std::nullopt;
  return Package{object.get("name", decode::string), object.get("version", decode::string)};
}

std::optional<User> decodeUser(const Json& value, const std::string& pointer, Diagnostics& out) {
  const decode::Object object(value, pointer, out, {"longname", "home", "shell", "extra_groups"});
  if (!object.isObject()) return std::nullopt;
  return User{object.get("longname", decode::string), object.get("home", decode::string),
              object.get("shell", decode::string), object.get("extra_groups", decode::arrayOf(decode::string))};
}

std::optional<Scripts> decodeScripts(const Json& value, const std::string& pointer, Diagnostics& out) {
  const decode::Object object(value, pointer, out, {"defines"});
  if (!object.isObject()) return std::nullopt;
  return Scripts{object.get("defines", decode::string)};
}

Json encodePackage(const Package& package) {
  Json json = Json::object();
  encode::put(json, "name", package.name);
  encode::put(json, "version", package.version);
  return json;
}

Json encodeUser(const User& user) {
  Json json = Json::object();
  encode::put(json, "longname", user.longname);
  encode::put(json, "home", user.home);
  encode::put(json, "shell", user.shell);
  encode::put(json, "extra_groups", user.extraGroups);
  return json;
}

Json encodeScripts(const Scripts& scripts) {
  Json json = Json::object();
  encode::put(json, "defines", scripts.defines);
  return json;
}

void validateUsers(const std::vector<std::pair<std::string, User>>& users, Diagnostics& out) {
  for (const auto& [name, user] : users) {
    const std::string pointer = childPointer("/users", name);
    if (out.hasErrorAt(pointer)) continue;
    checkAccountName(name, pointer, out);
    if (user.extraGroups) checkAccountNames(*user.extraGroups, childPointer(pointer, "extra_groups"), out);
    check::notBlank(user.longname, childPointer(pointer, "longname"), out);
    checkUserPath(user.home, childPointer(pointer, "home"), out);
    checkUserPath(user.shell, childPointer(pointer, "shell"), out);
    check::present(user.extraGroups, childPointer(pointer, "extra_groups"), out);
  }
}

}  // namespace

ParcelMetadata decodeParcelMetadata(const Json& json, Diagnostics& out) {
  const decode::Object object(
      json, "", out,
      {"schema_version", "name", "version", "extraVersionInfo", "depends", "replaces", "conflicts", "provides",
       "setActiveSymlink", "scripts", "packages", "components", "users", "groups", "servicesRestartInfo"});
  ParcelMetadata metadata;
  metadata.schemaVersion = object.get("schema_version", decode::integer);
  metadata.name = object.get("name", decode::string);
  metadata.version = object.get("version", decode::string);
  metadata.extraVersionInfo = object.get("extraVersionInfo", decode::mapOf(decode::string));
  metadata.depends = object.get("depends", decode::string);
  metadata.replaces = object.get("replaces", decode::string);
  metadata.conflicts = object.get("conflicts", decode::string);
  metadata.provides = object.get("provides", decode::arrayOf(decode::string));
  metadata.setActiveSymlink = object.get("setActiveSymlink", decode::boolean);
  metadata.scripts = object.get("scripts", decodeScripts);
  metadata.packages = object.get("packages", decode::arrayOf(decodePackage));
  metadata.components = object.get("components", decode::arrayOf(decodeComponent));
  metadata.users = object.get("users", decode::mapOf(decodeUser));
  metadata.groups = object.get("groups", decode::arrayOf(decode::string));
  metadata.servicesRestartInfo = object.get("servicesRestartInfo", decodeServicesRestartInfo);
  return metadata;
}

Json encodeParcelMetadata(const ParcelMetadata& metadata) {
  Json json = Json::object();
  encode::put(json, "schema_version", metadata.schemaVersion);
  encode::put(json, "name", metadata.name);
  encode::put(json, "version", metadata.version);
  encode::put(json, "extraVersionInfo", metadata.extraVersionInfo, encode::mapOf());
  encode::put(json, "depends", metadata.depends);
  encode::put(json, "replaces", metadata.replaces);
  encode::put(json, "conflicts", metadata.conflicts);
  encode::put(json, "provides", metadata.provides);
  encode::put(json, "setActiveSymlink", metadata.setActiveSymlink);
  encode::put(json, "scripts", metadata.scripts, encodeScripts);
  encode::put(json, "packages", metadata.packages, encode::arrayOf(encodePackage));
  encode::put(json, "components", metadata.components, encode::arrayOf(encodeComponent));
  encode::put(json, "users", metadata.users, encode::mapOf(encodeUser));
  encode::put(json, "groups", metadata.groups);
  encode::put(json, "servicesRestartInfo", metadata.servicesRestartInfo);
  return json;
}

void validateParcelMetadata(const ParcelMetadata& metadata, Diagnostics& out) {
  if (out.hasErrorAt("")) return;  // not an object: there are no fields to check
  if (check::present(metadata.schemaVersion, "/schema_version", out) && *metadata.schemaVersion != 1) {
    out.error("/schema_version", "schema-version", "must be between 1 and 1");
  }
  if (check::notBlank(metadata.name, "/name", out)) checkProductName(*metadata.name, "/name", out);
  if (check::notBlank(metadata.version, "/version", out)) checkVersion(*metadata.version, "/version", out);
  check::relations(metadata.depends, "/depends", out);
  check::relations(metadata.replaces, "/replaces", out);
  check::relations(metadata.conflicts, "/conflicts", out);
  if (metadata.provides) check::repeatedValues(*metadata.provides, "/provides", out);
  check::present(metadata.setActiveSymlink, "/setActiveSymlink", out);
  if (check::present(metadata.scripts, "/scripts", out)) {
    const std::optional<std::string>& defines = metadata.scripts->defines;
    // The script is looked up below meta/: an absolute path or a "."/".."
    // component would name something else (or an archive member "meta/..").
    // Cloudera joins it with java.io.File, which collapses "//".
    if (check::notBlank(defines, "/scripts/defines", out) && !isRelativeWithoutDotComponents(*defines)) {
      out.error("/scripts/defines", "defines-not-file-name",
                "'" + *defines + "' must be a file in meta/: not absolute, no '.' or '..' components");
    }
  }
  if (check::present(metadata.packages, "/packages", out))
    validateNameVersionList(*metadata.packages, "/packages", out);
  if (check::present(metadata.components, "/components", out)) {
    validateNameVersionList(*metadata.components, "/components", out);
  }
  if (check::present(metadata.users, "/users", out)) validateUsers(*metadata.users, out);
  if (check::present(metadata.groups, "/groups", out)) {
    check::repeatedValues(*metadata.groups, "/groups", out);
    checkAccountNames(*metadata.groups, "/groups", out);
  }
}

std::optional<ParcelMetadata> readParcelMetadata(std::string_view text, Diagnostics& out) {
  return decode::readDocument(text, out, decodeParcelMetadata, validateParcelMetadata);
}

void checkUserPath(const std::optional<std::string>& path, const std::string& pointer, Diagnostics& out) {
  if (check::notBlank(path, pointer, out) && path->front() != '/') {
    out.warning(pointer, "user-path-not-absolute",
                "must be an absolute path: the agent runs useradd -d HOME -s SHELL, which refuses \"" + *path +
                    "\", so activating the parcel fails");
  }
}

}  // namespace parcel
