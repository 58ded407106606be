#include "parcel/package/package_payload.hpp"

#include "parcel/rules/member_path.hpp"

#include <doctest/doctest.h>

#include <map>
#include <string>
#include <vector>

using parcel::Diagnostics;
using parcel::EntryType;
using parcel::PackageContents;
using parcel::PackageFile;
using parcel::PackageMappingOptions;
using parcel::PackagePayload;

namespace {

PackageFile entry(std::string path, EntryType type, unsigned mode, std::string link = "") {
  PackageFile file;
  file.path = std::move(path);
  file.type = type;
  file.mode = mode;
  file.linkTarget = std::move(link);
  if (type == EntryType::File) file.size = 4;
  return file;
}

PackageContents demo() {
  PackageContents package;
  package.file = "demo.rpm";
  package.name = "demo";
  package.version = "1.2";
  package.release = "3.el7";
  package.epoch = "2";
  package.files = {
      entry("/opt", EntryType::Directory, 0755),
      entry("/opt/v", EntryType::Directory, 0755),
      entry("/opt/v/bin", EntryType::Directory, 0755),
      entry("/opt/v/bin/tool", EntryType::File, 0755),
      entry("/opt/v/bin/suid", EntryType::File, 04750),
      entry("/opt/v/lib", EntryType::Directory, 0755),
      entry("/opt/v/lib/abs", EntryType::Symlink, 0777, "/opt/v/bin/tool"),
      entry("/opt/v/lib/rel", EntryType::Symlink, 0777, "../bin/tool"),
      entry("/opt/v/lib/host", EntryType::Symlink, 0777, "/etc/alternatives/java"),
      // Data held by the later name: the earlier one must become the file.
      entry("/opt/v/lib/z-data", EntryType::File, 0644),
      entry("/opt/v/lib/a-link", EntryType::Hardlink, 0644, "/opt/v/lib/z-data"),
  };
  package.files[4].group = "demo";
  return package;
}

std::map<std::string, const parcel::PayloadEntry*> byPath(const PackagePayload& payload) {
  std::map<std::string, const parcel::PayloadEntry*> entries;
  for (const auto& item : payload.entries) entries[item.path] = &item;
  return entries;
}

}  // namespace

TEST_CASE("a package is relocated, its links rewritten and its owners declared") {
  PackageMappingOptions options;
  options.relocations = {{"/opt/v", ""}};
  PackagePayload payload;
  Diagnostics out;
  parcel::addPackage(demo(), options, payload, out);
  // lib/host -> /etc/alternatives/java stays, with the member-path rules' warning.
  REQUIRE(out.items().size() == 1);
  CHECK((out.items()[0].severity == parcel::Severity::Warning));
  CHECK(out.items()[0].code == "symlink-absolute");
  const auto entries = byPath(payload);
  std::vector<std::string> paths;
  for (const auto& [path, item] : entries) paths.push_back(path);
  CHECK(paths ==
        std::vector<std::string>{
            "bin", "bin/suid", "bin/tool", "lib", "lib/a-link", "lib/abs", "lib/host", "lib/rel", "lib/z-data"});
  CHECK(entries.at("lib/abs")->linkTarget == "../bin/tool");
  CHECK(entries.at("lib/rel")->linkTarget == "../bin/tool");
  CHECK(entries.at("lib/host")->linkTarget == "/etc/alternatives/java");
  CHECK((entries.at("lib/a-link")->type == EntryType::File));
  CHECK((entries.at("lib/z-data")->type == EntryType::Hardlink));
  CHECK(entries.at("lib/z-data")->linkTarget == "lib/a-link");
  CHECK(entries.at("bin/suid")->mode == 04750);
  REQUIRE(payload.permissions.size() == 1);
  CHECK(payload.permissions[0].first == "bin/suid");
  CHECK(*payload.permissions[0].second.user == "root");
  CHECK(*payload.permissions[0].second.group == "demo");
  CHECK(*payload.permissions[0].second.permissions == "4750");
  CHECK(payload.users.empty());
  CHECK(payload.groups == std::vector<std::string>{"demo"});
  REQUIRE(payload.packages.size() == 1);
  CHECK(*payload.packages[0].version == "1.2");
  CHECK(*payload.components[0].pkgVersion == "2:1.2-3.el7");
  CHECK(*payload.components[0].pkgRelease == "3.el7");
  REQUIRE(payload.fileList.size() == 1);
  CHECK(payload.fileList[0].second.size() == 9);
}

TEST_CASE("package conversion and the member-path rules follow a link to the same member") {
  // addPackage follows each link against the installed root and rewrites it for
  // the parcel; judgeSymlink (what build and validate apply) must find the
  // member that the installed target became, in the input tree ("") and in the
  // archive under its top folder.
  struct Row {
    std::string link, target, member;
  };
  const std::vector<Row> rows = {
      {"/opt/v/lib/rel", "../bin/tool", "bin/tool"},
      {"/opt/v/lib/abs", "/opt/v/bin/tool", "bin/tool"},
      {"/opt/v/lib/dots", "./../bin//tool", "bin/tool"},
      {"/opt/v/bin/self", ".", "bin"},
      {"/opt/v/lib/deep/up", "../../bin/tool", "bin/tool"},
      {"/opt/v/lib/top", "..", ""},
      {"/opt/v/first", "lib/deep", "lib/deep"},
      {"/opt/v/lib/deep/abs", "/opt/v/lib", "lib"},
  };
  PackageContents package = demo();
  package.files.push_back(entry("/opt/v/lib/deep", EntryType::Directory, 0755));
  for (const Row& row : rows) package.files.push_back(entry(row.link, EntryType::Symlink, 0777, row.target));
  PackageMappingOptions options;
  options.relocations = {{"/opt/v", ""}};
  PackagePayload payload;
  Diagnostics out;
  parcel::addPackage(package, options, payload, out);
  CHECK(out.errorCount() == 0);
  const auto entries = byPath(payload);
  for (const Row& row : rows) {
    CAPTURE(row.link);
    const std::string path = row.link.substr(std::string("/opt/v/").size());
    REQUIRE(entries.count(path) == 1);
    const std::string& written = entries.at(path)->linkTarget;
    CAPTURE(written);
    const parcel::SymlinkVerdict inTree = parcel::judgeSymlink(path, written, "");
    CHECK_FALSE(inTree.finding.has_value());
    CHECK(inTree.inside == row.member);
    const parcel::SymlinkVerdict inArchive = parcel::judgeSymlink("DEMO-1/" + path, written, "DEMO-1");
    CHECK_FALSE(inArchive.finding.has_value());
    CHECK(inArchive.inside == (row.member.empty() ? "DEMO-1" : "DEMO-1/" + row.member));
  }
}

TEST_CASE("what a package cannot bring into a parcel is reported with its code") {
  PackageContents package = demo();
  package.scriptlets = {"%post"};
  package.files.push_back(entry("/usr/bin/outside", EntryType::File, 0755));
  package.files.push_back(entry("/opt/v/lib/escape", EntryType::Symlink, 0777, "../../../usr/bin/x"));
  package.files.push_back(entry("/opt/v/dev", EntryType::Other, 0600));
  PackageFile ghost = entry("/opt/v/log", EntryType::File, 0644);
  ghost.ghost = true;
  package.files.push_back(ghost);
  PackageFile config = entry("/opt/v/etc.conf", EntryType::File, 0644);
  config.config = true;
  config.user = "svc";
  package.files.push_back(config);

  struct Row {
    bool dropOutside;
    parcel::ScriptletPolicy scriptlets;
    std::vector<std::string> errors;
    std::vector<std::string> warnings;
  };
  const Row rows[] = {
      {false,
       parcel::ScriptletPolicy::Warn,
       {"package-symlink-escapes", "package-special-file", "package-file-outside"},
       {"package-scriptlet", "symlink-absolute", "package-ghost-omitted", "package-config-file"}},
      {true,
       parcel::ScriptletPolicy::Error,
       {"package-scriptlet", "package-symlink-escapes", "package-special-file"},
       {"symlink-absolute", "package-file-outside", "package-ghost-omitted", "package-config-file"}},
  };
  for (const Row& row : rows) {
    CAPTURE(row.dropOutside);
    PackageMappingOptions options;
    options.relocations = {{"/opt/v", ""}};
    options.dropOutside = row.dropOutside;
    options.scriptlets = row.scriptlets;
    PackagePayload payload;
    Diagnostics out;
    parcel::addPackage(package, options, payload, out);
    std::vector<std::string> errors;
    std::vector<std::string> warnings;
    for (const auto& item : out.items()) {
      CHECK(item.member == "demo.rpm");
      (item.severity == parcel::Severity::Error ? errors : warnings).push_back(item.code);
    }
    CHECK(errors == row.errors);
    CHECK(warnings == row.warnings);
    const auto entries = byPath(payload);
    CHECK(entries.count("log") == 0);
    CHECK(entries.count("etc.conf") == 1);
    REQUIRE(payload.users.size() == 1);
    CHECK(payload.users[0].first == "svc");
  }
}

TEST_CASE("two packages may share folders and identical files, not different ones") {
  PackageMappingOptions options;
  options.relocations = {{"/opt/v", ""}};
  PackagePayload payload;
  Diagnostics out;
  parcel::addPackage(demo(), options, payload, out);
  PackageContents second;
  second.file = "second.rpm";
  second.name = "second";
  second.version = "1";
  second.files = {entry("/opt/v/bin", EntryType::Directory, 0755), entry("/opt/v/bin/tool", EntryType::File, 0755),
                  entry("/opt/v/lib/rel", EntryType::Symlink, 0777, "../bin/other")};
  Diagnostics second_out;
  parcel::addPackage(second, options, payload, second_out);
  REQUIRE(second_out.items().size() == 1);
  CHECK(second_out.items()[0].code == "package-path-conflict");
  CHECK(second_out.items()[0].member == "second.rpm");
  CHECK(second_out.items()[0].message.find("'lib/rel'") != std::string::npos);
  CHECK(payload.packages.size() == 2);
  CHECK(payload.fileList[1].second.empty());
}
