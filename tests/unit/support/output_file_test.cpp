#include "parcel/support/output_file.hpp"
#include "parcel/support/error.hpp"

#include "test_support.hpp"

#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>
#include <set>
#include <stdexcept>
#include <string>

namespace fs = std::filesystem;
using parcel::test::readFile;
using parcel::test::TempDir;
using parcel::test::writeFile;

namespace {

// The names in a folder, so a test sees leftovers, not only what it expects.
std::set<std::string> namesIn(const fs::path& dir) {
  std::set<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.insert(entry.path().filename().string());
  return names;
}

struct stat statOf(const fs::path& path) {
  struct stat info {};
  REQUIRE(::stat(path.c_str(), &info) == 0);
  return info;
}

// Sets the umask for one scope.
class UmaskScope {
public:
  explicit UmaskScope(mode_t mask) : previous_(::umask(mask)) {}
  ~UmaskScope() { ::umask(previous_); }
  UmaskScope(const UmaskScope&) = delete;
  UmaskScope& operator=(const UmaskScope&) = delete;

private:
  mode_t previous_;
};

}  // namespace

TEST_CASE("AtomicOutputFile writes beside the target and renames on commit") {
  TempDir dir;
  const fs::path target = dir / "FOO-1.0-el7.parcel";
  parcel::AtomicOutputFile out(target);

  const std::string temporary = out.temporaryPath().filename().string();
  const std::string expectedPrefix = ".FOO-1.0-el7.parcel.tmp-" + std::to_string(::getpid()) + "-";
  CHECK(temporary.rfind(expectedPrefix, 0) == 0);
  CHECK(out.temporaryPath().parent_path() == dir.path());
  CHECK(out.target() == target);
  CHECK(namesIn(dir.path()) == std::set<std::string>{temporary});

  const std::string big(5u << 20, 'x');  // one write larger than a pipe or socket buffer
  out.write("head:", 5);
  out.write(big.data(), big.size());
  CHECK_FALSE(fs::exists(target));
  out.commit();
  CHECK(readFile(target) == "head:" + big);
  CHECK(namesIn(dir.path()) == std::set<std::string>{"FOO-1.0-el7.parcel"});
}

TEST_CASE("two AtomicOutputFiles for one target get different temporary names") {
  TempDir dir;
  parcel::AtomicOutputFile first(dir / "out");
  parcel::AtomicOutputFile second(dir / "out");
  CHECK(first.temporaryPath() != second.temporaryPath());
  CHECK(namesIn(dir.path()).size() == 2);
}

TEST_CASE("the temporary file is created 0644 minus the umask") {
  struct Case {
    mode_t umask;
    mode_t mode;
  };
  const Case cases[] = {{022, 0644}, {077, 0600}, {0, 0644}};
  TempDir dir;
  for (const Case& c : cases) {
    CAPTURE(c.umask);
    UmaskScope scope(c.umask);
    parcel::AtomicOutputFile out(dir / "file");
    CHECK((statOf(out.temporaryPath()).st_mode & 07777) == c.mode);
    out.commit();
    CHECK((statOf(dir / "file").st_mode & 07777) == c.mode);
  }
}

TEST_CASE("commit replaces an existing file") {
  TempDir dir;
  writeFile(dir / "manifest.json", "old");
  parcel::AtomicOutputFile out(dir / "manifest.json");
  out.write("new", 3);
  CHECK(readFile(dir / "manifest.json") == "old");  // untouched until commit
  out.commit();
  CHECK(readFile(dir / "manifest.json") == "new");
  CHECK(namesIn(dir.path()) == std::set<std::string>{"manifest.json"});
}

TEST_CASE("without commit the temporary file goes and the old file stays") {
  TempDir dir;
  writeFile(dir / "kept", "old");

  SUBCASE("destroyed without commit") {
    {
      parcel::AtomicOutputFile out(dir / "kept");
      out.write("partial", 7);
    }
    CHECK(namesIn(dir.path()) == std::set<std::string>{"kept"});
    CHECK(readFile(dir / "kept") == "old");
  }
  SUBCASE("an exception while writing") {
    const auto writeThenFail = [&dir] {
      parcel::AtomicOutputFile out(dir / "kept");
      out.write("partial", 7);
      throw std::runtime_error("compression failed");
    };
    CHECK_THROWS_WITH(writeThenFail(), "compression failed");
    CHECK(namesIn(dir.path()) == std::set<std::string>{"kept"});
    CHECK(readFile(dir / "kept") == "old");
  }
  SUBCASE("a new target that was never committed does not appear") {
    { parcel::AtomicOutputFile out(dir / "new"); }
    CHECK(namesIn(dir.path()) == std::set<std::string>{"kept"});
  }
}

TEST_CASE("misuse and failures are reported") {
  TempDir dir;
  SUBCASE("a folder that does not exist") {
    const fs::path missing = dir / "no-such-dir" / "out.parcel";
    std::string message;
    try {
      parcel::AtomicOutputFile out(missing);
    } catch (const parcel::IoError& error) {
      message = error.what();
    }
    CHECK(message.find((dir / "no-such-dir").string() + "/.out.parcel.tmp-") != std::string::npos);
    CHECK(message.find("No such file or directory") != std::string::npos);
  }
  SUBCASE("writing or committing after commit") {
    parcel::AtomicOutputFile out(dir / "once");
    out.commit();
    CHECK_THROWS_AS(out.write("x", 1), std::logic_error);
    CHECK_THROWS_AS(out.commit(), std::logic_error);
    CHECK(readFile(dir / "once").empty());
  }
  SUBCASE("the rename fails: the target is a non-empty folder") {
    fs::create_directories(dir / "occupied" / "child");
    {
      parcel::AtomicOutputFile out(dir / "occupied");
      out.write("x", 1);
      CHECK_THROWS_AS(out.commit(), parcel::IoError);
    }
    CHECK(namesIn(dir.path()) == std::set<std::string>{"occupied"});
  }
}

TEST_CASE("writeFileAtomically writes the whole content") {
  TempDir dir;
  parcel::writeFileAtomically(dir / "FOO.sha", "a9993e364706816aba3e25717850c26c9cd0d89d\n");
  CHECK(readFile(dir / "FOO.sha") == "a9993e364706816aba3e25717850c26c9cd0d89d\n");
  parcel::writeFileAtomically(dir / "FOO.sha", std::string("\0x", 2));
  CHECK(readFile(dir / "FOO.sha") == std::string("\0x", 2));
  CHECK(namesIn(dir.path()) == std::set<std::string>{"FOO.sha"});
}

TEST_CASE("a PendingLink makes a hard link on the same file system") {
  TempDir dir;
  writeFile(dir / "FOO-1.0-el7.parcel", "parcel bytes");

  SUBCASE("a new name") {}
  SUBCASE("replacing an older file") { writeFile(dir / "FOO-1.0-el8.parcel", "stale"); }
  SUBCASE("a name that already is the same file") {
    fs::create_hard_link(dir / "FOO-1.0-el7.parcel", dir / "FOO-1.0-el8.parcel");
  }
  parcel::PendingLink(dir / "FOO-1.0-el7.parcel", dir / "FOO-1.0-el8.parcel").commit();
  CHECK(readFile(dir / "FOO-1.0-el8.parcel") == "parcel bytes");
  CHECK(statOf(dir / "FOO-1.0-el8.parcel").st_ino == statOf(dir / "FOO-1.0-el7.parcel").st_ino);
  CHECK(statOf(dir / "FOO-1.0-el7.parcel").st_nlink == 2);
  CHECK(namesIn(dir.path()) == std::set<std::string>{"FOO-1.0-el7.parcel", "FOO-1.0-el8.parcel"});
}

TEST_CASE("a PendingLink copies across file systems") {
  // /dev/shm is a tmpfs on Linux; it differs from $TMPDIR on most machines.
  TempDir dir;
  const fs::path other = "/dev/shm";
  if (!fs::is_directory(other) || statOf(other).st_dev == statOf(dir.path()).st_dev) {
    MESSAGE("skipped: no second file system (/dev/shm) beside " << dir.path().string());
    return;
  }
  const fs::path copy = other / ("parcel-test-copy-" + std::to_string(::getpid()));
  writeFile(dir / "source", "bytes to copy");
  writeFile(copy, "stale");
  parcel::PendingLink(dir / "source", copy).commit();
  const std::string copied = readFile(copy);
  fs::remove(copy);
  CHECK(copied == "bytes to copy");
  for (const auto& entry : fs::directory_iterator(other)) {
    CHECK(entry.path().filename().string().find("parcel-test-copy-" + std::to_string(::getpid())) == std::string::npos);
  }
}

TEST_CASE("a PendingLink reports a missing source") {
  TempDir dir;
  CHECK_THROWS_AS(parcel::PendingLink(dir / "missing", dir / "link"), parcel::IoError);
  CHECK(namesIn(dir.path()).empty());
}

TEST_CASE("a PendingLink shows nothing until commit, and nothing at all without it") {
  TempDir dir;
  writeFile(dir / "FOO-1.0-el7.parcel", "parcel bytes");
  {
    parcel::PendingLink link(dir / "FOO-1.0-el7.parcel", dir / "FOO-1.0-el8.parcel");
    CHECK(namesIn(dir.path()).count("FOO-1.0-el8.parcel") == 0);
  }
  CHECK(namesIn(dir.path()) == std::set<std::string>{"FOO-1.0-el7.parcel"});

  parcel::PendingLink link(dir / "FOO-1.0-el7.parcel", dir / "FOO-1.0-el8.parcel");
  link.commit();
  CHECK(namesIn(dir.path()) == std::set<std::string>{"FOO-1.0-el7.parcel", "FOO-1.0-el8.parcel"});
  CHECK(readFile(dir / "FOO-1.0-el8.parcel") == "parcel bytes");
  CHECK(statOf(dir / "FOO-1.0-el8.parcel").st_ino == statOf(dir / "FOO-1.0-el7.parcel").st_ino);
}
