// service.mdl validation (spec csd-format.md §13): field constraints, then the
// metric and entity rules.
#include "json/json_decoder.hpp"
#include "parcel/csd/descriptor.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <regex>
#include <set>

namespace parcel::csd {
namespace {

using decode::Named;
using Obj = decode::DescriptorObject;

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

const std::regex kMetricName("^[a-z]+[a-z0-9]*(_[a-z0-9]+)*$");

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

// A metric definition as decoded by the field pass: what the metric rules compare.
struct Metric {
  std::string name;
  std::string pointer;
  std::map<std::string, std::string> fields;  // label, description, numeratorUnit, ...: "" when absent
  bool counter = false;  // type "counter", or counter: true
};

// A list of strings with the pointer of each (an absent or rejected list is empty).
using TextList = std::vector<std::pair<std::string, std::string>>;

// An entity type definition as decoded by the field pass.
struct Entity {
  std::string name;
  std::string pointer;
  std::map<std::string, TextList> lists;  // immutableAttributeNames, ..., entityNameFormat
};

TextList textList(const Obj& owner, const char* key) {
  TextList list;
  if (auto values = owner.strings(key)) {
    for (std::size_t i = 0; i < values->size(); ++i) list.emplace_back((*values)[i], childPointer(owner.at(key), i));
  }
  return list;
}

class MdlPass {
public:
  MdlPass(Diagnostics& out) : out_(out) {}

  void run(const Json& root) {
    Obj m(root, "", out_,
          {"name", "version", "compatibility", "metricDefinitions", "roles", "metricEntityAttributeDefinitions",
           "metricEntityTypeDefinitions", "nameForCrossEntityAggregateMetrics"});
    if (!m.ok()) return;
    service_ = m.notBlank("name").value_or("");
    m.notBlank("version");
    if (auto* compat = m.get("compatibility")) {
      Obj c(*compat, m.at("compatibility"), out_, {"generation", "cdhVersion"});
      c.intAtLeast("generation", 1);
      if (auto* cdh = c.get("cdhVersion")) {
        Obj v(*cdh, c.at("cdhVersion"), out_, {"min", "max"});
        v.str("min");
        v.str("max");
      }
    }
    metrics(m);
    aggregate(m);
    std::vector<Named> roles;
    decode::eachElement(m.array("roles"), m.at("roles"), [&](const Json& item, const std::string& at) {
      Obj r(item, at, out_,
            {"name", "metricDefinitions", "nameForCrossEntityAggregateMetrics", "additionalImmutableAttributeNames",
             "additionalMutableAttributeNames"});
      auto name = r.notBlank("name");
      roles.push_back({name, r.at("name")});
      if (name) roleNames_.insert(*name);
      metrics(r);
      aggregate(r);
      attributeRefs(r, "additionalImmutableAttributeNames");
      attributeRefs(r, "additionalMutableAttributeNames");
    });
    decode::unique(roles, "role", out_);
    std::vector<Named> attributes;
    decode::eachElement(
        m.array("metricEntityAttributeDefinitions"), m.at("metricEntityAttributeDefinitions"),
        [&](const Json& item, const std::string& at) {
          Obj a(item, at, out_, {"name", "label", "description", "valueCaseSensitive"});
          auto name = a.notBlank("name");
          attributes.push_back({name, a.at("name")});
          if (name) {
            attributes_.insert(*name);
            if (!std::all_of(name->begin(), name->end(), [](unsigned char c) { return std::isalpha(c); })) {
              out_.error(a.at("name"), "invalid-name", "attribute name \"" + *name + "\" must contain only letters");
            } else if (!startsWith(*name, lower(service_))) {
              out_.error(a.at("name"), "invalid-name",
                         "attribute name \"" + *name + "\" must start with \"" + lower(service_) + "\"");
            }
          }
          a.notBlank("label");
          a.notBlank("description");
          a.boolean("valueCaseSensitive");
        });
    decode::unique(attributes, "attribute", out_);
    std::vector<Named> entities;
    decode::eachElement(
        m.array("metricEntityTypeDefinitions"), m.at("metricEntityTypeDefinitions"),
        [&](const Json& item, const std::string& at) {
          Obj e(item, at, out_,
                {"name", "label", "labelPlural", "description", "immutableAttributeNames", "mutableAttributeNames",
                 "entityNameFormat", "entityLabelFormat", "parentMetricEntityTypeNames", "metricDefinitions",
                 "nameForCrossEntityAggregateMetrics"});
          auto name = e.notBlank("name");
          entities.push_back({name, e.at("name")});
          if (name) {
            entityNames_.insert(*name);
            static const std::regex kEntity("^[A-Z][A-Z_]*$");
            if (!std::regex_match(*name, kEntity)) {
              out_.error(e.at("name"), "invalid-name", "entity type name \"" + *name + "\" must match [A-Z][A-Z_]*");
            } else if (!startsWith(*name, upper(service_) + "_") && !kBuiltinEntities.count(*name)) {
              out_.error(e.at("name"), "invalid-name",
                         "entity type name \"" + *name + "\" must start with \"" + upper(service_) + "_\"");
            }
          }
          e.notBlank("label");
          e.notBlank("labelPlural");
          e.notBlank("description");
          nonEmpty(e, "immutableAttributeNames");
          e.strings("mutableAttributeNames");
          nonEmpty(e, "entityNameFormat");
          e.strings("entityLabelFormat");
          e.strings("parentMetricEntityTypeNames");
          metrics(e);
          aggregate(e);
          // Decoded without a second finding: strings() reported above what is wrong.
          Diagnostics again;
          Obj decoded(item, at, again, {}, /*reportUnknown=*/false);
          Entity entity{name.value_or(""), at, {}};
          for (const char* key :
               {"immutableAttributeNames", "mutableAttributeNames", "parentMetricEntityTypeNames", "entityNameFormat"})
            entity.lists[key] = textList(decoded, key);
          entities_.push_back(std::move(entity));
        });
    decode::unique(entities, "entity type", out_);
    if (out_.hasErrors()) return;
    semantics();
  }

private:
  void nonEmpty(const Obj& owner, const char* key) {
    auto list = owner.strings(key);
    if (owner.lacks(key) || (list && list->empty()))
      out_.error(owner.at(key), "empty-list", "must be present and not empty");
  }

  void attributeRefs(const Obj& owner, const char* key) {
    if (auto names = owner.strings(key)) attributeUses_.push_back({*names, owner.at(key)});
  }

  void aggregate(const Obj& owner) {
    const Json* field = owner.get("nameForCrossEntityAggregateMetrics");
    if (field != nullptr && field->is_string()) {  // entity types give one name
      aggregates_.push_back({field->get<std::string>(), owner.at("nameForCrossEntityAggregateMetrics")});
    } else if (auto names = owner.strings("nameForCrossEntityAggregateMetrics")) {
      for (std::size_t i = 0; i < names->size(); ++i)
        aggregates_.push_back({(*names)[i], childPointer(owner.at("nameForCrossEntityAggregateMetrics"), i)});
    }
  }

  void metrics(const Obj& owner) {
    decode::eachElement(
        owner.array("metricDefinitions"), owner.at("metricDefinitions"), [&](const Json& item, const std::string& at) {
          Obj m(item, at, out_,
                {"name", "label", "description", "numeratorUnit", "denominatorUnit", "type", "counter",
                 "weightingMetricName", "context"});
          auto name = m.notBlank("name");
          if (name) {
            if (!std::regex_match(*name, kMetricName)) {
              out_.error(m.at("name"), "invalid-metric-name",
                         "metric name \"" + *name + "\" must match " + "^[a-z]+[a-z0-9]*(_[a-z0-9]+)*$");
            } else if (!startsWith(*name, lower(service_) + "_")) {
              out_.error(m.at("name"), "invalid-metric-name",
                         "metric name \"" + *name + "\" must start with \"" + lower(service_) + "_\"");
            }
          }
          m.notBlank("label");
          m.notBlank("description");
          m.notBlank("numeratorUnit");
          m.str("denominatorUnit");
          auto type = m.oneOf("type", {"gauge", "counter", "status"});
          auto counter = m.boolean("counter");
          m.str("weightingMetricName");
          m.str("context");
          if (!name) return;
          Metric metric{*name, at, {}, type == std::optional<std::string>("counter") || counter.value_or(false)};
          Diagnostics again;  // the checks above reported what is wrong
          Obj decoded(item, at, again, {}, /*reportUnknown=*/false);
          for (const char* key : {"label", "description", "numeratorUnit", "denominatorUnit", "weightingMetricName"})
            metric.fields[key] = decoded.str(key).value_or("");
          metrics_.push_back(std::move(metric));
        });
  }

  void semantics() {
    std::map<std::string, const Metric*> first;
    std::set<std::string> names;
    for (const Metric& metric : metrics_) names.insert(metric.name);
    for (const Metric& metric : metrics_) {
      const bool counter = metric.counter;
      const bool hasDenominator = !metric.fields.at("denominatorUnit").empty();
      if (counter) {
        if (endsWith(metric.name, "_rate"))
          out_.error(metric.pointer, "counter-rate", "counter \"" + metric.name + "\" must not end in _rate");
        if (hasDenominator)
          out_.error(metric.pointer, "counter-denominator",
                     "counter \"" + metric.name + "\" must not have a denominator unit");
        std::string base = metric.name;
        for (const char* suffix : {"_num_ops", "_count"}) {
          if (endsWith(base, suffix)) {
            base.resize(base.size() - std::string(suffix).size());
            break;
          }
        }
        const std::string rate = base + "_rate";
        if (names.count(rate))
          out_.error(metric.pointer, "rate-name-used",
                     "the rate \"" + rate + "\" derived from counter \"" + metric.name + "\" is already a metric");
      } else if (endsWith(metric.name, "_rate") && !hasDenominator) {
        out_.error(
            metric.pointer, "rate-denominator", "\"" + metric.name + "\" ends in _rate and needs a denominator unit");
      }
      const std::string& weighting = metric.fields.at("weightingMetricName");
      if (!weighting.empty() && (weighting == metric.name || !names.count(weighting))) {
        out_.error(childPointer(metric.pointer, "weightingMetricName"), "invalid-weighting-metric",
                   "weighting metric \"" + weighting + "\" must be another defined metric");
      }
      auto [it, inserted] = first.emplace(metric.name, &metric);
      if (!inserted) {
        const Metric& other = *it->second;
        for (const char* key : {"label", "description", "numeratorUnit", "denominatorUnit", "weightingMetricName"}) {
          if (other.fields.at(key) != metric.fields.at(key)) {
            out_.error(metric.pointer, "metric-mismatch",
                       "metric \"" + metric.name + "\" is defined again with a different " + key + " (first at " +
                           it->second->pointer + ")");
          }
        }
        if (other.counter != counter) {
          out_.error(metric.pointer, "metric-mismatch",
                     "metric \"" + metric.name + "\" is defined again with a different counter kind");
        }
      }
    }
    std::set<std::string> aggregateNames;
    for (const auto& [name, pointer] : aggregates_) {
      if (!std::regex_match(name, kMetricName) || !startsWith(name, lower(service_) + "_")) {
        out_.error(pointer, "invalid-aggregate-name",
                   "\"" + name + "\" must be a metric-style name starting with \"" + lower(service_) + "_\"");
      } else if (!aggregateNames.insert(name).second) {
        out_.error(pointer, "not-unique", "cross-entity aggregate name \"" + name + "\" must be unique");
      }
    }
    const auto knownAttribute = [&](const std::string& name) {
      return attributes_.count(name) || kBuiltinAttributes.count(name);
    };
    for (const auto& [list, pointer] : attributeUses_) {
      for (std::size_t i = 0; i < list.size(); ++i) {
        if (!knownAttribute(list[i]))
          out_.error(childPointer(pointer, i), "unknown-attribute", "attribute \"" + list[i] + "\" is not defined");
      }
    }
    std::map<std::string, const Entity*> entityByName;
    for (const Entity& entity : entities_) entityByName.emplace(entity.name, &entity);
    for (const Entity& entity : entities_) {
      std::set<std::string> own;
      for (const char* key : {"immutableAttributeNames", "mutableAttributeNames"}) {
        for (const auto& [name, pointer] : entity.lists.at(key)) {
          own.insert(name);
          if (!knownAttribute(name))
            out_.error(pointer, "unknown-attribute", "attribute \"" + name + "\" is not defined");
        }
      }
      for (const auto& [parent, pointer] : entity.lists.at("parentMetricEntityTypeNames")) {
        // A role's entity is named by its type, or "<SERVICE>-<ROLE>" as in cm_ext's own test data.
        const bool roleEntity =
            startsWith(parent, service_ + "-") && roleNames_.count(parent.substr(service_.size() + 1));
        const bool known = entityNames_.count(parent) || roleNames_.count(parent) || roleEntity || parent == service_ ||
            kBuiltinEntities.count(parent);
        if (!known) {
          out_.error(pointer, "unknown-parent", "parent \"" + parent + "\" is not an entity type, role or the service");
        }
        // CM names a parent entity from the child's attributes, so each part of the
        // parent's entityNameFormat must be one of them. Only entity types of this
        // MDL carry a format; roles, the service and built-ins are named by CM.
        auto defined = entityByName.find(parent);
        if (defined == entityByName.end()) continue;
        for (const auto& part : defined->second->lists.at("entityNameFormat")) {
          const std::string& attribute = part.first;
          if (!own.count(attribute)) {
            out_.error(pointer, "parent-unreachable",
                       "entity type \"" + entity.name + "\" lacks attribute \"" + attribute +
                           "\" needed to name its parent \"" + parent + "\"");
          }
        }
      }
    }
  }

  Diagnostics& out_;
  std::string service_;
  std::vector<Metric> metrics_;
  std::vector<std::pair<std::string, std::string>> aggregates_;
  std::vector<std::pair<std::vector<std::string>, std::string>> attributeUses_;
  std::vector<Entity> entities_;
  std::set<std::string> attributes_;
  std::set<std::string> entityNames_;
  std::set<std::string> roleNames_;
};

}  // namespace

void validateMdl(const Json& mdl, const DescriptorOptions& /*options*/, Diagnostics& out) {
  Diagnostics found;
  MdlPass(found).run(mdl);
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
