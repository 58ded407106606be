// The one walker behind the metadata decoders (parcel.json, alternatives.json,
// permissions.json, manifest.json): type checks with Jackson's scalar coercions,
// unknown keys, and a JSON pointer on every finding. Internal to parcel_core.
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
// and return nullopt when the value is rejected (an error then stands at `pointer`).
std::optional<std::string> string(const Json& value, const std::string& pointer, Diagnostics& out);
std::optional<std::int64_t> integer(const Json& value, const std::string& pointer, Diagnostics& out);
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

// An object with a fixed set of fields. Construction reports a value that is not
// an object and every unrecognised key (Cloudera's reader stops at the first one).
class Object {
public:
  Object(const Json& value, std::string pointer, Diagnostics& out, std::initializer_list<std::string_view> fields);

  bool isObject() const { return value_.is_object(); }

  // The decoded field; nullopt when it is absent, null (Jackson reads null as
  // absent) or rejected.
  template <class Decoder>
  std::optional<Decoded<Decoder>> get(std::string_view key, Decoder decode) const {
    const Json* field = find(key);
    if (field == nullptr) return std::nullopt;
    return decode(*field, childPointer(pointer_, key), out_);
  }

private:
  const Json* find(std::string_view key) const;

  const Json& value_;
  std::string pointer_;
  Diagnostics& out_;
};

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
