#include "parcel/rules/member_path.hpp"

#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <vector>

TEST_CASE("resolveLinkTarget: a link's target applied to its folder, lexically") {
  struct Row {
    std::string link, target;
    std::optional<std::string> resolved;
  };
  const std::vector<Row> rows = {
      // Members (relative to the parcel's top folder, or under it).
      {"a/bin/R", "../lib/R", "a/lib/R"},
      {"bin/R", "R2", "bin/R2"},
      {"bin/R", "./R2", "bin/R2"},
      {"a/b", "c//d/./e", "a/c/d/e"},
      {"R", ".", ""},
      {"a/b", "..", ""},
      {"bin/R", "../../x", std::nullopt},
      {"a/b", "/etc/x/../y", "/etc/y"},
      // Installed paths (package conversion, before relocation).
      {"/opt/x/bin/R", "../lib/R", "/opt/x/lib/R"},
      {"/opt/x/bin/R", "/usr/bin/R", "/usr/bin/R"},
      {"/a/b", "..", "/"},
      {"/a/b", "../../../x", std::nullopt},
      {"/a/b", "/../x", std::nullopt},
  };
  for (const Row& row : rows) {
    CAPTURE(row.link);
    CAPTURE(row.target);
    CHECK(parcel::resolveLinkTarget(row.link, row.target) == row.resolved);
  }
}

TEST_CASE("judgeSymlink names the member resolveLinkTarget finds, or says the link escapes") {
  struct Row {
    std::string link, target, top;
  };
  const std::vector<Row> rows = {
      {"P-1/bin/R", "../lib/R", "P-1"}, {"P-1/bin/R", ".", "P-1"},           {"P-1/bin/R", "..", "P-1"},
      {"P-1/bin/R", "../..", "P-1"},    {"P-1/bin/R", "../../Q-1/x", "P-1"}, {"bin/R", "../lib", ""},
      {"bin/R", "../../x", ""},         {"lib/a/b", "../../bin//x", ""},
  };
  for (const Row& row : rows) {
    CAPTURE(row.link);
    CAPTURE(row.target);
    const parcel::SymlinkVerdict verdict = parcel::judgeSymlink(row.link, row.target, row.top);
    const auto resolved = parcel::resolveLinkTarget(row.link, row.target);
    const bool staysInside = resolved && (row.top.empty() || parcel::splitPathComponents(*resolved).front() == row.top);
    CHECK(verdict.finding.has_value() == !staysInside);
    if (staysInside) {
      CHECK(verdict.inside == resolved);
    } else {
      CHECK(verdict.finding->code == "symlink-escapes");
    }
  }
}
