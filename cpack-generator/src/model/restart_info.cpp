#include "model/restart_info.hpp"

#include "json/json_decoder.hpp"
#include "json/json_encoder.hpp"

#include <algorithm>
#include <array>
#include <string_view>

namespace parcel {
namespace {

constexpr std::array<std::string_view, 3> kScopes = {"SERVICE_ONLY", "DEPENDENTS_ONLY", "SERVICE_AND_DEPENDENTS"};

// Cloudera reads the scope as a case-sensitive enum: anything else fails to parse.
std::optional<std::string> decodeScope(const Json& value, const std::string& pointer, Diagnostics& out) {
  std::optional<std::string> scope = decode::string(value, pointer, out);
  if (scope && std::find(kScopes.begin(), kScopes.end(), *scope) == kScopes.end()) {
    out.error(pointer, "invalid-restart-scope",
              "must be one of SERVICE_ONLY, DEPENDENTS_ONLY, SERVICE_AND_DEPENDENTS, not \"" + *scope + "\"");
    return std::nullopt;
  }
  return scope;
}

std::optional<Json> decodeVersionRestart(const Json& value, const std::string& pointer, Diagnostics& out) {
  const decode::Object object(value, pointer, out, {"serviceInfo", "parentVersion", "childVersion"});
  if (!object.isObject()) return std::nullopt;
  Json json = Json::object();
  encode::put(json, "serviceInfo", object.get("serviceInfo", decode::mapOf(decodeScope)), encode::mapOf());
  encode::put(json, "parentVersion", object.get("parentVersion", decode::string));
  encode::put(json, "childVersion", object.get("childVersion", decode::string));
  return json;
}

}  // namespace

std::optional<Json> decodeServicesRestartInfo(const Json& value, const std::string& pointer, Diagnostics& out) {
  const decode::Object object(value, pointer, out, {"versionInfo"});
  if (!object.isObject()) return std::nullopt;
  Json json = Json::object();
  encode::put(json, "versionInfo", object.get("versionInfo", decode::mapOf(decodeVersionRestart)), encode::mapOf());
  return json;
}

}  // namespace parcel
