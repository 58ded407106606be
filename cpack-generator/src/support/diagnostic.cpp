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

void Diagnostics::locate(
    std::size_t from,
    const std::function<std::optional<std::pair<std::size_t, std::size_t>>(std::string_view pointer)>& where) {
  for (std::size_t index = from; index < items_.size(); ++index) {
    Diagnostic& diagnostic = items_[index];
    if (diagnostic.line != 0) continue;
    if (const auto position = where(diagnostic.pointer)) {
      diagnostic.line = position->first;
      diagnostic.column = position->second;
    }
  }
}

void Diagnostics::movePositions(
    std::size_t from,
    const std::function<std::optional<std::pair<std::size_t, std::size_t>>(std::size_t line, std::size_t column)>&
        move) {
  for (std::size_t index = from; index < items_.size(); ++index) {
    Diagnostic& diagnostic = items_[index];
    if (diagnostic.line == 0) continue;
    const auto moved = move(diagnostic.line, diagnostic.column);
    diagnostic.line = moved ? moved->first : 0;
    diagnostic.column = moved ? moved->second : 0;
  }
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

namespace {

// A reference token of a JSON pointer with its escapes undone ("a~1b" -> "a/b").
std::string unescapeToken(std::string_view token) {
  std::string key;
  for (std::size_t i = 0; i < token.size(); ++i) {
    if (token[i] == '~' && i + 1 < token.size() && (token[i + 1] == '0' || token[i + 1] == '1')) {
      key += token[i + 1] == '0' ? '~' : '/';
      ++i;
    } else {
      key += token[i];
    }
  }
  return key;
}

bool isIndex(std::string_view token) {
  return !token.empty() && token.size() < 10 &&
      std::all_of(token.begin(), token.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool isIdentifier(std::string_view key) {
  if (key.empty() || (key[0] >= '0' && key[0] <= '9')) return false;
  return std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

}  // namespace

std::string readablePointer(std::string_view pointer) {
  std::string path;
  std::size_t start = 1;  // past the leading '/'
  while (start <= pointer.size() && !pointer.empty()) {
    std::size_t end = pointer.find('/', start);
    if (end == std::string_view::npos) end = pointer.size();
    const std::string_view token = pointer.substr(start, end - start);
    const std::string key = unescapeToken(token);
    if (isIndex(token)) {
      path += "[" + key + "]";  // an array index (or an object key of digits: jq reads both alike here)
    } else if (isIdentifier(key)) {
      path += "." + key;
    } else {
      std::string quoted;
      for (char c : key) {
        if (c == '"' || c == '\\') quoted += '\\';
        quoted += c;
      }
      path += ".\"" + quoted + "\"";
    }
    start = end + 1;
  }
  return path.empty() ? "." : path;
}

std::string formatDiagnostic(std::string_view input, const Diagnostic& diagnostic) {
  std::string line(input);
  if (!diagnostic.member.empty()) line += ":" + diagnostic.member;
  if (diagnostic.line != 0) line += ":" + std::to_string(diagnostic.line) + ":" + std::to_string(diagnostic.column);
  if (!diagnostic.pointer.empty()) {
    line += "#" + diagnostic.pointer;
    // Escaped keys ("/~1var~1lib~1airflow") are hard to read: show them as jq would.
    if (diagnostic.pointer.find('~') != std::string::npos) line += " (" + readablePointer(diagnostic.pointer) + ")";
  }
  line += ": ";
  line += toString(diagnostic.severity);
  line += ": " + diagnostic.message + " [" + diagnostic.code + "]";
  return line;
}

}  // namespace parcel
