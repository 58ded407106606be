#include "json/json_decoder.hpp"

#include "parcel/model/permissions.hpp"
#include "rules/field_checks.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <map>

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

// ---- the coercion table ---------------------------------------------------------------
//
// Which JSON values Jackson turns into which field types, and our one verdict
// on each, for every document (docs/format-decisions.md, "One coercion
// policy"). Cloudera's verdict is the floor: what Jackson accepts is never an
// error. A coercion Cloudera's own CSDs rely on is silent (--strict must pass
// them); the others are warnings that name the clean spelling.

enum class Coercion {
  // 5 -> "5": silent, cm_ext's own SDLs write "version": 1
  IntegerAsString,
  // 1.5 -> "1.5": warning coerced-type
  FloatAsString,
  // true -> "true": warning coerced-type
  BooleanAsString,
  // "12" -> 12: silent, Cloudera's KAFKA and KMS write "min": "5"
  StringAsInteger,
  // 5.0 -> 5: silent, Jackson's ACCEPT_FLOAT_AS_INT (1.5 is an error: a fraction would be lost)
  FloatAsInteger,
  // "" -> absent: warning empty-number, third-party SDLs write "default": "" on a long
  EmptyAsNumber,
  // "5.2" -> 5.2: silent, Cloudera's KMS writes "min": "5.2"
  StringAsNumber,
  // "true" -> true: silent, nearly every Cloudera CSD writes "required": "true"
  StringAsBoolean,
  // 0/1 -> false/true: warning number-for-boolean, seen in third-party CSDs
  NumberAsBoolean,
};

enum class Verdict { Silent, Warning };

struct Rule {
  Coercion coercion;
  Verdict verdict;
};

constexpr Rule kCoercions[] = {
    {Coercion::IntegerAsString, Verdict::Silent},  {Coercion::FloatAsString, Verdict::Warning},
    {Coercion::BooleanAsString, Verdict::Warning}, {Coercion::StringAsInteger, Verdict::Silent},
    {Coercion::FloatAsInteger, Verdict::Silent},   {Coercion::EmptyAsNumber, Verdict::Warning},
    {Coercion::StringAsNumber, Verdict::Silent},   {Coercion::StringAsBoolean, Verdict::Silent},
    {Coercion::NumberAsBoolean, Verdict::Warning},
};

bool warns(Coercion coercion) {
  for (const Rule& rule : kCoercions) {
    if (rule.coercion == coercion) return rule.verdict == Verdict::Warning;
  }
  return true;
}

// The last token of `pointer`, unescaped: the field a message names.
std::string fieldName(const std::string& pointer) {
  std::string token = pointer.substr(pointer.rfind('/') + 1);
  for (std::size_t at = token.find('~'); at != std::string::npos && at + 1 < token.size(); at = token.find('~', at + 1))
    token.replace(at, 2, token[at + 1] == '1' ? "/" : "~");
  return token;
}

// Reports `coercion` of `value` at `pointer` when its verdict is a warning.
void coerced(Coercion coercion, const Json& value, const std::string& pointer, std::string_view expected,
             Diagnostics& out) {
  if (!warns(coercion)) return;
  switch (coercion) {
    case Coercion::EmptyAsNumber:
      out.warning(pointer, "empty-number",
                  "\"\" for a number: Cloudera Manager reads it as no value; remove \"" + fieldName(pointer) +
                      "\" or give a number");
      return;
    case Coercion::NumberAsBoolean: {
      const std::string spelled = value == 1 ? "true" : "false";
      out.warning(pointer, "number-for-boolean",
                  value.dump() + " for a boolean: Cloudera Manager reads it as " + spelled + "; write " + spelled);
      return;
    }
    default:
      out.warning(
          pointer, "coerced-type",
          describe(value) + " was read as " + std::string(expected) + "; write " + std::string(expected) + " instead");
  }
}

// Jackson trims a string before it parses a number from it.
std::string_view trimmed(std::string_view text) {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; };
  while (!text.empty() && space(text.front())) text.remove_prefix(1);
  while (!text.empty() && space(text.back())) text.remove_suffix(1);
  return text;
}

// A Java long in decimal, as Jackson reads it from a string: trimmed, then an
// optional sign and digits (Long.parseLong).
std::optional<std::int64_t> parseLong(std::string_view text) {
  text = trimmed(text);
  if (!text.empty() && text.front() == '+') {
    text.remove_prefix(1);
    if (text.empty() || text.front() == '-') return std::nullopt;
  }
  std::int64_t number = 0;
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, number);
  if (error != std::errc() || stop != end) return std::nullopt;
  return number;
}

}  // namespace

void wrongType(const Json& value, const std::string& pointer, std::string_view expected, Diagnostics& out) {
  out.error(pointer, "wrong-type", "must be " + std::string(expected) + ", not " + describe(value));
}

std::optional<std::string> string(const Json& value, const std::string& pointer, Diagnostics& out) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number_integer()) {
    coerced(Coercion::IntegerAsString, value, pointer, "a string", out);
    return value.dump();
  }
  if (value.is_number_float() || value.is_boolean()) {
    coerced(value.is_boolean() ? Coercion::BooleanAsString : Coercion::FloatAsString, value, pointer, "a string", out);
    return value.dump();
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
    wrongType(value, pointer, "an integer from -2^63 to 2^63-1", out);
    return std::nullopt;
  }
  if (value.is_number_float()) {
    // Jackson refuses a number outside long's range; casting such a double would
    // be undefined behaviour.
    const double number = value.get<double>();
    if (std::floor(number) == number && number >= -0x1p63 && number < 0x1p63) {
      coerced(Coercion::FloatAsInteger, value, pointer, "an integer", out);
      return static_cast<std::int64_t>(number);
    }
    wrongType(value, pointer, std::floor(number) == number ? "an integer from -2^63 to 2^63-1" : "an integer", out);
    return std::nullopt;
  }
  if (value == "") {
    coerced(Coercion::EmptyAsNumber, value, pointer, "an integer", out);
    return std::nullopt;
  }
  if (value.is_string()) {
    if (const auto number = parseLong(value.get<std::string>())) {
      coerced(Coercion::StringAsInteger, value, pointer, "an integer", out);
      return number;
    }
  }
  wrongType(value, pointer, "an integer", out);
  return std::nullopt;
}

std::optional<double> number(const Json& value, const std::string& pointer, Diagnostics& out) {
  if (value.is_number()) return value.get<double>();
  if (value == "") {
    coerced(Coercion::EmptyAsNumber, value, pointer, "a number", out);
    return std::nullopt;
  }
  if (value.is_string()) {
    const std::string text(trimmed(value.get<std::string>()));
    char* end = nullptr;
    const double parsed = std::strtod(text.c_str(), &end);
    if (!text.empty() && end != nullptr && *end == '\0') {
      coerced(Coercion::StringAsNumber, value, pointer, "a number", out);
      return parsed;
    }
  }
  wrongType(value, pointer, "a number", out);
  return std::nullopt;
}

std::optional<bool> boolean(const Json& value, const std::string& pointer, Diagnostics& out) {
  if (value.is_boolean()) return value.get<bool>();
  if (value == "true" || value == "false") {
    coerced(Coercion::StringAsBoolean, value, pointer, "a boolean", out);
    return value == "true";
  }
  if (value == 0 || value == 1) {
    coerced(Coercion::NumberAsBoolean, value, pointer, "a boolean", out);
    return value == 1;
  }
  wrongType(value, pointer, "a boolean", out);
  return std::nullopt;
}

Object::Object(const Json& value, std::string pointer, Diagnostics& out, std::initializer_list<std::string_view> fields,
               UnknownFields unknown)
    : value_(value.is_object() ? &value : nullptr), pointer_(std::move(pointer)), out_(out) {
  if (value_ == nullptr) {
    wrongType(value, pointer_, "an object", out_);
    return;
  }
  if (unknown == UnknownFields::Ignore) return;
  for (const auto& [key, item] : value.items()) {
    if (std::find(fields.begin(), fields.end(), key) != fields.end()) continue;
    out_.add({unknown == UnknownFields::Error ? Severity::Error : Severity::Warning, "", at(key), "unknown-field",
              "unrecognized field \"" + key + "\" (recognised fields: " + check::listed(fields) + ")"});
  }
}

const Json* Object::get(std::string_view key) const {
  if (value_ == nullptr) return nullptr;
  const auto found = value_->find(std::string(key));
  if (found == value_->end() || found->is_null()) return nullptr;
  return &*found;
}

const Json* Object::array(std::string_view key) const {
  const Json* field = get(key);
  if (field == nullptr) return nullptr;
  if (!field->is_array()) {
    wrongType(*field, at(key), "an array", out_);
    return nullptr;
  }
  return field;
}

const Json* Object::map(std::string_view key) const {
  const Json* field = get(key);
  if (field == nullptr) return nullptr;
  if (!field->is_object()) {
    wrongType(*field, at(key), "an object", out_);
    return nullptr;
  }
  for (const auto& item : field->items()) {
    if (!item.value().is_null()) string(item.value(), childPointer(at(key), item.key()), out_);
  }
  return field;
}

std::optional<std::vector<std::string>> Object::strings(std::string_view key) const {
  const Json* list = array(key);
  if (list == nullptr) return std::nullopt;
  std::vector<std::string> values;
  bool good = true;
  for (std::size_t index = 0; index < list->size(); ++index) {
    auto value = string((*list)[index], childPointer(at(key), index), out_);
    if (value)
      values.push_back(*value);
    else
      good = false;
  }
  if (!good) return std::nullopt;
  return values;
}

std::optional<std::string> Object::notBlank(std::string_view key) const {
  if (value_ == nullptr) return std::nullopt;
  const Json* field = get(key);
  if (field == nullptr) {
    check::reportMissing(at(key), true, out_);
    return std::nullopt;
  }
  auto value = string(*field, at(key), out_);
  if (!value) return std::nullopt;
  if (check::isBlank(*value)) {
    check::reportBlank(at(key), out_);
    return std::nullopt;
  }
  return value;
}

bool Object::required(std::string_view key) const {
  if (value_ == nullptr) return false;
  if (has(key)) return true;
  check::reportMissing(at(key), false, out_);
  return false;
}

std::optional<std::string> Object::oneOf(std::string_view key, std::initializer_list<std::string_view> values,
                                         bool isRequired) const {
  if (isRequired && !required(key)) return std::nullopt;
  auto value = str(key);
  if (!value || !check::isOneOf(*value, values, at(key), out_)) return std::nullopt;
  return value;
}

std::optional<std::int64_t> Object::intAtLeast(std::string_view key, std::int64_t min) const {
  auto value = integer(key);
  if (value && !check::isAtLeast(*value, min, at(key), out_)) return std::nullopt;
  return value;
}

std::optional<std::int64_t> Object::intBetween(std::string_view key, std::int64_t min, std::int64_t max) const {
  auto value = integer(key);
  if (value && !check::isBetween(*value, min, max, at(key), out_)) return std::nullopt;
  return value;
}

void Object::octal(std::string_view key, bool isRequired) const {
  if (isRequired && !required(key)) return;
  auto value = str(key);
  if (!value) return;
  if (!isFourDigitOctalMode(*value)) out_.error(at(key), "invalid-permissions", octalModeMessage(*value));
}

void unique(const std::vector<Named>& items, std::string_view what, Diagnostics& out) {
  std::map<std::string, bool> seen;
  for (const Named& item : items) {
    if (!item.name) continue;
    if (!seen.emplace(*item.name, true).second) {
      out.error(item.pointer, "not-unique", std::string(what) + " \"" + *item.name + "\" must be unique in the list");
    }
  }
}

std::string joinSorted(std::vector<std::string> names) {
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  std::string text;
  for (const std::string& name : names) text += (text.empty() ? "" : ", ") + name;
  return text;
}

}  // namespace parcel::decode
