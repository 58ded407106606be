#include "parcel/validate/parcel_check.hpp"

#include "check_test_support.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <archive.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>

using namespace parcel;
using namespace parcel::test;
namespace fs = std::filesystem;

namespace {

const std::string kTop = "CDH-5.0.0";
const std::string kFile = "CDH-5.0.0-el7.parcel";
const std::string kParcelJsonMember = "CDH-5.0.0/meta/parcel.json";

std::string fixture(const std::string& name) { return readFile(dataPath("reference/" + name)); }

std::string minimalParcelJson() { return fixture("cloudera-cm_ext__minimal_parcel.json"); }

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

// parcel.json for NAME and VERSION, otherwise the minimal fixture (CDH 5.0.0).
std::string parcelJson(const std::string& name, const std::string& version) {
  return replaced(replaced(minimalParcelJson(), "\"CDH\"", "\"" + name + "\""), "\"5.0.0\"", "\"" + version + "\"");
}

std::string withFullVersion(const std::string& fullVersion) {
  return replaced(minimalParcelJson(), "\"setActiveSymlink\"",
                  "\"extraVersionInfo\": {\"fullVersion\": \"" + fullVersion + "\"},\n  \"setActiveSymlink\"");
}

// A complete, valid parcel: top folder, meta/, parcel.json, defines.sh.
std::vector<TarMember> goodMembers(const std::string& top = kTop, const std::string& json = minimalParcelJson()) {
  return {tarDir(top + "/"),
          tarDir(top + "/meta/"),
          tarFile(top + "/meta/parcel.json", json),
          tarFile(top + "/meta/defines.sh", "export CDH_HOME=$PARCELS_ROOT/$PARCEL_DIRNAME\n"),
          tarDir(top + "/payload/"),
          tarFile(top + "/payload/data.txt", "data\n")};
}

std::vector<TarMember> plus(std::vector<TarMember> members, const std::vector<TarMember>& more) {
  members.insert(members.end(), more.begin(), more.end());
  return members;
}

std::vector<TarMember> without(std::vector<TarMember> members, const std::string& path) {
  const auto before = members.size();
  members.erase(std::remove_if(members.begin(), members.end(), [&](const TarMember& m) { return m.path == path; }),
                members.end());
  REQUIRE(members.size() == before - 1);
  return members;
}

struct FileRow {
  std::string name;
  std::string bytes;
  std::string expected;  // summary(): "E code member#pointer | ..."
  std::string fileName = kFile;
  ParcelCheckOptions options = {};
};

Diagnostics validateBytes(const TempDir& tmp, const FileRow& row) {
  writeFile(tmp / row.fileName, row.bytes);
  Diagnostics out;
  validateParcelFile(tmp / row.fileName, row.options, out);
  fs::remove(tmp / row.fileName);
  return out;
}

void runFileRows(const std::vector<FileRow>& rows) {
  TempDir tmp;
  for (const FileRow& row : rows) {
    CAPTURE(row.name);
    CHECK(summary(validateBytes(tmp, row)) == row.expected);
  }
}

std::string messageOf(const Diagnostics& out, const std::string& code) {
  for (const Diagnostic& d : out.items()) {
    if (d.code == code) return d.message;
  }
  return {};
}

}  // namespace

TEST_CASE("a minimal valid parcel passes without any finding") {
  std::vector<TarMember> reversed = goodMembers();
  std::reverse(reversed.begin(), reversed.end());
  runFileRows({
      {"good", tarGz(goodMembers()), ""},
      {"entries in reverse order", tarGz(reversed), ""},
      {"no entry for the top folder itself", tarGz(without(goodMembers(), kTop + "/")), ""},
      {"a hard link inside the parcel",
       tarGz(plus(goodMembers(), {tarHardlink(kTop + "/meta/copy.sh", kTop + "/meta/defines.sh")})), ""},
      {"a relative symlink to a file of the parcel",
       tarGz(plus(goodMembers(),
                  {tarDir(kTop + "/bin"), tarSymlink(kTop + "/bin/env", "../meta/defines.sh"),
                   tarSymlink(kTop + "/bin/root", "..")})),
       ""},
  });
}

TEST_CASE("F1 and F2: the file exists, is a file, and is named NAME-VERSION-DISTRO.parcel") {
  TempDir tmp;
  fs::create_directories(tmp / kFile);
  const std::string good = tarGz(goodMembers());
  const struct {
    std::string name;
    fs::path path;
    std::string expected;
  } rows[] = {
      {"missing", tmp / "CDH-5.0.0-el6.parcel", "E file-not-found "},
      {"a directory", tmp / kFile, "E not-a-file "},
  };
  for (const auto& row : rows) {
    CAPTURE(row.name);
    Diagnostics out;
    validateParcelFile(row.path, {}, out);
    CHECK(summary(out) == row.expected);
  }

  runFileRows({
      {"no dashes", good, "E invalid-parcel-file-name ", "foo.parcel"},
      {"only one dash", good, "E invalid-parcel-file-name ", "CDH-5.0.0.parcel"},
      {"suffix not last", good, "E invalid-parcel-file-name ", "CDH-5.0.0-el7.parcel.gz"},
      {"suffix in upper case", good, "E invalid-parcel-file-name ", "CDH-5.0.0-el7.PARCEL"},
      {"unknown distro: a warning", good, "W unknown-distro ", "CDH-5.0.0-plan9.parcel"},
      // NAME ends at the first dash: "A-B-1.0-el7" is name A, version B-1.0.
      {"dash in the version", tarGz(goodMembers("A-B-1.0", parcelJson("A", "B-1.0"))), "", "A-B-1.0-el7.parcel"},
      {"name with a dash in parcel.json", tarGz(goodMembers("A-B-1.0", parcelJson("A-B", "1.0"))),
       "E file-name-mismatch A-B-1.0/meta/parcel.json#/name | E file-name-mismatch A-B-1.0/meta/parcel.json#/version"
       " | E name-contains-dash A-B-1.0/meta/parcel.json#/name",
       "A-B-1.0-el7.parcel"},
  });
}

TEST_CASE("F4 and F5: one readable gzip'd tar") {
  std::vector<TarMember> big = goodMembers();
  std::string noise;
  for (unsigned i = 0; noise.size() < 256 * 1024; ++i) noise += std::to_string(i * 2654435761u);
  big.push_back(tarFile(kTop + "/lib.bin", noise));
  const std::string bigGz = tarGz(big);
  const std::string tar = archiveBytes(goodMembers());
  const std::size_t half = tar.size() / 2;
  ParcelCheckOptions allowPlainTar;
  allowPlainTar.allowPlainTar = true;

  runFileRows({
      {"plain tar", tar, "E not-gzip "},
      {"plain tar, allowed", tar, "W not-gzip ", kFile, allowPlainTar},
      {"xz, even when plain tar is allowed", compressedWith(tar, archive_write_add_filter_xz), "E not-gzip ", kFile,
       allowPlainTar},
      {"truncated gzip", bigGz.substr(0, bigGz.size() / 2), "E archive-unreadable "},
      {"two gzip members", gzipBytes(tar.substr(0, half)) + gzipBytes(tar.substr(half)), "E multiple-gzip-members "},
      {"a zip file", archiveBytes(goodMembers(), Container::Zip), "E archive-unreadable "},
  });
}

TEST_CASE("F6 and ours: entry names are relative, clean and under exactly NAME-VERSION/") {
  std::vector<TarMember> dotted;
  for (TarMember member : goodMembers()) {
    member.path = "./" + member.path;
    dotted.push_back(member);
  }
  dotted.insert(dotted.begin(), tarDir("./"));
  const std::string missing = "E missing-parcel-json " + kParcelJsonMember;

  runFileRows({
      {"wrong top folder", tarGz(goodMembers("CDH-5.0.1")), missing + " | E unexpected-top-level "},
      {"top folder sharing the prefix", tarGz(plus(goodMembers(), {tarFile("CDH-5.0.0x/a")})),
       "E unexpected-top-level "},
      {"stray top-level entries",
       tarGz(plus(goodMembers(), {tarFile("README"), tarDir("other"), tarFile("other/x"), tarFile("other/y")})),
       "E unexpected-top-level "},
      // One finding for the whole archive, not one per entry (issue 16 item 8).
      {"'./' prefix", tarGz(dotted), missing + " | E unsafe-path "},
      {"absolute path", tarGz(plus(goodMembers(), {tarFile("/etc/passwd", "x")})), "E absolute-path /etc/passwd"},
      {"'..' component", tarGz(plus(goodMembers(), {tarFile(kTop + "/../evil", "x")})),
       "E unsafe-path CDH-5.0.0/../evil"},
      {"'.' component", tarGz(plus(goodMembers(), {tarFile(kTop + "/./meta/x")})), "E unsafe-path CDH-5.0.0/./meta/x"},
      {"empty component", tarGz(plus(goodMembers(), {tarFile(kTop + "//x")})), "E unsafe-path CDH-5.0.0//x"},
      {"top folder is a file", tarGz(plus({tarFile(kTop)}, without(goodMembers(), kTop + "/"))),
       "E top-level-not-directory CDH-5.0.0"},
      {"duplicate entry", tarGz(plus(goodMembers(), {tarFile(kTop + "/meta/defines.sh", "again")})),
       "E duplicate-entry CDH-5.0.0/meta/defines.sh"},
      {"FIFO", tarGz(plus(goodMembers(), {tarFifo(kTop + "/meta/pipe")})), "E special-file CDH-5.0.0/meta/pipe"},
  });
}

TEST_CASE("a parcel with nothing but meta/ is a warning, an empty folder does not count (issue 16 item 2)") {
  TempDir tmp;
  const std::vector<TarMember> metaOnly = {goodMembers()[0], goodMembers()[1], goodMembers()[2], goodMembers()[3]};
  runFileRows({
      {"only meta/", tarGz(metaOnly), "W empty-payload "},
      {"and an empty folder", tarGz(plus(metaOnly, {tarDir(kTop + "/bin/")})), "W empty-payload "},
      {"one file beside meta/", tarGz(plus(metaOnly, {tarFile(kTop + "/x")})), ""},
      {"one link beside meta/", tarGz(plus(metaOnly, {tarSymlink(kTop + "/x", "meta/defines.sh")})), ""},
  });
  const Diagnostics out = validateBytes(tmp, {"", tarGz(metaOnly), ""});
  CHECK(messageOf(out, "empty-payload") ==
        "the parcel holds nothing but meta/, so activating it installs no file; with CMake, add install() rules for "
        "the targets and files the parcel should carry (parcel_add stages what they install); with 'parceltool "
        "build', put them in the input folder");
}

TEST_CASE("a './' prefix is reported once, with how to rebuild the archive") {
  TempDir tmp;
  std::vector<TarMember> dotted = {tarDir("./")};
  for (TarMember member : goodMembers()) {
    member.path = "./" + member.path;
    dotted.push_back(member);
  }
  const Diagnostics out = validateBytes(tmp, {"", tarGz(dotted), ""});
  CHECK(messageOf(out, "unsafe-path") ==
        "7 entries start with './' (the first is '.'), and Cloudera reads every name as it is stored: names must "
        "start with 'CDH-5.0.0/'. Rebuild the archive from the folder that holds CDH-5.0.0/: 'tar czf "
        "CDH-5.0.0-el7.parcel CDH-5.0.0', or let 'parceltool build' pack it");
}

TEST_CASE("unexpected top-level names are listed once, with the only valid one") {
  TempDir tmp;
  const Diagnostics out = validateBytes(
      tmp, {"", tarGz(plus(goodMembers(), {tarFile("README"), tarDir("other"), tarFile("other/x")})), ""});
  CHECK(summary(out) == "E unexpected-top-level ");
  CHECK(messageOf(out, "unexpected-top-level") ==
        "unexpected top-level entries 'README', 'other'; the only valid top-level directory is 'CDH-5.0.0'");
}

TEST_CASE("links stay inside the top folder") {
  const std::string lib = kTop + "/lib";
  runFileRows({
      {"symlinks",
       tarGz(plus(goodMembers(),
                  {tarDir(lib), tarSymlink(lib + "/escape", "../../../etc/passwd"),
                   tarSymlink(lib + "/sibling", "../../CDH-5.0.0x/y"), tarSymlink(lib + "/empty", ""),
                   tarSymlink(lib + "/abs", "/usr/lib/libx.so"), tarSymlink(lib + "/dotdot-abs", "/etc/../root/.ssh"),
                   tarSymlink(lib + "/etc", "/etc/hadoop/conf"), tarSymlink(lib + "/dangling", "missing.jar")})),
       "E symlink-absolute CDH-5.0.0/lib/abs | E symlink-absolute CDH-5.0.0/lib/dotdot-abs"
       " | E symlink-escapes CDH-5.0.0/lib/empty | E symlink-escapes CDH-5.0.0/lib/escape"
       " | E symlink-escapes CDH-5.0.0/lib/sibling | W symlink-absolute CDH-5.0.0/lib/etc"
       " | W symlink-dangling CDH-5.0.0/lib/dangling"},
      {"hard links",
       tarGz(plus(goodMembers(),
                  {tarHardlink(kTop + "/meta/a", "/etc/shadow"), tarHardlink(kTop + "/meta/b", "other/x"),
                   tarHardlink(kTop + "/meta/c", kTop + "/../x")})),
       "E hardlink-escapes CDH-5.0.0/meta/a | E hardlink-escapes CDH-5.0.0/meta/b"
       " | E hardlink-escapes CDH-5.0.0/meta/c"},
  });
}

TEST_CASE("F7 to F14 and the directory-entry rule, on archives") {
  const std::string alternatives = fixture("cloudera-cm_ext__good_alternatives.json");
  const std::string airflow = fixture("teamclairvoyant-apache-airflow-cloudera-parcel__meta_permissions.json");
  const std::string altMember = kTop + "/meta/alternatives.json";
  const std::string permMember = kTop + "/meta/permissions.json";
  const std::string airflowWarnings = "W path-not-relative " + permMember + "#/~1var~1lib~1airflow" +
      " | W path-not-relative " + permMember + "#/~1var~1log~1airflow";
  const std::vector<TarMember> alternativePaths = {tarDir(kTop + "/bin"), tarFile(kTop + "/bin/beeline"),
                                                   tarDir(kTop + "/etc"), tarDir(kTop + "/etc/hive"),
                                                   tarDir(kTop + "/etc/hive/conf.dist")};
  const std::vector<TarMember> airflowPaths = {tarDir(kTop + "/var"), tarDir(kTop + "/var/lib"),
                                               tarDir(kTop + "/var/lib/airflow"), tarDir(kTop + "/var/log"),
                                               tarDir(kTop + "/var/log/airflow")};

  runFileRows({
      {"missing parcel.json", tarGz(without(goodMembers(), kParcelJsonMember)),
       "E missing-parcel-json " + kParcelJsonMember},
      {"parcel.json for another version", tarGz(goodMembers(kTop, parcelJson("CDH", "5.0.1"))),
       "E dir-name-mismatch " + kParcelJsonMember + " | E file-name-mismatch " + kParcelJsonMember + "#/version"},
      {"missing defines script", tarGz(without(goodMembers(), kTop + "/meta/defines.sh")),
       "E missing-defines-script " + kParcelJsonMember + "#/scripts/defines"},
      {"defines script is a directory",
       tarGz(plus(without(goodMembers(), kTop + "/meta/defines.sh"), {tarDir(kTop + "/meta/defines.sh")})),
       "E defines-script-not-file " + kParcelJsonMember + "#/scripts/defines"},
      {"alternatives with their sources",
       tarGz(plus(goodMembers(), plus({tarFile(altMember, alternatives)}, alternativePaths))), ""},
      {"alternatives without their sources", tarGz(plus(goodMembers(), {tarFile(altMember, alternatives)})),
       "E alternative-source-missing " + altMember + "#/beeline/source | E alternative-source-missing " + altMember +
           "#/hive-conf/source"},
      {"alternatives, a directory written as files only",
       tarGz(plus(goodMembers(),
                  {tarFile(altMember, alternatives), tarDir(kTop + "/bin"), tarFile(kTop + "/bin/beeline"),
                   tarFile(kTop + "/etc/hive/conf.dist/x")})),
       "E alternative-source-missing " + altMember + "#/hive-conf/source | E missing-directory-entry " + kTop +
           "/etc | E missing-directory-entry " + kTop + "/etc/hive | E missing-directory-entry " + kTop +
           "/etc/hive/conf.dist"},
      {"airflow permissions, paths absent", tarGz(plus(goodMembers(), {tarFile(permMember, airflow)})),
       "E permission-path-missing " + permMember + "#/~1var~1lib~1airflow | E permission-path-missing " + permMember +
           "#/~1var~1log~1airflow | " + airflowWarnings},
      {"airflow permissions, paths present",
       tarGz(plus(goodMembers(), plus({tarFile(permMember, airflow)}, airflowPaths))), airflowWarnings},
      {"no meta/ directory entry", tarGz(without(goodMembers(), kTop + "/meta/")),
       "E missing-directory-entry CDH-5.0.0/meta"},
  });
}

TEST_CASE("ours: parcel.json agrees with the file name, and a fullVersion mismatch only warns") {
  runFileRows({
      {"parcel.json for another product in the right folder", tarGz(goodMembers(kTop, parcelJson("HDC", "5.0.0"))),
       "E dir-name-mismatch " + kParcelJsonMember + " | E file-name-mismatch " + kParcelJsonMember + "#/name"},
      {"fullVersion VERSION-DISTRO", tarGz(goodMembers(kTop, withFullVersion("5.0.0-el7"))), ""},
      {"fullVersion of another distro", tarGz(goodMembers(kTop, withFullVersion("5.0.0-el6"))),
       "W full-version-mismatch " + kParcelJsonMember + "#/extraVersionInfo/fullVersion"},
  });
}

TEST_CASE("directory mode: D1 to D3, then the parcel checks on the real file system") {
  TempDir tmp;
  const fs::path good = tmp / kTop;
  const auto unpack = [](const fs::path& root) {
    writeFile(root / "meta/parcel.json", minimalParcelJson());
    writeFile(root / "meta/defines.sh", "export X=1\n");
    writeFile(root / "payload/data.txt", "data\n");
  };
  unpack(good);

  const fs::path copy = tmp / "CDH-5.0.0-copy";
  unpack(copy);

  const fs::path noMeta = tmp / "no-meta" / kTop;
  writeFile(noMeta / "lib/x", "x");
  const fs::path metaFile = tmp / "meta-file" / kTop;
  writeFile(metaFile / "meta", "not a directory");
  const fs::path noParcelJson = tmp / "no-parcel-json" / kTop;
  writeFile(noParcelJson / "meta/defines.sh", "");

  // Directory mode follows symlinks for types, as Cloudera's does: a link to a
  // directory is a directory, a dangling link does not exist.
  const fs::path links = tmp / "links" / kTop;
  writeFile(links / "meta/parcel.json", minimalParcelJson());
  writeFile(links / "meta/alternatives.json", fixture("cloudera-cm_ext__good_alternatives.json"));
  writeFile(links / "bin/beeline", "#!/bin/sh\n");
  writeFile(links / "etc/hive/real-conf/hive-site.xml", "<configuration/>");
  fs::create_directory_symlink("real-conf", links / "etc/hive/conf.dist");
  fs::create_symlink("nowhere.sh", links / "meta/defines.sh");
  fs::create_directory_symlink("..", links / "etc/up");  // never descended into: no endless walk

  const fs::path airflow = tmp / "airflow" / kTop;
  unpack(airflow);
  writeFile(airflow / "meta/permissions.json",
            fixture("teamclairvoyant-apache-airflow-cloudera-parcel__meta_permissions.json"));
  fs::create_directories(airflow / "var/lib/airflow");
  fs::create_directories(airflow / "var/log/airflow");

  const fs::path special = tmp / "special" / kTop;
  unpack(special);
  REQUIRE(::mkfifo((special / "pipe").c_str(), 0644) == 0);

  const struct {
    std::string name;
    fs::path path;
    std::string expected;
  } rows[] = {
      {"unpacked good parcel", good, ""},
      {"with a trailing slash", good.string() + "/", ""},
      {"relative path with '.'", good / ".", ""},
      {"folder named otherwise", copy, "E dir-name-mismatch meta/parcel.json"},
      {"missing", tmp / "absent", "E directory-not-found "},
      {"a file", good / "meta/parcel.json", "E directory-not-found "},
      {"no meta/", noMeta, "E missing-meta-directory meta"},
      {"meta is a file", metaFile, "E missing-meta-directory meta"},
      {"no meta/parcel.json", noParcelJson, "E missing-parcel-json meta/parcel.json"},
      {"symlinks followed", links, "E missing-defines-script meta/parcel.json#/scripts/defines"},
      {"airflow permission paths present", airflow,
       "W path-not-relative meta/permissions.json#/~1var~1lib~1airflow"
       " | W path-not-relative meta/permissions.json#/~1var~1log~1airflow"},
      {"a FIFO is a non-directory like any other", special, ""},
  };
  for (const auto& row : rows) {
    CAPTURE(row.name);
    Diagnostics out;
    validateParcelDirectory(row.path, {}, out);
    CHECK(summary(out) == row.expected);
  }
}
