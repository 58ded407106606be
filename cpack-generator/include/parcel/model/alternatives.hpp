// meta/alternatives.json (spec section 6): link group name -> entry.
#pragma once

#include "parcel/json/json_text.hpp"
#include "parcel/support/diagnostic.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace parcel {

struct Alternative {
  std::optional<std::string> destination;  // absolute path of the generic link
  std::optional<std::string> source;  // path inside the parcel, relative to NAME-VERSION/
  std::optional<std::int64_t> priority;
  std::optional<bool> isDirectory;  // "isDirectory"
};

using Alternatives = std::vector<std::pair<std::string, Alternative>>;  // file order

Alternatives decodeAlternatives(const Json& json, Diagnostics& out);
Json encodeAlternatives(const Alternatives& alternatives);
// Presence and non-blank fields (the cm_ext bad example gives exactly 4), plus
// ours: an absolute destination, a clean relative source.
void validateAlternatives(const Alternatives& alternatives, Diagnostics& out);
std::optional<Alternatives> readAlternatives(std::string_view text, Diagnostics& out);

// The rule of an entry's "destination", the generic link the alternatives
// system creates on the host: present and not blank (Cloudera's missing-field,
// blank-field), and absolute ("destination-not-absolute": "/usr/bin/tool").
// validateAlternatives applies it, and so does parcel_add_alternative's
// DESTINATION (parceltool check-value alternative-destination).
void checkAlternativeDestination(const std::optional<std::string>& destination, const std::string& pointer,
                                 Diagnostics& out);

// The rule of an entry's "source", the path inside the parcel the link points
// to: present and not blank, and relative without "." or ".." components
// ("source-not-relative"), since the CM agent joins it to NAME-VERSION/ as it
// is. validateAlternatives applies it, and so does parcel_add_alternative's
// SOURCE (parceltool check-value alternative-source).
void checkAlternativeSource(const std::optional<std::string>& source, const std::string& pointer, Diagnostics& out);

}  // namespace parcel
