// parceltool validate: parcels, unpacked parcels and metadata files, every problem reported.
#include "commands.hpp"

#include "audit_option.hpp"
#include "exit_code.hpp"
#include "input_failure.hpp"
#include "report.hpp"
#include "validate_kinds.hpp"

#include <filesystem>
#include <optional>
#include <ostream>

namespace parcel::tool {
namespace {

namespace fs = std::filesystem;

const ValidateKind* findKind(const std::vector<ValidateKind>& kinds, const std::string& name) {
  for (const ValidateKind& kind : kinds) {
    if (kind.name == name) return &kind;
  }
  return nullptr;
}

std::string kindNames(const std::vector<ValidateKind>& kinds) {
  std::string names;
  for (const ValidateKind& kind : kinds) names += (names.empty() ? "" : ", ") + kind.name;
  return names;
}

}  // namespace

const CommandSpec& validateCommand() {
  static const CommandSpec spec = [] {
    std::string kinds;
    for (const ValidateKind& kind : allValidateKinds())
      kinds +=
          "\n  " + kind.name + std::string(kind.name.size() < 14 ? 14 - kind.name.size() : 1, ' ') + kind.description;
    CommandSpec validate{
        "validate",
        "validate [--kind K] [--strict] [--format text|json] [options] PATH...",
        "check parcels, parcel folders and metadata files",
        "Checks every PATH against Cloudera's rules and ours, and reports every problem,\n"
        "each with the file, a JSON pointer, a stable code and one sentence. The kind of\n"
        "each PATH is detected from its name or content unless --kind is given:" +
            kinds +
            "\n"
            "Exit codes: 0 valid (warnings allowed), 1 invalid, 2 usage error, 3 I/O failure.",
        {
            {"--kind", "K", false, "the kind of every PATH (see above)"},
            {"--strict", "", false, "treat warnings as errors"},
            {"--allow-plain-tar", "", false, "accept an uncompressed tar parcel, with a warning"},
            {"--service-types", "A,B", true, "extra service types a CSD may depend on"},
            {"--cm-version", "5|6|7", false, "the Cloudera Manager release a CSD targets (default 7)"},
            {"--format", "text|json", false, "json prints one array with an object per PATH on stdout"},
        },
        "PATH..."};
    for (OptionSpec& option : auditOptionSpecs()) validate.options.push_back(std::move(option));
    return validate;
  }();
  return spec;
}

int runValidate(const ParsedOptions& options, Io& io) {
  if (options.operands().empty()) throw UsageError("no PATH to validate");
  const bool json = wantsJson(options.value("--format").value_or("text"));
  ValidateContext context;
  context.parcel.allowPlainTar = options.has("--allow-plain-tar");
  context.strict = options.has("--strict");
  context.serviceTypes = options.listItems("--service-types");
  context.cmVersion = cmVersionOption(options.value("--cm-version"));
  const std::optional<AuditOptions> audit = auditOptionsOf(options);
  const std::vector<ValidateKind> kinds = allValidateKinds();
  const ValidateKind* forcedKind = nullptr;
  if (auto kind = options.value("--kind")) {
    forcedKind = findKind(kinds, *kind);
    if (forcedKind == nullptr) throw UsageError("unknown --kind '" + *kind + "'; known kinds: " + kindNames(kinds));
  }

  int exitCode = kExitSuccess;
  bool ioFailure = false;
  Json report = Json::array();
  for (const std::string& path : options.operands()) {
    Diagnostics diagnostics;
    std::optional<AuditReport> auditReport;
    std::string kindName = "unknown";
    std::error_code error;
    const std::optional<Diagnostic> failure = inputFailure(path);
    if (failure) {
      diagnostics.add(*failure);
      ioFailure = true;
    } else {
      const ValidateKind* kind = forcedKind;
      for (std::size_t i = 0; kind == nullptr && i < kinds.size(); ++i) {
        if (kinds[i].detect(path)) kind = &kinds[i];
      }
      // A folder nothing else claims is most likely a broken unpacked parcel.
      if (kind == nullptr && fs::is_directory(path, error)) kind = findKind(kinds, "parcel-dir");
      if (kind == nullptr) {
        throw UsageError("cannot tell what kind of file '" + path + "' is; name it with --kind (" + kindNames(kinds) +
                         ")");
      }
      kindName = kind->name;
      std::optional<ParcelReadOnce> readOnce;  // the audit reads what validate read
      if (audit) readOnce.emplace(path);
      kind->validate(path, context, diagnostics);
      if (audit) auditReport = kindName == "parcel" ? auditParcelFile(path, *audit) : auditNotSupported(kindName);
    }
    if (context.strict) diagnostics.promoteWarnings();
    const bool valid = !diagnostics.hasErrors();
    if (!valid || (auditReport && auditReport->hasErrors())) exitCode = kExitInvalid;
    if (json) {
      Json item = Json::object();
      item["path"] = path;
      item["kind"] = kindName;
      item["valid"] = valid;
      item["diagnostics"] = diagnosticsToJson(diagnostics);
      if (auditReport) item["audit"] = auditReportToJson(*auditReport);
      report.push_back(std::move(item));
    } else {
      printDiagnostics(io.err, path, diagnostics);
      if (failure) {
        io.out << path << ": not validated: it cannot be read\n";
      } else {
        io.out << path << ": " << (valid ? "valid" : "invalid") << " " << kindName << " (" << diagnostics.errorCount()
               << " error(s), " << diagnostics.warningCount() << " warning(s))\n";
        if (auditReport) printAuditReport(io.out, path, *auditReport);
      }
    }
  }
  if (json) io.out << toJsonText(report);
  // An input that cannot be read is an I/O failure, whatever the others gave.
  return ioFailure ? kExitIoFailure : exitCode;
}

}  // namespace parcel::tool
