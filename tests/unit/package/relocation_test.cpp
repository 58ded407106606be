#include "parcel/package/relocation.hpp"

#include "parcel/rules/member_path.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using parcel::parseRelocation;
using parcel::Relocation;

TEST_CASE("--relocate values are parsed and normalised") {
  struct Row {
    const char* text;
    const char* from;
    const char* to;
  };
  const Row rows[] = {
      {"/opt/microsoft/mlserver/9.2.1=.", "/opt/microsoft/mlserver/9.2.1", ""},
      {"/opt/vendor//x/=lib/x", "/opt/vendor/x", "lib/x"},
      {"/=.", "/", ""},
      {"/etc/vendor=etc", "/etc/vendor", "etc"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.text);
    std::string problem;
    const auto relocation = parseRelocation(row.text, problem);
    REQUIRE(relocation.has_value());
    CHECK(relocation->from == row.from);
    CHECK(relocation->to == row.to);
  }
  for (const char* bad :
       {"/opt/x", "opt/x=.", "=.", "/opt/x=", "/opt/x=/abs", "/opt/../x=.", "/opt/x=a/../b", "/opt/x=./a"}) {
    CAPTURE(bad);
    std::string problem;
    CHECK_FALSE(parseRelocation(bad, problem).has_value());
    CHECK_FALSE(problem.empty());
  }
}

TEST_CASE("checkRelocation is the rule with its code: build --spec's relocate and CMake's RELOCATE") {
  struct Row {
    const char* text;
    const char* message;  // nullptr: accepted
  };
  const Row rows[] = {
      {"/opt/x=.", nullptr},
      {"/opt/x=lib/x", nullptr},
      {"/a=b=c", nullptr},  // split at the first '=': NEW is "b=c"
      {"/=.", nullptr},
      {"/opt/x", "'/opt/x' must have the form OLD=NEW, like /opt/vendor/1.0=."},
      {"", "'' must have the form OLD=NEW, like /opt/vendor/1.0=."},
      {"=.", "'=.' OLD must be an absolute path, as the package installs it"},
      {"opt/x=.", "'opt/x=.' OLD must be an absolute path, as the package installs it"},
      {"/opt/../x=.", "'/opt/../x=.' OLD must not hold a '.' or '..' component"},
      {"/opt/x=", "'/opt/x=' NEW must be '.' (the parcel's top folder) or a path relative to it"},
      {"/opt/x=/abs", "'/opt/x=/abs' NEW must be '.' (the parcel's top folder) or a path relative to it"},
      {"/opt/x=./a", "'/opt/x=./a' NEW must not hold a '.' or '..' component (use '.' alone for the top folder)"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.text);
    parcel::Diagnostics found;
    const auto relocation = parcel::checkRelocation(row.text, "/relocate/3", found);
    if (row.message == nullptr) {
      CHECK(relocation.has_value());
      CHECK(found.empty());
      continue;
    }
    CHECK_FALSE(relocation.has_value());
    REQUIRE(found.items().size() == 1);
    const parcel::Diagnostic& item = found.items()[0];
    CHECK(found.errorCount() == 1);
    CHECK(item.pointer == "/relocate/3");
    CHECK(item.code == "invalid-relocation");
    CHECK(item.message == row.message);
  }
}

TEST_CASE("the longest matching prefix decides where an installed path goes") {
  const std::vector<Relocation> relocations = {{"/opt/ms", "ms"}, {"/opt/ms/9.2.1", ""}, {"/etc/ms", "etc"}};
  struct Row {
    const char* installed;
    const char* parcel;  // nullptr: outside
  };
  const Row rows[] = {
      {"/opt/ms/9.2.1/bin/R", "bin/R"},
      {"/opt/ms/9.2.1", ""},
      {"/opt/ms/other", "ms/other"},
      {"/etc/ms/a.conf", "etc/a.conf"},
      {"/opt/ms9/x", nullptr},
      {"/usr/bin/R", nullptr},
      {"/opt", nullptr},
      {"/opt/ms/9.2.10/x", "ms/9.2.10/x"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.installed);
    const auto mapped = parcel::relocatePath(relocations, row.installed);
    if (row.parcel == nullptr) {
      CHECK_FALSE(mapped.has_value());
    } else {
      REQUIRE(mapped.has_value());
      CHECK(*mapped == row.parcel);
    }
  }
  CHECK(parcel::isAboveRelocation(relocations, "/opt"));
  CHECK(parcel::isAboveRelocation(relocations, "/etc"));
  CHECK_FALSE(parcel::isAboveRelocation(relocations, "/opt/ms/9.2.1"));
  CHECK_FALSE(parcel::isAboveRelocation(relocations, "/usr"));
  CHECK(*parcel::relocatePath(parcel::effectiveRelocations({}), "/usr/bin/x") == "usr/bin/x");
}

TEST_CASE("links resolve lexically and are rewritten relative to their new place") {
  // Against the installed root, with the member-path rules' resolveLinkTarget.
  CHECK(*parcel::resolveLinkTarget("/opt/x/bin/R", "../lib/R") == "/opt/x/lib/R");
  CHECK(*parcel::resolveLinkTarget("/opt/x/bin/R", "/usr/bin/R") == "/usr/bin/R");
  CHECK(*parcel::resolveLinkTarget("/opt/x/bin/R", "./R2") == "/opt/x/bin/R2");
  CHECK_FALSE(parcel::resolveLinkTarget("/a/b", "../../../x").has_value());
  CHECK(parcel::relativeLinkTarget("bin/R", "lib/R/bin/R") == "../lib/R/bin/R");
  CHECK(parcel::relativeLinkTarget("lib/abs-link", "bin/tool") == "../bin/tool");
  CHECK(parcel::relativeLinkTarget("a/b/c", "a/b/d") == "d");
  CHECK(parcel::relativeLinkTarget("a/b/c", "") == "../..");
  CHECK(parcel::relativeLinkTarget("top", "other") == "other");
}
