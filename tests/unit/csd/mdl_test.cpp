// The service.mdl rule passes (csd/mdl.cpp) on hand-built models: the field
// rules and the metric and entity rules read only the model, each value at the
// pointer it carries, whatever is absent.
#include "csd/metric_descriptor.hpp"
#include "diagnostics_support.hpp"

#include <doctest/doctest.h>

#include <string>
#include <tuple>
#include <vector>

namespace {

using parcel::Diagnostics;
using parcel::Severity;
namespace mdl = parcel::csd::mdl;

constexpr Severity E = Severity::Error;

using Finding = parcel::test::FullFinding;
std::vector<Finding> findings(const Diagnostics& out) { return parcel::test::fullFindingsOf(out); }

mdl::Text text(const std::string& value, const std::string& pointer) { return {value, pointer, true}; }
mdl::Text absent(const std::string& pointer) { return {std::nullopt, pointer, false}; }

mdl::TextList list(const std::string& pointer, const std::vector<std::string>& values) {
  mdl::TextList result{{}, pointer, true, true};
  for (std::size_t i = 0; i < values.size(); ++i)
    result.items.push_back(text(values[i], pointer + "/" + std::to_string(i)));
  return result;
}

// A metric at `at` with every required field set.
mdl::Metric metric(const std::string& at, const std::string& name) {
  mdl::Metric m;
  m.pointer = at;
  m.isObject = true;
  m.name = text(name, at + "/name");
  m.label = text("l", at + "/label");
  m.description = text("d", at + "/description");
  m.numeratorUnit = text("x", at + "/numeratorUnit");
  m.denominatorUnit = absent(at + "/denominatorUnit");
  m.type = absent(at + "/type");
  m.weightingMetricName = absent(at + "/weightingMetricName");
  return m;
}

mdl::EntityType entity(const std::string& at, const std::string& name, const std::vector<std::string>& attributes,
                       const std::vector<std::string>& format, const std::vector<std::string>& parents) {
  mdl::EntityType e;
  e.pointer = at;
  e.isObject = true;
  e.name = text(name, at + "/name");
  e.label = text("l", at + "/label");
  e.labelPlural = text("ls", at + "/labelPlural");
  e.description = text("d", at + "/description");
  e.immutableAttributeNames = list(at + "/immutableAttributeNames", attributes);
  e.entityNameFormat = list(at + "/entityNameFormat", format);
  e.parentMetricEntityTypeNames = list(at + "/parentMetricEntityTypeNames", parents);
  return e;
}

mdl::MetricDescriptor service() {
  mdl::MetricDescriptor model;
  model.isObject = true;
  model.name = text("ECHO", "/name");
  model.version = text("1", "/version");
  return model;
}

}  // namespace

TEST_CASE("field rules on a hand-built model: exactly these findings, at the values' pointers") {
  mdl::MetricDescriptor model = service();
  model.version = text("  ", "/version");
  model.compatibility.emplace();
  model.compatibility->isObject = true;
  model.compatibility->generation = {0, "/compatibility/generation", true};
  model.metrics.push_back(metric("/m/0", "Bad"));
  model.metrics.back().type = text("rate", "/m/0/type");
  model.metrics.push_back(metric("/m/1", "other_metric"));
  model.metrics.back().label = absent("/m/1/label");
  mdl::Role role;
  role.isObject = true;
  role.name = text("ECHO_SERVER", "/roles/0/name");
  model.roles = {role, role};
  model.roles[1].name.pointer = "/roles/1/name";
  mdl::Attribute attribute;
  attribute.isObject = true;
  attribute.name = text("echo1", "/a/0/name");
  attribute.label = text("l", "/a/0/label");
  attribute.description = text("d", "/a/0/description");
  model.attributes = {attribute};
  model.entityTypes.push_back(entity("/e/0", "OTHER", {}, {"serviceName"}, {}));
  model.entityTypes.push_back(mdl::EntityType{});  // not an object: nothing to report inside it
  model.entityTypes.back().pointer = "/e/1";

  Diagnostics out;
  std::vector<std::string> slots;
  mdl::checkMdlFields(model, out, &slots);
  CHECK(findings(out) ==
        std::vector<Finding>{
            {E, "/version", "blank-field", "must be present and not blank"},
            {E, "/compatibility/generation", "out-of-range", "must be at least 1, not 0"},
            {E, "/m/0/name", "invalid-metric-name", "metric name \"Bad\" must match ^[a-z]+[a-z0-9]*(_[a-z0-9]+)*$"},
            {E, "/m/0/type", "invalid-value", "\"rate\" is not one of: gauge, counter, status"},
            {E, "/m/1/name", "invalid-metric-name", "metric name \"other_metric\" must start with \"echo_\""},
            {E, "/m/1/label", "missing-field", "must be present and not blank"},
            {E, "/roles/1/name", "not-unique", "role \"ECHO_SERVER\" must be unique in the list"},
            {E, "/a/0/name", "invalid-name", "attribute name \"echo1\" must contain only letters"},
            {E, "/e/0/name", "invalid-name", "entity type name \"OTHER\" must start with \"ECHO_\""},
            {E, "/e/0/immutableAttributeNames", "empty-list", "must be present and not empty"},
        });
  // Each finding is about the value at its pointer, but for "not-unique", which is about the list.
  CHECK(slots ==
        std::vector<std::string>{"/version", "/compatibility/generation", "/m/0/name", "/m/0/type", "/m/1/name",
                                 "/m/1/label", "/roles", "/a/0/name", "/e/0/name", "/e/0/immutableAttributeNames"});
}

TEST_CASE("field rules: a model that is not an object, or holds nothing, gives what the document lacks") {
  Diagnostics none;
  mdl::checkMdlFields(mdl::MetricDescriptor{}, none);
  CHECK(none.items().empty());
  mdl::MetricDescriptor empty;
  empty.isObject = true;
  empty.name.pointer = "/name";
  empty.version.pointer = "/version";
  Diagnostics out;
  mdl::checkMdlFields(empty, out);
  CHECK(findings(out) ==
        std::vector<Finding>{{E, "/name", "missing-field", "must be present and not blank"},
                             {E, "/version", "missing-field", "must be present and not blank"}});
  Diagnostics references;
  mdl::checkMdlReferences(empty, references);
  CHECK(references.items().empty());
}

TEST_CASE("metric rules on a hand-built model: counters, rates, weighting metrics, one definition per name") {
  mdl::MetricDescriptor model = service();
  model.metrics.push_back(metric("/m/0", "echo_a_count"));
  model.metrics.back().counter = {true, "/m/0/counter", true};
  model.metrics.push_back(metric("/m/1", "echo_a_rate"));
  model.metrics.back().denominatorUnit = text("seconds", "/m/1/denominatorUnit");
  model.metrics.push_back(metric("/m/2", "echo_b_rate"));
  model.metrics.back().type = text("counter", "/m/2/type");
  model.metrics.back().denominatorUnit = text("seconds", "/m/2/denominatorUnit");
  model.metrics.push_back(metric("/m/3", "echo_c_rate"));
  model.metrics.back().weightingMetricName = text("echo_missing", "/m/3/weightingMetricName");
  mdl::Role role;
  role.isObject = true;
  role.name = text("ECHO_SERVER", "/roles/0/name");
  role.metrics.push_back(metric("/roles/0/m/0", "echo_a_count"));  // again, as a gauge with another label
  role.metrics.back().label = text("other", "/roles/0/m/0/label");
  role.metrics.push_back(mdl::Metric{});  // no name: not a definition
  model.roles = {role};

  Diagnostics out;
  mdl::checkMdlReferences(model, out);
  CHECK(findings(out) ==
        std::vector<Finding>{
            {E, "/m/0", "rate-name-used",
             "the rate \"echo_a_rate\" derived from counter \"echo_a_count\" is already a metric"},
            {E, "/m/2", "counter-rate", "counter \"echo_b_rate\" must not end in _rate"},
            {E, "/m/2", "counter-denominator", "counter \"echo_b_rate\" must not have a denominator unit"},
            {E, "/m/3", "rate-denominator", "\"echo_c_rate\" ends in _rate and needs a denominator unit"},
            {E, "/m/3/weightingMetricName", "invalid-weighting-metric",
             "weighting metric \"echo_missing\" must be another defined metric"},
            {E, "/roles/0/m/0", "metric-mismatch",
             "metric \"echo_a_count\" is defined again with a different label (first at /m/0)"},
            {E, "/roles/0/m/0", "metric-mismatch",
             "metric \"echo_a_count\" is defined again with a different counter kind"},
        });
}

TEST_CASE("entity rules on a hand-built model: aggregates, attributes, parents known and nameable") {
  mdl::MetricDescriptor model = service();
  model.aggregateNames = list("/agg", {"echo_total", "echo_total", "total"});
  mdl::Role role;
  role.isObject = true;
  role.name = text("ECHO_SERVER", "/roles/0/name");
  role.additionalImmutableAttributeNames = list("/roles/0/imm", {"roleName", "echoNothing"});
  mdl::TextList rejected = list("/roles/0/mut", {"echoRejected"});
  rejected.accepted = false;  // the decoder reported what is wrong with it
  role.additionalMutableAttributeNames = rejected;
  model.roles = {role};
  mdl::Attribute disk;
  disk.isObject = true;
  disk.name = text("echoDisk", "/a/0/name");
  model.attributes = {disk};
  model.entityTypes.push_back(
      entity("/e/0", "ECHO_FILE", {"serviceName", "echoDisk"}, {"serviceName", "echoDisk"}, {"ECHO", "ECHO_SERVER"}));
  model.entityTypes.push_back(entity(
      "/e/1", "ECHO_BLOCK", {"serviceName"}, {"serviceName"}, {"ECHO-ECHO_SERVER", "HOST", "ECHO_FILE", "ECHO_NONE"}));

  Diagnostics out;
  mdl::checkMdlReferences(model, out);
  CHECK(findings(out) ==
        std::vector<Finding>{
            {E, "/agg/1", "not-unique", "cross-entity aggregate name \"echo_total\" must be unique"},
            {E, "/agg/2", "invalid-aggregate-name", "\"total\" must be a metric-style name starting with \"echo_\""},
            {E, "/roles/0/imm/1", "unknown-attribute", "attribute \"echoNothing\" is not defined"},
            {E, "/e/1/parentMetricEntityTypeNames/2", "parent-unreachable",
             "entity type \"ECHO_BLOCK\" lacks attribute \"echoDisk\" needed to name its parent \"ECHO_FILE\""},
            {E, "/e/1/parentMetricEntityTypeNames/3", "unknown-parent",
             "parent \"ECHO_NONE\" is not an entity type, role or the service"},
        });
}
