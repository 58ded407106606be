// The one walker of every JSON document the project reads: the parcel metadata
// decoders (parcel.json, alternatives.json, permissions.json, manifest.json,
// ...) and the SDL/MDL decode passes. Type checks with ONE table of Jackson's
// scalar coercions (json_decoder.cpp, kCoercions; docs/format-decisions.md,
// "One coercion policy"), unknown fields, bean-style constraints, and a JSON
// pointer on every finding. Internal to parcel_core.
#pragma once

#include "parcel/json/json_text.hpp"
#include "parcel/support/diagnostic.hpp"

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace parcel::decode {

// Every decoder has this shape: read `value`, found at `pointer`, report to `out`,
// and return nullopt when the value is rejected (an error then stands at
// `pointer`) or read as absent ("" for a number, with a warning).
std::optional<std::string> string(const Json& value, const std::string& pointer, Diagnostics& out);
std::optional<std::int64_t> integer(const Json& value, const std::string& pointer, Diagnostics& out);
std::optional<double> number(const Json& value, const std::string& pointer, Diagnostics& out);
std::optional<bool> boolean(const Json& value, const std::string& pointer, Diagnostics& out);

// The value of a JSON integer (signed or unsigned) that fits a Java long;
// nullopt for anything else, so no caller wraps 2^64-1 into -1.
std::optional<std::int64_t> longValue(const Json& value);

// Reports a "wrong-type" error: `value` is not `expected` (e.g. "an object").
void wrongType(const Json& value, const std::string& pointer, std::string_view expected, Diagnostics& out);

// The model type a decoder produces.
template <class Decoder>
using Decoded = typename std::invoke_result_t<Decoder, const Json&, const std::string&, Diagnostics&>::value_type;

// A decoder of arrays whose elements `element` decodes. A rejected element is
// kept as a default value so that indexes, and thus pointers, match the document.
template <class Decoder>
auto arrayOf(Decoder element) {
  return [element](const Json& value, const std::string& pointer,
                   Diagnostics& out) -> std::optional<std::vector<Decoded<Decoder>>> {
    if (!value.is_array()) {
      wrongType(value, pointer, "an array", out);
      return std::nullopt;
    }
    std::vector<Decoded<Decoder>> items;
    items.reserve(value.size());
    for (std::size_t index = 0; index < value.size(); ++index) {
      items.push_back(element(value[index], childPointer(pointer, index), out).value_or(Decoded<Decoder>{}));
    }
    return items;
  };
}

// A decoder of objects used as maps (any key -> decoded value), in document order.
template <class Decoder>
auto mapOf(Decoder element) {
  return [element](const Json& value, const std::string& pointer,
                   Diagnostics& out) -> std::optional<std::vector<std::pair<std::string, Decoded<Decoder>>>> {
    if (!value.is_object()) {
      wrongType(value, pointer, "an object", out);
      return std::nullopt;
    }
    std::vector<std::pair<std::string, Decoded<Decoder>>> entries;
    entries.reserve(value.size());
    for (const auto& [key, item] : value.items()) {
      entries.emplace_back(key, element(item, childPointer(pointer, key), out).value_or(Decoded<Decoder>{}));
    }
    return entries;
  };
}

// What an object does with a key that is not one of its fields. Cloudera's
// parcel reader fails on one (Error); its descriptor reader ignores them unless
// strict (Warning, which --strict promotes); Ignore leaves them to the caller.
enum class UnknownFields { Error, Warning, Ignore };

// An object with a fixed set of fields. Construction reports a value that is not
// an object ("wrong-type") and every key not in `fields` ("unknown-field").
class Object {
public:
  Object(const Json& value, std::string pointer, Diagnostics& out, std::initializer_list<std::string_view> fields,
         UnknownFields unknown = UnknownFields::Error);

  bool isObject() const { return value_ != nullptr; }
  bool ok() const { return isObject(); }
  const std::string& pointer() const { return pointer_; }
  std::string at(std::string_view key) const { return childPointer(pointer_, key); }
  Diagnostics& out() const { return out_; }

  // The field, or nullptr when absent or null (Jackson reads null as absent).
  const Json* get(std::string_view key) const;
  bool has(std::string_view key) const { return get(key) != nullptr; }
  // An object without the field; false when the value is not an object, whose
  // wrong type is the one finding about it.
  bool lacks(std::string_view key) const { return ok() && !has(key); }

  // The decoded field; nullopt when it is absent, null or rejected.
  template <class Decoder>
  std::optional<Decoded<Decoder>> get(std::string_view key, Decoder decode) const {
    const Json* field = get(key);
    if (field == nullptr) return std::nullopt;
    return decode(*field, at(key), out_);
  }

  // The scalar decoders on a field.
  std::optional<std::string> str(std::string_view key) const { return get(key, string); }
  std::optional<std::int64_t> integer(std::string_view key) const { return get(key, decode::integer); }
  std::optional<double> number(std::string_view key) const { return get(key, decode::number); }
  std::optional<bool> boolean(std::string_view key) const { return get(key, decode::boolean); }
  // An array field; nullptr (and an error when present but not an array).
  const Json* array(std::string_view key) const;
  // An object field used as a string map; nullptr when absent or wrong.
  const Json* map(std::string_view key) const;
  // A list of strings; nullopt when absent or wrong (errors per element).
  std::optional<std::vector<std::string>> strings(std::string_view key) const;

  // Bean-style constraints. @NotBlank ("must be present and not blank"); the value when there.
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

private:
  const Json* value_;
  std::string pointer_;
  Diagnostics& out_;
};

// An object of a CSD descriptor (service.sdl, service.mdl): unknown fields are
// warnings; `reportUnknown` false leaves them to the caller.
class DescriptorObject : public Object {
public:
  DescriptorObject(const Json& value, std::string pointer, Diagnostics& out,
                   std::initializer_list<std::string_view> fields, bool reportUnknown = true)
      : Object(value, std::move(pointer), out, fields, reportUnknown ? UnknownFields::Warning : UnknownFields::Ignore) {
  }
};

// Reports items whose name repeats an earlier one ("not-unique", at the item's pointer).
struct Named {
  std::optional<std::string> name;
  std::string pointer;
};
void unique(const std::vector<Named>& items, std::string_view what, Diagnostics& out);

// Each element of the array `list` (at `pointer`), with its pointer.
template <class Visit>
void eachElement(const Json* list, const std::string& pointer, Visit visit) {
  if (list == nullptr) return;
  for (std::size_t index = 0; index < list->size(); ++index) visit((*list)[index], childPointer(pointer, index));
}

// "a, b, c" sorted, for "available" lists in messages.
std::string joinSorted(std::vector<std::string> names);

// What every read*() does: parse, decode, validate, locate. Decoding and validation
// report to a list of their own, so that a whole-file finding of the parser
// (a byte-order mark, at pointer "") does not make validation skip the document.
template <class Model>
std::optional<Model> readDocument(std::string_view text, Diagnostics& out,
                                  Model (*decodeModel)(const Json&, Diagnostics&),
                                  void (*validateModel)(const Model&, Diagnostics&)) {
  const std::size_t first = out.items().size();
  JsonPositions positions;
  const std::optional<Json> json = parseJson(text, kStrictJson, out, &positions);
  if (!json) return std::nullopt;
  Diagnostics found;
  Model model = decodeModel(*json, found);
  validateModel(model, found);
  out.append(found);
  positions.locate(out, first);  // each finding also names its line and column
  return model;
}

}  // namespace parcel::decode
