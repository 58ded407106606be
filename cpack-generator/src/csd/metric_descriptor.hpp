// service.mdl decoded once (spec csd-format.md §13): the typed model, and the
// three passes over a document.
//
//   decodeMdl          raw JSON -> model; reports only what the decoder finds
//                      (not an object, wrong type, a coerced scalar, an unknown field)
//   checkMdlFields     the field rules on the model: present and not blank,
//                      name patterns, enum values, bounds, unique names
//   checkMdlReferences the metric and entity rules across the model: counters
//                      and rates, one definition per metric, known attributes,
//                      known and nameable parents
//
// validateMdl runs the three in this order, the last only when the first two
// found no error. No pass after the decoder reads the raw JSON, so no member of
// an untrusted document is read without a type check.
//
// Each value keeps its JSON pointer; its line and column come from that pointer
// (JsonPositions::locate, as for every finding). A value is absent (nullopt)
// when the member is missing, null (Jackson reads null as absent) or rejected by
// the decoder; `present` tells the first two apart from the third. An object
// that is not one (isObject false) holds nothing else, and the rules report
// nothing inside it: its wrong type is the one finding about it. Internal to
// parcel_core.
#pragma once

#include "parcel/json/json_text.hpp"
#include "parcel/support/diagnostic.hpp"

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace parcel::csd::mdl {

// A scalar field. A string is Jackson's reading of the member (a number or a
// boolean in its JSON text).
template <class T>
struct Value {
  std::optional<T> value;
  std::string pointer;
  bool present = false;  // the member is there and not null, whatever its type
};
using Text = Value<std::string>;
using Integer = Value<std::int64_t>;
using Flag = Value<bool>;

// A list of strings. For nameForCrossEntityAggregateMetrics, which an entity
// type gives as one string, that string is the one item, at the field's pointer.
struct TextList {
  std::vector<Text> items;  // each element read; a rejected element has no value
  std::string pointer;
  bool present = false;
  bool accepted = false;  // an array whose every element was read as a string
};

struct Metric {
  std::string pointer;
  bool isObject = false;
  Text name;
  Text label;
  Text description;
  Text numeratorUnit;
  Text denominatorUnit;
  Text type;  // gauge, counter or status
  Flag counter;
  Text weightingMetricName;
  Text context;
};

struct Role {
  std::string pointer;
  bool isObject = false;
  Text name;
  std::vector<Metric> metrics;
  TextList aggregateNames;  // nameForCrossEntityAggregateMetrics
  TextList additionalImmutableAttributeNames;
  TextList additionalMutableAttributeNames;
};

// metricEntityAttributeDefinitions[]
struct Attribute {
  std::string pointer;
  bool isObject = false;
  Text name;
  Text label;
  Text description;
  Flag valueCaseSensitive;
};

// metricEntityTypeDefinitions[]
struct EntityType {
  std::string pointer;
  bool isObject = false;
  Text name;
  Text label;
  Text labelPlural;
  Text description;
  TextList immutableAttributeNames;
  TextList mutableAttributeNames;
  TextList entityNameFormat;
  TextList entityLabelFormat;
  TextList parentMetricEntityTypeNames;
  std::vector<Metric> metrics;
  TextList aggregateNames;  // nameForCrossEntityAggregateMetrics
};

struct Compatibility {
  bool isObject = false;
  Integer generation;
  bool cdhVersionIsObject = false;
  Text cdhVersionMin;
  Text cdhVersionMax;
};

struct MetricDescriptor {
  bool isObject = false;  // false: the document is not an object, nothing else is set
  Text name;
  Text version;
  std::optional<Compatibility> compatibility;
  std::vector<Metric> metrics;
  TextList aggregateNames;  // nameForCrossEntityAggregateMetrics
  std::vector<Role> roles;
  std::vector<Attribute> attributes;  // metricEntityAttributeDefinitions
  std::vector<EntityType> entityTypes;  // metricEntityTypeDefinitions
};

// The three passes (see the top of this file).
//
// Report order: validateMdl reports each field rule's finding right after the
// decoder's findings on the value it is about, the order one pass over the
// document gives. `marks` receives, for each value the decoder read (by its
// pointer; an array after its elements), the size of `out` once that value was
// decoded; `slots` receives, for each finding checkMdlFields adds, the pointer
// of that value (for "not-unique", the list's).
using DecodeMarks = std::map<std::string, std::size_t>;
MetricDescriptor decodeMdl(const Json& root, Diagnostics& out, DecodeMarks* marks = nullptr);
void checkMdlFields(const MetricDescriptor& mdl, Diagnostics& out, std::vector<std::string>* slots = nullptr);
void checkMdlReferences(const MetricDescriptor& mdl, Diagnostics& out);

}  // namespace parcel::csd::mdl
