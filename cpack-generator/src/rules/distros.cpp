#include "parcel/rules/distros.hpp"

#include "parcel/support/edit_distance.hpp"

#include <algorithm>
#include <cctype>

namespace parcel {

const std::vector<DistroInfo>& knownDistros() {
  static const std::vector<DistroInfo> distros = {
      {"el5", "Red Hat Enterprise Linux 5 and rebuilds (CentOS, Oracle, Scientific)"},
      {"el6", "Red Hat Enterprise Linux 6 and rebuilds"},
      {"el7", "Red Hat Enterprise Linux 7 and rebuilds"},
      {"el8", "Red Hat Enterprise Linux 8 and rebuilds (Rocky, Alma, Oracle)"},
      {"el9", "Red Hat Enterprise Linux 9 and rebuilds"},
      {"sles11", "SUSE Linux Enterprise Server 11"},
      {"sles12", "SUSE Linux Enterprise Server 12"},
      {"sles15", "SUSE Linux Enterprise Server 15"},
      {"lucid", "Ubuntu 10.04"},
      {"precise", "Ubuntu 12.04"},
      {"trusty", "Ubuntu 14.04"},
      {"xenial", "Ubuntu 16.04"},
      {"bionic", "Ubuntu 18.04"},
      {"focal", "Ubuntu 20.04"},
      {"jammy", "Ubuntu 22.04"},
      {"noble", "Ubuntu 24.04"},
      {"squeeze", "Debian 6"},
      {"wheezy", "Debian 7"},
      {"jessie", "Debian 8"},
      {"stretch", "Debian 9"},
  };
  return distros;
}

bool isKnownDistro(std::string_view suffix) {
  const auto& distros = knownDistros();
  return std::any_of(distros.begin(), distros.end(), [&](const DistroInfo& distro) { return distro.suffix == suffix; });
}

std::optional<std::string_view> nearestKnownDistro(std::string_view suffix) {
  // At most two edits, and fewer than half the letters typed: "rhel8" -> "el8",
  // "EL7" -> "el7", but "el10" (perhaps a distro newer than the table) gets none.
  constexpr std::size_t kMostEdits = 2;
  std::string lower(suffix);
  std::transform(
      lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  std::optional<std::string_view> nearest;
  std::size_t best = kMostEdits + 1;
  for (const DistroInfo& distro : knownDistros()) {
    const std::size_t distance = editDistance(lower, distro.suffix);
    if (distance < best && 2 * distance < suffix.size()) {
      best = distance;
      nearest = distro.suffix;
    }
  }
  return nearest;
}

std::string knownDistroList() {
  std::string list;
  for (const DistroInfo& distro : knownDistros()) {
    if (!list.empty()) list += ", ";
    list += distro.suffix;
  }
  return list;
}

}  // namespace parcel
