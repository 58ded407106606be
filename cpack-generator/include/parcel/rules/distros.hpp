// The distro suffixes Cloudera Manager knows (spec section 2.3).
#pragma once

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

}  // namespace parcel
