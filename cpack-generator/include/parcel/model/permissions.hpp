// meta/permissions.json (spec section 7): path inside the parcel -> owner and mode.
#pragma once

#include "parcel/json/json_text.hpp"
#include "parcel/support/diagnostic.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace parcel {

struct Permission {
  std::optional<std::string> user;
  std::optional<std::string> group;
  std::optional<std::string> permissions;  // four octal digits, as a string: "6050"
};

using Permissions = std::vector<std::pair<std::string, Permission>>;  // file order

Permissions decodePermissions(const Json& json, Diagnostics& out);
Json encodePermissions(const Permissions& permissions);
void validatePermissions(const Permissions& permissions, Diagnostics& out);
std::optional<Permissions> readPermissions(std::string_view text, Diagnostics& out);

// True for exactly four octal digits ("0755", "6050"); the rule of
// parcel_set_permissions() and permissions.json alike.
bool isFourDigitOctalMode(std::string_view mode);
// The message for a mode that is not: "must be a four digit octal file
// permission, not \"777\"; write \"0777\"" (the fix only when one is obvious).
std::string octalModeMessage(std::string_view mode);

}  // namespace parcel
