// JSON text in and out: the one reader of every JSON document (the strict
// metadata files and the commented CSD descriptors) and the one writer.
#pragma once

#include "parcel/json/json_positions.hpp"
#include "parcel/support/diagnostic.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace parcel {

using Json = nlohmann::ordered_json;

// What a document kind accepts beyond standard JSON. Cloudera reads parcel.json
// and the other parcel files strictly; service.sdl and service.mdl with Jackson's
// lenient options (spec csd-format.md §3, parcel-format.md §5.1).
struct JsonDialect {
  bool comments = false;  // `//` and `/* */`
  // Duplicate keys: an error ("duplicate-key"), or, when true, a warning that
  // shows both values (Cloudera keeps the last one silently).
  bool duplicateKeysAreWarnings = false;
  // Text after the root value: an error, or, when true, a "trailing-text"
  // warning (Jackson stops reading after the root value).
  bool trailingTextIsWarning = false;
};

inline constexpr JsonDialect kStrictJson{};
inline constexpr JsonDialect kDescriptorJson{true, true, true};

// Parses `text` in `dialect`. A syntax error becomes one "invalid-json" error at
// the whole file that gives line and column and quotes the line with a caret,
// and nullopt is returned. Duplicate object keys are reported at the key's
// pointer (the last value wins, as in Cloudera's reader). A UTF-8 byte-order
// mark is an error ("byte-order-mark"). Nesting is bounded. Never throws.
// With `positions`, records where each value starts (for JsonPositions::locate);
// the syntax error and the trailing-text warning carry their line and column either way.
std::optional<Json> parseJson(std::string_view text, const JsonDialect& dialect, Diagnostics& out,
                              JsonPositions* positions = nullptr);

// parseJson in the strict dialect: the metadata files.
inline std::optional<Json> parseStrictJson(std::string_view text, Diagnostics& out) {
  return parseJson(text, kStrictJson, out);
}

// "line L, column C" (both from 1, column in bytes) of the byte at `offset`.
std::string lineAndColumn(std::string_view text, std::size_t offset);

// "near '  \"a\": tru^' (^ marks the spot)": the line holding `offset`, clipped
// around it, with a caret before the byte at `offset`. One line, as every
// diagnostic is.
std::string excerptWithCaret(std::string_view text, std::size_t offset);

// True when `text` is well-formed UTF-8 (no overlong forms, no surrogates).
// Every string that goes into a JSON document we write must be.
bool isValidUtf8(std::string_view text);

// The project's one output form: 2-space indent, keys in insertion order,
// non-ASCII kept as UTF-8, and a trailing newline.
std::string toJsonText(const Json& value);

}  // namespace parcel
