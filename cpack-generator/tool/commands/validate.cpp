// parceltool validate: parcels, unpacked parcels and metadata files, every problem reported.
#include "commands.hpp"

#include "exit_code.hpp"
#include "parcel/alternatives.hpp"
#include "parcel/error.hpp"
#include "parcel/manifest.hpp"
#include "parcel/parcel_check.hpp"
#include "parcel/parcel_metadata.hpp"
#include "parcel/permissions.hpp"
#include "report.hpp"

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

namespace parcel::tool {
namespace {

namespace fs = std::filesystem;

struct Kind {
  std::string name;
  std::string fileName;   // the usual file name, for detection; empty for archives and folders
  std::function<void(const fs::path&, Diagnostics&)> validate;
};

std::optional<std::string> readDocument(const fs::path& path, Diagnostics& out) {
  std::error_code error;
  if (!fs::exists(path, error)) {
    out.error("", "file-not-found", "the file does not exist");
    return std::nullopt;
  }
  if (!fs::is_regular_file(path, error)) {
    out.error("", "not-a-file", "the path is not a regular file");
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError(systemErrorMessage("cannot read", path.string(), errno));
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

// A JSON document kind: read the file, then the document's own reader.
template <typename Read>
std::function<void(const fs::path&, Diagnostics&)> jsonKind(Read read) {
  return [read](const fs::path& path, Diagnostics& out) {
    if (auto text = readDocument(path, out)) read(*text, out);
  };
}

std::vector<Kind> kinds(const ParcelCheckOptions& options) {
  return {
      {"parcel", "", [options](const fs::path& p, Diagnostics& out) { validateParcelFile(p, options, out); }},
      {"parcel-dir", "", [options](const fs::path& p, Diagnostics& out) { validateParcelDirectory(p, options, out); }},
      {"parcel-json", "parcel.json", jsonKind(readParcelMetadata)},
      {"alternatives", "alternatives.json", jsonKind(readAlternatives)},
      {"permissions", "permissions.json", jsonKind(readPermissions)},
      {"manifest", "manifest.json", jsonKind(readManifest)},
  };
}

const Kind* findKind(const std::vector<Kind>& table, const std::string& name) {
  for (const Kind& kind : table) {
    if (kind.name == name) return &kind;
  }
  return nullptr;
}

// By file name first, then by a look at a JSON document's top-level keys.
const Kind& detectKind(const std::vector<Kind>& table, const fs::path& path) {
  std::error_code error;
  if (fs::is_directory(path, error)) return *findKind(table, "parcel-dir");
  const std::string name = path.filename().string();
  if (name.size() > 7 && name.compare(name.size() - 7, 7, ".parcel") == 0) return *findKind(table, "parcel");
  for (const Kind& kind : table) {
    if (!kind.fileName.empty() && name == kind.fileName) return kind;
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  const Json json = Json::parse(content.str(), nullptr, false);
  if (json.is_object()) {
    if (json.contains("parcels") || json.contains("lastUpdated")) return *findKind(table, "manifest");
    if (json.contains("schema_version") || json.contains("scripts")) return *findKind(table, "parcel-json");
    for (const auto& item : json.items()) {
      if (item.value().is_object() && item.value().contains("destination")) return *findKind(table, "alternatives");
      if (item.value().is_object() && item.value().contains("permissions")) return *findKind(table, "permissions");
    }
  }
  throw UsageError("cannot tell what kind of file '" + path.string() +
                   "' is; name it with --kind (parcel, parcel-dir, parcel-json, alternatives, permissions, manifest)");
}

}  // namespace

const CommandSpec& validateCommand() {
  static const CommandSpec spec{
      "validate",
      "validate [--kind K] [--strict] [--allow-plain-tar] [--format text|json] PATH...",
      "check parcels, parcel folders and metadata files",
      "Checks every PATH against Cloudera's rules and ours, and reports every problem,\n"
      "each with the file, a JSON pointer, a stable code and one sentence. The kind of\n"
      "each PATH is detected from its name or content unless --kind is given: parcel\n"
      "(a .parcel file), parcel-dir (an unpacked parcel), parcel-json, alternatives,\n"
      "permissions or manifest. Exit codes: 0 valid (warnings allowed), 1 invalid,\n"
      "2 usage error, 3 I/O failure.",
      {
          {"--kind", "K", false, "parcel, parcel-dir, parcel-json, alternatives, permissions or manifest"},
          {"--strict", "", false, "treat warnings as errors"},
          {"--allow-plain-tar", "", false, "accept an uncompressed tar parcel, with a warning"},
          {"--format", "text|json", false, "json prints one array with an object per PATH on stdout"},
      },
      "PATH..."};
  return spec;
}

int runValidate(const ParsedOptions& options, Io& io) {
  if (options.operands().empty()) throw UsageError("no PATH to validate");
  const bool json = wantsJson(options.value("--format").value_or("text"));
  ParcelCheckOptions checkOptions;
  checkOptions.allowPlainTar = options.has("--allow-plain-tar");
  const std::vector<Kind> table = kinds(checkOptions);
  const Kind* forcedKind = nullptr;
  if (auto kind = options.value("--kind")) {
    forcedKind = findKind(table, *kind);
    if (forcedKind == nullptr) throw UsageError("unknown --kind '" + *kind + "'");
  }

  int exitCode = kExitSuccess;
  Json report = Json::array();
  for (const std::string& path : options.operands()) {
    Diagnostics diagnostics;
    std::string kindName = "unknown";
    std::error_code error;
    if (forcedKind == nullptr && !fs::exists(fs::symlink_status(path, error))) {
      diagnostics.error("", "file-not-found", "the path does not exist");
    } else {
      const Kind& kind = forcedKind != nullptr ? *forcedKind : detectKind(table, path);
      kindName = kind.name;
      kind.validate(path, diagnostics);
    }
    if (options.has("--strict")) diagnostics.promoteWarnings();
    const bool valid = !diagnostics.hasErrors();
    if (!valid) exitCode = kExitInvalid;
    if (json) {
      Json item = Json::object();
      item["path"] = path;
      item["kind"] = kindName;
      item["valid"] = valid;
      item["diagnostics"] = diagnosticsToJson(diagnostics);
      report.push_back(std::move(item));
    } else {
      printDiagnostics(io.err, path, diagnostics);
      io.out << path << ": " << (valid ? "valid" : "invalid") << " " << kindName << " ("
             << diagnostics.errorCount() << " error(s), " << diagnostics.warningCount() << " warning(s))\n";
    }
  }
  if (json) io.out << toJsonText(report);
  return exitCode;
}

}  // namespace parcel::tool
