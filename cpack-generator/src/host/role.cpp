// `host run-role`: the process folder, environment and command of a CSD role,
// as a Cloudera Manager agent prepares them (docs/host.md). The SDL fields the
// CSD API does not expose (roles, runners, parameters, configWriter, parcel
// tags) are read here from the parsed SDL.
#include "parcel/host/role.hpp"
#include "parcel/support/markup_escape.hpp"

#include "archive/utf8_locale.hpp"
#include "parcel/csd/descriptor.hpp"
#include "parcel/csd/jar.hpp"
#include "parcel/host/safe_fs.hpp"
#include "parcel/rules/member_path.hpp"
#include "parcel/support/error.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <map>
#include <memory>
#include <set>

namespace parcel::host {
namespace {

namespace fs = std::filesystem;

struct JarFile {
  std::string content;
  bool executable = false;
};

// A jar is untrusted: what is kept of it in memory is bounded.
constexpr std::size_t kMaxKeptBytes = 256u * 1024u * 1024u;

// descriptor/service.sdl and every file under scripts/ and aux/, by name.
// checkCsdJar has already refused unsafe names and unreadable zips.
std::map<std::string, JarFile> readJarFiles(const fs::path& jar) {
  static const Utf8Locale utf8;
  LocaleScope scope(utf8);
  std::unique_ptr<archive, int (*)(archive*)> reader(archive_read_new(), archive_read_free);
  archive_read_support_format_zip_seekable(reader.get());
  if (archive_read_open_filename(reader.get(), jar.c_str(), 64 * 1024) != ARCHIVE_OK) {
    throw IoError("cannot read '" + jar.string() + "' as a zip");
  }
  std::map<std::string, JarFile> files;
  std::size_t kept = 0;
  archive_entry* entry = nullptr;
  int status = ARCHIVE_OK;
  while ((status = archive_read_next_header(reader.get(), &entry)) == ARCHIVE_OK || status == ARCHIVE_WARN) {
    const char* raw = archive_entry_pathname_utf8(entry);
    if (raw == nullptr) raw = archive_entry_pathname(entry);
    const std::string name = raw == nullptr ? "" : raw;
    const bool keep = archive_entry_filetype(entry) == AE_IFREG &&
        (name == "descriptor/service.sdl" || name.rfind("scripts/", 0) == 0 || name.rfind("aux/", 0) == 0);
    JarFile file;
    file.executable = (archive_entry_perm(entry) & 0111) != 0;
    char buffer[64 * 1024];
    la_ssize_t size = 0;
    while ((size = archive_read_data(reader.get(), buffer, sizeof buffer)) > 0) {
      if (!keep) continue;
      kept += static_cast<std::size_t>(size);
      if (kept > kMaxKeptBytes)
        throw IoError("'" + jar.string() + "' holds more than 256 MiB of scripts and aux files");
      file.content.append(buffer, static_cast<std::size_t>(size));
    }
    if (size < 0) throw IoError("cannot read '" + name + "' in '" + jar.string() + "'");
    if (keep) files[name] = std::move(file);
  }
  if (status != ARCHIVE_EOF) throw IoError("cannot read '" + jar.string() + "' as a zip");
  return files;
}

// Writes `content` at the clean relative `path` below `dirfd`, creating the
// folders; never through a link, never over an existing file.
void writeBelow(int dirfd, const std::string& path, const std::string& content, bool executable,
                const fs::path& display) {
  auto parts = splitComponents(path);
  const std::string name = parts.back();
  parts.pop_back();
  UniqueFd parent = openDirectoryBelow(dirfd, parts, true, 0755, display.string());
  const int fd = ::openat(
      parent.get(), name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, executable ? 0755 : 0644);
  if (fd < 0) throw IoError(systemErrorMessage("cannot create", display.string(), errno));
  const UniqueFd owned(fd);
  std::size_t done = 0;
  while (done < content.size()) {
    const ssize_t written = ::write(fd, content.data() + done, content.size() - done);
    if (written < 0) {
      if (errno == EINTR) continue;
      throw IoError(systemErrorMessage("cannot write", display.string(), errno));
    }
    done += static_cast<std::size_t>(written);
  }
}

// A parameter's value as CM writes it: strings as they are, numbers and
// booleans as JSON text, arrays joined by their separator (default ",").
std::optional<std::string> valueText(const Json& value, const Json& parameter) {
  if (value.is_null()) return std::nullopt;
  if (value.is_string()) return value.get<std::string>();
  if (value.is_array()) {
    const std::string separator = parameter.value("separator", std::string(","));
    std::string joined;
    for (const Json& item : value) {
      const auto text = valueText(item, Json::object());
      joined += (joined.empty() ? "" : separator) + text.value_or("");
    }
    return joined;
  }
  return value.dump();
}

struct Parameter {
  std::string name;
  std::string configName;
  std::optional<std::string> value;
  bool required = false;
};

// java.util.Properties escaping: '\', line breaks, and in keys '=', ':', ' '.
std::string propertiesEscape(const std::string& text, bool key) {
  std::string escaped;
  for (char c : text) {
    if (c == '\\') {
      escaped += "\\\\";
    } else if (c == '\n') {
      escaped += "\\n";
    } else if (c == '\r') {
      escaped += "\\r";
    } else if (key && (c == '=' || c == ':' || c == ' ' || c == '#' || c == '!')) {
      escaped += std::string("\\") + c;
    } else {
      escaped += c;
    }
  }
  return escaped;
}

std::vector<std::string> stringList(const Json& node, const char* key) {
  std::vector<std::string> list;
  if (node.is_object() && node.contains(key) && node.at(key).is_array()) {
    for (const Json& item : node.at(key)) {
      if (item.is_string()) list.push_back(item.get<std::string>());
    }
  }
  return list;
}

std::string stringField(const Json& node, const char* key) {
  return node.is_object() && node.contains(key) && node.at(key).is_string() ? node.at(key).get<std::string>() : "";
}

}  // namespace

std::optional<std::string> renderConfig(const std::string& format,
                                        const std::vector<std::pair<std::string, std::string>>& entries) {
  std::string text;
  if (format == "properties") {
    for (const auto& [key, value] : entries)
      text += propertiesEscape(key, true) + "=" + propertiesEscape(value, false) + "\n";
  } else if (format == "hadoop_xml") {
    text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<configuration>\n";
    for (const auto& [key, value] : entries) {
      text += "  <property>\n    <name>" + escapeMarkup(key) + "</name>\n    <value>" + escapeMarkup(value) +
          "</value>\n  </property>\n";
    }
    text += "</configuration>\n";
  } else if (format == "gflags") {
    for (const auto& [key, value] : entries) text += "-" + key + "=" + value + "\n";
  } else {
    return std::nullopt;
  }
  return text;
}

std::optional<RoleLaunch> prepareRole(const fs::path& root, const HostState& state, const RoleRequest& request,
                                      Diagnostics& out) {
  const std::string jarName = request.jar.filename().string();
  csd::checkCsdJar(request.jar, csd::DescriptorOptions{}, out);
  if (out.hasErrors()) return std::nullopt;
  const auto files = readJarFiles(request.jar);
  for (const auto& [name, file] : files) {
    if (memberNameFinding(name)) {
      out.error(name, "jar-entry-unsafe", "the entry name has an empty or '.' component; the host does not unpack it");
    }
  }
  if (out.hasErrors()) return std::nullopt;
  Diagnostics ignored;
  const auto sdl = csd::parseRelaxedJson(files.at("descriptor/service.sdl").content, ignored);
  if (!sdl) throw IoError("cannot parse the SDL of '" + jarName + "'");

  // The role.
  const Json* role = nullptr;
  std::vector<std::string> roleNames;
  if (sdl->contains("roles") && sdl->at("roles").is_array()) {
    for (const Json& candidate : sdl->at("roles")) {
      const std::string name = stringField(candidate, "name");
      roleNames.push_back(name);
      if (name == request.role) role = &candidate;
    }
  }
  if (role == nullptr) {
    std::string known;
    for (const std::string& name : roleNames) known += (known.empty() ? "" : ", ") + name;
    out.error("/roles", "role-not-found",
              "'" + jarName + "' has no role '" + request.role + "'; its roles: " + (known.empty() ? "none" : known));
    return std::nullopt;
  }

  // Parameters in the role's scope: the service's, then the role's (spec §11).
  std::vector<Parameter> parameters;
  const auto collect = [&](const Json& owner) {
    if (!owner.contains("parameters") || !owner.at("parameters").is_array()) return;
    for (const Json& p : owner.at("parameters")) {
      if (stringField(p, "type") == "provided") continue;
      Parameter parameter;
      parameter.name = stringField(p, "name");
      parameter.configName = stringField(p, "configName");
      if (parameter.configName.empty()) parameter.configName = parameter.name;
      if (p.contains("default")) parameter.value = valueText(p.at("default"), p);
      parameter.required = p.value("required", false);
      parameters.push_back(parameter);
    }
  };
  collect(*sdl);
  collect(*role);
  if (role->contains("logging") && role->at("logging").is_object()) {
    const Json& logging = role->at("logging");
    std::string configName = stringField(logging, "configName");
    parameters.push_back({"log_dir", configName.empty() ? "log_dir" : configName, stringField(logging, "dir"), false});
  }
  const auto findParameter = [&](const std::string& name) -> Parameter* {
    for (Parameter& parameter : parameters) {
      if (parameter.name == name) return &parameter;
    }
    return nullptr;
  };
  for (const auto& [name, value] : request.config) {
    Parameter* parameter = findParameter(name);
    if (parameter == nullptr) {
      std::string known;
      for (const Parameter& p : parameters) known += (known.empty() ? "" : ", ") + p.name;
      out.error("", "unknown-parameter",
                "--config " + name + ": role " + request.role + " has no parameter '" + name +
                    "' in scope; known: " + (known.empty() ? "none" : known));
      continue;
    }
    parameter->value = value;
  }
  for (const Parameter& parameter : parameters) {
    if (parameter.required && !parameter.value) {
      out.error("", "parameter-missing",
                "parameter '" + parameter.name + "' is required and has no default; give --config " + parameter.name +
                    "=VALUE");
    }
  }

  // Substitutions: parameters, ${host}, ${user}, ${group} (spec §7.1, §11).
  const Json& runAs = role->contains("runAs") ? role->at("runAs") : sdl->value("runAs", Json::object());
  std::map<std::string, std::string> variables;
  for (const Parameter& parameter : parameters) {
    if (parameter.value) variables[parameter.name] = *parameter.value;
  }
  char hostName[256] = {};
  ::gethostname(hostName, sizeof hostName - 1);
  variables["host"] = hostName;
  variables["user"] = stringField(runAs, "user");
  variables["group"] = stringField(runAs, "group");
  const auto substitute = [&](const std::string& text, const std::string& where) {
    std::string result;
    std::size_t at = 0;
    while (true) {
      const std::size_t open = text.find("${", at);
      if (open == std::string::npos) break;
      const std::size_t close = text.find('}', open);
      if (close == std::string::npos) break;
      result += text.substr(at, open - at);
      const std::string name = text.substr(open + 2, close - open - 2);
      const auto found = variables.find(name);
      if (found == variables.end()) {
        out.error(where, "substitution-unresolved",
                  "${" + name + "} has no value: no default and no --config " + name + "=VALUE");
      } else {
        result += found->second;
      }
      at = close + 1;
    }
    return result + text.substr(at);
  };

  // Tags: required first, then optional (the order is ours: docs/host.md).
  const Json parcel = sdl->value("parcel", Json::object());
  const auto required = stringList(parcel, "requiredTags");
  const auto optional = stringList(parcel, "optionalTags");
  for (const std::string& tag : required) {
    if (!parcelsForTags(state, {tag}).empty()) continue;
    std::string others;
    for (const auto& [name, product] : state.products) {
      const DistributedParcel* active = state.active(name);
      if (active == nullptr) continue;
      std::string provides;
      for (const std::string& p : active->provides) provides += (provides.empty() ? "" : ", ") + p;
      others += (others.empty() ? "" : "; ") + active->dirName() + " provides [" + provides + "]";
    }
    out.error("/parcel/requiredTags", "required-tag-missing",
              "role " + request.role + " needs a parcel providing '" + tag + "', and no active parcel provides it (" +
                  (others.empty() ? "no parcel is active" : others) +
                  "); the parcel's 'provides' must list the CSD's requiredTags");
  }
  std::vector<std::string> tags = required;
  tags.insert(tags.end(), optional.begin(), optional.end());
  const auto sourced = parcelsForTags(state, tags);

  // The runner.
  const Json runner = role->value("startRunner", Json::object());
  const std::string program = stringField(runner, "program");
  std::vector<std::string> argv;
  std::vector<std::pair<std::string, std::string>> environment;
  const std::string roleIndex = "/roles/" + std::to_string(&*role - &sdl->at("roles")[0]);
  for (const std::string& arg : stringList(runner, "args"))
    argv.push_back(substitute(arg, roleIndex + "/startRunner/args"));
  if (runner.contains("environmentVariables") && runner.at("environmentVariables").is_object()) {
    for (const auto& [key, value] : runner.at("environmentVariables").items()) {
      const bool identifier = !key.empty() && std::isdigit(static_cast<unsigned char>(key.front())) == 0 &&
          std::all_of(key.begin(), key.end(), [](unsigned char c) { return std::isalnum(c) != 0 || c == '_'; });
      if (!identifier) {
        out.error(roleIndex + "/startRunner/environmentVariables", "environment-name-invalid",
                  "'" + key + "' is not a variable name a process environment can carry to a shell script");
        continue;
      }
      const auto text = valueText(value, Json::object());
      environment.emplace_back(key, substitute(text.value_or(""), roleIndex + "/startRunner/environmentVariables"));
    }
  }

  // configWriter files, rendered before anything is written.
  std::vector<std::pair<std::string, std::string>> configFiles;
  const Json writer = role->value("configWriter", Json::object());
  if (writer.contains("generators") && writer.at("generators").is_array()) {
    for (const Json& generator : writer.at("generators")) {
      const std::string filename = stringField(generator, "filename");
      const auto included = stringList(generator, "includedParams");
      const auto excluded = stringList(generator, "excludedParams");
      std::vector<std::pair<std::string, std::string>> entries;
      for (const Parameter& parameter : parameters) {
        if (!parameter.value) continue;
        if (generator.contains("includedParams") &&
            std::find(included.begin(), included.end(), parameter.name) == included.end()) {
          continue;
        }
        if (std::find(excluded.begin(), excluded.end(), parameter.name) != excluded.end()) continue;
        entries.emplace_back(parameter.configName, *parameter.value);
      }
      if (generator.contains("additionalConfigs") && generator.at("additionalConfigs").is_array()) {
        for (const Json& extra : generator.at("additionalConfigs")) {
          entries.emplace_back(substitute(stringField(extra, "key"), roleIndex + "/configWriter"),
                               substitute(stringField(extra, "value"), roleIndex + "/configWriter"));
        }
      }
      const std::string format = stringField(generator, "configFormat");
      const auto text = renderConfig(format, entries);
      if (!text) {
        out.error(
            roleIndex + "/configWriter", "config-format-unknown",
            "'" + filename + "' has configFormat '" + format + "'; the host writes hadoop_xml, properties, gflags");
        continue;
      }
      configFiles.emplace_back(filename, *text);
    }
  }
  if (writer.contains("auxConfigGenerators") && writer.at("auxConfigGenerators").is_array()) {
    for (const Json& generator : writer.at("auxConfigGenerators")) {
      const std::string source = stringField(generator, "sourceFilename");
      const auto found = files.find(source);
      configFiles.emplace_back(stringField(generator, "filename"), found == files.end() ? "" : found->second.content);
    }
  }
  if (writer.contains("peerConfigGenerators")) {
    out.warning(roleIndex + "/configWriter/peerConfigGenerators", "peer-config-not-emulated",
                "the host runs one role instance and writes no peer configuration files");
  }
  for (const auto& [filename, text] : configFiles) {
    const auto parts = splitComponents(filename);
    if (filename.empty() || filename.front() == '/' || memberNameFinding(filename) || parts.front() == "scripts" ||
        parts.front() == "aux") {
      out.error(roleIndex + "/configWriter", "config-filename-unsafe",
                "'" + filename + "' is not a clean relative name outside scripts/ and aux/");
    }
  }
  if (out.hasErrors()) return std::nullopt;

  // A fresh process folder: DIR/process/N-service-ROLE, N one more than the
  // highest so far (the agent numbers its process folders the same way).
  const fs::path processes = root / "process";
  if (::mkdir(processes.c_str(), 0755) != 0 && errno != EEXIST) {
    throw IoError(systemErrorMessage("cannot create", processes.string(), errno));
  }
  UniqueFd processesFd = openDirectory(processes);
  long number = 0;
  for (const auto& entry : fs::directory_iterator(processes)) {
    number = std::max(number, std::strtol(entry.path().filename().c_str(), nullptr, 10));
  }
  std::string service = csd::sdlName(*sdl);
  std::transform(service.begin(), service.end(), service.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  fs::path directory;
  for (;;) {
    directory = processes / (std::to_string(++number) + "-" + service + "-" + request.role);
    if (::mkdirat(processesFd.get(), directory.filename().c_str(), 0755) == 0) break;
    if (errno != EEXIST) throw IoError(systemErrorMessage("cannot create", directory.string(), errno));
  }
  UniqueFd directoryFd = openDirectory(directory);
  for (const auto& [name, file] : files) {
    if (name == "descriptor/service.sdl") continue;
    writeBelow(directoryFd.get(), name, file.content, file.executable, directory / name);
  }
  for (const auto& [filename, text] : configFiles) {
    writeBelow(directoryFd.get(), filename, text, false, directory / filename);
  }
  UniqueFd logs = openDirectoryBelow(directoryFd.get(), {"logs"}, true, 0755, (directory / "logs").string());

  // The agent's environment first, then the parcels' scripts (which may
  // override it), then the program from the process folder.
  std::string script;
  for (const auto& [key, value] : environment) script += "export " + key + "=" + shellQuote(value) + "\n";
  script += "export CONF_DIR=" + shellQuote(directory.string()) + "\n";
  RoleLaunch launch;
  launch.processDirectory = directory;
  launch.script = script + sourcingScript(root, sourced, "cd \"$CONF_DIR\" || exit 127\nexec \"$@\"\n");
  launch.argv.push_back((directory / program).string());
  launch.argv.insert(launch.argv.end(), argv.begin(), argv.end());
  launch.argv.insert(launch.argv.end(), request.extraArgs.begin(), request.extraArgs.end());
  return launch;
}

}  // namespace parcel::host
