#include "parcel/build/build_request.hpp"

#include "test_support.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using parcel::Diagnostics;

namespace {

std::vector<std::string> findings(const Diagnostics& out) {
  std::vector<std::string> items;
  for (const auto& item : out.items()) items.push_back(item.pointer + " " + item.code);
  return items;
}

}  // namespace

TEST_CASE("a spec of packages needs no input and carries the package fields") {
  parcel::test::TempDir tmp;
  const auto spec = tmp.path() / "spec.json";
  parcel::test::writeFile(spec, R"({"formatVersion": [1, 0], "name": "MLServer", "version": "9.2.1",
    "distros": ["el7"], "fromPackages": ["rpms/a.rpm", "/abs/b.deb"],
    "relocate": ["/opt/microsoft/mlserver/9.2.1=.", "/etc/ms=etc"], "scriptlets": "error",
    "dropOutside": true, "dryRun": true})");
  Diagnostics out;
  const auto request = parcel::readBuildSpec(spec, out);
  REQUIRE(request.has_value());
  CHECK(out.empty());
  CHECK(request->input.empty());
  CHECK(request->fromPackages == std::vector<std::filesystem::path>{tmp.path() / "rpms/a.rpm", "/abs/b.deb"});
  REQUIRE(request->relocations.size() == 2);
  CHECK(request->relocations[0].from == "/opt/microsoft/mlserver/9.2.1");
  CHECK(request->relocations[0].to == "");
  CHECK(request->relocations[1].to == "etc");
  CHECK((request->scriptlets == parcel::ScriptletPolicy::Error));
  CHECK(request->dropOutside);
  CHECK(request->dryRun);
}

TEST_CASE("package fields of a spec are checked, each at its pointer") {
  struct Row {
    const char* name;
    std::string fields;
    std::vector<std::string> expected;
  };
  const Row rows[] = {
      {"neither input nor packages", "", {"/input missing-field"}},
      {"a relocation without '='",
       R"(, "fromPackages": ["a.rpm"], "relocate": ["/opt/x"])",
       {"/relocate/0 invalid-relocation"}},
      {"a relative OLD",
       R"(, "fromPackages": ["a.rpm"], "relocate": ["/ok=.", "opt/x=."])",
       {"/relocate/1 invalid-relocation"}},
      {"an unknown scriptlet policy",
       R"(, "fromPackages": ["a.rpm"], "scriptlets": "ignore")",
       {"/scriptlets invalid-scriptlets"}},
      {"packages that are not strings",
       R"(, "fromPackages": [1])",
       {"/fromPackages/0 wrong-type", "/input missing-field"}},
  };
  for (const Row& row : rows) {
    CAPTURE(row.name);
    parcel::test::TempDir tmp;
    const auto spec = tmp.path() / "spec.json";
    parcel::test::writeFile(
        spec, R"({"formatVersion": [1, 0], "name": "X", "version": "1", "distros": ["el7"])" + row.fields + "}");
    Diagnostics out;
    CHECK_FALSE(parcel::readBuildSpec(spec, out).has_value());
    CHECK(findings(out) == row.expected);
  }
}
