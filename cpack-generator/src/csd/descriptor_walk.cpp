#include "csd/descriptor_walk.hpp"

#include "json/json_decoder.hpp"
#include "parcel/model/permissions.hpp"
#include "rules/field_checks.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <map>

namespace parcel::csd::walk {

namespace {

// Jackson's coercions are accepted silently here (unlike decode::string and
// friends, which warn): real SDLs rely on them and must pass --strict.
using decode::wrongType;

std::string quoteList(std::initializer_list<std::string_view> values) {
  std::string text;
  for (std::string_view value : values) text += (text.empty() ? "" : ", ") + std::string(value);
  return text;
}

}  // namespace

std::optional<std::string> asString(const Json& value, const std::string& pointer, Diagnostics& out) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number_integer()) return value.dump();  // Jackson: numbers are accepted for strings
  if (value.is_number_float() || value.is_boolean()) return value.dump();
  wrongType(value, pointer, "a string", out);
  return std::nullopt;
}

std::optional<std::int64_t> asInteger(const Json& value, const std::string& pointer, Diagnostics& out) {
  // Jackson refuses a number outside long's range; casting such a double would
  // be undefined behaviour.
  if (value.is_number_integer()) {
    if (const auto number = decode::longValue(value)) return number;
  } else if (value.is_number_float()) {
    const double number = value.get<double>();
    if (std::floor(number) == number && number >= -0x1p63 && number < 0x1p63) {
      return static_cast<std::int64_t>(number);
    }
  }
  if (value.is_string()) {
    const std::string text = value.get<std::string>();
    char* end = nullptr;
    errno = 0;
    const long long parsed = std::strtoll(text.c_str(), &end, 10);
    if (!text.empty() && end != nullptr && *end == '\0' && errno == 0) return parsed;
  }
  wrongType(value, pointer, "an integer", out);
  return std::nullopt;
}

Obj::Obj(const Json& value, std::string pointer, Diagnostics& out, std::initializer_list<std::string_view> fields,
         bool reportUnknown)
    : value_(value.is_object() ? &value : nullptr), pointer_(std::move(pointer)), out_(out) {
  if (value_ == nullptr) {
    wrongType(value, pointer_, "an object", out_);
    return;
  }
  if (!reportUnknown) return;
  for (const auto& item : value.items()) {
    if (std::find(fields.begin(), fields.end(), item.key()) != fields.end()) continue;
    out_.warning(at(item.key()), "unknown-field",
                 "unrecognized field \"" + item.key() + "\" (known fields: " + quoteList(fields) + ")");
  }
}

const Json* Obj::get(std::string_view key) const {
  if (value_ == nullptr) return nullptr;
  const auto found = value_->find(std::string(key));
  if (found == value_->end() || found->is_null()) return nullptr;
  return &*found;
}

std::optional<std::string> Obj::str(std::string_view key) const {
  const Json* field = get(key);
  return field == nullptr ? std::nullopt : asString(*field, at(key), out_);
}

// Jackson reads "" for a number as null: real SDLs write `"default": ""` on a
// long or port parameter (spec §3, "Seen accepted").
bool Obj::emptyNumber(const Json& field, std::string_view key) const {
  if (field != "") return false;
  out_.warning(
      at(key), "empty-number",
      "\"\" for a number: Cloudera Manager reads it as no value; remove \"" + std::string(key) + "\" or give a number");
  return true;
}

std::optional<std::int64_t> Obj::integer(std::string_view key) const {
  const Json* field = get(key);
  if (field == nullptr || emptyNumber(*field, key)) return std::nullopt;
  return asInteger(*field, at(key), out_);
}

std::optional<double> Obj::number(std::string_view key) const {
  const Json* field = get(key);
  if (field == nullptr || emptyNumber(*field, key)) return std::nullopt;
  if (field->is_number()) return field->get<double>();
  if (field->is_string()) {
    const std::string text = field->get<std::string>();
    char* end = nullptr;
    const double parsed = std::strtod(text.c_str(), &end);
    if (!text.empty() && end != nullptr && *end == '\0') return parsed;
  }
  wrongType(*field, at(key), "a number", out_);
  return std::nullopt;
}

std::optional<bool> Obj::boolean(std::string_view key) const {
  const Json* field = get(key);
  if (field == nullptr) return std::nullopt;
  if (field->is_boolean()) return field->get<bool>();
  if (field->is_string()) {  // Jackson accepts "true"/"false"
    if (*field == "true") return true;
    if (*field == "false") return false;
  }
  if (*field == 0 || *field == 1) {  // and 0/1 (spec §3, "Seen accepted")
    const bool value = *field == 1;
    const std::string spelled = value ? "true" : "false";
    out_.warning(at(key), "number-for-boolean",
                 field->dump() + " for a boolean: Cloudera Manager reads it as " + spelled + "; write " + spelled);
    return value;
  }
  wrongType(*field, at(key), "a boolean", out_);
  return std::nullopt;
}

const Json* Obj::array(std::string_view key) const {
  const Json* field = get(key);
  if (field == nullptr) return nullptr;
  if (!field->is_array()) {
    wrongType(*field, at(key), "an array", out_);
    return nullptr;
  }
  return field;
}

const Json* Obj::map(std::string_view key) const {
  const Json* field = get(key);
  if (field == nullptr) return nullptr;
  if (!field->is_object()) {
    wrongType(*field, at(key), "an object", out_);
    return nullptr;
  }
  for (const auto& item : field->items()) {
    if (!item.value().is_null()) asString(item.value(), childPointer(at(key), item.key()), out_);
  }
  return field;
}

std::optional<std::vector<std::string>> Obj::strings(std::string_view key) const {
  const Json* list = array(key);
  if (list == nullptr) return std::nullopt;
  std::vector<std::string> values;
  bool good = true;
  for (std::size_t index = 0; index < list->size(); ++index) {
    auto value = asString((*list)[index], childPointer(at(key), index), out_);
    if (value)
      values.push_back(*value);
    else
      good = false;
  }
  if (!good) return std::nullopt;
  return values;
}

std::optional<std::string> Obj::notBlank(std::string_view key) const {
  if (value_ == nullptr) return std::nullopt;
  const Json* field = get(key);
  if (field == nullptr) {
    out_.error(at(key), "missing-field", "must be present and not blank");
    return std::nullopt;
  }
  auto value = asString(*field, at(key), out_);
  if (!value) return std::nullopt;
  if (check::isBlank(*value)) {
    out_.error(at(key), "blank-field", "must be present and not blank");
    return std::nullopt;
  }
  return value;
}

bool Obj::required(std::string_view key) const {
  if (value_ == nullptr) return false;
  if (has(key)) return true;
  out_.error(at(key), "missing-field", "must be present");
  return false;
}

std::optional<std::string> Obj::oneOf(std::string_view key, std::initializer_list<std::string_view> values,
                                      bool isRequired) const {
  if (isRequired && !required(key)) return std::nullopt;
  auto value = str(key);
  if (!value) return std::nullopt;
  if (std::find(values.begin(), values.end(), *value) == values.end()) {
    out_.error(at(key), "invalid-value", "\"" + *value + "\" is not one of: " + quoteList(values));
    return std::nullopt;
  }
  return value;
}

std::optional<std::int64_t> Obj::intAtLeast(std::string_view key, std::int64_t min) const {
  auto value = integer(key);
  if (value && *value < min) {
    out_.error(at(key), "out-of-range", "must be at least " + std::to_string(min) + ", not " + std::to_string(*value));
    return std::nullopt;
  }
  return value;
}

std::optional<std::int64_t> Obj::intBetween(std::string_view key, std::int64_t min, std::int64_t max) const {
  auto value = integer(key);
  if (value && (*value < min || *value > max)) {
    out_.error(
        at(key), "out-of-range",
        "must be between " + std::to_string(min) + " and " + std::to_string(max) + ", not " + std::to_string(*value));
    return std::nullopt;
  }
  return value;
}

void Obj::octal(std::string_view key, bool isRequired) const {
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

}  // namespace parcel::csd::walk
