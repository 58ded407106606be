#include "parcel/rules/member_modes.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using parcel::EntryType;

namespace {

std::vector<std::string> riskCodes(EntryType type, unsigned mode) {
  std::vector<std::string> codes;
  for (const parcel::ModeRisk& risk : parcel::modeRisks(type, mode)) codes.emplace_back(risk.code);
  return codes;
}

}  // namespace

TEST_CASE("a mode is shown as ls shows it, special bits included") {
  CHECK(parcel::symbolicMode(EntryType::File, 04755) == "-rwsr-xr-x");
  CHECK(parcel::symbolicMode(EntryType::File, 04644) == "-rwSr--r--");
  CHECK(parcel::symbolicMode(EntryType::File, 02755) == "-rwxr-sr-x");
  CHECK(parcel::symbolicMode(EntryType::File, 02745) == "-rwxr-Sr-x");
  CHECK(parcel::symbolicMode(EntryType::File, 06050) == "---Sr-s---");  // container-executor
  CHECK(parcel::symbolicMode(EntryType::Directory, 01777) == "drwxrwxrwt");
  CHECK(parcel::symbolicMode(EntryType::Directory, 01776) == "drwxrwxrwT");
  CHECK(parcel::symbolicMode(EntryType::Directory, 0755) == "drwxr-xr-x");
  CHECK(parcel::symbolicMode(EntryType::Symlink, 0777) == "lrwxrwxrwx");
  CHECK(parcel::symbolicMode(EntryType::Hardlink, 0644) == "hrw-r--r--");
  CHECK(parcel::octalMode(04755) == "4755");
  CHECK(parcel::octalMode(0644) == "0644");
  CHECK(parcel::octalMode(0170755) == "0755");  // only the permission bits
}

TEST_CASE("the risks of a mode: set-id and writable files, writable folders without the sticky bit") {
  CHECK(riskCodes(EntryType::File, 0755).empty());
  CHECK(riskCodes(EntryType::File, 04755) == std::vector<std::string>{"setuid-file"});
  CHECK(riskCodes(EntryType::File, 02755) == std::vector<std::string>{"setgid-file"});
  CHECK(riskCodes(EntryType::File, 06777) ==
        std::vector<std::string>{"setuid-file", "setgid-file", "world-writable-file"});
  CHECK(riskCodes(EntryType::Hardlink, 0666) == std::vector<std::string>{"world-writable-file"});
  CHECK(riskCodes(EntryType::File, 0664).empty());  // group-writable is the vendor's choice
  CHECK(riskCodes(EntryType::Directory, 0777) == std::vector<std::string>{"world-writable-directory"});
  CHECK(riskCodes(EntryType::Directory, 01777).empty());  // /tmp-like
  CHECK(riskCodes(EntryType::Directory, 02775).empty());  // group inheritance only
  CHECK(riskCodes(EntryType::Symlink, 0777).empty());  // a link has no mode of its own
}

TEST_CASE("build refuses an undeclared risky entry and names the declaration to add") {
  parcel::Diagnostics out;
  parcel::checkMemberModes({{"bin/helper", EntryType::File, 04755}, {"bin/plain", EntryType::File, 0755}}, {}, "",
                           parcel::UndeclaredModes::Refuse, out);
  REQUIRE(out.items().size() == 1);
  const parcel::Diagnostic& d = out.items().front();
  CHECK((d.severity == parcel::Severity::Error));
  CHECK(d.member == "bin/helper");
  CHECK(d.code == "setuid-file");
  CHECK(d.message ==
        "'bin/helper' has mode 4755 (-rwsr-xr-x), setuid, and meta/permissions.json does not declare it: it runs "
        "with its owner's rights (root's, on a host) for every user who can start it; declare it with "
        "parcel_set_permissions(<target> bin/helper USER <user> GROUP <group> MODE 4755) (a \"permissions\" item "
        "of a build spec), or change its mode");
}

TEST_CASE("validate warns about an undeclared risky entry, a declared mode is the project choice") {
  const parcel::Permissions declared = {
      {"bin/container-executor", {"root", "yarn", "6050"}}, {"etc/owned-only", {"foo", "foo", std::nullopt}}};
  parcel::Diagnostics out;
  parcel::checkMemberModes({{"bin/container-executor", EntryType::File, 06050},
                            {"etc/owned-only", EntryType::File, 0666},
                            {"var/drop", EntryType::Directory, 0777}},
                           declared, "FOO-1.0/", parcel::UndeclaredModes::Warn, out);
  REQUIRE(out.items().size() == 2);
  CHECK((out.items()[0].severity == parcel::Severity::Warning));
  CHECK(out.items()[0].member == "FOO-1.0/etc/owned-only");  // an entry without a mode declares none
  CHECK(out.items()[0].code == "world-writable-file");
  CHECK(out.items()[1].member == "FOO-1.0/var/drop");
  CHECK(out.items()[1].code == "world-writable-directory");
  CHECK(out.items()[1].message ==
        "'var/drop' has mode 0777 (drwxrwxrwx), writable by others without the sticky bit, and "
        "meta/permissions.json does not declare it: any user on the host can add, replace or remove the files in "
        "it; declare it in meta/permissions.json (\"var/drop\": {\"user\": ..., \"group\": ..., \"permissions\": "
        "\"0777\"}), or change its mode");
  CHECK(parcel::declaredMode(declared, "bin/container-executor") == 06050u);
  CHECK_FALSE(parcel::declaredMode(declared, "etc/owned-only"));
}

TEST_CASE("the top folder is judged too, and the fix is its mode in the archive") {
  parcel::Diagnostics out;
  parcel::checkMemberModes({{"", EntryType::Directory, 0777}}, {}, "FOO-1.0/", parcel::UndeclaredModes::Warn, out);
  REQUIRE(out.items().size() == 1);
  CHECK(out.items()[0].member == "FOO-1.0");
  CHECK(out.items()[0].code == "world-writable-directory");
  CHECK(out.items()[0].message ==
        "the top folder has mode 0777 (drwxrwxrwx), writable by others without the sticky bit, and "
        "meta/permissions.json does not declare it: any user on the host can add, replace or remove the files in "
        "it; store the top folder with mode 0755");
}
