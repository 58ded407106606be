// The extractor's own checks, made before anything is written, independent of
// the validator.
#include "parcel/host/extract.hpp"

#include "test_support.hpp"

#include <doctest/doctest.h>

#include <sys/stat.h>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace {

using parcel::ArchiveEntry;
using parcel::EntryType;

ArchiveEntry entry(std::string path, EntryType type = EntryType::File, std::string link = "") {
  ArchiveEntry result;
  result.path = std::move(path);
  result.type = type;
  result.linkTarget = std::move(link);
  return result;
}

parcel::Diagnostics plan(const std::vector<ArchiveEntry>& extra) {
  parcel::ArchiveListing entries{
      entry("P-1", EntryType::Directory), entry("P-1/meta", EntryType::Directory), entry("P-1/meta/parcel.json")};
  entries.insert(entries.end(), extra.begin(), extra.end());
  parcel::Diagnostics out;
  parcel::host::checkExtractionPlan(entries, "P-1", out);
  return out;
}

// The refusals ("member code"); warnings are left out.
std::vector<std::string> codes(const std::vector<ArchiveEntry>& extra) {
  std::vector<std::string> result;
  const parcel::Diagnostics out = plan(extra);
  for (const auto& d : out.items()) {
    if (d.severity == parcel::Severity::Error) result.push_back(d.member + " " + d.code);
  }
  return result;
}

}  // namespace

TEST_CASE("a clean listing passes, including links that stay inside and /etc links") {
  CHECK(codes({entry("P-1/bin", EntryType::Directory), entry("P-1/bin/x"), entry("P-1/bin/y", EntryType::Symlink, "x"),
               entry("P-1/lib", EntryType::Symlink, "bin"), entry("P-1/conf", EntryType::Symlink, "/etc/p/conf"),
               entry("P-1/bin/z", EntryType::Hardlink, "P-1/bin/x")})
            .empty());
}

TEST_CASE("every hostile entry is refused with its code") {
  struct Row {
    std::vector<ArchiveEntry> extra;
    std::vector<std::string> expected;
  };
  const Row rows[] = {
      {{entry("/etc/passwd")}, {"/etc/passwd absolute-path"}},
      {{entry("P-1/../x")}, {"P-1/../x unsafe-path"}},
      {{entry("./P-1/x")}, {"./P-1/x unsafe-path"}},
      {{entry("P-1//x")}, {"P-1//x unsafe-path"}},
      {{entry("Q-1/x")}, {"Q-1/x outside-top"}},
      {{entry("P-10/x")}, {"P-10/x outside-top"}},
      {{entry("P-1/l", EntryType::Symlink, "../../x")}, {"P-1/l symlink-escapes"}},
      {{entry("P-1/l", EntryType::Symlink, "..")}, {"P-1/l symlink-escapes"}},
      {{entry("P-1/l", EntryType::Symlink, "")}, {"P-1/l symlink-escapes"}},
      {{entry("P-1/l", EntryType::Symlink, "/usr/bin")}, {"P-1/l symlink-absolute"}},
      {{entry("P-1/l", EntryType::Symlink, "/etc/../root")}, {"P-1/l symlink-absolute"}},
      {{entry("P-1/l", EntryType::Symlink, "/etc")}, {"P-1/l symlink-absolute"}},
      {{entry("P-1/l", EntryType::Symlink, "/etc/x"), entry("P-1/l/f")}, {"P-1/l/f write-through-link"}},
      {{entry("P-1/l/f"), entry("P-1/l", EntryType::Symlink, "/etc/x")}, {"P-1/l/f write-through-link"}},
      {{entry("P-1/f"), entry("P-1/f/g")}, {"P-1/f/g write-through-link"}},
      {{entry("P-1/d", EntryType::Directory), entry("P-1/d", EntryType::Symlink, "/etc/x")}, {"P-1/d duplicate-entry"}},
      {{entry("P-1/h", EntryType::Hardlink, "/etc/passwd")}, {"P-1/h hardlink-escapes"}},
      {{entry("P-1/h", EntryType::Hardlink, "P-1/../../x")}, {"P-1/h hardlink-escapes"}},
      {{entry("P-1/h", EntryType::Hardlink, "P-1/later"), entry("P-1/later")}, {"P-1/h hardlink-target-missing"}},
      {{entry("P-1/l", EntryType::Symlink, "/etc/x"), entry("P-1/h", EntryType::Hardlink, "P-1/l")},
       {"P-1/h hardlink-target-missing"}},
      {{entry("P-1/dev", EntryType::Other)}, {"P-1/dev special-file"}},
  };
  for (const Row& row : rows) {
    CAPTURE(row.expected.front());
    CHECK(codes(row.extra) == row.expected);
  }
}

TEST_CASE("an absolute link under /etc or /var is allowed, with the warning of the member-path rules") {
  // "/etc/./hosts" is "/etc/hosts" once cleaned: the same verdict as validate's.
  for (const std::string target : {"/etc/p/conf", "/etc/./hosts", "/var//log/p", "/usr/../etc/p"}) {
    CAPTURE(target);
    const parcel::Diagnostics out = plan({entry("P-1/conf", EntryType::Symlink, target)});
    REQUIRE(out.items().size() == 1);
    CHECK((out.items()[0].severity == parcel::Severity::Warning));
    CHECK(out.items()[0].member == "P-1/conf");
    CHECK(out.items()[0].code == "symlink-absolute");
  }
}

TEST_CASE("the top entry must be a directory") {
  parcel::Diagnostics out;
  parcel::host::checkExtractionPlan({entry("P-1", EntryType::Symlink, "/etc/x")}, "P-1", out);
  REQUIRE(out.errorCount() == 1);
  CHECK(out.items()[0].code == "top-not-directory");
}

// --- extractParcel on archives written here by hand (plain ustar) -----------

namespace {

struct TarItem {
  std::string name;
  char type;  // '0' file, '1' hard link, '2' symlink, '5' directory
  unsigned mode;
  std::string data;
  std::string link;
};

void putOctal(char* field, std::size_t width, unsigned long value) {
  std::snprintf(field, width, "%0*lo", static_cast<int>(width - 1), value);
}

std::string ustar(const std::vector<TarItem>& items) {
  std::string out;
  for (const TarItem& item : items) {
    char header[512] = {};
    std::memcpy(header, item.name.data(), item.name.size());
    putOctal(header + 100, 8, item.mode);
    putOctal(header + 108, 8, 0);
    putOctal(header + 116, 8, 0);
    putOctal(header + 124, 12, item.type == '0' ? item.data.size() : 0);
    putOctal(header + 136, 12, 0);
    header[156] = item.type;
    std::memcpy(header + 157, item.link.data(), item.link.size());
    std::memcpy(header + 257, "ustar", 6);
    std::memcpy(header + 263, "00", 2);
    std::memset(header + 148, ' ', 8);
    unsigned long sum = 0;
    for (unsigned char c : header) sum += c;
    std::snprintf(header + 148, 8, "%06lo", sum);
    out.append(header, sizeof header);
    if (item.type == '0') {
      out += item.data;
      out.append((512 - item.data.size() % 512) % 512, '\0');
    }
  }
  out.append(1024, '\0');
  return out;
}

}  // namespace

TEST_CASE("extractParcel unpacks content, modes and links below the destination") {
  parcel::test::TempDir dir;
  parcel::test::writeFile(dir / "P-1-el7.parcel",
                          ustar({{"P-1/", '5', 0755, "", ""},
                                 {"P-1/bin/", '5', 0555, "", ""},
                                 {"P-1/bin/x", '0', 04755, "hello\n", ""},
                                 {"P-1/y", '2', 0777, "", "bin/x"},
                                 {"P-1/z", '1', 0644, "", "P-1/bin/x"}}));
  parcel::Diagnostics out;
  REQUIRE(parcel::host::extractParcel(dir / "P-1-el7.parcel", "P-1", dir / "unpacked", out));
  CHECK(out.empty());
  CHECK(parcel::test::readFile(dir / "unpacked/bin/x") == "hello\n");
  CHECK(std::filesystem::read_symlink(dir / "unpacked/y") == "bin/x");
  struct stat file {
  }, link{}, folder{};
  REQUIRE(::stat((dir / "unpacked/bin/x").c_str(), &file) == 0);
  REQUIRE(::stat((dir / "unpacked/z").c_str(), &link) == 0);
  REQUIRE(::stat((dir / "unpacked/bin").c_str(), &folder) == 0);
  CHECK((file.st_mode & 07777) == 0755);  // no set-id bit from the archive
  CHECK(file.st_ino == link.st_ino);
  CHECK((folder.st_mode & 07777) == 0555);
  parcel::host::removeTree(dir / "unpacked");
  CHECK_FALSE(std::filesystem::exists(dir / "unpacked"));
}

TEST_CASE("extractParcel refuses a write through a tolerated /var link before creating anything") {
  parcel::test::TempDir dir;
  const std::string target = "/var/tmp/parcel-extract-test-" + std::to_string(::getpid());
  parcel::test::writeFile(dir / "P-1-el7.parcel",
                          ustar({{"P-1/", '5', 0755, "", ""},
                                 {"P-1/first", '0', 0644, "x", ""},
                                 {"P-1/var", '2', 0777, "", target},
                                 {"P-1/var/pwned", '0', 0644, "x", ""}}));
  parcel::Diagnostics out;
  CHECK_FALSE(parcel::host::extractParcel(dir / "P-1-el7.parcel", "P-1", dir / "unpacked", out));
  REQUIRE(out.items().size() == 1);
  CHECK(out.items()[0].code == "write-through-link");
  CHECK_FALSE(std::filesystem::exists(dir / "unpacked"));
  CHECK_FALSE(std::filesystem::exists(target));
}
