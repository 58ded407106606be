#include "parcel/rules/names.hpp"

#include "diagnostics_support.hpp"
#include "parcel/csd/descriptor.hpp"

#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

using parcel::Diagnostics;
using parcel::test::codesAt;
using parcel::test::describe;

TEST_CASE("parcel file names split into name, version, distro") {
  struct Row {
    std::string_view file, name, version, distro;
  };
  const Row rows[] = {
      {"CDH-5.0.0-1.cdh5.p0.30-el7.parcel", "CDH", "5.0.0-1.cdh5.p0.30", "el7"},
      {"FOO-1.0-jammy.parcel", "FOO", "1.0", "jammy"},
      {"CDH-5.0.0-0.cdh5b2.p0.30-precise.parcel", "CDH", "5.0.0-0.cdh5b2.p0.30", "precise"},
      {"CDH-7.1.7-1.cdh7.1.7.p0.15945976-el8.parcel", "CDH", "7.1.7-1.cdh7.1.7.p0.15945976", "el8"},
      {"A-1-.parcel", "A", "1", ""},  // lazy distro may be empty
      {"--.parcel", "", "", ""},  // every group may be empty
      {"A--x.parcel", "A", "", "x"},
      {"A-B-C.parcel.parcel", "A", "B", "C.parcel"},  // only the last ".parcel" is the suffix
      {"A-1-el8.aarch64le.parcel", "A", "1", "el8.aarch64le"},
      {"dir/A-1-el7.parcel", "dir/A", "1", "el7"},  // the regex does not know about folders
  };
  for (const Row& row : rows) {
    CAPTURE(row.file);
    const auto parsed = parcel::parseParcelFileName(row.file);
    REQUIRE(parsed.has_value());
    CHECK(parsed->name == row.name);
    CHECK(parsed->version == row.version);
    CHECK(parsed->distro == row.distro);
  }
}

TEST_CASE("names that do not match the validator's regex are rejected") {
  const std::string_view rows[] = {
      "FOO-1.0.parcel",  // one '-' only
      "FOO.parcel",  //
      "FOO-1.0-el7.PARCEL",  // the suffix is case-sensitive
      "FOO-1.0-el7.parcel.sha1",  // and must end the name
      "FOO-1.0-el7.tar.gz",  //
      "",  //
      ".parcel",  //
      "FOO-1.0-el7.parcel\n",  // Java's '.' and '$' do not take a trailing line break
      "FOO\n-1.0-el7.parcel",  //
      "FOO-1\r-el7.parcel",  //
      "FOO-1\xE2\x80\xA8-el7.parcel",  // U+2028 is a Java line terminator
  };
  for (std::string_view file : rows) {
    CAPTURE(file);
    CHECK_FALSE(parcel::parseParcelFileName(file).has_value());
  }
}

TEST_CASE("file and folder names are built from the parts") {
  CHECK(parcel::parcelFileName("CDH", "5.0.0-1", "el7") == "CDH-5.0.0-1-el7.parcel");
  CHECK(parcel::parcelDirName("CDH", "5.0.0-1") == "CDH-5.0.0-1");
  const auto parsed = parcel::parseParcelFileName(parcel::parcelFileName("FOO", "1.0-2", "jammy"));
  REQUIRE(parsed.has_value());
  CHECK(parsed->version == "1.0-2");
}

namespace {

struct CheckRow {
  std::string value;
  std::vector<std::string> codes;  // in report order; empty: nothing to report
  std::size_t errors;
};

template <class Check>
void runCheckTable(const std::vector<CheckRow>& rows, Check check) {
  for (const CheckRow& row : rows) {
    CAPTURE(row.value);
    Diagnostics found;
    check(row.value, "/x", found);
    INFO(describe(found));
    CHECK(codesAt(found, "/x") == row.codes);
    CHECK(found.items().size() == row.codes.size());  // everything is reported at the given pointer
    CHECK(found.errorCount() == row.errors);
  }
}

}  // namespace

TEST_CASE("checkProductName: Cloudera's rules as errors, unusual characters as warnings") {
  runCheckTable(
      {
          {"CDH", {}, 0},
          {"SPARK2", {}, 0},
          {"KEYTRUSTEE_SERVER", {}, 0},
          {"ProBoS", {}, 0},
          {"python2.7", {}, 0},
          {"", {"empty-name"}, 1},
          {"foo-bar", {"name-contains-dash"}, 1},
          {"-", {"name-contains-dash"}, 1},
          {"a/b", {"name-invalid-character"}, 1},
          {"a b", {"name-invalid-character"}, 1},
          {"a\tb", {"name-invalid-character"}, 1},
          {"a\nb", {"name-invalid-character"}, 1},
          {std::string("a\0b", 3), {"name-invalid-character"}, 1},
          {"a\x7f", {"name-invalid-character"}, 1},
          {"a-b/c", {"name-contains-dash", "name-invalid-character"}, 2},
          {"a+b", {"name-unusual-character"}, 0},
          {"na\xC3\xAFve", {"name-unusual-character"}, 0},
          {"a-b@", {"name-contains-dash", "name-unusual-character"}, 1},
      },
      parcel::checkProductName);
}

TEST_CASE("checkProductName words its findings like Cloudera and names the characters") {
  Diagnostics found;
  parcel::checkProductName("foo-bar", "/name", found);
  REQUIRE(found.items().size() == 1);
  CHECK(found.items()[0].message == "must not contain any '-' characters");

  Diagnostics odd;
  parcel::checkProductName("a@b@c+", "/name", odd);
  REQUIRE(odd.items().size() == 1);
  CHECK(odd.items()[0].message.find("'@', '+'") != std::string::npos);

  Diagnostics control;
  parcel::checkProductName("a\x01", "/name", control);
  REQUIRE(control.items().size() == 1);
  CHECK(control.items()[0].message.find("\\x01") != std::string::npos);
}

TEST_CASE("checkVersion: no '/', white space, control characters or edge dashes") {
  runCheckTable(
      {
          {"5.0.0", {}, 0},
          {"5.0.0-0.cdh5b2.p0.30", {}, 0},
          {"2.2.0+cdh5.0.0+609", {}, 0},
          {"1.0~rc1", {}, 0},
          {"0.2.15-SNAPSHOT", {}, 0},
          {"1_2", {}, 0},
          {"", {"empty-version"}, 1},
          {"1/2", {"version-invalid-character"}, 1},
          {"1 2", {"version-invalid-character"}, 1},
          {"1\n", {"version-invalid-character"}, 1},
          {"-1.0", {"version-edge-dash"}, 1},
          {"1.0-", {"version-edge-dash"}, 1},
          {"-", {"version-edge-dash"}, 1},
          {"1.0:2", {"version-unusual-character"}, 0},
          {"1.0 -", {"version-invalid-character", "version-edge-dash"}, 2},
      },
      parcel::checkVersion);
}

TEST_CASE("checkDistro: [a-z0-9._] only, unknown suffixes warn") {
  runCheckTable(
      {
          {"el7", {}, 0},
          {"jammy", {}, 0},
          {"stretch", {}, 0},
          {"el8.aarch64le", {"unknown-distro"}, 0},
          {"el10", {"unknown-distro"}, 0},
          {"", {"empty-distro"}, 1},
          {"el-7", {"distro-contains-dash"}, 1},
          {"EL7", {"distro-invalid-character"}, 1},
          {"el 7", {"distro-invalid-character"}, 1},
          {"el/7", {"distro-invalid-character"}, 1},
      },
      parcel::checkDistro);
}

TEST_CASE("checkAccountName: what useradd accepts by default, else a warning") {
  runCheckTable(
      {
          {"hdfs", {}, 0},
          {"cloudera-scm", {}, 0},
          {"_apt", {}, 0},
          {"svc.web", {}, 0},
          {"user2", {}, 0},
          {"host$", {}, 0},
          {"a", {}, 0},
          {"", {"invalid-account-name"}, 0},
          {"$", {"invalid-account-name"}, 0},
          {"Hdfs", {"invalid-account-name"}, 0},
          {"2user", {"invalid-account-name"}, 0},
          {"-x", {"invalid-account-name"}, 0},
          {".x", {"invalid-account-name"}, 0},
          {"a$b", {"invalid-account-name"}, 0},
          {"a$$", {"invalid-account-name"}, 0},
          {"a b", {"invalid-account-name"}, 0},
          {"a:b", {"invalid-account-name"}, 0},
          {"a/b", {"invalid-account-name"}, 0},
          {"caf\xC3\xA9", {"invalid-account-name"}, 0},
      },
      parcel::checkAccountName);
}

TEST_CASE("checkAccountName says what the host does, and --strict makes it an error") {
  Diagnostics found;
  parcel::checkAccountName("Admin", "/users/Admin", found);
  REQUIRE(found.items().size() == 1);
  CHECK(found.items()[0].message ==
        "\"Admin\" is not a user or group name that useradd and groupadd accept by default "
        "([a-z_][a-z0-9_.-]*, optionally ending in '$'): Cloudera Manager does not check it, but the host refuses "
        "to create the account");
  found.promoteWarnings();
  CHECK(found.errorCount() == 1);
}

TEST_CASE("checkAccountNames points at each item and skips one the decoder rejected") {
  Diagnostics found;
  found.error("/groups/1", "wrong-type", "must be a string, not the integer 1");
  parcel::checkAccountNames({"ok", "", "Bad"}, "/groups", found);
  CHECK(codesAt(found, "/groups/0").empty());
  CHECK(codesAt(found, "/groups/1") == std::vector<std::string>{"wrong-type"});
  CHECK(codesAt(found, "/groups/2") == std::vector<std::string>{"invalid-account-name"});
}

TEST_CASE("an empty distro from a parsed file name is flagged by checkDistro") {
  const auto parsed = parcel::parseParcelFileName("A-1-.parcel");
  REQUIRE(parsed.has_value());
  Diagnostics found;
  parcel::checkDistro(parsed->distro, "", found);
  CHECK(codesAt(found, "") == std::vector<std::string>{"empty-distro"});
}

TEST_CASE("checkEntityName: cm-schema's [A-Z|_|0-9]*, not empty, not a built-in type") {
  const std::vector<std::string> reserved = {"HDFS", "YARN"};
  for (const char* good : {"ECHO", "MY_SVC2", "A|B", "_", "9"}) {
    CAPTURE(good);
    Diagnostics found;
    CHECK(parcel::checkEntityName(good, "/name", reserved, "service type", found));
    CHECK(found.empty());
  }
  struct Row {
    std::string name, code, message;
  };
  const Row bad[] = {
      {"", "invalid-name", "\"\" must contain only upper-case letters, digits and '_'"},
      {"echo", "invalid-name", "\"echo\" must contain only upper-case letters, digits and '_'"},
      {"MY-SVC", "invalid-name", "\"MY-SVC\" must contain only upper-case letters, digits and '_'"},
      {"A B", "invalid-name", "\"A B\" must contain only upper-case letters, digits and '_'"},
      {"\xC3\x89"
       "CHO",
       "invalid-name",
       "\"\xC3\x89"
       "CHO\" must contain only upper-case letters, digits and '_'"},
      {"HDFS", "reserved-name", "\"HDFS\" is a built-in service type of Cloudera Manager and cannot be used"},
  };
  for (const Row& row : bad) {
    CAPTURE(row.name);
    Diagnostics found;
    CHECK_FALSE(parcel::checkEntityName(row.name, "/roles/0/name", reserved, "service type", found));
    REQUIRE(found.items().size() == 1);
    CHECK(found.errorCount() == 1);
    CHECK(found.items()[0].pointer == "/roles/0/name");
    CHECK(found.items()[0].code == row.code);
    CHECK(found.items()[0].message == row.message);
  }
  Diagnostics role;
  CHECK_FALSE(parcel::checkEntityName("YARN", "", reserved, "role type", role));
  CHECK(parcel::test::messageAt(role, "", "reserved-name") ==
        "\"YARN\" is a built-in role type of Cloudera Manager and cannot be used");
}

TEST_CASE("checkEntityName agrees with service.sdl's name rule, finding for finding") {
  // service.sdl reports a blank name as @NotBlank before the entity-name rule, so "" is left out.
  for (const char* name : {"ECHO", "MY_SVC2", "A|B", "echo", "MY-SVC", "A B", "HDFS", "ZOOKEEPER", "HDFS2"}) {
    CAPTURE(name);
    const parcel::Json sdl = {{"name", name}, {"label", "l"}, {"description", "d"}, {"version", "1"}};
    Diagnostics validated;
    parcel::csd::validateSdl(sdl, {}, validated);
    std::vector<std::pair<std::string, std::string>> expected;
    for (const auto& item : validated.items()) {
      if (item.pointer == "/name") expected.emplace_back(item.code, item.message);
    }
    Diagnostics found;
    parcel::checkEntityName(name, "/name", parcel::csd::builtinServiceTypes(), "service type", found);
    std::vector<std::pair<std::string, std::string>> ruled;
    for (const auto& item : found.items()) ruled.emplace_back(item.code, item.message);
    CHECK(ruled == expected);
  }
}
