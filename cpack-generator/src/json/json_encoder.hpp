// Encoder helpers shared by the metadata models, the mirror of json_decoder.hpp:
// keys go out in the order they are set, absent optionals are left out.
// Internal to parcel_core.
#pragma once

#include "parcel/json/json_text.hpp"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace parcel::encode {

// Scalars and lists of scalars convert directly.
struct Direct {
  template <class Value>
  Json operator()(const Value& value) const {
    return Json(value);
  }
};

// An encoder of vectors whose elements `element` encodes.
template <class Encoder = Direct>
auto arrayOf(Encoder element = {}) {
  return [element](const auto& items) {
    Json array = Json::array();
    for (const auto& item : items) array.push_back(element(item));
    return array;
  };
}

// An encoder of (key, value) vectors as a JSON object, in vector order.
template <class Encoder = Direct>
auto mapOf(Encoder element = {}) {
  return [element](const auto& entries) {
    Json object = Json::object();
    for (const auto& [key, item] : entries) object[key] = element(item);
    return object;
  };
}

// Sets `key` to the encoded value, or nothing when there is no value.
template <class Value, class Encoder = Direct>
void put(Json& object, const char* key, const std::optional<Value>& value, Encoder encoder = {}) {
  if (value) object[key] = encoder(*value);
}

}  // namespace parcel::encode
