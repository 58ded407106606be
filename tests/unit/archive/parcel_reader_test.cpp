#include "parcel/archive/parcel_reader.hpp"

#include "parcel/support/error.hpp"

#include "check_test_support.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <archive.h>
#include <locale.h>
#include <clocale>

#include <iterator>
#include <map>

using namespace parcel;
using namespace parcel::test;

namespace {

ParcelArchive readBytes(const TempDir& tmp, const std::string& bytes, Diagnostics& out,
                        const std::string& name = "X-1.0-el7.parcel") {
  writeFile(tmp / name, bytes);
  return readParcelArchive(tmp / name, out);
}

// Enough incompressible-ish data that a cut lands inside the deflate stream.
std::string noise(std::size_t size) {
  std::string text;
  std::uint32_t state = 12345;
  while (text.size() < size) {
    state = state * 1103515245u + 12345u;
    text += static_cast<char>('a' + (state >> 16) % 26);
  }
  return text;
}

// libarchive's writer stores non-ASCII names as UTF-8 pax records only when the
// thread's locale is UTF-8 (under "C" it writes hdrcharset=BINARY instead).
std::string utf8TarGz(const std::vector<TarMember>& members) {
  const locale_t utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(nullptr));
  REQUIRE(utf8 != static_cast<locale_t>(nullptr));
  const locale_t previous = uselocale(utf8);
  std::string bytes = tarGz(members);
  uselocale(previous);
  freelocale(utf8);
  return bytes;
}

}  // namespace

TEST_CASE("the listing carries every field of every entry type, with trailing '/' removed") {
  TempDir tmp;
  TarMember data = tarFile("X-1.0/bin/tool", "hello");
  data.mode = 0750;
  data.uid = 1000;
  data.gid = 100;
  data.uname = "builder";
  data.gname = "staff";
  const std::vector<TarMember> members = {tarDir("X-1.0/"),
                                          tarDir("X-1.0/bin"),
                                          data,
                                          tarSymlink("X-1.0/bin/alias", "tool"),
                                          tarHardlink("X-1.0/bin/copy", "X-1.0/bin/tool"),
                                          tarFifo("X-1.0/pipe")};
  Diagnostics out;
  const ParcelArchive archive = readBytes(tmp, tarGz(members), out);
  CHECK(summary(out) == "");
  CHECK(archive.compression == "gzip");
  REQUIRE(archive.entries.size() == members.size());

  struct Row {
    std::string path;
    EntryType type;
    unsigned mode;
    std::int64_t uid, gid;
    std::string uname, gname;
    std::uint64_t size;
    std::string link;
  };
  const Row rows[] = {
      {"X-1.0", EntryType::Directory, 0755, 0, 0, "root", "root", 0, ""},
      {"X-1.0/bin", EntryType::Directory, 0755, 0, 0, "root", "root", 0, ""},
      {"X-1.0/bin/tool", EntryType::File, 0750, 1000, 100, "builder", "staff", 5, ""},
      {"X-1.0/bin/alias", EntryType::Symlink, 0644, 0, 0, "root", "root", 0, "tool"},
      {"X-1.0/bin/copy", EntryType::Hardlink, 0644, 0, 0, "root", "root", 0, "X-1.0/bin/tool"},
      {"X-1.0/pipe", EntryType::Other, 0644, 0, 0, "root", "root", 0, ""},
  };
  for (std::size_t i = 0; i < std::size(rows); ++i) {
    const Row& row = rows[i];
    const ArchiveEntry& entry = archive.entries[i];
    CAPTURE(row.path);
    CHECK(entry.path == row.path);
    CHECK(std::string(toString(entry.type)) == std::string(toString(row.type)));
    CHECK(entry.mode == row.mode);
    CHECK(entry.uid == row.uid);
    CHECK(entry.gid == row.gid);
    CHECK(entry.uname == row.uname);
    CHECK(entry.gname == row.gname);
    CHECK(entry.size == row.size);
    CHECK(entry.linkTarget == row.link);
    CHECK(entry.mtime == kTestMtime);
  }
  CHECK(archive.metaFiles.empty());
}

TEST_CASE("UTF-8 names are read as UTF-8, without warnings, whatever the process locale") {
  TempDir tmp;
  const std::string cafe = "X-1.0/caf\xC3\xA9";
  const std::string longName = "X-1.0/" + std::string(120, 'n') + "/\xE6\x97\xA5\xE6\x9C\xAC.txt";
  Diagnostics out;
  const std::string before = std::setlocale(LC_CTYPE, nullptr);
  const ParcelArchive archive =
      readBytes(tmp, utf8TarGz({tarDir(cafe), tarFile(longName, "x"), tarSymlink("X-1.0/link", "caf\xC3\xA9")}), out);
  CHECK(std::setlocale(LC_CTYPE, nullptr) == before);
  CHECK(summary(out) == "");
  REQUIRE(archive.entries.size() == 3);
  CHECK(archive.entries[0].path == cafe);
  CHECK(archive.entries[1].path == longName);
  CHECK(archive.entries[2].linkTarget == "caf\xC3\xA9");
}

TEST_CASE("only <top>/meta/{parcel,alternatives,permissions,filelist}.json and release-notes.txt are kept") {
  TempDir tmp;
  const std::vector<TarMember> members = {
      tarFile("X-1.0/meta/parcel.json", "{\"p\":1}"),
      tarFile("X-1.0/meta/alternatives.json", "{}"),
      tarFile("X-1.0/meta/permissions.json", "{ }"),
      tarFile("X-1.0/meta/release-notes.txt", "notes"),
      tarFile("Y-2.0/meta/parcel.json", "other top"),  // any first component: the checker picks
      tarFile("X-1.0/meta/filelist.json", "[]"),  // kept for inspect (a parcel from packages)
      tarFile("X-1.0/meta/other.json", "{}"),  // not one of the five
      tarFile("X-1.0/meta/sub/parcel.json", "deep"),  // depth 4
      tarFile("meta/parcel.json", "shallow"),  // depth 2
      tarFile("./X-1.0/meta/parcel.json", "dotted"),  // depth 4
      tarFile("X-1.0/lib/meta/parcel.json", "nested"),
      tarDir("X-1.0/meta/permissions.json.d"),
      tarSymlink("Z-1.0/meta/parcel.json", "elsewhere"),  // not a file: Cloudera would read no data
  };
  Diagnostics out;
  const ParcelArchive archive = readBytes(tmp, tarGz(members), out);
  CHECK(summary(out) == "E meta-file-not-regular Z-1.0/meta/parcel.json");
  CHECK(archive.entries.size() == members.size());
  const std::map<std::string, std::string> expected = {
      {"X-1.0/meta/parcel.json", "{\"p\":1}"}, {"X-1.0/meta/alternatives.json", "{}"},
      {"X-1.0/meta/permissions.json", "{ }"},  {"X-1.0/meta/release-notes.txt", "notes"},
      {"Y-2.0/meta/parcel.json", "other top"}, {"X-1.0/meta/filelist.json", "[]"},
  };
  CHECK(archive.metaFiles == expected);
}

TEST_CASE("a metadata member over 16 MiB is reported and not kept") {
  TempDir tmp;
  const std::vector<TarMember> members = {
      tarFile("X-1.0/meta/parcel.json", std::string(kMaxMetaFileSize + 1, ' ')),
      tarFile("X-1.0/meta/permissions.json", std::string(kMaxMetaFileSize, ' ')),  // exactly the limit
      tarFile("X-1.0/meta/defines.sh", "after"),
  };
  Diagnostics out;
  const ParcelArchive archive = readBytes(tmp, tarGz(members), out);
  CHECK(summary(out) == "E member-too-large X-1.0/meta/parcel.json");
  CHECK(archive.metaFiles.count("X-1.0/meta/parcel.json") == 0);
  CHECK(archive.metaFiles.at("X-1.0/meta/permissions.json").size() == kMaxMetaFileSize);
  CHECK(archive.entries.size() == 3);  // reading went on past the big member
}

TEST_CASE("the other small files of meta/ are kept for the audit, within their limits") {
  TempDir tmp;
  std::vector<TarMember> members = {
      tarFile("X-1.0/meta/parcel.json", "{}"),  // one of the five: in metaFiles only
      tarFile("X-1.0/meta/x_env.sh", "export A=1\n"),
      tarFile("X-1.0/meta/big.sh", std::string(kMaxOtherMetaFileSize + 1, '#')),  // over 1 MiB: left out
      tarFile("X-1.0/meta/sub/deep.sh", "deep"),  // not directly in meta/
      tarSymlink("X-1.0/meta/link.sh", "x_env.sh"),  // not a regular file
      tarFile("X-1.0/bin/tool.sh", "elsewhere"),
  };
  for (std::size_t i = 0; i < kMostOtherMetaFiles; ++i)
    members.push_back(tarFile("X-1.0/meta/more" + std::to_string(100 + i), "m"));
  Diagnostics out;
  const ParcelArchive archive = readBytes(tmp, tarGz(members), out);
  CHECK(out.empty());
  CHECK(archive.otherMetaFiles.size() == kMostOtherMetaFiles);  // the first 32: the last "more" is left out
  CHECK(archive.otherMetaFiles.at("X-1.0/meta/x_env.sh") == "export A=1\n");
  CHECK(archive.otherMetaFiles.count("X-1.0/meta/parcel.json") == 0);
  CHECK(archive.otherMetaFiles.count("X-1.0/meta/big.sh") == 0);
  CHECK(archive.otherMetaFiles.count("X-1.0/meta/sub/deep.sh") == 0);
  CHECK(archive.otherMetaFiles.count("X-1.0/meta/link.sh") == 0);
  CHECK(archive.otherMetaFiles.count("X-1.0/meta/more130") == 1);
  CHECK(archive.otherMetaFiles.count("X-1.0/meta/more131") == 0);
  CHECK(archive.entries.size() == members.size());
}

TEST_CASE("compression is named: gzip, none, or libarchive's filter names outermost first") {
  TempDir tmp;
  const std::string tar = archiveBytes({tarDir("X-1.0"), tarFile("X-1.0/a", "a")});
  struct Row {
    std::string name;
    std::string bytes;
    std::string compression;
  };
  const Row rows[] = {
      {"gzip", gzipBytes(tar), "gzip"},
      {"plain tar", tar, "none"},
      {"bzip2", compressedWith(tar, archive_write_add_filter_bzip2), "bzip2"},
      {"xz", compressedWith(tar, archive_write_add_filter_xz), "xz"},
      {"gzip inside xz", compressedWith(gzipBytes(tar), archive_write_add_filter_xz), "xz+gzip"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.name);
    Diagnostics out;
    const ParcelArchive archive = readBytes(tmp, row.bytes, out);
    CHECK(summary(out) == "");
    CHECK(archive.compression == row.compression);
    CHECK(archive.entries.size() == 2);
  }
}

TEST_CASE("damaged input is archive-unreadable with libarchive's message, and earlier entries are kept") {
  TempDir tmp;
  std::vector<TarMember> members = {tarDir("X-1.0"), tarFile("X-1.0/first", "small")};
  for (int i = 0; i < 8; ++i) members.push_back(tarFile("X-1.0/big" + std::to_string(i), noise(64 * 1024)));
  const std::string good = tarGz(members);

  struct Row {
    std::string name;
    std::string bytes;
    std::size_t minEntries, maxEntries;
  };
  const std::size_t all = members.size();
  const Row rows[] = {
      {"truncated gzip", good.substr(0, good.size() / 2), 2, all - 1},
      // Every entry is listed; the gzip trailer (CRC, size) is what is missing.
      {"gzip without its trailer", good.substr(0, good.size() - 8), all, all},
      {"corrupted deflate data", good.substr(0, 200) + std::string(good.size() - 200, 'x'), 0, all - 1},
      {"text file", "this is not an archive at all\n", 0, 0},
      {"empty file", "", 0, 0},
      {"zip archive", archiveBytes({tarFile("X-1.0/meta/parcel.json", "{}")}, Container::Zip), 0, 0},
  };
  for (const Row& row : rows) {
    CAPTURE(row.name);
    Diagnostics out;
    const ParcelArchive archive = readBytes(tmp, row.bytes, out);
    REQUIRE(summary(out) == "E archive-unreadable ");
    CHECK(out.items().front().message.size() > std::string("cannot read the archive: ").size());
    CHECK(archive.entries.size() >= row.minEntries);
    CHECK(archive.entries.size() <= row.maxEntries);
  }
}

TEST_CASE("several gzip members are an error, zero padding is fine, other trailing data warns") {
  TempDir tmp;
  const std::string tar = archiveBytes({tarDir("X-1.0"), tarFile("X-1.0/a", noise(5000)), tarFile("X-1.0/b", "b")});
  const std::size_t half = tar.size() / 2;
  struct Row {
    std::string name;
    std::string bytes;
    std::string expected;
  };
  const Row rows[] = {
      {"one member", gzipBytes(tar), ""},
      {"two members splitting the tar", gzipBytes(tar.substr(0, half)) + gzipBytes(tar.substr(half)),
       "E multiple-gzip-members "},
      {"a second member after the whole tar", gzipBytes(tar) + gzipBytes("extra"), "E multiple-gzip-members "},
      {"zero padding", gzipBytes(tar) + std::string(10240, '\0'), ""},
      {"trailing garbage", gzipBytes(tar) + "garbage", "W trailing-data "},
  };
  for (const Row& row : rows) {
    CAPTURE(row.name);
    Diagnostics out;
    const ParcelArchive archive = readBytes(tmp, row.bytes, out);
    CHECK(summary(out) == row.expected);
    CHECK(archive.entries.size() == 3);  // libarchive itself reads on through every member
  }
}

TEST_CASE("a file that cannot be opened throws IoError naming it") {
  TempDir tmp;
  Diagnostics out;
  CHECK_THROWS_AS(readParcelArchive(tmp / "missing.parcel", out), IoError);
  CHECK(out.empty());
}

// libarchive reads through a wrong CRC-32 or length without a word; a byte
// flipped in stored (incompressible) data is only visible there.
TEST_CASE("a gzip trailer that does not match the data is gzip-checksum-mismatch") {
  TempDir tmp;
  const std::string tar = archiveBytes({tarDir("X-1.0"), tarFile("X-1.0/a", noise(5000))});
  const std::string good = gzipBytes(tar);
  struct Row {
    std::string name;
    std::size_t offset;  // from the end
  };
  for (const Row& row : {Row{"CRC-32", 8}, Row{"length", 4}}) {
    CAPTURE(row.name);
    std::string bad = good;
    bad[bad.size() - row.offset] = static_cast<char>(bad[bad.size() - row.offset] ^ 0x55);
    Diagnostics out;
    const ParcelArchive archive = readBytes(tmp, bad, out);
    CHECK(summary(out) == "E gzip-checksum-mismatch ");
    CHECK(archive.entries.size() == 2);
  }
  Diagnostics clean;
  readBytes(tmp, good, clean);
  CHECK(clean.empty());
}
