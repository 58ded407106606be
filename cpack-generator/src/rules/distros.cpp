#include "parcel/rules/distros.hpp"

#include <algorithm>

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

}  // namespace parcel
