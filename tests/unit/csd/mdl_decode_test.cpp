// service.mdl decoded once (csd/metric_descriptor.hpp, csd/mdl_decode.cpp): on
// documents of every wrong shape (every field missing, null or of the wrong
// type, every element not an object, unknown fields everywhere), no crash and
// exactly these findings, in report order; the decoder alone reports only what
// it finds, and keeps every value with its pointer.
#include "csd/metric_descriptor.hpp"
#include "diagnostics_support.hpp"
#include "parcel/csd/descriptor.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

namespace {

using parcel::Diagnostics;
using parcel::Severity;
namespace mdl = parcel::csd::mdl;

constexpr Severity E = Severity::Error;
constexpr Severity W = Severity::Warning;

using Finding = parcel::test::FullFinding;
std::vector<Finding> findings(const Diagnostics& out) { return parcel::test::fullFindingsOf(out); }

struct Row {
  std::string name;
  std::string document;
  std::vector<Finding> expected;
};

// What a document whose every object lacks every member reports (each object
// what it lacks, never more).
const std::vector<Finding> kEveryMemberMissing = {
    {E, "/metricDefinitions/0/name", "missing-field", "must be present and not blank"},
    {E, "/metricDefinitions/0/label", "missing-field", "must be present and not blank"},
    {E, "/metricDefinitions/0/description", "missing-field", "must be present and not blank"},
    {E, "/metricDefinitions/0/numeratorUnit", "missing-field", "must be present and not blank"},
    {E, "/roles/0/name", "missing-field", "must be present and not blank"},
    {E, "/metricEntityAttributeDefinitions/0/name", "missing-field", "must be present and not blank"},
    {E, "/metricEntityAttributeDefinitions/0/label", "missing-field", "must be present and not blank"},
    {E, "/metricEntityAttributeDefinitions/0/description", "missing-field", "must be present and not blank"},
    {E, "/metricEntityTypeDefinitions/0/name", "missing-field", "must be present and not blank"},
    {E, "/metricEntityTypeDefinitions/0/label", "missing-field", "must be present and not blank"},
    {E, "/metricEntityTypeDefinitions/0/labelPlural", "missing-field", "must be present and not blank"},
    {E, "/metricEntityTypeDefinitions/0/description", "missing-field", "must be present and not blank"},
    {E, "/metricEntityTypeDefinitions/0/immutableAttributeNames", "empty-list", "must be present and not empty"},
    {E, "/metricEntityTypeDefinitions/0/entityNameFormat", "empty-list", "must be present and not empty"},
};

// Cloudera's reading of these documents, as validate reported it before the model
// (the same findings in the same order).
const std::vector<Row> kRows = {
    {"empty",
     R"({})",
     {
         {E, "/name", "missing-field", "must be present and not blank"},
         {E, "/version", "missing-field", "must be present and not blank"},
     }},
    {"all_null",
     R"({"name": null, "version": null, "compatibility": null, "metricDefinitions": null, "roles": null,
       "metricEntityAttributeDefinitions": null, "metricEntityTypeDefinitions": null,
       "nameForCrossEntityAggregateMetrics": null})",
     {
         {E, "/name", "missing-field", "must be present and not blank"},
         {E, "/version", "missing-field", "must be present and not blank"},
     }},
    {"root_array",
     R"([])",
     {
         {E, "", "wrong-type", "must be an object, not an array"},
     }},
    {"empty_objects",
     R"({"name": "ECHO", "version": "1", "compatibility": {"cdhVersion": {}}, "metricDefinitions": [{}],
       "roles": [{}], "metricEntityAttributeDefinitions": [{}], "metricEntityTypeDefinitions": [{}]})",
     kEveryMemberMissing},
    // null is read as absent (Jackson).
    {"null_members",
     R"({"name": "ECHO", "version": "1", "compatibility": {"generation": null, "cdhVersion": null},
       "metricDefinitions": [{"name": null, "label": null, "description": null, "numeratorUnit": null,
       "denominatorUnit": null, "type": null, "counter": null, "weightingMetricName": null, "context": null}],
       "roles": [{"name": null, "metricDefinitions": null, "nameForCrossEntityAggregateMetrics": null,
       "additionalImmutableAttributeNames": null, "additionalMutableAttributeNames": null}],
       "metricEntityAttributeDefinitions": [{"name": null, "label": null, "description": null,
       "valueCaseSensitive": null}], "metricEntityTypeDefinitions": [{"name": null, "label": null,
       "labelPlural": null, "description": null, "immutableAttributeNames": null, "mutableAttributeNames": null,
       "entityNameFormat": null, "entityLabelFormat": null, "parentMetricEntityTypeNames": null,
       "metricDefinitions": null, "nameForCrossEntityAggregateMetrics": null}]})",
     kEveryMemberMissing},
    {"top_wrong",
     R"({"name": [], "version": {}, "compatibility": "x", "metricDefinitions": {}, "roles": "r",
       "metricEntityAttributeDefinitions": 5, "metricEntityTypeDefinitions": true,
       "nameForCrossEntityAggregateMetrics": 5})",
     {
         {E, "/name", "wrong-type", "must be a string, not an array"},
         {E, "/version", "wrong-type", "must be a string, not an object"},
         {E, "/compatibility", "wrong-type", "must be an object, not the string \"x\""},
         {E, "/metricDefinitions", "wrong-type", "must be an array, not an object"},
         {E, "/nameForCrossEntityAggregateMetrics", "wrong-type", "must be an array, not the integer 5"},
         {E, "/roles", "wrong-type", "must be an array, not the string \"r\""},
         {E, "/metricEntityAttributeDefinitions", "wrong-type", "must be an array, not the integer 5"},
         {E, "/metricEntityTypeDefinitions", "wrong-type", "must be an array, not the boolean true"},
     }},
    {"elements_wrong",
     R"({"name": "ECHO", "version": "1", "metricDefinitions": [5], "roles": [[]],
       "metricEntityAttributeDefinitions": ["a"], "metricEntityTypeDefinitions": [null]})",
     {
         {E, "/metricDefinitions/0", "wrong-type", "must be an object, not the integer 5"},
         {E, "/roles/0", "wrong-type", "must be an object, not an array"},
         {E, "/metricEntityAttributeDefinitions/0", "wrong-type", "must be an object, not the string \"a\""},
         {E, "/metricEntityTypeDefinitions/0", "wrong-type", "must be an object, not null"},
     }},
    {"fields_wrong",
     R"({"name": "ECHO", "version": "1", "compatibility": {"generation": "x", "cdhVersion": 5},
       "metricDefinitions": [{"name": [], "label": {}, "description": [], "numeratorUnit": {},
       "denominatorUnit": [], "type": [], "counter": "maybe", "weightingMetricName": {}, "context": []}],
       "roles": [{"name": {}, "metricDefinitions": 5, "nameForCrossEntityAggregateMetrics": 5,
       "additionalImmutableAttributeNames": "x", "additionalMutableAttributeNames": [5.5, {}]}],
       "metricEntityAttributeDefinitions": [{"name": [], "label": [], "description": [],
       "valueCaseSensitive": "x"}], "metricEntityTypeDefinitions": [{"name": {}, "label": [], "labelPlural": [],
       "description": [], "immutableAttributeNames": {}, "mutableAttributeNames": [[]], "entityNameFormat": "x",
       "entityLabelFormat": 5, "parentMetricEntityTypeNames": [{}], "metricDefinitions": {},
       "nameForCrossEntityAggregateMetrics": [5]}]})",
     {
         {E, "/compatibility/generation", "wrong-type", "must be an integer, not the string \"x\""},
         {E, "/compatibility/cdhVersion", "wrong-type", "must be an object, not the integer 5"},
         {E, "/metricDefinitions/0/name", "wrong-type", "must be a string, not an array"},
         {E, "/metricDefinitions/0/label", "wrong-type", "must be a string, not an object"},
         {E, "/metricDefinitions/0/description", "wrong-type", "must be a string, not an array"},
         {E, "/metricDefinitions/0/numeratorUnit", "wrong-type", "must be a string, not an object"},
         {E, "/metricDefinitions/0/denominatorUnit", "wrong-type", "must be a string, not an array"},
         {E, "/metricDefinitions/0/type", "wrong-type", "must be a string, not an array"},
         {E, "/metricDefinitions/0/counter", "wrong-type", "must be a boolean, not the string \"maybe\""},
         {E, "/metricDefinitions/0/weightingMetricName", "wrong-type", "must be a string, not an object"},
         {E, "/metricDefinitions/0/context", "wrong-type", "must be a string, not an array"},
         {E, "/roles/0/name", "wrong-type", "must be a string, not an object"},
         {E, "/roles/0/metricDefinitions", "wrong-type", "must be an array, not the integer 5"},
         {E, "/roles/0/nameForCrossEntityAggregateMetrics", "wrong-type", "must be an array, not the integer 5"},
         {E, "/roles/0/additionalImmutableAttributeNames", "wrong-type", "must be an array, not the string \"x\""},
         {W, "/roles/0/additionalMutableAttributeNames/0", "coerced-type",
          "the number 5.5 was read as a string; write a string instead"},
         {E, "/roles/0/additionalMutableAttributeNames/1", "wrong-type", "must be a string, not an object"},
         {E, "/metricEntityAttributeDefinitions/0/name", "wrong-type", "must be a string, not an array"},
         {E, "/metricEntityAttributeDefinitions/0/label", "wrong-type", "must be a string, not an array"},
         {E, "/metricEntityAttributeDefinitions/0/description", "wrong-type", "must be a string, not an array"},
         {E, "/metricEntityAttributeDefinitions/0/valueCaseSensitive", "wrong-type",
          "must be a boolean, not the string \"x\""},
         {E, "/metricEntityTypeDefinitions/0/name", "wrong-type", "must be a string, not an object"},
         {E, "/metricEntityTypeDefinitions/0/label", "wrong-type", "must be a string, not an array"},
         {E, "/metricEntityTypeDefinitions/0/labelPlural", "wrong-type", "must be a string, not an array"},
         {E, "/metricEntityTypeDefinitions/0/description", "wrong-type", "must be a string, not an array"},
         {E, "/metricEntityTypeDefinitions/0/immutableAttributeNames", "wrong-type", "must be an array, not an object"},
         {E, "/metricEntityTypeDefinitions/0/mutableAttributeNames/0", "wrong-type", "must be a string, not an array"},
         {E, "/metricEntityTypeDefinitions/0/entityNameFormat", "wrong-type", "must be an array, not the string \"x\""},
         {E, "/metricEntityTypeDefinitions/0/entityLabelFormat", "wrong-type", "must be an array, not the integer 5"},
         {E, "/metricEntityTypeDefinitions/0/parentMetricEntityTypeNames/0", "wrong-type",
          "must be a string, not an object"},
         {E, "/metricEntityTypeDefinitions/0/metricDefinitions", "wrong-type", "must be an array, not an object"},
     }},
    {"nested_wrong",
     R"({"name": "ECHO", "version": "1", "compatibility": {"generation": 1.5, "cdhVersion": {"min": [], "max": {}}}})",
     {
         {E, "/compatibility/generation", "wrong-type", "must be an integer, not the number 1.5"},
         {E, "/compatibility/cdhVersion/min", "wrong-type", "must be a string, not an array"},
         {E, "/compatibility/cdhVersion/max", "wrong-type", "must be a string, not an object"},
     }},
    {"unknown_everywhere",
     R"({"name": "ECHO", "version": "1", "x": 1, "compatibility": {"y": 1}, "metricDefinitions": [{"name": "echo_a",
       "label": "l", "description": "d", "numeratorUnit": "u", "z": 1}], "roles": [{"name": "ECHO_R", "w": 1}],
       "metricEntityAttributeDefinitions": [{"name": "echoA", "label": "l", "description": "d", "v": 1}],
       "metricEntityTypeDefinitions": [{"name": "ECHO_E", "label": "l", "labelPlural": "p", "description": "d",
       "immutableAttributeNames": ["echoA"], "entityNameFormat": ["echoA"], "u": 1}]})",
     {
         {W, "/x", "unknown-field",
          "unrecognized field \"x\" (recognised fields: name, version, compatibility, metricDefinitions, roles, "
          "metricEntityAttributeDefinitions, metricEntityTypeDefinitions, nameForCrossEntityAggregateMetrics)"},
         {W, "/compatibility/y", "unknown-field",
          "unrecognized field \"y\" (recognised fields: generation, cdhVersion)"},
         {W, "/metricDefinitions/0/z", "unknown-field",
          "unrecognized field \"z\" (recognised fields: name, label, description, numeratorUnit, denominatorUnit, "
          "type, counter, weightingMetricName, context)"},
         {W, "/roles/0/w", "unknown-field",
          "unrecognized field \"w\" (recognised fields: name, metricDefinitions, nameForCrossEntityAggregateMetrics, "
          "additionalImmutableAttributeNames, additionalMutableAttributeNames)"},
         {W, "/metricEntityAttributeDefinitions/0/v", "unknown-field",
          "unrecognized field \"v\" (recognised fields: name, label, description, valueCaseSensitive)"},
         {W, "/metricEntityTypeDefinitions/0/u", "unknown-field",
          "unrecognized field \"u\" (recognised fields: name, label, labelPlural, description, "
          "immutableAttributeNames, mutableAttributeNames, entityNameFormat, entityLabelFormat, "
          "parentMetricEntityTypeNames, metricDefinitions, nameForCrossEntityAggregateMetrics)"},
     }},
    {"mixed",
     R"({"name": "ECHO", "version": " ", "metricDefinitions": [{"name": "x", "bogus": 1, "type": "rate"},
       {"label": 5}], "roles": 7, "metricEntityAttributeDefinitions": [{"name": "echoA", "label": "l",
       "description": "d"}, {"name": "echoA", "label": true, "description": "d"}]})",
     {
         {E, "/version", "blank-field", "must be present and not blank"},
         {W, "/metricDefinitions/0/bogus", "unknown-field",
          "unrecognized field \"bogus\" (recognised fields: name, label, description, numeratorUnit, denominatorUnit, "
          "type, counter, weightingMetricName, context)"},
         {E, "/metricDefinitions/0/name", "invalid-metric-name", "metric name \"x\" must start with \"echo_\""},
         {E, "/metricDefinitions/0/label", "missing-field", "must be present and not blank"},
         {E, "/metricDefinitions/0/description", "missing-field", "must be present and not blank"},
         {E, "/metricDefinitions/0/numeratorUnit", "missing-field", "must be present and not blank"},
         {E, "/metricDefinitions/0/type", "invalid-value", "\"rate\" is not one of: gauge, counter, status"},
         {E, "/metricDefinitions/1/name", "missing-field", "must be present and not blank"},
         {E, "/metricDefinitions/1/description", "missing-field", "must be present and not blank"},
         {E, "/metricDefinitions/1/numeratorUnit", "missing-field", "must be present and not blank"},
         {E, "/roles", "wrong-type", "must be an array, not the integer 7"},
         {W, "/metricEntityAttributeDefinitions/1/label", "coerced-type",
          "the boolean true was read as a string; write a string instead"},
         {E, "/metricEntityAttributeDefinitions/1/name", "not-unique",
          "attribute \"echoA\" must be unique in the list"},
     }},
};

mdl::MetricDescriptor decoded(const std::string& text, Diagnostics& out) {
  return mdl::decodeMdl(parcel::Json::parse(text), out);
}

const std::string& documentOf(const char* name) {
  const auto row = std::find_if(kRows.begin(), kRows.end(), [&](const Row& r) { return r.name == name; });
  REQUIRE(row != kRows.end());
  return row->document;
}

}  // namespace

TEST_CASE("MDL documents of every wrong shape: exactly these findings, in report order") {
  for (const Row& row : kRows) {
    CAPTURE(row.name);
    Diagnostics out;
    parcel::csd::readMdl(row.document, {}, out);
    const std::vector<Finding> found = findings(out);
    CHECK(found.size() == row.expected.size());
    for (std::size_t i = 0; i < std::min(found.size(), row.expected.size()); ++i) {
      CAPTURE(i);
      CHECK(found[i] == row.expected[i]);
    }
  }
}

TEST_CASE("the decoder reports only what it finds: no rule finding, whatever the shape") {
  for (const Row& row : kRows) {
    CAPTURE(row.name);
    Diagnostics out;
    decoded(row.document, out);
    std::vector<Finding> expected;
    for (const Finding& finding : row.expected) {
      const std::string& code = std::get<2>(finding);
      if (code == "wrong-type" || code == "unknown-field" || code == "coerced-type") expected.push_back(finding);
    }
    CHECK(findings(out) == expected);
  }
}

TEST_CASE("every member missing: the model holds each absent value at its pointer") {
  Diagnostics out;
  const mdl::MetricDescriptor model = decoded(documentOf("empty_objects"), out);
  CHECK(out.items().empty());
  REQUIRE(model.isObject);
  CHECK(model.name.value == "ECHO");
  REQUIRE(model.compatibility);
  CHECK(model.compatibility->isObject);
  CHECK_FALSE(model.compatibility->generation.present);
  CHECK(model.compatibility->generation.pointer == "/compatibility/generation");
  CHECK(model.compatibility->cdhVersionIsObject);
  REQUIRE(model.metrics.size() == 1);
  CHECK(model.metrics[0].isObject);
  CHECK(model.metrics[0].pointer == "/metricDefinitions/0");
  CHECK_FALSE(model.metrics[0].name.present);
  CHECK(model.metrics[0].name.pointer == "/metricDefinitions/0/name");
  CHECK_FALSE(model.metrics[0].counter.present);
  REQUIRE(model.roles.size() == 1);
  CHECK(model.roles[0].metrics.empty());
  CHECK_FALSE(model.roles[0].additionalMutableAttributeNames.present);
  CHECK(model.roles[0].additionalMutableAttributeNames.pointer == "/roles/0/additionalMutableAttributeNames");
  REQUIRE(model.entityTypes.size() == 1);
  CHECK_FALSE(model.entityTypes[0].entityNameFormat.present);
  CHECK_FALSE(model.entityTypes[0].entityNameFormat.accepted);
  CHECK(model.entityTypes[0].aggregateNames.items.empty());
}

TEST_CASE("every member of the wrong type: present, without a value; lists say what they accepted") {
  Diagnostics out;
  const mdl::MetricDescriptor model = decoded(documentOf("fields_wrong"), out);
  REQUIRE(model.metrics.size() == 1);
  const mdl::Metric& metric = model.metrics[0];
  CHECK(metric.name.present);
  CHECK_FALSE(metric.name.value);
  CHECK(metric.counter.present);
  CHECK_FALSE(metric.counter.value);
  REQUIRE(model.roles.size() == 1);
  const mdl::TextList& mutableNames = model.roles[0].additionalMutableAttributeNames;
  CHECK(mutableNames.present);
  CHECK_FALSE(mutableNames.accepted);  // its second element is an object
  REQUIRE(mutableNames.items.size() == 2);
  CHECK(mutableNames.items[0].value == "5.5");  // Jackson reads a number as its text
  CHECK(mutableNames.items[0].pointer == "/roles/0/additionalMutableAttributeNames/0");
  CHECK_FALSE(mutableNames.items[1].value);
  CHECK(model.roles[0].additionalImmutableAttributeNames.present);
  CHECK(model.roles[0].additionalImmutableAttributeNames.items.empty());  // a string, not an array
  REQUIRE(model.entityTypes.size() == 1);
  const mdl::TextList& aggregate = model.entityTypes[0].aggregateNames;
  CHECK(aggregate.accepted);
  REQUIRE(aggregate.items.size() == 1);
  CHECK(aggregate.items[0].value == "5");
  CHECK_FALSE(model.compatibility->cdhVersionIsObject);

  Diagnostics shapes;
  const mdl::MetricDescriptor elements = decoded(documentOf("elements_wrong"), shapes);
  REQUIRE(elements.metrics.size() == 1);
  CHECK_FALSE(elements.metrics[0].isObject);
  CHECK_FALSE(elements.metrics[0].name.present);
  REQUIRE(elements.entityTypes.size() == 1);
  CHECK_FALSE(elements.entityTypes[0].isObject);

  Diagnostics root;
  CHECK_FALSE(decoded("[]", root).isObject);
}

TEST_CASE("an entity type's cross-entity aggregate is one string, at the field's pointer") {
  Diagnostics out;
  const mdl::MetricDescriptor model =
      decoded(R"({"metricEntityTypeDefinitions": [{"nameForCrossEntityAggregateMetrics": "echo_files"}]})", out);
  CHECK(out.items().empty());
  REQUIRE(model.entityTypes.size() == 1);
  const mdl::TextList& aggregate = model.entityTypes[0].aggregateNames;
  CHECK(aggregate.accepted);
  REQUIRE(aggregate.items.size() == 1);
  CHECK(aggregate.items[0].value == "echo_files");
  CHECK(aggregate.items[0].pointer == "/metricEntityTypeDefinitions/0/nameForCrossEntityAggregateMetrics");
}
