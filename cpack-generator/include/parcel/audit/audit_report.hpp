// The audit's report: what an operator about to distribute a parcel needs to
// know about what it will do as root on every host (see docs/audit.md).
#pragma once

#include "parcel/json/json_text.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace parcel {

// Info: a fact to read (every alternative, user, variable). Warning: a risk the
// parcel declares openly. Error: a risk an operator must not let through
// unread; `--audit` exits 1 when there is one.
enum class AuditSeverity { Info, Warning, Error };

std::string_view toString(AuditSeverity severity);  // "info" | "warning" | "error"

struct AuditFinding {
  AuditSeverity severity = AuditSeverity::Info;
  std::string code;  // stable kebab-case, listed in docs/audit.md
  std::string subject;  // what it is about: an archive member, "user hdfs", "meta/foo_env.sh:3"
  std::string message;  // what the parcel does, one sentence
  std::string reason;  // why it matters, one sentence
  Json details = Json::object();  // the facts, for scripts (path, mode, destination, ...)
};

struct AuditReport {
  // In a fixed order: modes (by path), alternatives, users, groups, the
  // environment script (by line), relations.
  std::vector<AuditFinding> findings;

  void add(AuditSeverity severity, std::string code, std::string subject, std::string message, std::string reason,
           Json details = Json::object());
  std::size_t count(AuditSeverity severity) const;
  bool hasErrors() const { return count(AuditSeverity::Error) != 0; }
};

// {"errors": n, "warnings": n, "infos": n, "findings": [{"severity", "code",
// "subject", "message", "reason", "details"}, ...]}
Json auditReportToJson(const AuditReport& report);

// "<severity>: <subject>: <message>; <reason> [<code>]", one line; the caller
// makes it printable (subjects and messages hold text from the archive).
std::string formatAuditFinding(const AuditFinding& finding);

}  // namespace parcel
