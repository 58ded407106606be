#include "report.hpp"

#include "options.hpp"

namespace parcel::tool {

void printDiagnostics(std::ostream& err, const std::string& input, const Diagnostics& diagnostics) {
  for (const Diagnostic& diagnostic : diagnostics.items()) {
    err << "parceltool: " << formatDiagnostic(input, diagnostic) << "\n";
  }
}

Json diagnosticsToJson(const Diagnostics& diagnostics) {
  Json list = Json::array();
  for (const Diagnostic& diagnostic : diagnostics.items()) {
    Json item = Json::object();
    item["severity"] = std::string(toString(diagnostic.severity));
    if (!diagnostic.member.empty()) item["member"] = diagnostic.member;
    item["pointer"] = diagnostic.pointer;
    item["code"] = diagnostic.code;
    item["message"] = diagnostic.message;
    list.push_back(std::move(item));
  }
  return list;
}

bool wantsJson(const std::string& format) {
  if (format == "json") return true;
  if (format == "text") return false;
  throw UsageError("--format must be text or json, not '" + format + "'");
}

}  // namespace parcel::tool
