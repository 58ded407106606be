// A small, strict reader of one deb822 paragraph: the control file of a binary
// DEB (Debian Policy 5.1). Written here rather than taken from libapt-pkg,
// whose GPL would bind the whole (Apache-2.0) tool.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parcel {

struct Deb822Field {
  std::string name;  // as written
  std::string value;  // first line trimmed; continuation lines joined with '\n', each trimmed
  std::size_t line = 0;  // 1-based line of the field name
};

using Deb822Paragraph = std::vector<Deb822Field>;

struct Deb822Error {
  std::size_t line = 0;
  std::string code;  // "deb822-empty", "deb822-no-colon", ...
  std::string message;
};

// Exactly one paragraph; blank lines may only follow it. Refused, each with its
// code: a NUL or CR byte ("deb822-bad-byte"), a comment ("deb822-comment"), a
// continuation before any field ("deb822-leading-continuation"), a line without
// ':' ("deb822-no-colon"), a field name that is empty, starts with '-' or holds
// a byte outside '!'..'~' ("deb822-bad-field-name"), a name given twice in any
// case ("deb822-duplicate-field"), a second paragraph ("deb822-second-paragraph"),
// no field at all ("deb822-empty").
std::optional<Deb822Paragraph> parseDeb822Paragraph(std::string_view text, Deb822Error& error);

// A field's value by name, compared without regard to ASCII case.
const std::string* deb822Field(const Deb822Paragraph& paragraph, std::string_view name);

// "[epoch:]upstream[-revision]" of a Version field, split as dpkg does (the
// revision after the last '-'); nullopt when the epoch is not a number or the
// upstream part is empty or does not start with a digit.
struct DebVersion {
  std::string epoch;
  std::string upstream;
  std::string revision;
};
std::optional<DebVersion> splitDebVersion(std::string_view version);

}  // namespace parcel
