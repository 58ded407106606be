// service.mdl: raw JSON -> model (metric_descriptor.hpp). Only the decoder's
// findings: not an object, wrong type, a coerced scalar, an unknown field.
#include "csd/metric_descriptor.hpp"
#include "json/json_decoder.hpp"

namespace parcel::csd::mdl {
namespace {

using Obj = decode::DescriptorObject;

class Decoder {
public:
  Decoder(Diagnostics& out, DecodeMarks* marks) : out_(out), marks_(marks) {}

  MetricDescriptor document(const Json& root) {
    MetricDescriptor model;
    Obj m(root, "", out_,
          {"name", "version", "compatibility", "metricDefinitions", "roles", "metricEntityAttributeDefinitions",
           "metricEntityTypeDefinitions", "nameForCrossEntityAggregateMetrics"});
    if (!m.ok()) return model;
    model.isObject = true;
    model.name = text(m, "name");
    model.version = text(m, "version");
    if (const Json* compat = m.get("compatibility"))
      model.compatibility = compatibility(*compat, m.at("compatibility"));
    model.metrics = metrics(m);
    model.aggregateNames = aggregateNames(m);
    model.roles = each(m, "roles", &Decoder::role);
    model.attributes = each(m, "metricEntityAttributeDefinitions", &Decoder::attribute);
    model.entityTypes = each(m, "metricEntityTypeDefinitions", &Decoder::entityType);
    return model;
  }

private:
  // Notes that the decoder's findings on the value at `pointer` end here.
  void mark(const std::string& pointer) {
    if (marks_ != nullptr) (*marks_)[pointer] = out_.items().size();
  }

  Text text(const Obj& owner, const char* key) {
    Text field{owner.str(key), owner.at(key), owner.has(key)};
    mark(field.pointer);
    return field;
  }
  Flag flag(const Obj& owner, const char* key) {
    Flag field{owner.boolean(key), owner.at(key), owner.has(key)};
    mark(field.pointer);
    return field;
  }

  TextList textList(const Obj& owner, const char* key) {
    TextList list{{}, owner.at(key), owner.has(key), false};
    if (const Json* items = owner.array(key)) {  // reports a value that is not an array
      list.accepted = true;
      for (std::size_t i = 0; i < items->size(); ++i) {
        const std::string at = childPointer(list.pointer, i);
        Text item{decode::string((*items)[i], at, out_), at, true};
        list.accepted = list.accepted && item.value.has_value();
        list.items.push_back(std::move(item));
      }
    }
    mark(list.pointer);
    return list;
  }

  // nameForCrossEntityAggregateMetrics: one string (entity types) or a list of them.
  TextList aggregateNames(const Obj& owner) {
    const char* key = "nameForCrossEntityAggregateMetrics";
    const Json* field = owner.get(key);
    if (field == nullptr || !field->is_string()) return textList(owner, key);
    const std::string at = owner.at(key);
    mark(at);
    return {{Text{field->get<std::string>(), at, true}}, at, true, true};
  }

  // Each element of the array field `key` of `owner`, decoded by `element`.
  template <class Model>
  std::vector<Model> each(const Obj& owner, const char* key,
                          Model (Decoder::*element)(const Json&, const std::string&)) {
    std::vector<Model> list;
    decode::eachElement(owner.array(key), owner.at(key),
                        [&](const Json& item, const std::string& at) { list.push_back((this->*element)(item, at)); });
    mark(owner.at(key));
    return list;
  }

  // An item of a named list, with its pointer and name.
  template <class Model>
  Model named(const Obj& item) {
    Model model;
    model.pointer = item.pointer();
    model.isObject = item.ok();
    model.name = text(item, "name");
    return model;
  }

  std::vector<Metric> metrics(const Obj& owner) { return each(owner, "metricDefinitions", &Decoder::metric); }

  Metric metric(const Json& item, const std::string& at) {
    Obj m(item, at, out_,
          {"name", "label", "description", "numeratorUnit", "denominatorUnit", "type", "counter", "weightingMetricName",
           "context"});
    auto model = named<Metric>(m);
    model.label = text(m, "label");
    model.description = text(m, "description");
    model.numeratorUnit = text(m, "numeratorUnit");
    model.denominatorUnit = text(m, "denominatorUnit");
    model.type = text(m, "type");
    model.counter = flag(m, "counter");
    model.weightingMetricName = text(m, "weightingMetricName");
    model.context = text(m, "context");
    return model;
  }

  Compatibility compatibility(const Json& value, const std::string& pointer) {
    Obj c(value, pointer, out_, {"generation", "cdhVersion"});
    Compatibility model;
    model.isObject = c.ok();
    model.generation = {c.integer("generation"), c.at("generation"), c.has("generation")};
    mark(model.generation.pointer);
    if (const Json* cdh = c.get("cdhVersion")) {
      Obj v(*cdh, c.at("cdhVersion"), out_, {"min", "max"});
      model.cdhVersionIsObject = v.ok();
      model.cdhVersionMin = text(v, "min");
      model.cdhVersionMax = text(v, "max");
    }
    return model;
  }

  Role role(const Json& item, const std::string& at) {
    Obj r(item, at, out_,
          {"name", "metricDefinitions", "nameForCrossEntityAggregateMetrics", "additionalImmutableAttributeNames",
           "additionalMutableAttributeNames"});
    auto model = named<Role>(r);
    model.metrics = metrics(r);
    model.aggregateNames = aggregateNames(r);
    model.additionalImmutableAttributeNames = textList(r, "additionalImmutableAttributeNames");
    model.additionalMutableAttributeNames = textList(r, "additionalMutableAttributeNames");
    return model;
  }

  Attribute attribute(const Json& item, const std::string& at) {
    Obj a(item, at, out_, {"name", "label", "description", "valueCaseSensitive"});
    auto model = named<Attribute>(a);
    model.label = text(a, "label");
    model.description = text(a, "description");
    model.valueCaseSensitive = flag(a, "valueCaseSensitive");
    return model;
  }

  EntityType entityType(const Json& item, const std::string& at) {
    Obj e(item, at, out_,
          {"name", "label", "labelPlural", "description", "immutableAttributeNames", "mutableAttributeNames",
           "entityNameFormat", "entityLabelFormat", "parentMetricEntityTypeNames", "metricDefinitions",
           "nameForCrossEntityAggregateMetrics"});
    auto model = named<EntityType>(e);
    model.label = text(e, "label");
    model.labelPlural = text(e, "labelPlural");
    model.description = text(e, "description");
    model.immutableAttributeNames = textList(e, "immutableAttributeNames");
    model.mutableAttributeNames = textList(e, "mutableAttributeNames");
    model.entityNameFormat = textList(e, "entityNameFormat");
    model.entityLabelFormat = textList(e, "entityLabelFormat");
    model.parentMetricEntityTypeNames = textList(e, "parentMetricEntityTypeNames");
    model.metrics = metrics(e);
    model.aggregateNames = aggregateNames(e);
    return model;
  }

  Diagnostics& out_;
  DecodeMarks* marks_;
};

}  // namespace

MetricDescriptor decodeMdl(const Json& root, Diagnostics& out, DecodeMarks* marks) {
  return Decoder(out, marks).document(root);
}

}  // namespace parcel::csd::mdl
