#include "parcel/package/deb822.hpp"

#include <algorithm>
#include <cctype>

namespace parcel {
namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool sameIgnoringCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

bool isValidFieldName(std::string_view name) {
  if (name.empty() || name.front() == '-' || name.front() == '#') return false;
  return std::all_of(name.begin(), name.end(), [](char c) { return c >= '!' && c <= '~' && c != ':'; });
}

bool isBlankLine(std::string_view line) { return trim(line).empty(); }

}  // namespace

std::optional<Deb822Paragraph> parseDeb822Paragraph(std::string_view text, Deb822Error& error) {
  auto fail = [&error](std::size_t line, const char* code, std::string message) {
    error = Deb822Error{line, code, std::move(message)};
    return std::nullopt;
  };
  if (const std::size_t bad = text.find_first_of(std::string_view("\0\r", 2)); bad != std::string_view::npos) {
    const std::size_t line = 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + bad, '\n'));
    return fail(line, "deb822-bad-byte", "the control file holds a NUL or carriage-return byte");
  }
  Deb822Paragraph paragraph;
  bool ended = false;  // a blank line after the fields
  std::size_t lineNumber = 0;
  while (!text.empty()) {
    const std::size_t newline = text.find('\n');
    const std::string_view line = text.substr(0, newline);
    text = newline == std::string_view::npos ? std::string_view() : text.substr(newline + 1);
    ++lineNumber;
    if (isBlankLine(line)) {
      if (!paragraph.empty()) ended = true;
      continue;
    }
    if (ended) return fail(lineNumber, "deb822-second-paragraph", "a binary package's control file has one paragraph");
    if (line.front() == '#') return fail(lineNumber, "deb822-comment", "comments are not allowed in a control file");
    if (line.front() == ' ' || line.front() == '\t') {
      if (paragraph.empty()) {
        return fail(lineNumber, "deb822-leading-continuation", "a continuation line comes before any field");
      }
      paragraph.back().value += '\n';
      paragraph.back().value += trim(line);
      continue;
    }
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) return fail(lineNumber, "deb822-no-colon", "the line has no ':'");
    const std::string_view name = line.substr(0, colon);
    if (!isValidFieldName(name)) {
      return fail(lineNumber, "deb822-bad-field-name", "'" + std::string(name) + "' is not a valid field name");
    }
    if (deb822Field(paragraph, name) != nullptr) {
      return fail(lineNumber, "deb822-duplicate-field", "the field '" + std::string(name) + "' is given twice");
    }
    paragraph.push_back({std::string(name), std::string(trim(line.substr(colon + 1))), lineNumber});
  }
  if (paragraph.empty()) return fail(lineNumber, "deb822-empty", "the control file has no field");
  return paragraph;
}

const std::string* deb822Field(const Deb822Paragraph& paragraph, std::string_view name) {
  for (const Deb822Field& field : paragraph) {
    if (sameIgnoringCase(field.name, name)) return &field.value;
  }
  return nullptr;
}

std::optional<DebVersion> splitDebVersion(std::string_view version) {
  DebVersion split;
  if (const std::size_t colon = version.find(':'); colon != std::string_view::npos) {
    split.epoch = std::string(version.substr(0, colon));
    if (split.epoch.empty() || split.epoch.size() > 9 ||
        !std::all_of(split.epoch.begin(), split.epoch.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return std::nullopt;
    }
    version.remove_prefix(colon + 1);
  }
  if (const std::size_t dash = version.rfind('-'); dash != std::string_view::npos) {
    split.revision = std::string(version.substr(dash + 1));
    if (split.revision.empty()) return std::nullopt;
    version = version.substr(0, dash);
  }
  if (version.empty() || !std::isdigit(static_cast<unsigned char>(version.front()))) return std::nullopt;
  const bool clean = std::all_of(version.begin(), version.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '+' || c == '-' || c == '~' || c == ':';
  });
  if (!clean) return std::nullopt;
  split.upstream = std::string(version);
  return split;
}

}  // namespace parcel
