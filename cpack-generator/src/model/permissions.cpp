#include "parcel/model/permissions.hpp"

#include "json/json_decoder.hpp"
#include "json/json_encoder.hpp"
#include "parcel/rules/names.hpp"
#include "rules/field_checks.hpp"

#include <algorithm>
#include <utility>

namespace parcel {
namespace {

std::optional<Permission> decodePermission(const Json& value, const std::string& pointer, Diagnostics& out) {
  const decode::Object object(value, pointer, out, {"user", "group", "permissions"});
  if (!object.isObject()) return std::nullopt;
  return Permission{object.get("user", decode::string), object.get("group", decode::string),
                    object.get("permissions", decode::string)};
}

Json encodePermission(const Permission& permission) {
  Json json = Json::object();
  encode::put(json, "user", permission.user);
  encode::put(json, "group", permission.group);
  encode::put(json, "permissions", permission.permissions);
  return json;
}

}  // namespace

Permissions decodePermissions(const Json& json, Diagnostics& out) {
  return decode::mapOf(decodePermission)(json, "", out).value_or(Permissions{});
}

Json encodePermissions(const Permissions& permissions) { return encode::mapOf(encodePermission)(permissions); }

void validatePermissions(const Permissions& permissions, Diagnostics& out) {
  for (const auto& [path, permission] : permissions) {
    const std::string pointer = childPointer("", path);
    if (out.hasErrorAt(pointer)) continue;
    // Only a warning: the file is valid for Cloudera, the parcel-level check then
    // fails to find the path (real parcels ship absolute keys).
    if (!check::isCleanRelativePath(path)) {
      out.warning(pointer, "path-not-relative",
                  "should be a path relative to the parcel's top folder, with no \".\" or \"..\" components");
    }
    // The owner is an account the host must have: parcel.json's rule of user
    // and group names (a warning, as there; an error under --strict).
    for (const auto& [field, account] : {std::pair{"user", &permission.user}, std::pair{"group", &permission.group}}) {
      const std::string accountPointer = childPointer(pointer, field);
      if (check::notBlank(*account, accountPointer, out)) checkAccountName(**account, accountPointer, out);
    }
    const std::string mode = childPointer(pointer, "permissions");
    if (check::present(permission.permissions, mode, out) && !isFourDigitOctalMode(*permission.permissions)) {
      out.error(mode, "invalid-octal-mode", octalModeMessage(*permission.permissions));
    }
  }
}

std::optional<Permissions> readPermissions(std::string_view text, Diagnostics& out) {
  return decode::readDocument(text, out, decodePermissions, validatePermissions);
}

bool isFourDigitOctalMode(std::string_view mode) {
  return mode.size() == 4 && std::all_of(mode.begin(), mode.end(), [](char c) { return c >= '0' && c <= '7'; });
}

std::string octalModeMessage(std::string_view mode) {
  std::string message = "must be a four digit octal file permission, not \"" + std::string(mode) + "\"";
  const bool octal = std::all_of(mode.begin(), mode.end(), [](char c) { return c >= '0' && c <= '7'; });
  if (octal && !mode.empty() && mode.size() < 4)
    message += "; write \"" + std::string(4 - mode.size(), '0') + std::string(mode) + "\"";
  return message;
}

}  // namespace parcel
