// host distribute unpacks in the reader's one pass (issue 15): the tree it
// leaves must be the tree a plain extraction of the same parcel gives
// (libarchive's own reader and disk writer, a second read), entry by entry:
// the listing, the types, the modes (without set-id bits, which the host does
// not apply undeclared), link targets, hard links and contents. Also when the
// one pass gives up (data after the gzip member) and the plain pass unpacks.
#include "parcel/host/host.hpp"
#include "parcel/support/sha1.hpp"

#include "check_test_support.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <archive.h>
#include <archive_entry.h>

#include <sys/stat.h>
#include <unistd.h>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

using namespace parcel;
using namespace parcel::test;
namespace fs = std::filesystem;

namespace {

const std::string kTop = "ONE-1.0";
const std::string kFile = "ONE-1.0-el7.parcel";

std::string parcelJson() {
  std::string json = readFile(dataPath("reference/cloudera-cm_ext__minimal_parcel.json"));
  for (const auto& [from, to] : {std::pair<std::string, std::string>{"\"CDH\"", "\"ONE\""}, {"\"5.0.0\"", "\"1.0\""}}) {
    const auto at = json.find(from);
    REQUIRE(at != std::string::npos);
    json.replace(at, from.size(), to);
  }
  return json;
}

// Bytes that do not compress away and differ from block to block.
std::string noise(std::size_t size, unsigned seed) {
  std::string bytes(size, '\0');
  unsigned state = seed * 2654435761u + 1;
  for (char& c : bytes) {
    state = state * 1103515245u + 12345u;
    c = static_cast<char>(state >> 24);
  }
  return bytes;
}

TarMember withMode(TarMember member, unsigned mode) {
  member.mode = mode;
  return member;
}

// Every kind of entry the extractor handles, in an order that leaves and
// re-enters folders (the extractor keeps the open folders of the last parent),
// with a read-only folder filled after it is listed, a folder listed after its
// content, and files over one read block.
std::vector<TarMember> members() {
  const std::string t = kTop + "/";
  return {
      tarDir(t),
      tarDir(t + "meta/"),
      tarFile(t + "meta/parcel.json", parcelJson()),
      tarFile(t + "meta/defines.sh", "export ONE_HOME=$PARCELS_ROOT/$PARCEL_DIRNAME\n"),
      tarDir(t + "a/"),
      tarDir(t + "a/b/"),
      tarDir(t + "a/b/c/"),
      withMode(tarFile(t + "a/b/c/deep.bin", noise(700 * 1024, 1)), 0755),
      tarFile(t + "a/b/one.txt", "one\n"),
      tarDir(t + "x/"),
      withMode(tarFile(t + "x/secret", "s\n"), 0600),
      tarFile(t + "a/b/c/back.txt", "back in a/b/c\n"),
      withMode(tarDir(t + "ro/"), 0555),
      withMode(tarFile(t + "ro/readonly.txt", "r\n"), 0444),
      tarFile(t + "late/inside.txt", "listed before its folder\n"),
      withMode(tarDir(t + "late/"), 0750),
      withMode(tarFile(t + "bin/tool", noise(300 * 1024, 2)), 04755),
      withMode(tarDir(t + "bin/"), 0755),
      tarFile(t + "empty"),
      tarSymlink(t + "a/link-up", "../x/secret"),
      tarSymlink(t + "lib", "a/b"),
      tarHardlink(t + "a/b/c/same.bin", t + "a/b/c/deep.bin"),
  };
}

// One line a path: type, mode (permission bits only), and the link target,
// content hash or, for a hard link, which earlier path shares its inode.
std::string treeListing(const fs::path& root) {
  std::vector<fs::path> paths;
  for (fs::recursive_directory_iterator it(root), end; it != end; ++it) paths.push_back(it->path());
  std::sort(paths.begin(), paths.end());
  std::map<std::pair<dev_t, ino_t>, std::string> inodes;
  std::string listing;
  for (const fs::path& path : paths) {
    struct stat info {};
    REQUIRE(::lstat(path.c_str(), &info) == 0);
    const std::string relative = path.lexically_relative(root).generic_string();
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(info.st_mode & 07777));
    std::string line = relative + " " + mode + " ";
    if (S_ISLNK(info.st_mode)) {
      line = relative + " link -> " + fs::read_symlink(path).string();
    } else if (S_ISDIR(info.st_mode)) {
      line += "dir";
    } else {
      const auto [known, fresh] = inodes.emplace(std::pair{info.st_dev, info.st_ino}, relative);
      line += "file " + sha1Hex(readFile(path)) + (fresh ? "" : " same inode as " + known->second);
    }
    listing += line + "\n";
  }
  return listing;
}

struct ReadFree {
  void operator()(archive* a) const { archive_read_free(a); }
};
struct WriteFree {
  void operator()(archive* a) const { archive_write_free(a); }
};

// The plain way: libarchive reads the file again and writes it to disk. Then
// the host's mode rule: no set-id or sticky bits (undeclared here).
void extractPlainly(const fs::path& parcel, const fs::path& into) {
  fs::create_directories(into);
  std::unique_ptr<archive, ReadFree> reader(archive_read_new());
  archive_read_support_filter_gzip(reader.get());
  archive_read_support_format_tar(reader.get());
  REQUIRE(archive_read_open_filename(reader.get(), parcel.c_str(), 64 * 1024) == ARCHIVE_OK);
  std::unique_ptr<archive, WriteFree> disk(archive_write_disk_new());
  archive_write_disk_set_options(
      disk.get(), ARCHIVE_EXTRACT_PERM | ARCHIVE_EXTRACT_SECURE_SYMLINKS | ARCHIVE_EXTRACT_SECURE_NODOTDOT);
  archive_entry* entry = nullptr;
  while (archive_read_next_header(reader.get(), &entry) == ARCHIVE_OK) {
    const std::string path = (into / archive_entry_pathname(entry)).string();
    archive_entry_set_pathname(entry, path.c_str());
    if (const char* hardlink = archive_entry_hardlink(entry)) {
      archive_entry_set_hardlink(entry, (into / hardlink).c_str());
    }
    archive_entry_set_perm(entry, archive_entry_perm(entry) & 0777);
    REQUIRE(archive_write_header(disk.get(), entry) == ARCHIVE_OK);
    const void* block = nullptr;
    size_t size = 0;
    la_int64_t offset = 0;
    while (archive_read_data_block(reader.get(), &block, &size, &offset) == ARCHIVE_OK) {
      REQUIRE(archive_write_data_block(disk.get(), block, size, offset) == ARCHIVE_OK);
    }
    REQUIRE(archive_write_finish_entry(disk.get()) == ARCHIVE_OK);
  }
  REQUIRE(archive_write_close(disk.get()) == ARCHIVE_OK);
}

std::string summaryOf(const Diagnostics& diagnostics) {
  std::string text;
  for (const Diagnostic& d : diagnostics.items()) text += d.member + " " + d.code + "\n";
  return text;
}

void checkSameTree(const std::string& parcelBytes, const std::string& expectedFindings) {
  TempDir dir;
  writeFile(dir / kFile, parcelBytes);
  Diagnostics out;
  {
    host::Host host(dir / "host", std::nullopt);
    REQUIRE(host.distribute(dir / kFile, out));
  }
  CHECK(summaryOf(out) == expectedFindings);
  extractPlainly(dir / kFile, dir / "plain");
  const std::string unpacked = treeListing(dir / "host/parcels" / kTop);
  CHECK(unpacked == treeListing(dir / "plain" / kTop));
  // The parts of that listing this test is about, spelled out once.
  CHECK(unpacked.find("ro 0555 dir\n") != std::string::npos);
  CHECK(unpacked.find("late 0750 dir\n") != std::string::npos);
  CHECK(unpacked.find("bin/tool 0755 file ") != std::string::npos);
  CHECK(unpacked.find("a/b/c/same.bin 0755 file " + sha1Hex(noise(700 * 1024, 1)) +
                      " same inode as a/b/c/deep.bin\n") != std::string::npos);
  CHECK(unpacked.find("a/link-up link -> ../x/secret\n") != std::string::npos);
  // The copy parcel-repo keeps is the file's bytes, and its .sha their hash.
  CHECK(readFile(dir / "host/parcel-repo" / kFile) == parcelBytes);
  CHECK(readFile(dir / "host/parcel-repo" / (kFile + ".sha")) == sha1Hex(parcelBytes) + "\n");
  // Nothing else is left in the host's root: no scratch folder, no partial copy.
  std::set<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir / "host")) names.insert(entry.path().filename().string());
  CHECK(names == std::set<std::string>{".lock", "alternatives", "parcel-repo", "parcels", "state.json"});
}

}  // namespace

TEST_CASE("one-pass distribute leaves the tree a plain libarchive extraction of the same parcel gives") {
  checkSameTree(tarGz(members()), kTop + "/bin/tool setuid-file\n");
}

TEST_CASE("when the one pass gives up (data after the gzip member), the plain pass unpacks the same tree") {
  checkSameTree(tarGz(members()) + "trailing bytes", " trailing-data\n" + kTop + "/bin/tool setuid-file\n");
}
