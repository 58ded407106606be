#include "parcel/build/build_request.hpp"

#include "parcel/json/json_text.hpp"
#include "parcel/support/error.hpp"
#include "parcel/support/file_io.hpp"

#include <cerrno>
#include <cstdlib>
#include <set>

namespace parcel {
namespace {

namespace fs = std::filesystem;

// Reads the spec's fields one by one, recording every problem with its pointer
// and remembering which keys were seen, so unknown keys can be reported at the end.
class SpecReader {
public:
  SpecReader(const Json& object, std::string pointer, Diagnostics& out)
      : object_(object), pointer_(std::move(pointer)), out_(out) {}

  const Json* find(const std::string& key) {
    known_.insert(key);
    auto it = object_.find(key);
    return it == object_.end() ? nullptr : &*it;
  }

  std::optional<std::string> string(const std::string& key, bool required = false) {
    const Json* value = find(key);
    if (value == nullptr) {
      if (required) out_.error(childPointer(pointer_, key), "missing-field", "must be present");
      return std::nullopt;
    }
    if (!value->is_string()) {
      out_.error(childPointer(pointer_, key), "wrong-type", "must be a string");
      return std::nullopt;
    }
    return value->get<std::string>();
  }

  std::optional<bool> boolean(const std::string& key) {
    const Json* value = find(key);
    if (value == nullptr) return std::nullopt;
    if (!value->is_boolean()) {
      out_.error(childPointer(pointer_, key), "wrong-type", "must be true or false");
      return std::nullopt;
    }
    return value->get<bool>();
  }

  std::optional<std::int64_t> integer(const std::string& key, bool required = false) {
    const Json* value = find(key);
    if (value == nullptr) {
      if (required) out_.error(childPointer(pointer_, key), "missing-field", "must be present");
      return std::nullopt;
    }
    if (!value->is_number_integer()) {
      out_.error(childPointer(pointer_, key), "wrong-type", "must be an integer");
      return std::nullopt;
    }
    return value->get<std::int64_t>();
  }

  std::vector<std::string> strings(const std::string& key, bool required = false) {
    std::vector<std::string> result;
    const Json* value = find(key);
    if (value == nullptr) {
      if (required) out_.error(childPointer(pointer_, key), "missing-field", "must be present");
      return result;
    }
    if (!value->is_array()) {
      out_.error(childPointer(pointer_, key), "wrong-type", "must be an array of strings");
      return result;
    }
    for (std::size_t i = 0; i < value->size(); ++i) {
      if ((*value)[i].is_string()) {
        result.push_back((*value)[i].get<std::string>());
      } else {
        out_.error(childPointer(childPointer(pointer_, key), i), "wrong-type", "must be a string");
      }
    }
    return result;
  }

  // Calls `read(reader)` for each object in the array at `key`.
  template <typename Read>
  void objects(const std::string& key, Read read) {
    const Json* value = find(key);
    if (value == nullptr) return;
    const std::string arrayPointer = childPointer(pointer_, key);
    if (!value->is_array()) {
      out_.error(arrayPointer, "wrong-type", "must be an array of objects");
      return;
    }
    for (std::size_t i = 0; i < value->size(); ++i) {
      const std::string itemPointer = childPointer(arrayPointer, i);
      if (!(*value)[i].is_object()) {
        out_.error(itemPointer, "wrong-type", "must be an object");
        continue;
      }
      SpecReader item((*value)[i], itemPointer, out_);
      read(item);
      item.reportUnknownKeys();
    }
  }

  void reportUnknownKeys() {
    for (const auto& item : object_.items()) {
      if (known_.count(item.key()) == 0) {
        out_.error(childPointer(pointer_, item.key()), "unknown-field",
                   "unknown field '" + item.key() + "' in the build spec");
      }
    }
  }

private:
  const Json& object_;
  std::string pointer_;
  Diagnostics& out_;
  std::set<std::string> known_;
};

// "KEY=value" -> pair; a missing '=' is reported at `pointer`.
std::vector<std::pair<std::string, std::string>> splitAssignments(const std::vector<std::string>& items,
                                                                  const std::string& pointer, Diagnostics& out) {
  std::vector<std::pair<std::string, std::string>> result;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const auto equals = items[i].find('=');
    if (equals == std::string::npos || equals == 0) {
      out.error(childPointer(pointer, i), "invalid-assignment", "'" + items[i] + "' must have the form KEY=VALUE");
      continue;
    }
    result.emplace_back(items[i].substr(0, equals), items[i].substr(equals + 1));
  }
  return result;
}

}  // namespace

std::optional<BuildRequest> readBuildSpec(const fs::path& specFile, Diagnostics& out) {
  const std::size_t errorsBefore = out.errorCount();
  const std::optional<Json> json = parseStrictJson(readRegularFile(specFile, "build spec"), out);
  if (!json) return std::nullopt;
  if (!json->is_object()) {
    out.error("", "wrong-type", "the build spec must be a JSON object");
    return std::nullopt;
  }

  const fs::path base = specFile.has_parent_path() ? specFile.parent_path() : fs::path(".");
  auto resolve = [&base](const std::string& path) {
    return fs::path(path).is_absolute() ? fs::path(path) : base / path;
  };

  SpecReader spec(*json, "", out);
  BuildRequest request;

  const Json* formatVersion = spec.find("formatVersion");
  if (formatVersion == nullptr) {
    out.error("/formatVersion", "missing-field", "must be present");
  } else if (!formatVersion->is_array() || formatVersion->size() != 2 || !(*formatVersion)[0].is_number_integer() ||
             !(*formatVersion)[1].is_number_integer()) {
    out.error("/formatVersion", "wrong-type", "must be [major, minor], two integers");
  } else if ((*formatVersion)[0].get<std::int64_t>() != 1) {
    out.error("/formatVersion/0", "unsupported-format-version",
              "format major version " + (*formatVersion)[0].dump() + " is not supported; this parceltool reads 1.x");
  }

  for (const std::string& package : spec.strings("fromPackages")) request.fromPackages.push_back(resolve(package));
  if (auto input = spec.string("input", request.fromPackages.empty())) request.input = resolve(*input);
  const std::vector<std::string> relocations = spec.strings("relocate");
  for (std::size_t i = 0; i < relocations.size(); ++i) {
    if (auto relocation = checkRelocation(relocations[i], childPointer("/relocate", i), out))
      request.relocations.push_back(*relocation);
  }
  request.dropOutside = spec.boolean("dropOutside").value_or(false);
  if (auto scriptlets = spec.string("scriptlets")) {
    if (*scriptlets == "warn") {
      request.scriptlets = ScriptletPolicy::Warn;
    } else if (*scriptlets == "error") {
      request.scriptlets = ScriptletPolicy::Error;
    } else {
      out.error("/scriptlets", "invalid-scriptlets", "'" + *scriptlets + "' must be warn or error");
    }
  }
  request.dryRun = spec.boolean("dryRun").value_or(false);
  if (auto name = spec.string("name", true)) request.name = *name;
  if (auto version = spec.string("version", true)) request.version = *version;
  request.distros = spec.strings("distros", true);
  if (auto output = spec.string("outputDirectory")) request.outputDirectory = resolve(*output);
  if (auto metadata = spec.string("metadata")) request.metadata = resolve(*metadata);
  request.env = splitAssignments(spec.strings("env"), "/env", out);
  if (auto envScript = spec.string("envScript")) request.envScript = resolve(*envScript);
  request.provides = spec.strings("provides");
  request.depends = spec.string("depends");
  request.conflicts = spec.string("conflicts");
  request.replaces = spec.string("replaces");
  request.setActiveSymlink = spec.boolean("setActiveSymlink");
  if (auto notes = spec.string("releaseNotes")) request.releaseNotes = resolve(*notes);
  request.extraVersionInfo = splitAssignments(spec.strings("extraVersionInfo"), "/extraVersionInfo", out);
  for (auto& [name, version] : splitAssignments(spec.strings("packages"), "/packages", out)) {
    request.packages.push_back(Package{name, version});
  }
  request.groups = spec.strings("groups");
  spec.objects("users", [&request](SpecReader& item) {
    User user;
    const auto name = item.string("name", true);
    user.longname = item.string("longname");
    user.home = item.string("home");
    user.shell = item.string("shell");
    user.extraGroups = item.strings("extraGroups");
    if (name) request.users.emplace_back(*name, std::move(user));
  });
  spec.objects("components", [&request](SpecReader& item) {
    Component component;
    component.name = item.string("name", true);
    component.version = item.string("version", true);
    component.pkgVersion = item.string("pkgVersion");
    component.pkgRelease = item.string("pkgRelease");
    request.components.push_back(std::move(component));
  });
  spec.objects("alternatives", [&request](SpecReader& item) {
    Alternative alternative;
    const auto name = item.string("name", true);
    alternative.destination = item.string("destination", true);
    alternative.source = item.string("source", true);
    alternative.priority = item.integer("priority", true);
    alternative.isDirectory = item.boolean("isDirectory").value_or(false);
    if (name) request.alternatives.emplace_back(*name, std::move(alternative));
  });
  spec.objects("permissions", [&request](SpecReader& item) {
    Permission permission;
    const auto path = item.string("path", true);
    permission.user = item.string("user", true);
    permission.group = item.string("group", true);
    permission.permissions = item.string("mode", true);
    if (path) request.permissions.emplace_back(*path, std::move(permission));
  });
  if (auto compression = spec.string("compression")) {
    if (!parseCompressionLevel(*compression, request.compression)) {
      out.error("/compression", "invalid-compression", "'" + *compression + "' must be fast, default or best");
    }
  }
  if (auto threads = spec.integer("threads")) {
    if (*threads < 0 || *threads > 1024) {
      out.error("/threads", "invalid-threads", std::to_string(*threads) + " must be 0 (one per core) to 1024");
    } else {
      request.threads = static_cast<unsigned>(*threads);
    }
  }
  if (auto depfile = spec.string("depfile")) request.depfile = resolve(*depfile);
  spec.reportUnknownKeys();

  if (out.errorCount() > errorsBefore) return std::nullopt;
  return request;
}

std::int64_t sourceDateEpochFromEnvironment() {
  const char* value = std::getenv("SOURCE_DATE_EPOCH");
  if (value == nullptr || *value == '\0') return kDefaultSourceDateEpoch;
  const std::string text(value);
  if (text.find_first_not_of("0123456789") != std::string::npos || text.size() > 12) {
    throw InputError("SOURCE_DATE_EPOCH='" + text + "' must be a non-negative number of seconds since 1970");
  }
  return std::stoll(text);
}

}  // namespace parcel
