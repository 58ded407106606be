#include "json/json_decoder.hpp"

#include <algorithm>
#include <charconv>
#include <limits>

namespace parcel::decode {
namespace {

// The value as a message names it: its kind, and for a scalar its JSON text
// (cut when long), so that `"port": ""` reads `not the string ""`.
std::string describe(const Json& value) {
  const auto quoted = [&](const char* kind) {
    std::string text = value.dump(-1, ' ', false, Json::error_handler_t::replace);
    if (text.size() > 60) text = text.substr(0, 57) + "...";
    return std::string(kind) + " " + text;
  };
  switch (value.type()) {
    case Json::value_t::null:
      return "null";
    case Json::value_t::object:
      return "an object";
    case Json::value_t::array:
      return "an array";
    case Json::value_t::string:
      return quoted("the string");
    case Json::value_t::boolean:
      return quoted("the boolean");
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
      return quoted("the integer");
    case Json::value_t::number_float:
      return quoted("the number");
    default:
      return "binary data";
  }
}

// The text Jackson makes of a scalar it reads as a string.
std::string scalarText(const Json& value) { return value.is_string() ? value.get<std::string>() : value.dump(); }

// Jackson reads the scalar anyway; CM's own reader might not, so say so.
void coerced(const Json& value, const std::string& pointer, std::string_view expected, Diagnostics& out) {
  out.warning(
      pointer, "coerced-type",
      describe(value) + " was read as " + std::string(expected) + "; write " + std::string(expected) + " instead");
}

std::optional<std::int64_t> parseInteger(std::string_view text) {
  std::int64_t number = 0;
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, number);
  if (text.empty() || error != std::errc() || stop != end) return std::nullopt;
  return number;
}

}  // namespace

void wrongType(const Json& value, const std::string& pointer, std::string_view expected, Diagnostics& out) {
  out.error(pointer, "wrong-type", "must be " + std::string(expected) + ", not " + describe(value));
}

std::optional<std::string> string(const Json& value, const std::string& pointer, Diagnostics& out) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number() || value.is_boolean()) {
    coerced(value, pointer, "a string", out);
    return scalarText(value);
  }
  wrongType(value, pointer, "a string", out);
  return std::nullopt;
}

std::optional<std::int64_t> longValue(const Json& value) {
  if (value.is_number_unsigned()) {
    const auto number = value.get<std::uint64_t>();
    if (number <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      return static_cast<std::int64_t>(number);
    }
  } else if (value.is_number_integer()) {
    return value.get<std::int64_t>();
  }
  return std::nullopt;
}

std::optional<std::int64_t> integer(const Json& value, const std::string& pointer, Diagnostics& out) {
  if (value.is_number_integer()) {
    if (const auto number = longValue(value)) return number;
  } else if (value.is_string()) {
    if (const auto number = parseInteger(value.get<std::string>())) {
      coerced(value, pointer, "an integer", out);
      return number;
    }
  }
  wrongType(value, pointer, "an integer from -2^63 to 2^63-1", out);
  return std::nullopt;
}

std::optional<bool> boolean(const Json& value, const std::string& pointer, Diagnostics& out) {
  if (value.is_boolean()) return value.get<bool>();
  if (value == "true" || value == "false") {
    coerced(value, pointer, "a boolean", out);
    return value == "true";
  }
  wrongType(value, pointer, "a boolean", out);
  return std::nullopt;
}

Object::Object(const Json& value, std::string pointer, Diagnostics& out, std::initializer_list<std::string_view> fields)
    : value_(value), pointer_(std::move(pointer)), out_(out) {
  if (!value_.is_object()) {
    wrongType(value_, pointer_, "an object", out_);
    return;
  }
  std::string recognised;
  for (std::string_view field : fields) recognised += (recognised.empty() ? "" : ", ") + std::string(field);
  for (const auto& [key, item] : value_.items()) {
    if (std::find(fields.begin(), fields.end(), key) == fields.end()) {
      out_.error(childPointer(pointer_, key), "unknown-field",
                 "unrecognized field \"" + key + "\" (recognised fields: " + recognised + ")");
    }
  }
}

const Json* Object::find(std::string_view key) const {
  if (!value_.is_object()) return nullptr;
  const auto it = value_.find(std::string(key));
  if (it == value_.end() || it->is_null()) return nullptr;
  return &*it;
}

}  // namespace parcel::decode
