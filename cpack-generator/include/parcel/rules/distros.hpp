// The distro suffixes Cloudera Manager knows (spec section 2.3).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parcel {

struct DistroInfo {
  std::string_view suffix;  // "el7"
  std::string_view operatingSystem;  // "Red Hat Enterprise Linux 7 and rebuilds"
};

// Every known suffix, in the order of the spec's table.
const std::vector<DistroInfo>& knownDistros();

bool isKnownDistro(std::string_view suffix);

// A name people write for a family whose suffix is another: "centos7" means
// "el7". The alias, then digits, stand for the family's suffix with the same
// digits ("rocky9" -> "el9", "centos7.9" -> "el7").
struct DistroAlias {
  std::string_view alias;  // "centos"
  std::string_view family;  // "el"
};

// Every alias (the RHEL rebuilds and vendor names); the CMake module reads
// them from ParcelRulesGenerated.cmake.
const std::vector<DistroAlias>& distroAliases();

// Most edits between a typed suffix and the one suggested for it.
inline constexpr std::size_t kMostDistroEdits = 2;

// The known suffix a mistyped one most likely means, in this order:
//   1. an alias followed by digits ("rhel8", "centos7", "rocky9", "alma9",
//      "ol8") gives the family's suffix with those digits, when it is known;
//   2. otherwise the known suffix within kMostDistroEdits edits and fewer than
//      half the typed length ("el77" -> "el7", "jamy" -> "jammy"), the first in
//      table order on a tie.
// The typed suffix is compared in lower case ("EL7" -> "el7"); nullopt when
// nothing is near ("el10", perhaps a distro newer than the table).
std::optional<std::string_view> nearestKnownDistro(std::string_view suffix);

// "el5, el6, ..., stretch": every known suffix, for messages.
std::string knownDistroList();

}  // namespace parcel
