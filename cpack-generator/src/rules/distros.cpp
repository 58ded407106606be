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

const std::vector<DistroAlias>& distroAliases() {
  // The rebuilds and vendor names of Red Hat Enterprise Linux, which Cloudera
  // calls "el<N>" (spec section 2.3).
  static const std::vector<DistroAlias> aliases = {
      {"almalinux", "el"}, {"alma", "el"},  {"centos", "el"}, {"redhat", "el"},
      {"rhel", "el"},      {"rocky", "el"}, {"oel", "el"},    {"ol", "el"},
  };
  return aliases;
}

namespace {

bool isDigit(char c) { return c >= '0' && c <= '9'; }

// Rule 1 of nearestKnownDistro: "<alias><digits>..." -> "<family><digits>".
std::optional<std::string_view> aliasedDistro(std::string_view lower) {
  for (const DistroAlias& alias : distroAliases()) {
    if (lower.substr(0, alias.alias.size()) != alias.alias) continue;
    const std::string_view rest = lower.substr(alias.alias.size());
    const std::size_t digits = std::find_if_not(rest.begin(), rest.end(), isDigit) - rest.begin();
    if (digits == 0) continue;
    const std::string candidate = std::string(alias.family) + std::string(rest.substr(0, digits));
    for (const DistroInfo& distro : knownDistros()) {
      if (distro.suffix == candidate) return distro.suffix;
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string_view> nearestKnownDistro(std::string_view suffix) {
  std::string lower(suffix);
  std::transform(
      lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (auto aliased = aliasedDistro(lower)) return aliased;
  // At most two edits, and fewer than half the letters typed: "rhel8" -> "el8",
  // "EL7" -> "el7", but "el10" (perhaps a distro newer than the table) gets none.
  std::optional<std::string_view> nearest;
  std::size_t best = kMostDistroEdits + 1;
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
