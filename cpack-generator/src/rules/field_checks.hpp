// Validation steps shared by the metadata models: Cloudera's bean constraints
// ("must be present", "must be present and not blank", "must be unique in list")
// and a few of ours. Each skips a pointer that already holds an error, so a value
// rejected by the decoder is not reported twice. Internal to parcel_core.
#pragma once

#include "parcel/support/diagnostic.hpp"

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parcel::check {

// Java's isBlank: empty or only white space.
bool isBlank(std::string_view text);

// The bean constraints' findings, worded once for every document: the JSON
// walker (json_decoder's Object) and the SDL and MDL field passes, which judge
// decoded model values, report through these. Each reports at `pointer` only;
// what counts as missing is the caller's to know.
//   "missing-field": "must be present" (`notBlank`: "... and not blank")
void reportMissing(const std::string& pointer, bool notBlank, Diagnostics& out);
//   "blank-field": "must be present and not blank"
void reportBlank(const std::string& pointer, Diagnostics& out);
//   "empty-list": "must be present and not empty", or `message`
void reportEmptyList(const std::string& pointer, Diagnostics& out,
                     std::string_view message = "must be present and not empty");
// Each true when the value passes, else "invalid-value" ("\"x\" is not one of:
// a, b") or "out-of-range" ("must be at least 1, not 0", "must be between 1
// and 9, not 10").
bool isOneOf(const std::string& value, std::initializer_list<std::string_view> allowed, const std::string& pointer,
             Diagnostics& out);
bool isAtLeast(std::int64_t value, std::int64_t min, const std::string& pointer, Diagnostics& out);
bool isBetween(std::int64_t value, std::int64_t min, std::int64_t max, const std::string& pointer, Diagnostics& out);
// "a, b, c": how allowed values and known fields are listed in messages.
std::string listed(std::initializer_list<std::string_view> values);

// @NotBlank. True when the value is there to be checked further.
bool notBlank(const std::optional<std::string>& value, const std::string& pointer, Diagnostics& out);

// @NotNull. True when the value is there to be checked further.
bool present(bool hasValue, const std::string& pointer, Diagnostics& out);
template <class Value>
bool present(const std::optional<Value>& value, const std::string& pointer, Diagnostics& out) {
  return present(value.has_value(), pointer, out);
}

// Ours: depends, replaces and conflicts follow the relation grammar (relations.hpp);
// "invalid-relation" is a warning, since Cloudera's own valid files break it.
void relations(const std::optional<std::string>& value, const std::string& pointer, Diagnostics& out);

// Ours: a path inside the parcel with no leading '/' and no "." or ".."
// component: isRelativeWithoutDotComponents of the member-path rules.
bool isCleanRelativePath(std::string_view path);

// @UniqueField: reports each item whose `field` repeats an earlier item's, at
// "<list>/<index>/<field>". Absent, blank or rejected names are not compared.
struct Named {
  const std::string* name;  // nullptr: nothing to compare
  std::string pointer;
};
void uniqueNames(const std::vector<Named>& items, Diagnostics& out);

template <class Item>
void uniqueNames(const std::vector<Item>& items, const std::string& listPointer, std::string_view field,
                 std::optional<std::string> Item::*member, Diagnostics& out) {
  std::vector<Named> named;
  named.reserve(items.size());
  for (std::size_t index = 0; index < items.size(); ++index) {
    const std::optional<std::string>& name = items[index].*member;
    named.push_back({name ? &*name : nullptr, childPointer(childPointer(listPointer, index), field)});
  }
  uniqueNames(named, out);
}

// Ours: a set of strings (provides, groups) that repeats a value. Cloudera's
// reader drops the repeat silently, so this is a warning.
void repeatedValues(const std::vector<std::string>& values, const std::string& listPointer, Diagnostics& out);

}  // namespace parcel::check
