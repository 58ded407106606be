// The object walker of the SDL and MDL validators: Jackson's scalar coercions
// (spec §3), unknown fields as warnings, bean-style constraints, and a JSON
// pointer on every finding. Internal to parcel_core.
#pragma once

#include "parcel/json/json_text.hpp"
#include "parcel/support/diagnostic.hpp"

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parcel::csd::walk {

// One object of the descriptor at `pointer`. Construction reports a value that
// is not an object ("wrong-type") and every field not in `fields` ("unknown-field",
// a warning: Cloudera ignores them unless strict).
class Obj {
public:
  Obj(const Json& value, std::string pointer, Diagnostics& out, std::initializer_list<std::string_view> fields,
      bool reportUnknown = true);

  bool ok() const { return value_ != nullptr; }
  const std::string& pointer() const { return pointer_; }
  std::string at(std::string_view key) const { return childPointer(pointer_, key); }
  // The field, or nullptr when absent or null (Jackson reads null as absent).
  const Json* get(std::string_view key) const;
  bool has(std::string_view key) const { return get(key) != nullptr; }
  // An object without the field (absent or null); false when the value is not
  // an object, whose wrong type is the one finding about it.
  bool lacks(std::string_view key) const { return ok() && !has(key); }

  // Typed reads with Jackson's coercions; a wrong type is an error and gives
  // nullopt. The leniencies real SDLs rely on are warnings: "" for a number
  // reads as absent, 0/1 for a boolean as false/true.
  std::optional<std::string> str(std::string_view key) const;
  std::optional<std::int64_t> integer(std::string_view key) const;
  std::optional<double> number(std::string_view key) const;
  std::optional<bool> boolean(std::string_view key) const;
  // An array field; nullptr (and an error when present but not an array).
  const Json* array(std::string_view key) const;
  // An object field used as a string map; nullptr when absent or wrong.
  const Json* map(std::string_view key) const;
  // A list of strings; nullopt when absent or wrong (errors per element).
  std::optional<std::vector<std::string>> strings(std::string_view key) const;

  // @NotBlank ("must be present and not blank"); the value when there.
  std::optional<std::string> notBlank(std::string_view key) const;
  // @NotNull.
  bool required(std::string_view key) const;
  // One of `values` (lower-camel spellings); `required` reports absence.
  std::optional<std::string> oneOf(std::string_view key, std::initializer_list<std::string_view> values,
                                   bool required = false) const;
  // Integer bounds (inclusive); the value when present and well-typed.
  std::optional<std::int64_t> intAtLeast(std::string_view key, std::int64_t min) const;
  std::optional<std::int64_t> intBetween(std::string_view key, std::int64_t min, std::int64_t max) const;
  // A four-digit octal permission string ("0755").
  void octal(std::string_view key, bool required) const;

  Diagnostics& out() const { return out_; }

private:
  // True (with a warning) when `field` is "" where a number belongs.
  bool emptyNumber(const Json& field, std::string_view key) const;

  const Json* value_;
  std::string pointer_;
  Diagnostics& out_;
};

// Scalar readers on a bare value (array elements).
std::optional<std::string> asString(const Json& value, const std::string& pointer, Diagnostics& out);
std::optional<std::int64_t> asInteger(const Json& value, const std::string& pointer, Diagnostics& out);

// Reports items whose name repeats an earlier one ("not-unique", at the item's pointer).
struct Named {
  std::optional<std::string> name;
  std::string pointer;
};
void unique(const std::vector<Named>& items, std::string_view what, Diagnostics& out);

// Each element of the array `list` (at `pointer`) that is an object, with its pointer.
template <class Visit>
void eachElement(const Json* list, const std::string& pointer, Visit visit) {
  if (list == nullptr) return;
  for (std::size_t index = 0; index < list->size(); ++index) visit((*list)[index], childPointer(pointer, index));
}

// "a, b, c" sorted, for "available" lists in messages.
std::string joinSorted(std::vector<std::string> names);

}  // namespace parcel::csd::walk
