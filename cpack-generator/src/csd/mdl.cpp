// service.mdl validation (spec csd-format.md §13): the decoded model
// (metric_descriptor.hpp, mdl_decode.cpp), then the field rules, then the metric
// and entity rules, each a pass over the model.
#include "csd/metric_descriptor.hpp"
#include "json/json_decoder.hpp"
#include "parcel/csd/descriptor.hpp"
#include "rules/field_checks.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <regex>
#include <set>

namespace parcel::csd {
namespace mdl {
namespace {

bool startsWith(const std::string& text, const std::string& prefix) {
  return text.size() >= prefix.size() && text.compare(0, prefix.size(), prefix) == 0;
}
bool endsWith(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string lower(std::string text) {
  std::transform(
      text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}
std::string upper(std::string text) {
  std::transform(
      text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return text;
}

const char* const kMetricNamePattern = "^[a-z]+[a-z0-9]*(_[a-z0-9]+)*$";
const std::regex kMetricName(kMetricNamePattern);
const std::regex kEntityTypeName("^[A-Z][A-Z_]*$");

// Entity types and attributes CM defines itself.
const std::set<std::string> kBuiltinEntities = {
    "SERVICE", "ROLE", "HOST", "CLUSTER", "ROLE_CONFIG_GROUP", "DIRECTORY", "DISK", "FILESYSTEM", "NETWORK_INTERFACE"};
const std::set<std::string> kBuiltinAttributes = {"serviceName",
                                                  "roleName",
                                                  "hostId",
                                                  "hostname",
                                                  "rackId",
                                                  "clusterName",
                                                  "serviceType",
                                                  "roleType",
                                                  "roleConfigGroup",
                                                  "serviceDisplayName",
                                                  "clusterDisplayName",
                                                  "roleConfigGroupName",
                                                  "version",
                                                  "category",
                                                  "entityName"};

// The value of a field that is present and not blank (the field rules report the others).
std::optional<std::string> accepted(const Text& field) {
  if (!field.value || check::isBlank(*field.value)) return std::nullopt;
  return field.value;
}

// The service name that metric, attribute and entity names start with ("" when rejected).
std::string serviceName(const MetricDescriptor& mdl) { return accepted(mdl.name).value_or(""); }

// The items of a list the decoder accepted (none of a rejected one).
template <class Visit>
void eachText(const TextList& list, Visit visit) {
  if (!list.accepted) return;
  for (const Text& item : list.items) {
    if (item.value) visit(*item.value, item.pointer);
  }
}

// ---- the field rules --------------------------------------------------------------------

class FieldRules {
public:
  FieldRules(const MetricDescriptor& mdl, Diagnostics& out, std::vector<std::string>* slots)
      : out_(out), first_(out.items().size()), slots_(slots), service_(serviceName(mdl)) {}

  void run(const MetricDescriptor& mdl) {
    if (!mdl.isObject) return;
    notBlank(true, mdl.name);
    notBlank(true, mdl.version);
    if (mdl.compatibility) atLeast(mdl.compatibility->generation, 1);
    metrics(mdl.metrics);
    namedList(mdl.roles, "role", "/roles", nullptr, [&](const Role& role) { metrics(role.metrics); });
    namedList(mdl.attributes, "attribute", "/metricEntityAttributeDefinitions", &FieldRules::attributeName,
              [&](const Attribute& attribute) {
                notBlank(attribute.isObject, attribute.label);
                notBlank(attribute.isObject, attribute.description);
              });
    namedList(mdl.entityTypes, "entity type", "/metricEntityTypeDefinitions", &FieldRules::entityTypeName,
              [&](const EntityType& entity) {
                notBlank(entity.isObject, entity.label);
                notBlank(entity.isObject, entity.labelPlural);
                notBlank(entity.isObject, entity.description);
                nonEmpty(entity.isObject, entity.immutableAttributeNames);
                nonEmpty(entity.isObject, entity.entityNameFormat);
                metrics(entity.metrics);
              });
  }

private:
  using NameRule = void (FieldRules::*)(const std::string& name, const std::string& pointer);

  // A list of named items (roles, attributes, entity types): each name @NotBlank
  // and `nameRule` (when there is one), the item's other `fields`, then the
  // names unique in the list at `listPointer`.
  template <class Item, class Fields>
  void namedList(const std::vector<Item>& items, const char* what, const std::string& listPointer, NameRule nameRule,
                 Fields fields) {
    std::vector<decode::Named> names;
    for (const Item& item : items) {
      auto name = notBlank(item.isObject, item.name);
      names.push_back({name, item.name.pointer});
      if (name && nameRule != nullptr) (this->*nameRule)(*name, item.name.pointer);
      fields(item);
    }
    decode::unique(names, what, out_);
    about(listPointer);
  }

  // The findings added since the last call are about the value at `pointer`.
  void about(const std::string& pointer) {
    if (slots_ != nullptr) slots_->resize(out_.items().size() - first_, pointer);
  }

  // @NotBlank on a field of an object (`inObject` false: of a value that is not
  // one, whose wrong type is the one finding about it).
  std::optional<std::string> notBlank(bool inObject, const Text& field) {
    if (!inObject) return std::nullopt;
    if (!field.present) {
      check::reportMissing(field.pointer, true, out_);
    } else if (field.value && check::isBlank(*field.value)) {
      check::reportBlank(field.pointer, out_);
    }
    about(field.pointer);
    return accepted(field);
  }

  void nonEmpty(bool inObject, const TextList& list) {
    if ((inObject && !list.present) || (list.accepted && list.items.empty()))
      check::reportEmptyList(list.pointer, out_);
    about(list.pointer);
  }

  void atLeast(const Integer& field, std::int64_t min) {
    if (field.value) check::isAtLeast(*field.value, min, field.pointer, out_);
    about(field.pointer);
  }

  void attributeName(const std::string& name, const std::string& pointer) {
    if (!std::all_of(name.begin(), name.end(), [](unsigned char c) { return std::isalpha(c); })) {
      out_.error(pointer, "invalid-name", "attribute name \"" + name + "\" must contain only letters");
    } else if (!startsWith(name, lower(service_))) {
      out_.error(
          pointer, "invalid-name", "attribute name \"" + name + "\" must start with \"" + lower(service_) + "\"");
    }
    about(pointer);
  }

  void entityTypeName(const std::string& name, const std::string& pointer) {
    if (!std::regex_match(name, kEntityTypeName)) {
      out_.error(pointer, "invalid-name", "entity type name \"" + name + "\" must match [A-Z][A-Z_]*");
    } else if (!startsWith(name, upper(service_) + "_") && !kBuiltinEntities.count(name)) {
      out_.error(
          pointer, "invalid-name", "entity type name \"" + name + "\" must start with \"" + upper(service_) + "_\"");
    }
    about(pointer);
  }

  void metrics(const std::vector<Metric>& list) {
    for (const Metric& metric : list) {
      if (auto name = notBlank(metric.isObject, metric.name)) {
        if (!std::regex_match(*name, kMetricName)) {
          out_.error(metric.name.pointer, "invalid-metric-name",
                     "metric name \"" + *name + "\" must match " + kMetricNamePattern);
        } else if (!startsWith(*name, lower(service_) + "_")) {
          out_.error(metric.name.pointer, "invalid-metric-name",
                     "metric name \"" + *name + "\" must start with \"" + lower(service_) + "_\"");
        }
        about(metric.name.pointer);
      }
      notBlank(metric.isObject, metric.label);
      notBlank(metric.isObject, metric.description);
      notBlank(metric.isObject, metric.numeratorUnit);
      const auto& type = metric.type.value;
      if (type) check::isOneOf(*type, {"gauge", "counter", "status"}, metric.type.pointer, out_);
      about(metric.type.pointer);
    }
  }

  Diagnostics& out_;
  std::size_t first_;  // the first item of out_ that this pass added
  std::vector<std::string>* slots_;
  std::string service_;
};

// The decoder's findings and the field rules' in one list, each rule's finding
// after the decoder's findings up to the value it is about (metric_descriptor.hpp).
void merge(const Diagnostics& decoded, const DecodeMarks& marks, const Diagnostics& rules,
           const std::vector<std::string>& slots, Diagnostics& out) {
  std::size_t next = 0;
  const auto upTo = [&](std::size_t end) {
    for (; next < end && next < decoded.items().size(); ++next) out.add(decoded.items()[next]);
  };
  for (std::size_t i = 0; i < rules.items().size(); ++i) {
    const auto mark = i < slots.size() ? marks.find(slots[i]) : marks.end();
    if (mark != marks.end()) upTo(mark->second);
    out.add(rules.items()[i]);
  }
  upTo(decoded.items().size());
}

// ---- the metric and entity rules ---------------------------------------------------------

// The fields two definitions of one metric must agree on.
const std::pair<const char*, Text Metric::*> kDefinitionFields[] = {
    {"label", &Metric::label},
    {"description", &Metric::description},
    {"numeratorUnit", &Metric::numeratorUnit},
    {"denominatorUnit", &Metric::denominatorUnit},
    {"weightingMetricName", &Metric::weightingMetricName},
};

std::string fieldText(const Metric& metric, Text Metric::*field) { return (metric.*field).value.value_or(""); }

bool isCounter(const Metric& metric) {
  return metric.type.value == std::optional<std::string>("counter") || metric.counter.value.value_or(false);
}

class ReferenceRules {
public:
  ReferenceRules(const MetricDescriptor& mdl, Diagnostics& out) : mdl_(mdl), out_(out), service_(serviceName(mdl)) {
    for (const Role& role : mdl.roles) {
      if (auto name = accepted(role.name)) roleNames_.insert(*name);
    }
    for (const Attribute& attribute : mdl.attributes) {
      if (auto name = accepted(attribute.name)) attributes_.insert(*name);
    }
    for (const EntityType& entity : mdl.entityTypes) {
      if (auto name = accepted(entity.name)) entityNames_.insert(*name);
      entityByName_.emplace(accepted(entity.name).value_or(""), &entity);
    }
  }

  void run() {
    metrics();
    aggregates();
    for (const Role& role : mdl_.roles) {
      for (const TextList* list : {&role.additionalImmutableAttributeNames, &role.additionalMutableAttributeNames}) {
        eachText(*list, [&](const std::string& name, const std::string& pointer) { knownAttribute(name, pointer); });
      }
    }
    for (const EntityType& entity : mdl_.entityTypes) parents(entity);
  }

private:
  // Every metric definition with a name, in document order: the service's, each role's, each entity type's.
  std::vector<const Metric*> definitions() const {
    std::vector<const Metric*> list;
    const auto add = [&](const std::vector<Metric>& metrics) {
      for (const Metric& metric : metrics) {
        if (accepted(metric.name)) list.push_back(&metric);
      }
    };
    add(mdl_.metrics);
    for (const Role& role : mdl_.roles) add(role.metrics);
    for (const EntityType& entity : mdl_.entityTypes) add(entity.metrics);
    return list;
  }

  void metrics() {
    const std::vector<const Metric*> all = definitions();
    std::set<std::string> names;
    for (const Metric* metric : all) names.insert(*accepted(metric->name));
    std::map<std::string, const Metric*> first;
    for (const Metric* definition : all) {
      const Metric& metric = *definition;
      const std::string name = *accepted(metric.name);
      const bool counter = isCounter(metric);
      const bool hasDenominator = !fieldText(metric, &Metric::denominatorUnit).empty();
      if (counter) {
        if (endsWith(name, "_rate"))
          out_.error(metric.pointer, "counter-rate", "counter \"" + name + "\" must not end in _rate");
        if (hasDenominator)
          out_.error(
              metric.pointer, "counter-denominator", "counter \"" + name + "\" must not have a denominator unit");
        std::string base = name;
        for (const char* suffix : {"_num_ops", "_count"}) {
          if (endsWith(base, suffix)) {
            base.resize(base.size() - std::string(suffix).size());
            break;
          }
        }
        const std::string rate = base + "_rate";
        if (names.count(rate))
          out_.error(metric.pointer, "rate-name-used",
                     "the rate \"" + rate + "\" derived from counter \"" + name + "\" is already a metric");
      } else if (endsWith(name, "_rate") && !hasDenominator) {
        out_.error(metric.pointer, "rate-denominator", "\"" + name + "\" ends in _rate and needs a denominator unit");
      }
      const std::string weighting = fieldText(metric, &Metric::weightingMetricName);
      if (!weighting.empty() && (weighting == name || !names.count(weighting))) {
        out_.error(childPointer(metric.pointer, "weightingMetricName"), "invalid-weighting-metric",
                   "weighting metric \"" + weighting + "\" must be another defined metric");
      }
      auto [it, inserted] = first.emplace(name, &metric);
      if (inserted) continue;
      const Metric& other = *it->second;
      for (const auto& [key, field] : kDefinitionFields) {
        if (fieldText(other, field) != fieldText(metric, field)) {
          out_.error(
              metric.pointer, "metric-mismatch",
              "metric \"" + name + "\" is defined again with a different " + key + " (first at " + other.pointer + ")");
        }
      }
      if (isCounter(other) != counter) {
        out_.error(metric.pointer, "metric-mismatch",
                   "metric \"" + name + "\" is defined again with a different counter kind");
      }
    }
  }

  void aggregates() {
    std::vector<const TextList*> lists = {&mdl_.aggregateNames};
    for (const Role& role : mdl_.roles) lists.push_back(&role.aggregateNames);
    for (const EntityType& entity : mdl_.entityTypes) lists.push_back(&entity.aggregateNames);
    std::set<std::string> seen;
    for (const TextList* list : lists) {
      eachText(*list, [&](const std::string& name, const std::string& pointer) {
        if (!std::regex_match(name, kMetricName) || !startsWith(name, lower(service_) + "_")) {
          out_.error(pointer, "invalid-aggregate-name",
                     "\"" + name + "\" must be a metric-style name starting with \"" + lower(service_) + "_\"");
        } else if (!seen.insert(name).second) {
          out_.error(pointer, "not-unique", "cross-entity aggregate name \"" + name + "\" must be unique");
        }
      });
    }
  }

  bool knownAttribute(const std::string& name, const std::string& pointer) {
    if (attributes_.count(name) || kBuiltinAttributes.count(name)) return true;
    out_.error(pointer, "unknown-attribute", "attribute \"" + name + "\" is not defined");
    return false;
  }

  void parents(const EntityType& entity) {
    const std::string name = accepted(entity.name).value_or("");
    std::set<std::string> own;
    for (const TextList* list : {&entity.immutableAttributeNames, &entity.mutableAttributeNames}) {
      eachText(*list, [&](const std::string& attribute, const std::string& pointer) {
        own.insert(attribute);
        knownAttribute(attribute, pointer);
      });
    }
    eachText(entity.parentMetricEntityTypeNames, [&](const std::string& parent, const std::string& pointer) {
      // A role's entity is named by its type, or "<SERVICE>-<ROLE>" as in cm_ext's own test data.
      const bool roleEntity =
          startsWith(parent, service_ + "-") && roleNames_.count(parent.substr(service_.size() + 1));
      const bool known = entityNames_.count(parent) || roleNames_.count(parent) || roleEntity || parent == service_ ||
          kBuiltinEntities.count(parent);
      if (!known)
        out_.error(pointer, "unknown-parent", "parent \"" + parent + "\" is not an entity type, role or the service");
      // CM names a parent entity from the child's attributes, so each part of the
      // parent's entityNameFormat must be one of them. Only entity types of this
      // MDL carry a format; roles, the service and built-ins are named by CM.
      auto defined = entityByName_.find(parent);
      if (defined == entityByName_.end()) return;
      eachText(defined->second->entityNameFormat, [&](const std::string& attribute, const std::string&) {
        if (!own.count(attribute)) {
          out_.error(pointer, "parent-unreachable",
                     "entity type \"" + name + "\" lacks attribute \"" + attribute + "\" needed to name its parent \"" +
                         parent + "\"");
        }
      });
    });
  }

  const MetricDescriptor& mdl_;
  Diagnostics& out_;
  std::string service_;
  std::set<std::string> attributes_;
  std::set<std::string> entityNames_;
  std::set<std::string> roleNames_;
  std::map<std::string, const EntityType*> entityByName_;
};

}  // namespace

void checkMdlFields(const MetricDescriptor& mdl, Diagnostics& out, std::vector<std::string>* slots) {
  FieldRules(mdl, out, slots).run(mdl);
}

void checkMdlReferences(const MetricDescriptor& mdl, Diagnostics& out) { ReferenceRules(mdl, out).run(); }

}  // namespace mdl

void validateMdl(const Json& json, const DescriptorOptions& /*options*/, Diagnostics& out) {
  Diagnostics decoded;
  mdl::DecodeMarks marks;
  const mdl::MetricDescriptor model = mdl::decodeMdl(json, decoded, &marks);
  Diagnostics rules;
  std::vector<std::string> slots;
  mdl::checkMdlFields(model, rules, &slots);
  Diagnostics found;
  mdl::merge(decoded, marks, rules, slots, found);
  if (!found.hasErrors()) mdl::checkMdlReferences(model, found);
  out.append(found);
}

std::optional<Json> readMdl(std::string_view text, const DescriptorOptions& options, Diagnostics& out) {
  const std::size_t first = out.items().size();
  JsonPositions positions;
  auto json = parseJson(text, kDescriptorJson, out, &positions);
  if (json) validateMdl(*json, options, out);
  positions.locate(out, first);  // each finding also names its line and column
  return json;
}

}  // namespace parcel::csd
