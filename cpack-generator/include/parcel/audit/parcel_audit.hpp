// `validate --audit` and `inspect --audit`: what a parcel will do on a host,
// read from the archive (no extraction), for an operator to vet before a
// distribution. Cloudera's validator checks none of this; see docs/audit.md.
#pragma once

#include "parcel/archive/parcel_reader.hpp"
#include "parcel/audit/audit_report.hpp"

#include <filesystem>
#include <optional>
#include <string>

namespace parcel {

struct AuditOptions {
  // An emulated host's root (`host --root DIR`): alternatives whose
  // destination is an existing file there that is not a link are flagged.
  std::optional<std::filesystem::path> hostRoot;
};

// Audits the members of `archive` under `top` ("NAME-VERSION"):
//   modes          every file that is setuid, setgid or writable by others,
//                  and every folder writable by others without the sticky
//                  bit, once meta/permissions.json is applied (the codes of
//                  rules/member_modes.hpp: an error when undeclared, a
//                  warning when declared);
//   alternatives   every one with destination, source and priority;
//                  sensitive system paths and, with hostRoot, files they would
//                  replace;
//   accounts       every user with its groups, every group; privileged ones;
//   environment    what the defines script does beyond assignments, and the
//                  variables it changes that other software reads;
//   relations      depends, conflicts, replaces, provides.
AuditReport auditParcel(const ParcelArchive& archive, const std::string& top, const AuditOptions& options = {});

// The top folder an archive's members live under: NAME-VERSION from the file
// name when it parses, else the first component of the first entry.
std::string auditTopFolder(const ParcelArchive& archive, const std::filesystem::path& file);

}  // namespace parcel
