#include "rules/field_checks.hpp"

#include "parcel/rules/member_path.hpp"
#include "parcel/rules/relations.hpp"

#include <algorithm>
#include <map>

namespace parcel::check {
namespace {

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Reports, with `severity` and `code`, each item whose name equals an earlier one's.
void reportRepeats(const std::vector<Named>& items, Severity severity, const std::string& code,
                   const std::string& message, Diagnostics& out) {
  std::map<std::string_view, const std::string*> firstPointer;
  for (const Named& item : items) {
    if (item.name == nullptr || isBlank(*item.name) || out.hasErrorAt(item.pointer)) continue;
    const auto [first, inserted] = firstPointer.emplace(*item.name, &item.pointer);
    if (inserted) continue;
    out.add(
        {severity, {}, item.pointer, code, message + " (\"" + *item.name + "\" is also at " + *first->second + ")"});
  }
}

}  // namespace

bool isBlank(std::string_view text) { return std::all_of(text.begin(), text.end(), isSpace); }

void reportMissing(const std::string& pointer, bool notBlank, Diagnostics& out) {
  out.error(pointer, "missing-field", notBlank ? "must be present and not blank" : "must be present");
}

void reportBlank(const std::string& pointer, Diagnostics& out) {
  out.error(pointer, "blank-field", "must be present and not blank");
}

void reportEmptyList(const std::string& pointer, Diagnostics& out, std::string_view message) {
  out.error(pointer, "empty-list", std::string(message));
}

bool isOneOf(const std::string& value, std::initializer_list<std::string_view> allowed, const std::string& pointer,
             Diagnostics& out) {
  if (std::find(allowed.begin(), allowed.end(), value) != allowed.end()) return true;
  out.error(pointer, "invalid-value", "\"" + value + "\" is not one of: " + listed(allowed));
  return false;
}

bool isAtLeast(std::int64_t value, std::int64_t min, const std::string& pointer, Diagnostics& out) {
  if (value >= min) return true;
  out.error(pointer, "out-of-range", "must be at least " + std::to_string(min) + ", not " + std::to_string(value));
  return false;
}

bool isBetween(std::int64_t value, std::int64_t min, std::int64_t max, const std::string& pointer, Diagnostics& out) {
  if (value >= min && value <= max) return true;
  out.error(
      pointer, "out-of-range",
      "must be between " + std::to_string(min) + " and " + std::to_string(max) + ", not " + std::to_string(value));
  return false;
}

std::string listed(std::initializer_list<std::string_view> values) {
  std::string text;
  for (std::string_view value : values) text += (text.empty() ? "" : ", ") + std::string(value);
  return text;
}

bool notBlank(const std::optional<std::string>& value, const std::string& pointer, Diagnostics& out) {
  if (out.hasErrorAt(pointer)) return false;
  if (!value) {
    reportMissing(pointer, true, out);
    return false;
  }
  if (isBlank(*value)) {
    reportBlank(pointer, out);
    return false;
  }
  return true;
}

bool present(bool hasValue, const std::string& pointer, Diagnostics& out) {
  if (out.hasErrorAt(pointer)) return false;
  if (!hasValue) reportMissing(pointer, false, out);
  return hasValue;
}

void relations(const std::optional<std::string>& value, const std::string& pointer, Diagnostics& out) {
  if (!value || out.hasErrorAt(pointer)) return;
  std::string reason;
  if (!parseRelations(*value, &reason)) {
    // A warning, not an error: Cloudera's own valid good_parcel.json has
    // "foo >= 1.0" and "baz < 3.0", and neither its validator nor make_manifest
    // parses these strings. --strict turns it into an error.
    out.warning(pointer, "invalid-relation", "is not a relation list like \"CDH (>= 5.0), CDH (<< 6.0)\": " + reason);
  }
}

bool isCleanRelativePath(std::string_view path) { return isRelativeWithoutDotComponents(path); }

void uniqueNames(const std::vector<Named>& items, Diagnostics& out) {
  reportRepeats(items, Severity::Error, "duplicate-name", "must be unique in list", out);
}

void repeatedValues(const std::vector<std::string>& values, const std::string& listPointer, Diagnostics& out) {
  std::vector<Named> named;
  named.reserve(values.size());
  for (std::size_t index = 0; index < values.size(); ++index) {
    named.push_back({&values[index], childPointer(listPointer, index)});
  }
  reportRepeats(named, Severity::Warning, "duplicate-value", "repeats an earlier value; the repeat is ignored", out);
}

}  // namespace parcel::check
