#include "parcel/rules/names.hpp"

#include "parcel/rules/distros.hpp"

#include <algorithm>
#include <cstdio>

namespace parcel {
namespace {

constexpr std::string_view kSuffix = ".parcel";

bool isAsciiAlnum(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

bool isSpaceOrControl(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return byte <= 0x20 || byte == 0x7f;
}

bool isSlashSpaceOrControl(char c) { return c == '/' || isSpaceOrControl(c); }

// Java's '.' does not match line terminators, so the validator's regex rejects
// any name that holds one (the last three are U+0085, U+2028, U+2029 in UTF-8).
bool hasLineTerminator(std::string_view text) {
  for (std::string_view terminator : {"\n", "\r", "\xC2\x85", "\xE2\x80\xA8", "\xE2\x80\xA9"}) {
    if (text.find(terminator) != std::string_view::npos) return true;
  }
  return false;
}

// The distinct characters of `text` for which `select` holds, quoted for a message;
// bytes that would not print are shown as \xNN.
template <class Select>
std::string charactersWhere(std::string_view text, Select select) {
  std::string seen;
  std::string shown;
  for (char c : text) {
    if (!select(c) || seen.find(c) != std::string::npos) continue;
    seen += c;
    if (!shown.empty()) shown += ", ";
    const auto byte = static_cast<unsigned char>(c);
    if (byte > 0x20 && byte < 0x7f) {
      shown += std::string("'") + c + "'";
    } else {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02X", byte);
      shown += hex;
    }
  }
  return shown;
}

bool contains(std::string_view text, char c) { return text.find(c) != std::string_view::npos; }

// What names and versions share: '/', white space and control characters are
// errors ("<kind>-invalid-character"), since no usable file name holds them;
// characters other than letters, digits and `usual` are warnings
// ("<kind>-unusual-character"). `usualText` lists `usual` for the message.
void checkCharacters(std::string_view text, std::string_view usual, std::string_view usualText,
                     const std::string& pointer, const std::string& kind, Diagnostics& out) {
  const std::string invalid = charactersWhere(text, isSlashSpaceOrControl);
  if (!invalid.empty()) {
    out.error(pointer, kind + "-invalid-character",
              "must not contain '/', white space or control characters (found " + invalid + ")");
  }
  const std::string unusual = charactersWhere(
      text, [&](char c) { return !isAsciiAlnum(c) && !contains(usual, c) && !isSlashSpaceOrControl(c); });
  if (!unusual.empty()) {
    out.warning(pointer, kind + "-unusual-character",
                "contains unusual characters (" + unusual + "); use only A-Z, a-z, 0-9, " + std::string(usualText));
  }
}

}  // namespace

std::optional<ParcelFileName> parseParcelFileName(std::string_view fileName) {
  if (fileName.size() < kSuffix.size() || fileName.substr(fileName.size() - kSuffix.size()) != kSuffix) {
    return std::nullopt;
  }
  if (hasLineTerminator(fileName)) return std::nullopt;
  const std::string_view stem = fileName.substr(0, fileName.size() - kSuffix.size());
  // Lazy NAME stops at the first '-', greedy VERSION runs to the last one.
  const std::size_t first = stem.find('-');
  const std::size_t last = stem.rfind('-');
  if (first == std::string_view::npos || first == last) return std::nullopt;
  return ParcelFileName{std::string(stem.substr(0, first)), std::string(stem.substr(first + 1, last - first - 1)),
                        std::string(stem.substr(last + 1))};
}

std::string parcelFileName(std::string_view name, std::string_view version, std::string_view distro) {
  return parcelDirName(name, version) + "-" + std::string(distro) + std::string(kSuffix);
}

std::string parcelDirName(std::string_view name, std::string_view version) {
  return std::string(name) + "-" + std::string(version);
}

void checkProductName(std::string_view name, const std::string& pointer, Diagnostics& out) {
  if (name.empty()) {
    out.error(pointer, "empty-name", "must not be empty");
    return;
  }
  if (contains(name, '-')) {
    out.error(pointer, "name-contains-dash", "must not contain any '-' characters");
  }
  // '-' is reported above, so it does not count as unusual as well.
  checkCharacters(name, "_.-", "'_' and '.'", pointer, "name", out);
}

void checkVersion(std::string_view version, const std::string& pointer, Diagnostics& out) {
  if (version.empty()) {
    out.error(pointer, "empty-version", "must not be empty");
    return;
  }
  checkCharacters(version, "._+~-", "'.', '_', '+', '~' and '-'", pointer, "version", out);
  if (version.front() == '-' || version.back() == '-') {
    out.error(pointer, "version-edge-dash", "must not start or end with '-'");
  }
}

void checkDistro(std::string_view distro, const std::string& pointer, Diagnostics& out) {
  if (distro.empty()) {
    out.error(pointer, "empty-distro", "must not be empty");
    return;
  }
  const std::size_t errorsBefore = out.errorCount();
  if (contains(distro, '-')) {
    out.error(pointer, "distro-contains-dash", "must not contain any '-' characters");
  }
  const std::string invalid = charactersWhere(distro, [](char c) {
    return !(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9') && c != '.' && c != '_' && c != '-';
  });
  if (!invalid.empty()) {
    out.error(pointer, "distro-invalid-character", "must contain only a-z, 0-9, '.' and '_' (found " + invalid + ")");
  }
  if (out.errorCount() == errorsBefore && !isKnownDistro(distro)) {
    const auto nearest = nearestKnownDistro(distro);
    out.warning(pointer, "unknown-distro",
                "\"" + std::string(distro) + "\" does not appear to be a distro supported by CM" +
                    (nearest ? "; did you mean \"" + std::string(*nearest) + "\"?" : std::string(".")) +
                    " Known suffixes: " + knownDistroList());
  }
}

void checkAccountName(std::string_view name, const std::string& pointer, Diagnostics& out) {
  const auto first = [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; };
  const auto next = [&](char c) { return first(c) || (c >= '0' && c <= '9') || c == '.' || c == '-'; };
  std::string_view body = name;
  if (!body.empty() && body.back() == '$') body.remove_suffix(1);  // Samba's machine accounts
  const bool good = !body.empty() && first(body.front()) && std::all_of(body.begin() + 1, body.end(), next);
  if (good) return;
  out.warning(pointer, "invalid-account-name",
              "\"" + std::string(name) +
                  "\" is not a user or group name that useradd and groupadd accept by default "
                  "([a-z_][a-z0-9_.-]*, optionally ending in '$'): Cloudera Manager does not check it, but the "
                  "host refuses to create the account");
}

void checkAccountNames(const std::vector<std::string>& names, const std::string& listPointer, Diagnostics& out) {
  for (std::size_t index = 0; index < names.size(); ++index) {
    const std::string pointer = childPointer(listPointer, index);
    if (!out.hasErrorAt(pointer)) checkAccountName(names[index], pointer, out);  // a decoder's error: once
  }
}

bool checkEntityName(std::string_view name, const std::string& pointer, const std::vector<std::string>& reserved,
                     std::string_view what, Diagnostics& out) {
  const bool good = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '|';
  });
  if (!good) {
    out.error(
        pointer, "invalid-name", "\"" + std::string(name) + "\" must contain only upper-case letters, digits and '_'");
    return false;
  }
  if (std::find(reserved.begin(), reserved.end(), name) != reserved.end()) {
    out.error(
        pointer, "reserved-name",
        "\"" + std::string(name) + "\" is a built-in " + std::string(what) + " of Cloudera Manager and cannot be used");
    return false;
  }
  return true;
}

}  // namespace parcel
