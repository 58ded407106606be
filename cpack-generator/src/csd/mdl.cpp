// service.mdl validation (spec csd-format.md §13): field constraints, then the
// metric and entity rules.
#include "csd/descriptor_walk.hpp"
#include "parcel/csd/descriptor.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <regex>
#include <set>

namespace parcel::csd {
namespace {

using walk::Named;
using walk::Obj;

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

struct Metric {
  std::string name;
  std::string pointer;
  Json value;
};

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
    walk::eachElement(m.array("roles"), m.at("roles"), [&](const Json& item, const std::string& at) {
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
    walk::unique(roles, "role", out_);
    std::vector<Named> attributes;
    walk::eachElement(
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
    walk::unique(attributes, "attribute", out_);
    std::vector<Named> entities;
    walk::eachElement(
        m.array("metricEntityTypeDefinitions"), m.at("metricEntityTypeDefinitions"),
        [&](const Json& item, const std::string& at) {
          Obj e(item, at, out_,
                {"name", "label", "labelPlural", "description", "immutableAttributeNames", "mutableAttributeNames",
                 "entityNameFormat", "entityLabelFormat", "parentMetricEntityTypeNames", "metricDefinitions",
                 "nameForCrossEntityAggregateMetrics"});
          auto name = e.notBlank("name");
          entities.push_back({name, e.at("name")});
          if (name) {
            entities_.insert(*name);
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
          entityItems_.push_back({&item, at});
        });
    walk::unique(entities, "entity type", out_);
    if (out_.hasErrors()) return;
    semantics();
  }

private:
  void nonEmpty(const Obj& owner, const char* key) {
    auto list = owner.strings(key);
    if (!owner.has(key) || (list && list->empty()))
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
    walk::eachElement(
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
          m.oneOf("type", {"gauge", "counter", "status"});
          m.boolean("counter");
          m.str("weightingMetricName");
          m.str("context");
          if (name) metrics_.push_back({*name, at, item});
        });
  }

  static bool isCounter(const Json& metric) {
    if (metric.contains("type") && metric["type"] == "counter") return true;
    if (!metric.contains("counter")) return false;
    return metric["counter"] == true || metric["counter"] == "true";
  }
  static std::string field(const Json& metric, const char* key) {
    if (!metric.contains(key) || metric[key].is_null()) return "";
    return metric[key].is_string() ? metric[key].get<std::string>() : metric[key].dump();
  }

  void semantics() {
    std::map<std::string, const Metric*> first;
    std::set<std::string> names;
    for (const Metric& metric : metrics_) names.insert(metric.name);
    for (const Metric& metric : metrics_) {
      const bool counter = isCounter(metric.value);
      const bool hasDenominator = !field(metric.value, "denominatorUnit").empty();
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
      const std::string weighting = field(metric.value, "weightingMetricName");
      if (!weighting.empty() && (weighting == metric.name || !names.count(weighting))) {
        out_.error(childPointer(metric.pointer, "weightingMetricName"), "invalid-weighting-metric",
                   "weighting metric \"" + weighting + "\" must be another defined metric");
      }
      auto [it, inserted] = first.emplace(metric.name, &metric);
      if (!inserted) {
        const Json& other = it->second->value;
        for (const char* key : {"label", "description", "numeratorUnit", "denominatorUnit", "weightingMetricName"}) {
          if (field(other, key) != field(metric.value, key)) {
            out_.error(metric.pointer, "metric-mismatch",
                       "metric \"" + metric.name + "\" is defined again with a different " + key + " (first at " +
                           it->second->pointer + ")");
          }
        }
        if (isCounter(other) != counter) {
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
    std::map<std::string, const Json*> entityByName;
    for (const auto& [item, at] : entityItems_) entityByName.emplace(item->at("name").get<std::string>(), item);
    for (const auto& [item, at] : entityItems_) {
      std::set<std::string> own;
      for (const char* key : {"immutableAttributeNames", "mutableAttributeNames"}) {
        if (!item->contains(key)) continue;
        for (std::size_t i = 0; i < (*item)[key].size(); ++i) {
          const std::string name = (*item)[key][i].get<std::string>();
          own.insert(name);
          if (!knownAttribute(name))
            out_.error(childPointer(childPointer(at, key), i), "unknown-attribute",
                       "attribute \"" + name + "\" is not defined");
        }
      }
      if (!item->contains("parentMetricEntityTypeNames")) continue;
      const Json& parents = (*item)["parentMetricEntityTypeNames"];
      for (std::size_t i = 0; i < parents.size(); ++i) {
        const std::string parent = parents[i].get<std::string>();
        // A role's entity is named by its type, or "<SERVICE>-<ROLE>" as in cm_ext's own test data.
        const bool roleEntity =
            startsWith(parent, service_ + "-") && roleNames_.count(parent.substr(service_.size() + 1));
        const bool known = entities_.count(parent) || roleNames_.count(parent) || roleEntity || parent == service_ ||
            kBuiltinEntities.count(parent);
        const std::string pointer = childPointer(childPointer(at, "parentMetricEntityTypeNames"), i);
        if (!known) {
          out_.error(pointer, "unknown-parent", "parent \"" + parent + "\" is not an entity type, role or the service");
        }
        // CM names a parent entity from the child's attributes, so each part of the
        // parent's entityNameFormat must be one of them. Only entity types of this
        // MDL carry a format; roles, the service and built-ins are named by CM.
        auto defined = entityByName.find(parent);
        if (defined == entityByName.end()) continue;
        for (const Json& part : defined->second->at("entityNameFormat")) {
          const std::string attribute = part.get<std::string>();
          if (!own.count(attribute)) {
            out_.error(pointer, "parent-unreachable",
                       "entity type \"" + item->at("name").get<std::string>() + "\" lacks attribute \"" + attribute +
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
  std::vector<std::pair<const Json*, std::string>> entityItems_;
  std::set<std::string> attributes_;
  std::set<std::string> entities_;
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
