#include "parcel/build/payload.hpp"
#include "parcel/support/error.hpp"

#include "test_support.hpp"
#include "writer_test_support.hpp"

#include <doctest/doctest.h>

#include <linux/capability.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using parcel::test::joined;
using parcel::test::octal;
using parcel::test::TempDir;
using parcel::test::writeFile;

namespace {

void makeFile(const fs::path& path, const std::string& content, mode_t mode) {
  writeFile(path, content);
  REQUIRE(::chmod(path.c_str(), mode) == 0);
}

void makeDir(const fs::path& path, mode_t mode) {
  fs::create_directories(path);
  REQUIRE(::chmod(path.c_str(), mode) == 0);
}

void makeSymlink(const std::string& target, const fs::path& link) {
  REQUIRE(::symlink(target.c_str(), link.c_str()) == 0);
}

void makeSocket(const fs::path& path) {
  const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  REQUIRE(path.string().size() < sizeof address.sun_path);
  std::strcpy(address.sun_path, path.c_str());
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  ::close(fd);
}

// "<type> <path> <mode> <size> [-> target]", one line per entry.
std::vector<std::string> listing(const std::vector<parcel::PayloadEntry>& entries) {
  std::vector<std::string> lines;
  for (const parcel::PayloadEntry& e : entries) {
    std::string line =
        std::string(parcel::toString(e.type)) + " " + e.path + " " + octal(e.mode) + " " + std::to_string(e.size);
    if (!e.linkTarget.empty()) line += " -> " + e.linkTarget;
    lines.push_back(line);
  }
  return lines;
}

// "<member> <code>", one line per diagnostic; "W " in front of a warning.
std::vector<std::string> findings(const parcel::Diagnostics& diagnostics) {
  std::vector<std::string> lines;
  for (const parcel::Diagnostic& d : diagnostics.items()) {
    CHECK(d.pointer.empty());
    lines.push_back((d.severity == parcel::Severity::Warning ? "W " : "") + d.member + " " + d.code);
  }
  return lines;
}

const std::string kLongDir = "deep/" + std::string(60, 'x');
const std::string kLongFile = kLongDir + "/" + std::string(60, 'y') + ".txt";

// Takes away root's right to ignore file permissions (CAP_DAC_OVERRIDE and
// CAP_DAC_READ_SEARCH) for one scope, so that chmod 000 means "unreadable"
// even when the tests run as root. Only this thread is affected.
class WithoutPermissionOverride {
public:
  WithoutPermissionOverride() {
    REQUIRE(::syscall(SYS_capget, &header_, saved_) == 0);
    __user_cap_data_struct reduced[2];
    std::copy(std::begin(saved_), std::end(saved_), std::begin(reduced));
    reduced[0].effective &= ~((1u << CAP_DAC_OVERRIDE) | (1u << CAP_DAC_READ_SEARCH));
    REQUIRE(::syscall(SYS_capset, &header_, reduced) == 0);
  }
  ~WithoutPermissionOverride() { ::syscall(SYS_capset, &header_, saved_); }
  WithoutPermissionOverride(const WithoutPermissionOverride&) = delete;
  WithoutPermissionOverride& operator=(const WithoutPermissionOverride&) = delete;

private:
  __user_cap_header_struct header_{_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct saved_[2]{};
};

}  // namespace

TEST_CASE("scanPayload lists every entry, sorted byte-wise, and rejects what a parcel cannot hold") {
  TempDir tmp;
  const fs::path root = tmp / "in";
  makeDir(root, 0755);
  makeFile(tmp / "outside.txt", "outside\n", 0644);

  makeDir(root / "bin", 0755);
  makeFile(root / "bin/tool", "#!/bin/sh\necho hi\n", 0755);
  makeDir(root / "data", 0755);
  makeFile(root / "data/h1", "shared\n", 0644);
  REQUIRE(::link((root / "data/h1").c_str(), (root / "data/h2").c_str()) == 0);
  makeDir(root / kLongDir, 0755);
  makeFile(root / kLongFile, "long\n", 0644);
  makeDir(root / "données", 0755);
  makeFile(root / "données/été.txt", "utf8\n", 0600);
  makeDir(root / "empty", 0700);
  makeDir(root / "lib/a/b/c", 0755);
  makeFile(root / "lib/a/b/c/libx.so", "ELF", 0644);
  makeFile(root / "lib-extra.txt", "extra\n", 0644);
  makeFile(root / "setuid", "s", 04755);
  makeFile(root / "Zeta", "Z", 0644);
  makeSymlink("a/b/c/libx.so", root / "lib/current");  // kept
  makeSymlink("a", root / "lib/adir");  // kept, not followed
  makeSymlink("/usr/bin/passwd", root / "lib/abs");
  makeSymlink("/etc/./hosts", root / "lib/etc");  // kept: under /etc once cleaned (spec 3.5), with a warning
  makeSymlink("../../outside.txt", root / "lib/escape");
  makeSymlink("..", root / "up");
  makeSymlink("../up/outside.txt", root / "lib/through");  // inside by its text, outside on disk
  makeSymlink("missing.so", root / "lib/dangling");
  REQUIRE(::mkfifo((root / "fifo").c_str(), 0644) == 0);
  makeSocket(root / "sock");

  parcel::Diagnostics diagnostics;
  const std::vector<parcel::PayloadEntry> entries = parcel::scanPayload(root, diagnostics);

  const std::vector<std::string> expected = {
      "file Zeta 0644 1",
      "dir bin 0755 0",
      "file bin/tool 0755 18",
      "dir data 0755 0",
      "file data/h1 0644 7",
      "hardlink data/h2 0644 7 -> data/h1",
      "dir deep 0755 0",
      "dir " + kLongDir + " 0755 0",
      "file " + kLongFile + " 0644 5",
      "dir données 0755 0",
      "file données/été.txt 0600 5",
      "dir empty 0700 0",
      "dir lib 0755 0",
      "file lib-extra.txt 0644 6",
      "dir lib/a 0755 0",
      "dir lib/a/b 0755 0",
      "dir lib/a/b/c 0755 0",
      "file lib/a/b/c/libx.so 0644 3",
      "symlink lib/adir 0777 0 -> a",
      "symlink lib/current 0777 0 -> a/b/c/libx.so",
      "symlink lib/etc 0777 0 -> /etc/./hosts",
      "file setuid 4755 1",
  };
  CHECK(joined(listing(entries)) == joined(expected));
  CHECK(std::is_sorted(entries.begin(), entries.end(),
                       [](const parcel::PayloadEntry& a, const parcel::PayloadEntry& b) { return a.path < b.path; }));
  for (const parcel::PayloadEntry& e : entries) {
    CAPTURE(e.path);
    CHECK(e.source == root / e.path);
  }

  const std::vector<std::string> expectedFindings = {
      "fifo special-file",          "lib/abs symlink-absolute",   "lib/dangling symlink-dangling",
      "lib/escape symlink-escapes", "W lib/etc symlink-absolute", "lib/through symlink-escapes",
      "sock special-file",          "up symlink-escapes",
  };
  CHECK(joined(findings(diagnostics)) == joined(expectedFindings));

  // Each message names the entry and, for links, the target.
  const std::vector<std::string> named = {"'fifo' is a FIFO",
                                          "'lib/abs' -> '/usr/bin/passwd'",
                                          "'lib/dangling' -> 'missing.so'",
                                          "'lib/escape' -> '../../outside.txt'",
                                          "'lib/etc' -> '/etc/./hosts' points outside the parcel, to '/etc/hosts'",
                                          "'lib/through' -> '../up/outside.txt'",
                                          "'sock' is a socket",
                                          "'up' -> '..'"};
  REQUIRE(diagnostics.items().size() == named.size());
  for (std::size_t i = 0; i < named.size(); ++i) {
    CAPTURE(diagnostics.items()[i].message);
    CHECK(diagnostics.items()[i].message.find(named[i]) != std::string::npos);
  }
}

TEST_CASE("scanPayload: an empty root has no entries, the root itself is not one") {
  TempDir tmp;
  parcel::Diagnostics diagnostics;
  CHECK(parcel::scanPayload(tmp.path(), diagnostics).empty());
  CHECK(diagnostics.empty());
}

TEST_CASE("scanPayload: the first name of a hard-linked file in sorted order carries the data") {
  TempDir tmp;
  // Created in the opposite order to the sorted one.
  makeFile(tmp / "z/original", "data", 0755);
  REQUIRE(::link((tmp / "z/original").c_str(), (tmp / "a-copy").c_str()) == 0);
  REQUIRE(::link((tmp / "z/original").c_str(), (tmp / "m-copy").c_str()) == 0);
  makeDir(tmp / "z", 0755);
  parcel::Diagnostics diagnostics;
  const std::vector<std::string> expected = {
      "file a-copy 0755 4",
      "hardlink m-copy 0755 4 -> a-copy",
      "dir z 0755 0",
      "hardlink z/original 0755 4 -> a-copy",
  };
  CHECK(joined(listing(parcel::scanPayload(tmp.path(), diagnostics))) == joined(expected));
  CHECK(diagnostics.empty());
}

TEST_CASE("scanPayload: a missing root or a file as root is an InputError") {
  TempDir tmp;
  parcel::Diagnostics diagnostics;
  const std::string missing = (tmp / "nothing").string();
  CHECK_THROWS_WITH_AS(parcel::scanPayload(missing, diagnostics),
                       ("input directory '" + missing + "' does not exist").c_str(), parcel::InputError);
  makeFile(tmp / "file", "x", 0644);
  const std::string file = (tmp / "file").string();
  CHECK_THROWS_WITH_AS(parcel::scanPayload(file, diagnostics),
                       ("input directory '" + file + "' is not a directory").c_str(), parcel::InputError);
  CHECK(diagnostics.empty());
}

TEST_CASE("scanPayload: unreadable files and folders are errors and the walk goes on") {
  TempDir tmp;
  makeFile(tmp / "a-readable", "ok", 0644);
  makeFile(tmp / "locked.bin", "secret", 0000);
  makeDir(tmp / "closed", 0755);
  makeFile(tmp / "closed/inner", "x", 0644);
  REQUIRE(::chmod((tmp / "closed").c_str(), 0000) == 0);
  makeFile(tmp / "z-readable", "ok", 0644);

  parcel::Diagnostics diagnostics;
  std::vector<parcel::PayloadEntry> entries;
  if (::geteuid() == 0) {
    // Root reads anything; drop that power for the scan instead of skipping.
    WithoutPermissionOverride unprivileged;
    entries = parcel::scanPayload(tmp.path(), diagnostics);
  } else {
    entries = parcel::scanPayload(tmp.path(), diagnostics);
  }
  REQUIRE(::chmod((tmp / "closed").c_str(), 0755) == 0);

  const std::vector<std::string> expected = {"file a-readable 0644 2", "file z-readable 0644 2"};
  CHECK(joined(listing(entries)) == joined(expected));
  // The folder is found while listing, the file while checking, in sorted order.
  const std::vector<std::string> expectedFindings = {"closed unreadable-file", "locked.bin unreadable-file"};
  CHECK(joined(findings(diagnostics)) == joined(expectedFindings));
  for (const parcel::Diagnostic& d : diagnostics.items()) {
    CAPTURE(d.message);
    CHECK(d.message.find("'" + d.member + "'") != std::string::npos);
    CHECK(d.message.find("Permission denied") != std::string::npos);
  }
}
