#include "commands/audit_option.hpp"

#include "parcel/archive/parcel_reader.hpp"
#include "report.hpp"

namespace parcel::tool {

std::vector<OptionSpec> auditOptionSpecs() {
  return {
      {"--audit", "", false, "also report what the parcel does as root on a host (docs/audit.md); exit 1 on an error"},
      {"--root", "DIR", false, "with --audit: an emulated host whose files alternatives would replace"},
  };
}

std::optional<AuditOptions> auditOptionsOf(const ParsedOptions& options) {
  if (!options.has("--audit")) {
    if (options.has("--root")) throw UsageError("--root is an option of --audit");
    return std::nullopt;
  }
  AuditOptions audit;
  if (const auto root = options.value("--root")) {
    if (root->empty()) throw UsageError("--root needs a folder");
    audit.hostRoot = *root;
  }
  return audit;
}

AuditReport auditParcelFile(const std::filesystem::path& file, const AuditOptions& options) {
  Diagnostics ignored;  // validate and inspect report the archive's own problems
  const ParcelArchive archive = readParcelArchive(file, ignored);
  return auditParcel(archive, auditTopFolder(archive, file), options);
}

AuditReport auditNotSupported(const std::string& kind) {
  AuditReport report;
  report.add(AuditSeverity::Error, "audit-not-supported", "", "the audit reads .parcel files, not a " + kind,
             "nothing of this input was audited; audit the .parcel that will be distributed");
  return report;
}

void printAuditReport(std::ostream& out, const std::string& input, const AuditReport& report) {
  for (const AuditFinding& finding : report.findings) {
    out << "parceltool: " << printable(input) << ": audit " << printable(formatAuditFinding(finding)) << "\n";
  }
  out << printable(input) << ": audit: " << report.count(AuditSeverity::Error) << " error(s), "
      << report.count(AuditSeverity::Warning) << " warning(s), " << report.count(AuditSeverity::Info) << " info(s)\n";
}

}  // namespace parcel::tool
