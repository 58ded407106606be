#include "parcel/model/permissions.hpp"
#include "parcel/rules/names.hpp"

#include "diagnostics_support.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using parcel::Diagnostics;
using parcel::Json;
using parcel::test::codesAt;
using parcel::test::describe;
using parcel::test::findingsOf;
using parcel::test::FixtureRow;

namespace {

const std::string kTaskController = "/lib~1hadoop-0.20-mapreduce~1sbin~1Linux-amd64-64~1task-controller";
const std::string kContainerExecutor = "/lib~1hadoop-yarn~1bin~1container-executor";

}  // namespace

TEST_CASE("every reference permissions.json gets its expected verdict") {
  const std::vector<FixtureRow> rows = {
      {"cloudera-cm_ext__good_permissions.json", {}, {}, 0},
      {"cloudera-cm_ext__empty.json", {}, {}, 0},
      {"cloudera-cm_ext__bad_permissions.json", {kTaskController + "/user", kContainerExecutor + "/group"}, {}, 2},
      {"cloudera-cm_ext__bad_octal_permissions.json",
       {kTaskController + "/permissions", kContainerExecutor + "/permissions"},
       {},
       2},
      // Valid file by file; the absolute keys only fail against a parcel's contents.
      {"teamclairvoyant-apache-airflow-cloudera-parcel__meta_permissions.json",
       {},
       {"/~1var~1lib~1airflow", "/~1var~1log~1airflow"},
       0},
  };
  for (const FixtureRow& row : rows) parcel::test::checkFixture(row, parcel::readPermissions);
}

TEST_CASE("bad_octal_permissions.json: both modes in Cloudera's words") {
  Diagnostics found;
  parcel::readPermissions(parcel::test::readReference("cloudera-cm_ext__bad_octal_permissions.json"), found);
  parcel::test::checkFinding(found, kTaskController + "/permissions", "invalid-octal-mode",
                             "must be a four digit octal file permission, not \"9754\"");
  parcel::test::checkFinding(found, kContainerExecutor + "/permissions", "invalid-octal-mode",
                             "must be a four digit octal file permission, not \"0850\"");
}

TEST_CASE("good_permissions.json decodes in file order and encodes back") {
  const std::string text = parcel::test::readReference("cloudera-cm_ext__good_permissions.json");
  Diagnostics found;
  const auto permissions = parcel::readPermissions(text, found);
  REQUIRE(permissions.has_value());
  REQUIRE(permissions->size() == 2);
  CHECK(permissions->at(0).first == "lib/hadoop-0.20-mapreduce/sbin/Linux-amd64-64/task-controller");
  CHECK(permissions->at(0).second.permissions == "4754");
  CHECK(permissions->at(1).second.group == "yarn");
  CHECK(parcel::encodePermissions(*permissions) == Json::parse(text));
  CHECK(parcel::encodePermissions(*permissions).begin().value().dump() ==
        R"({"user":"root","group":"mapred","permissions":"4754"})");
}

TEST_CASE("four digit octal modes") {
  for (const char* mode : {"0755", "6050", "4754", "0000", "7777"}) {
    CAPTURE(mode);
    CHECK(parcel::isFourDigitOctalMode(mode));
  }
  for (const char* mode : {"777", "00755", "0850", "9754", "", "07a5", " 755", "0755 ", "-755", "+755"}) {
    CAPTURE(mode);
    CHECK_FALSE(parcel::isFourDigitOctalMode(mode));
  }
}

TEST_CASE("permissions: shape, Cloudera's constraints and our path rule") {
  struct Row {
    const char* name;
    std::string key;
    Json change;
    std::vector<std::pair<std::string, std::string>> findings;  // pointer, code
  };
  const std::vector<Row> rows = {
      {"valid", "bin/x", Json::object(), {}},
      {"three digits", "bin/x", {{"permissions", "777"}}, {{"/bin~1x/permissions", "invalid-octal-mode"}}},
      // Jackson reads the number 755 as the string "755", which then fails; the
      // coercion itself is silent (docs/format-decisions.md, "One coercion policy").
      {"number", "bin/x", {{"permissions", 755}}, {{"/bin~1x/permissions", "invalid-octal-mode"}}},
      {"number with four digits", "bin/x", {{"permissions", 4755}}, {}},
      {"missing mode", "bin/x", {{"permissions", nullptr}}, {{"/bin~1x/permissions", "missing-field"}}},
      {"mode an array", "bin/x", {{"permissions", {"0755"}}}, {{"/bin~1x/permissions", "wrong-type"}}},
      {"blank user", "bin/x", {{"user", ""}}, {{"/bin~1x/user", "blank-field"}}},
      {"blank group", "bin/x", {{"group", " "}}, {{"/bin~1x/group", "blank-field"}}},
      // The owner's names follow parcel.json's rule of accounts (checkAccountName).
      {"upper-case user", "bin/x", {{"user", "Hdfs"}}, {{"/bin~1x/user", "invalid-account-name"}}},
      {"user with a space", "bin/x", {{"user", "a b"}}, {{"/bin~1x/user", "invalid-account-name"}}},
      {"group starting with a digit", "bin/x", {{"group", "2grp"}}, {{"/bin~1x/group", "invalid-account-name"}}},
      {"both owners",
       "bin/x",
       {{"user", "-x"}, {"group", "G"}},
       {{"/bin~1x/user", "invalid-account-name"}, {"/bin~1x/group", "invalid-account-name"}}},
      {"machine account and dotted group", "bin/x", {{"user", "host$"}, {"group", "svc.web"}}, {}},
      {"user a number", "bin/x", {{"user", 7}}, {{"/bin~1x/user", "invalid-account-name"}}},
      {"user an array", "bin/x", {{"user", {"root"}}}, {{"/bin~1x/user", "wrong-type"}}},
      {"absolute key", "/var/lib/x", Json::object(), {{"/~1var~1lib~1x", "path-not-relative"}}},
      {"dot key", "./bin/x", Json::object(), {{"/.~1bin~1x", "path-not-relative"}}},
      {"dot-dot key", "../x", Json::object(), {{"/..~1x", "path-not-relative"}}},
      {"unknown field", "bin/x", {{"mode", "0755"}}, {{"/bin~1x/mode", "unknown-field"}}},
  };
  for (const Row& row : rows) {
    CAPTURE(row.name);
    Json entry = {{"user", "root"}, {"group", "yarn"}, {"permissions", "6050"}};
    entry.merge_patch(row.change);
    Diagnostics found;
    REQUIRE(parcel::readPermissions(Json{{row.key, entry}}.dump(), found).has_value());
    INFO(describe(found));
    CHECK(findingsOf(found) == row.findings);
  }
}

TEST_CASE("a path-not-relative finding is only a warning") {
  Diagnostics found;
  parcel::readPermissions(R"({"/opt/x": {"user": "u", "group": "g", "permissions": "0755"}})", found);
  CHECK(found.errorCount() == 0);
  CHECK(found.warningCount() == 1);
}

TEST_CASE("an owner that useradd refuses is a warning at its field, worded as in parcel.json") {
  Diagnostics found;
  parcel::readPermissions(R"({"bin/x": {"user": "Root", "group": "ok", "permissions": "0755"}})", found);
  CHECK(found.errorCount() == 0);
  REQUIRE(found.warningCount() == 1);
  parcel::Diagnostics direct;
  parcel::checkAccountName("Root", "/bin~1x/user", direct);
  REQUIRE(direct.items().size() == 1);
  const parcel::Diagnostic& item = found.items()[0];
  CHECK(item.pointer == "/bin~1x/user");
  CHECK(item.code == "invalid-account-name");
  CHECK(item.message == direct.items()[0].message);
  CHECK(item.message.rfind("\"Root\" is not a user or group name that useradd and groupadd accept by default", 0) == 0);
}

TEST_CASE("a permissions document that is not an object of objects") {
  Diagnostics found;
  REQUIRE(parcel::readPermissions(R"({"bin/x": "0755", "bin/y": null})", found).has_value());
  INFO(describe(found));
  CHECK(findingsOf(found) ==
        std::vector<std::pair<std::string, std::string>>{{"/bin~1x", "wrong-type"}, {"/bin~1y", "wrong-type"}});
}

TEST_CASE("a mode with too few digits is told its four-digit spelling") {
  CHECK(parcel::octalModeMessage("777") == "must be a four digit octal file permission, not \"777\"; write \"0777\"");
  CHECK(parcel::octalModeMessage("5") == "must be a four digit octal file permission, not \"5\"; write \"0005\"");
  CHECK(parcel::octalModeMessage("789") == "must be a four digit octal file permission, not \"789\"");
  CHECK(parcel::octalModeMessage("") == "must be a four digit octal file permission, not \"\"");
  Diagnostics found;
  parcel::readPermissions(R"({"bin/x": {"user": "root", "group": "root", "permissions": "755"}})", found);
  parcel::test::checkFinding(found, "/bin~1x/permissions", "invalid-octal-mode",
                             "must be a four digit octal file permission, not \"755\"; write \"0755\"");
}
