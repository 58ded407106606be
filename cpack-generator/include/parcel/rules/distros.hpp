// The distro suffixes Cloudera Manager knows (spec section 2.3).
#pragma once

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

// The known suffix nearest to a mistyped one ("rhel8" -> "el8", "EL7" -> "el7"),
// when one is within two edits and fewer than half its length; the first in
// table order on a tie.
std::optional<std::string_view> nearestKnownDistro(std::string_view suffix);

// "el5, el6, ..., stretch": every known suffix, for messages.
std::string knownDistroList();

}  // namespace parcel
