// --audit on `validate` and `inspect`: the options, the run and the report, in
// one place, so both commands give the same audit (docs/audit.md).
#pragma once

#include "options.hpp"
#include "parcel/audit/parcel_audit.hpp"

#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace parcel::tool {

// "--audit" and "--root DIR", for a command's option table.
std::vector<OptionSpec> auditOptionSpecs();

// The audit asked for on the command line, or nullopt without --audit. --root
// without --audit is a usage error.
std::optional<AuditOptions> auditOptionsOf(const ParsedOptions& options);

// Reads `file` and audits it (IoError when it cannot be read).
AuditReport auditParcelFile(const std::filesystem::path& file, const AuditOptions& options);

// The report for an input the audit does not read (a folder, a metadata
// file): one "audit-not-supported" error, so a gate never passes unread input.
AuditReport auditNotSupported(const std::string& kind);

// "parceltool: <input>: audit <severity>: <subject>: <message>; <reason> [<code>]"
// per finding, then "<input>: audit: E error(s), W warning(s), I info(s)"
// on `out`; everything through printable().
void printAuditReport(std::ostream& out, const std::string& input, const AuditReport& report);

}  // namespace parcel::tool
