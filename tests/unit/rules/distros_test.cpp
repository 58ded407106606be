#include "parcel/rules/distros.hpp"
#include "parcel/rules/names.hpp"

#include "diagnostics_support.hpp"

#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <string_view>

TEST_CASE("the known distros are the spec's table, in its order") {
  // Spec section 2.3, written out again so that a change to the table must be deliberate.
  const std::string_view expected[] = {"el5",    "el6",   "el7",     "el8",    "el9",    "sles11", "sles12",
                                       "sles15", "lucid", "precise", "trusty", "xenial", "bionic", "focal",
                                       "jammy",  "noble", "squeeze", "wheezy", "jessie", "stretch"};
  const auto& distros = parcel::knownDistros();
  REQUIRE(distros.size() == std::size(expected));
  for (std::size_t index = 0; index < distros.size(); ++index) {
    CAPTURE(expected[index]);
    CHECK(distros[index].suffix == expected[index]);
    CHECK_FALSE(distros[index].operatingSystem.empty());
    CHECK(parcel::isKnownDistro(expected[index]));
  }
}

TEST_CASE("operating systems are named for each family") {
  struct Row {
    std::string_view suffix, contains;
  };
  const Row rows[] = {
      {"el7", "Red Hat Enterprise Linux 7"},
      {"sles15", "SUSE Linux Enterprise Server 15"},
      {"precise", "Ubuntu 12.04"},
      {"noble", "Ubuntu 24.04"},
      {"jessie", "Debian 8"},
      {"stretch", "Debian 9"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.suffix);
    bool found = false;
    for (const auto& distro : parcel::knownDistros()) {
      if (distro.suffix == row.suffix) {
        found = true;
        CHECK(distro.operatingSystem.find(row.contains) != std::string_view::npos);
      }
    }
    CHECK(found);
  }
}

TEST_CASE("the unknown-distro warning suggests the nearest known suffix (issue 16 item 6)") {
  struct Row {
    const char* typed;
    const char* nearest;  // nullptr: no suggestion
  };
  // The aliases of distroAliases() first, then edits (the CMake module gives
  // the same suggestions: tests/integration/cmake/RulesAgree.cmake).
  const Row rows[] = {{"rhel8", "el8"},     {"rhel7", "el7"},      {"EL7", "el7"},        {"centos7", "el7"},
                      {"centos7.9", "el7"}, {"rocky9", "el9"},     {"alma9", "el9"},      {"almalinux8", "el8"},
                      {"ol8", "el8"},       {"oel6", "el6"},       {"redhat5", "el5"},    {"CentOS8", "el8"},
                      {"el77", "el7"},      {"centos10", nullptr}, {"centos", nullptr},   {"rocky", nullptr},
                      {"el10", nullptr},    {"jamy", "jammy"},     {"sles15x", "sles15"}, {"sle12", "sles12"},
                      {"x", nullptr},       {"", nullptr},         {"ubuntu22", nullptr}, {"olx8", nullptr}};
  for (const Row& row : rows) {
    CAPTURE(row.typed);
    const auto nearest = parcel::nearestKnownDistro(row.typed);
    CHECK(nearest.has_value() == (row.nearest != nullptr));
    if (nearest && row.nearest != nullptr) CHECK(*nearest == row.nearest);
  }
  parcel::Diagnostics found;
  parcel::checkDistro("rhel8", "", found);
  REQUIRE(found.warningCount() == 1);
  CHECK(found.items()[0].message.rfind(
            "\"rhel8\" does not appear to be a distro supported by CM; did you mean \"el8\"? Known suffixes: el5, el6,",
            0) == 0);
}

TEST_CASE("each distro alias names a family of the table") {
  for (const auto& alias : parcel::distroAliases()) {
    CAPTURE(alias.alias);
    CHECK_FALSE(alias.alias.empty());
    CHECK_FALSE(parcel::isKnownDistro(alias.alias));
    CHECK(parcel::nearestKnownDistro(std::string(alias.alias) + "8") == std::optional<std::string_view>("el8"));
  }
}

TEST_CASE("unknown suffixes are not known, and checkDistro warns about them") {
  for (std::string_view suffix : {"el10", "EL7", "el7 ", "", "ubuntu", "el8.aarch64le"}) {
    CAPTURE(suffix);
    CHECK_FALSE(parcel::isKnownDistro(suffix));
  }
  parcel::Diagnostics found;
  parcel::checkDistro("el10", "", found);
  CHECK(found.errorCount() == 0);
  REQUIRE(found.warningCount() == 1);
  CHECK(found.items()[0].code == "unknown-distro");
  CHECK(found.items()[0].message ==
        "\"el10\" does not appear to be a distro supported by CM. Known suffixes: el5, el6, el7, el8, el9, sles11, "
        "sles12, sles15, lucid, precise, trusty, xenial, bionic, focal, jammy, noble, squeeze, wheezy, jessie, "
        "stretch");

  for (const auto& distro : parcel::knownDistros()) {
    parcel::Diagnostics known;
    parcel::checkDistro(distro.suffix, "", known);
    CAPTURE(distro.suffix);
    CHECK(known.empty());
  }
}
