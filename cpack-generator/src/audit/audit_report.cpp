#include "parcel/audit/audit_report.hpp"

#include <algorithm>

namespace parcel {

std::string_view toString(AuditSeverity severity) {
  switch (severity) {
    case AuditSeverity::Info:
      return "info";
    case AuditSeverity::Warning:
      return "warning";
    case AuditSeverity::Error:
      return "error";
  }
  return "error";
}

void AuditReport::add(AuditSeverity severity, std::string code, std::string subject, std::string message,
                      std::string reason, Json details) {
  findings.push_back(
      {severity, std::move(code), std::move(subject), std::move(message), std::move(reason), std::move(details)});
}

std::size_t AuditReport::count(AuditSeverity severity) const {
  return static_cast<std::size_t>(
      std::count_if(findings.begin(), findings.end(),
                    [severity](const AuditFinding& finding) { return finding.severity == severity; }));
}

Json auditReportToJson(const AuditReport& report) {
  Json findings = Json::array();
  for (const AuditFinding& finding : report.findings) {
    findings.push_back(Json{{"severity", std::string(toString(finding.severity))},
                            {"code", finding.code},
                            {"subject", finding.subject},
                            {"message", finding.message},
                            {"reason", finding.reason},
                            {"details", finding.details}});
  }
  Json json = Json::object();
  json["errors"] = report.count(AuditSeverity::Error);
  json["warnings"] = report.count(AuditSeverity::Warning);
  json["infos"] = report.count(AuditSeverity::Info);
  json["findings"] = std::move(findings);
  return json;
}

std::string formatAuditFinding(const AuditFinding& finding) {
  return std::string(toString(finding.severity)) + ": " + (finding.subject.empty() ? "" : finding.subject + ": ") +
      finding.message + "; " + finding.reason + " [" + finding.code + "]";
}

}  // namespace parcel
