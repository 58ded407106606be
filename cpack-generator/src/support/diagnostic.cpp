#include "parcel/support/diagnostic.hpp"

#include <algorithm>
#include <utility>

namespace parcel {

std::string_view toString(Severity severity) { return severity == Severity::Error ? "error" : "warning"; }

void Diagnostics::add(Diagnostic diagnostic) {
  if (diagnostic.severity == Severity::Error) errorPointers_.insert(diagnostic.pointer);
  items_.push_back(std::move(diagnostic));
}

void Diagnostics::error(std::string pointer, std::string code, std::string message) {
  add({Severity::Error, {}, std::move(pointer), std::move(code), std::move(message)});
}

void Diagnostics::warning(std::string pointer, std::string code, std::string message) {
  add({Severity::Warning, {}, std::move(pointer), std::move(code), std::move(message)});
}

void Diagnostics::append(const Diagnostics& other, const std::string& member) {
  // By index: `other` may be this list, which grows while it is read.
  const std::size_t count = other.items_.size();
  for (std::size_t index = 0; index < count; ++index) {
    Diagnostic diagnostic = other.items_[index];
    if (diagnostic.member.empty()) diagnostic.member = member;
    add(std::move(diagnostic));
  }
}

bool Diagnostics::hasErrorAt(std::string_view pointer) const {
  return errorPointers_.find(pointer) != errorPointers_.end();
}

void Diagnostics::promoteWarnings() {
  for (Diagnostic& diagnostic : items_) {
    diagnostic.severity = Severity::Error;
    errorPointers_.insert(diagnostic.pointer);
  }
}

bool Diagnostics::hasErrors() const { return errorCount() > 0; }

std::size_t Diagnostics::errorCount() const {
  return static_cast<std::size_t>(
      std::count_if(items_.begin(), items_.end(), [](const Diagnostic& d) { return d.severity == Severity::Error; }));
}

std::size_t Diagnostics::warningCount() const { return items_.size() - errorCount(); }

std::string pointerToken(std::string_view token) {
  std::string escaped;
  escaped.reserve(token.size());
  for (char c : token) {
    if (c == '~') {
      escaped += "~0";
    } else if (c == '/') {
      escaped += "~1";
    } else {
      escaped += c;
    }
  }
  return escaped;
}

std::string childPointer(std::string_view parent, std::string_view token) {
  std::string pointer(parent);
  pointer += '/';
  pointer += pointerToken(token);
  return pointer;
}

std::string childPointer(std::string_view parent, std::size_t index) {
  return childPointer(parent, std::to_string(index));
}

std::string formatDiagnostic(std::string_view input, const Diagnostic& diagnostic) {
  std::string line(input);
  if (!diagnostic.member.empty()) line += ":" + diagnostic.member;
  if (!diagnostic.pointer.empty()) line += "#" + diagnostic.pointer;
  line += ": ";
  line += toString(diagnostic.severity);
  line += ": " + diagnostic.message + " [" + diagnostic.code + "]";
  return line;
}

}  // namespace parcel
