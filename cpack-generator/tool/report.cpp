#include "report.hpp"

#include "options.hpp"

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace parcel::tool {

std::string printable(const std::string& text) {
  static const char kHex[] = "0123456789abcdef";
  const auto escape = [](std::string& shown, unsigned char byte) {
    shown += "\\x";
    shown += kHex[byte >> 4];
    shown += kHex[byte & 0xf];
  };
  std::string shown;
  shown.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x80) {
      if (byte < 0x20 || byte == 0x7f) {
        escape(shown, byte);
      } else {
        shown += static_cast<char>(byte);
      }
      ++i;
      continue;
    }
    // A whole UTF-8 sequence is kept; a byte that starts none is escaped, so
    // the output stays UTF-8 for whatever reads it.
    const std::size_t length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1;
    const std::string_view sequence = std::string_view(text).substr(i, length);
    if (length > 1 && sequence.size() == length && isValidUtf8(sequence)) {
      shown.append(sequence);
      i += length;
    } else {
      escape(shown, byte);
      ++i;
    }
  }
  return shown;
}

void printDiagnostics(std::ostream& err, const std::string& input, const Diagnostics& diagnostics) {
  // Per code and severity: how many were printed, and the order in which the
  // capped ones first went over the cap.
  std::map<std::pair<std::string, Severity>, std::size_t> seen;
  std::vector<std::pair<std::string, Severity>> capped;
  for (const Diagnostic& diagnostic : diagnostics.items()) {
    const std::size_t count = ++seen[{diagnostic.code, diagnostic.severity}];
    if (count == kMostPrintedPerCode + 1) capped.emplace_back(diagnostic.code, diagnostic.severity);
    if (count > kMostPrintedPerCode) continue;
    err << "parceltool: " << printable(formatDiagnostic(input, diagnostic)) << "\n";
  }
  for (const auto& key : capped) {
    const std::size_t more = seen[key] - kMostPrintedPerCode;
    err << "parceltool: " << printable(input) << ": " << toString(key.second) << ": (and " << more << " more like it) ["
        << printable(key.first) << "]\n";
  }
}

Json diagnosticsToJson(const Diagnostics& diagnostics) {
  Json list = Json::array();
  for (const Diagnostic& diagnostic : diagnostics.items()) {
    Json item = Json::object();
    item["severity"] = std::string(toString(diagnostic.severity));
    if (!diagnostic.member.empty()) item["member"] = diagnostic.member;
    item["pointer"] = diagnostic.pointer;
    if (diagnostic.line != 0) {  // where the value starts in that file
      item["line"] = diagnostic.line;
      item["column"] = diagnostic.column;
    }
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
