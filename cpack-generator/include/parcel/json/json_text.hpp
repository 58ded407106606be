// Strict JSON text in and out, for the metadata files Cloudera reads strictly.
#pragma once

#include "parcel/support/diagnostic.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace parcel {

using Json = nlohmann::ordered_json;

// Parses standard JSON: no comments, no trailing commas. A syntax error becomes
// one "invalid-json" error that names the byte offset, and nullopt is returned.
// Duplicate object keys are "duplicate-key" errors at the key's pointer (the
// last value wins, as in Cloudera's reader). A UTF-8 byte-order mark is an error
// ("byte-order-mark"). Never throws on bad input.
std::optional<Json> parseStrictJson(std::string_view text, Diagnostics& out);

// True when `text` is well-formed UTF-8 (no overlong forms, no surrogates).
// Every string that goes into a JSON document we write must be.
bool isValidUtf8(std::string_view text);

// The project's one output form: 2-space indent, keys in insertion order,
// non-ASCII kept as UTF-8, and a trailing newline.
std::string toJsonText(const Json& value);

}  // namespace parcel
