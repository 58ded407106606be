#include "parcel/archive/tar_writer.hpp"
#include "parcel/support/error.hpp"

#include "test_support.hpp"
#include "writer_test_support.hpp"

#include <doctest/doctest.h>

#include <archive.h>
#include <archive_entry.h>

#include <fcntl.h>
#include <locale.h>
#include <sys/stat.h>
#include <unistd.h>
#include <algorithm>
#include <chrono>
#include <clocale>
#include <cstring>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using parcel::test::joined;
using parcel::test::octal;
using parcel::test::RecordingSink;
using parcel::test::TempDir;
using parcel::test::writeFile;

namespace {

constexpr std::int64_t kMtime = 1262304000;  // 2010-01-01T00:00:00Z

// What a reader sees: one line per entry, plus the content of small files.
struct Listing {
  std::vector<std::string> lines;
  std::map<std::string, std::string> contents;
};

// Reads names as UTF-8 (the default "C" locale would refuse non-ASCII names).
class Utf8Reading {
public:
  Utf8Reading() : locale_(newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(nullptr))) {
    REQUIRE(locale_ != static_cast<locale_t>(nullptr));
    previous_ = uselocale(locale_);
  }
  ~Utf8Reading() {
    uselocale(previous_);
    freelocale(locale_);
  }
  Utf8Reading(const Utf8Reading&) = delete;
  Utf8Reading& operator=(const Utf8Reading&) = delete;

private:
  locale_t locale_;
  locale_t previous_ = static_cast<locale_t>(nullptr);
};

// "<type> <path> <mode> <uid>/<gid> <uname>/<gname> <size> <mtime>[ -> <target>]"
Listing listOpened(archive* reader) {
  Utf8Reading utf8;
  Listing listing;
  archive_entry* entry = nullptr;
  int status = ARCHIVE_OK;
  while ((status = archive_read_next_header(reader, &entry)) == ARCHIVE_OK) {
    const std::string path = archive_entry_pathname(entry);
    std::string type = "other";
    std::string target;
    if (archive_entry_hardlink(entry) != nullptr) {
      type = "hardlink";
      target = archive_entry_hardlink(entry);
    } else if (archive_entry_filetype(entry) == AE_IFDIR) {
      type = "dir";
    } else if (archive_entry_filetype(entry) == AE_IFLNK) {
      type = "symlink";
      target = archive_entry_symlink(entry);
    } else if (archive_entry_filetype(entry) == AE_IFREG) {
      type = "file";
    }
    std::string line = type + " " + path + " " + octal(archive_entry_perm(entry)) + " " +
        std::to_string(archive_entry_uid(entry)) + "/" + std::to_string(archive_entry_gid(entry)) + " " +
        archive_entry_uname(entry) + "/" + archive_entry_gname(entry) + " " +
        std::to_string(archive_entry_size(entry)) + " " + std::to_string(archive_entry_mtime(entry));
    CHECK_FALSE(archive_entry_atime_is_set(entry));
    CHECK_FALSE(archive_entry_ctime_is_set(entry));
    if (!target.empty()) line += " -> " + target;
    listing.lines.push_back(line);

    if (type == "file" && archive_entry_size(entry) <= (1 << 20)) {
      std::string content(static_cast<std::size_t>(archive_entry_size(entry)), '\0');
      if (!content.empty()) {
        CHECK(archive_read_data(reader, content.data(), content.size()) == static_cast<la_ssize_t>(content.size()));
      }
      listing.contents[path] = content;
    } else {
      REQUIRE(archive_read_data_skip(reader) == ARCHIVE_OK);
    }
  }
  CHECK(status == ARCHIVE_EOF);
  return listing;
}

Listing listTar(const std::string& tar) {
  archive* reader = archive_read_new();
  REQUIRE(archive_read_support_format_tar(reader) == ARCHIVE_OK);
  REQUIRE(archive_read_open_memory(reader, tar.data(), tar.size()) == ARCHIVE_OK);
  Listing listing = listOpened(reader);
  archive_read_free(reader);
  return listing;
}

// A source tree with every kind of entry TarWriter is given.
struct SourceTree {
  explicit SourceTree(const fs::path& where) : root(where) {
    writeFile(root / "tool", "#!/bin/sh\necho hi\n");
    writeFile(root / "lib.so", "ELF-ish");
    writeFile(root / "empty", "");
    writeFile(root / "long", "long\n");
    writeFile(root / "utf8", "été\n");
  }
  fs::path root;
};

// Over 100 bytes, but fits ustar's 155-byte prefix plus 100-byte name fields.
const std::string kLongPath = "FOO-1.0/lib/" + std::string(70, 'x') + "/" + std::string(40, 'y') + ".jar";
// A last component over 100 bytes: only a pax path record can hold it.
const std::string kLongName = "FOO-1.0/lib/" + std::string(120, 'z') + ".jar";

void writeTree(parcel::TarWriter& tar, const SourceTree& tree) {
  tar.addDirectory("FOO-1.0", 0755);
  tar.addDirectory("FOO-1.0/bin", 0755);
  tar.addFile("FOO-1.0/bin/tool", 0755, 18, tree.root / "tool");
  tar.addFile("FOO-1.0/données/été.txt", 0644, 6, tree.root / "utf8");
  tar.addFile("FOO-1.0/empty", 0600, 0, tree.root / "empty");
  tar.addFile(kLongPath, 0644, 5, tree.root / "long");
  tar.addFile(kLongName, 0644, 5, tree.root / "long");
  tar.addFile("FOO-1.0/lib/libx.so.1", 0644, 7, tree.root / "lib.so");
  tar.addHardlink("FOO-1.0/lib/libx.so.1.0", "FOO-1.0/lib/libx.so.1");
  tar.addSymlink("FOO-1.0/lib/libx.so", "libx.so.1");
  tar.addHardlink("FOO-1.0/bin/tool2", "FOO-1.0/bin/tool");
  tar.addFileContent("FOO-1.0/meta/parcel.json", 0644, "{\"name\": \"FOO\"}\n");
  tar.close();
}

std::string tarOf(const SourceTree& tree) {
  RecordingSink sink;
  parcel::TarWriter tar(sink, kMtime);
  writeTree(tar, tree);
  CHECK(sink.finishes == 1);
  return sink.bytes;
}

}  // namespace

TEST_CASE("TarWriter output reads back as the expected listing") {
  TempDir tmp;
  const SourceTree tree(tmp.path());
  const std::string tar = tarOf(tree);
  const std::string t = " 0/0 root/root ";
  const std::string m = " " + std::to_string(kMtime);
  const std::vector<std::string> expected = {
      "dir FOO-1.0/ 0755" + t + "0" + m,
      "dir FOO-1.0/bin/ 0755" + t + "0" + m,
      "file FOO-1.0/bin/tool 0755" + t + "18" + m,
      "file FOO-1.0/données/été.txt 0644" + t + "6" + m,
      "file FOO-1.0/empty 0600" + t + "0" + m,
      "file " + kLongPath + " 0644" + t + "5" + m,
      "file " + kLongName + " 0644" + t + "5" + m,
      "file FOO-1.0/lib/libx.so.1 0644" + t + "7" + m,
      "hardlink FOO-1.0/lib/libx.so.1.0 0644" + t + "0" + m + " -> FOO-1.0/lib/libx.so.1",
      "symlink FOO-1.0/lib/libx.so 0777" + t + "0" + m + " -> libx.so.1",
      "hardlink FOO-1.0/bin/tool2 0755" + t + "0" + m + " -> FOO-1.0/bin/tool",
      "file FOO-1.0/meta/parcel.json 0644" + t + "16" + m,
  };
  const Listing listing = listTar(tar);
  CHECK(joined(listing.lines) == joined(expected));
  const std::map<std::string, std::string> contents = {
      {"FOO-1.0/bin/tool", "#!/bin/sh\necho hi\n"},
      {"FOO-1.0/données/été.txt", "été\n"},
      {"FOO-1.0/empty", ""},
      {kLongPath, "long\n"},
      {kLongName, "long\n"},
      {"FOO-1.0/lib/libx.so.1", "ELF-ish"},
      {"FOO-1.0/meta/parcel.json", "{\"name\": \"FOO\"}\n"},
  };
  CHECK(listing.contents == contents);
}

TEST_CASE("TarWriter writes plain ustar headers, pax records only where needed") {
  TempDir tmp;
  const std::string tar = tarOf(SourceTree(tmp.path()));
  // Padded to whole 10240-byte records, as GNU tar does.
  CHECK(tar.size() % 10240 == 0);
  // First block: the ustar header of "FOO-1.0/" itself, no pax header before it.
  CHECK(tar.substr(0, 9) == std::string("FOO-1.0/\0", 9));
  CHECK(tar[156] == '5');  // typeflag: directory
  CHECK(tar.substr(257, 8) ==
        std::string("ustar\0"
                    "00",
                    8));
  CHECK(tar.substr(265, 5) == std::string("root\0", 5));  // uname
  // The non-ASCII and the long name each get a UTF-8 pax path record, and no
  // "hdrcharset=BINARY" (what libarchive writes under the "C" locale).
  CHECK(tar.find("path=FOO-1.0/données/été.txt\n") != std::string::npos);
  CHECK(tar.find("path=" + kLongName + "\n") != std::string::npos);
  CHECK(tar.find("path=" + kLongPath + "\n") == std::string::npos);  // split into prefix and name
  CHECK(tar.find("hdrcharset") == std::string::npos);
  CHECK(tar.find("atime=") == std::string::npos);
  CHECK(tar.find("ctime=") == std::string::npos);
}

TEST_CASE("TarWriter output does not depend on the source files' times or the process locale") {
  TempDir first;
  TempDir second;
  const SourceTree a(first.path());
  const SourceTree b(second.path());
  fs::last_write_time(b.root / "tool", fs::last_write_time(b.root / "tool") - std::chrono::hours(1000));
  ::chmod((b.root / "lib.so").c_str(), 0600);
  const std::string once = tarOf(a);
  CHECK(tarOf(a) == once);
  CHECK(tarOf(b) == once);
}

TEST_CASE("TarWriter leaves the caller's locale alone") {
  const std::string before = std::setlocale(LC_CTYPE, nullptr);
  TempDir tmp;
  RecordingSink sink;
  {
    parcel::TarWriter tar(sink, kMtime);
    tar.addFileContent("FOO-1.0/été", 0644, "x");
    CHECK(uselocale(static_cast<locale_t>(nullptr)) == LC_GLOBAL_LOCALE);
    tar.close();
  }
  CHECK(uselocale(static_cast<locale_t>(nullptr)) == LC_GLOBAL_LOCALE);
  CHECK(std::setlocale(LC_CTYPE, nullptr) == before);
}

TEST_CASE("GNU tar lists TarWriter output without complaint") {
  TempDir tmp;
  const std::string tar = tarOf(SourceTree(tmp / "src"));
  writeFile(tmp / "out.tar", tar);
  int status = -1;
  const std::string output =
      parcel::test::runCommand("LC_ALL=C.UTF-8 tar -tf '" + (tmp / "out.tar").string() + "' 2>&1", status);
  CHECK(status == 0);
  CHECK(output ==
        "FOO-1.0/\nFOO-1.0/bin/\nFOO-1.0/bin/tool\nFOO-1.0/données/été.txt\nFOO-1.0/empty\n" + kLongPath + "\n" +
            kLongName +
            "\nFOO-1.0/lib/libx.so.1\nFOO-1.0/lib/libx.so.1.0\nFOO-1.0/lib/libx.so\nFOO-1.0/bin/tool2\n"
            "FOO-1.0/meta/parcel.json\n");
}

TEST_CASE("a file that changes size while it is archived is an IoError") {
  TempDir tmp;
  writeFile(tmp / "data", "12345");
  struct Case {
    std::uint64_t declared;
    const char* message;
  };
  const Case cases[] = {
      {6, "data' changed while it was archived as 'FOO-1.0/data': expected 6 bytes, found 5"},
      {4, "data' changed while it was archived as 'FOO-1.0/data': expected 4 bytes, found more"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.declared);
    RecordingSink sink;
    parcel::TarWriter tar(sink, kMtime);
    std::string message;
    try {
      tar.addFile("FOO-1.0/data", 0644, c.declared, tmp / "data");
    } catch (const parcel::IoError& error) {
      message = error.what();
    }
    CHECK(message.find(c.message) != std::string::npos);
    CHECK(sink.finishes == 0);
  }
}

TEST_CASE("TarWriter reports failures with the entry and keeps the sink's own exception") {
  TempDir tmp;
  SUBCASE("a missing source file") {
    RecordingSink sink;
    parcel::TarWriter tar(sink, kMtime);
    CHECK_THROWS_AS(tar.addFile("FOO-1.0/x", 0644, 1, tmp / "missing"), parcel::IoError);
  }
  SUBCASE("the sink fails") {
    class FailingSink final : public parcel::ByteSink {
    public:
      void write(const void*, std::size_t) override {
        ++writes;
        throw parcel::IoError("cannot write 'out.parcel': No space left on device");
      }
      int writes = 0;
    } sink;
    {
      parcel::TarWriter tar(sink, kMtime);
      CHECK_THROWS_WITH_AS(tar.addFileContent("FOO-1.0/big", 0644, std::string(50000, 'x')),
                           "cannot write 'out.parcel': No space left on device", parcel::IoError);
    }
    CHECK(sink.writes == 1);  // destroying the writer sends nothing more
  }
  SUBCASE("a hard link to a file not written before") {
    RecordingSink sink;
    parcel::TarWriter tar(sink, kMtime);
    CHECK_THROWS_AS(tar.addHardlink("FOO-1.0/b", "FOO-1.0/a"), std::invalid_argument);
  }
  SUBCASE("use after close") {
    RecordingSink sink;
    parcel::TarWriter tar(sink, kMtime);
    tar.close();
    CHECK(sink.finishes == 1);
    CHECK(sink.bytes == std::string(10240, '\0'));  // only the end-of-archive blocks, padded
    CHECK_THROWS_AS(tar.addDirectory("FOO-1.0", 0755), std::logic_error);
    CHECK_THROWS_AS(tar.close(), std::logic_error);
  }
}

namespace {

// Keeps only the blocks that are not all zero, with their offsets, so a
// multi-GiB tar of a sparse file can be checked without holding it.
class SparseCaptureSink final : public parcel::ByteSink {
public:
  void write(const void* data, std::size_t size) override {
    const char* bytes = static_cast<const char*>(data);
    if (!allZero(bytes, size)) blocks_[size_] = std::string(bytes, size);
    size_ += size;
  }

  std::uint64_t size() const { return size_; }
  std::size_t nonZeroBlocks() const { return blocks_.size(); }

  // Copies the stream's bytes [offset, offset + length) into `out`.
  void read(std::uint64_t offset, char* out, std::size_t length) const {
    std::fill(out, out + length, '\0');
    for (const auto& [start, block] : blocks_) {
      const std::uint64_t from = std::max(start, offset);
      const std::uint64_t to = std::min<std::uint64_t>(start + block.size(), offset + length);
      if (from < to) std::memcpy(out + (from - offset), block.data() + (from - start), to - from);
    }
  }

private:
  static bool allZero(const char* bytes, std::size_t size) {
    static const char zeros[65536] = {};
    for (std::size_t at = 0; at < size; at += sizeof zeros) {
      const std::size_t n = std::min(sizeof zeros, size - at);
      if (std::memcmp(bytes + at, zeros, n) != 0) return false;
    }
    return true;
  }

  std::map<std::uint64_t, std::string> blocks_;
  std::uint64_t size_ = 0;
};

// Feeds a SparseCaptureSink's stream to libarchive's reader; skipping is free.
struct SparseReadState {
  const SparseCaptureSink* sink;
  std::uint64_t offset = 0;
  std::string buffer = std::string(65536, '\0');

  static la_ssize_t read(archive*, void* self, const void** data) {
    auto& state = *static_cast<SparseReadState*>(self);
    const std::uint64_t left = state.sink->size() - state.offset;
    const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(left, state.buffer.size()));
    state.sink->read(state.offset, state.buffer.data(), n);
    state.offset += n;
    *data = state.buffer.data();
    return static_cast<la_ssize_t>(n);
  }
  static la_int64_t skip(archive*, void* self, la_int64_t request) {
    auto& state = *static_cast<SparseReadState*>(self);
    const std::uint64_t n =
        std::min<std::uint64_t>(static_cast<std::uint64_t>(request), state.sink->size() - state.offset);
    state.offset += n;
    return static_cast<la_int64_t>(n);
  }
};

}  // namespace

// Streams 9 GiB through libarchive: 2 to 6 s here, in the "slow" suite (ctest label) for runs that skip it.
TEST_CASE("a file over 8 GiB gets a pax size record and streams through" * doctest::test_suite("slow")) {
  constexpr std::uint64_t kBig = 9ull << 30;  // ustar's size field stops at 8 GiB - 1
  TempDir tmp;
  {
    const int fd = ::open((tmp / "big").c_str(), O_WRONLY | O_CREAT | O_EXCL, 0644);
    REQUIRE(fd >= 0);
    REQUIRE(::ftruncate(fd, static_cast<off_t>(kBig)) == 0);  // sparse: no disk space used
    ::close(fd);
  }
  writeFile(tmp / "after", "after\n");

  SparseCaptureSink sink;
  parcel::TarWriter tar(sink, kMtime);
  tar.addDirectory("BIG-1.0", 0755);
  tar.addFile("BIG-1.0/big.bin", 0644, kBig, tmp / "big");
  tar.addFile("BIG-1.0/after.txt", 0644, 6, tmp / "after");
  tar.close();

  // Headers: directory, pax + its record + ustar for big.bin, ustar + data for after.txt, 2 end blocks.
  const std::uint64_t unpadded = 512 + 3 * 512 + kBig + 2 * 512 + 2 * 512;
  CHECK(sink.size() == (unpadded + 10239) / 10240 * 10240);
  CHECK(sink.nonZeroBlocks() <= 4);  // the 9 GiB in between were zeros

  std::string head(4096, '\0');
  sink.read(0, head.data(), head.size());
  CHECK(head.find("size=" + std::to_string(kBig) + "\n") != std::string::npos);

  SparseReadState state{&sink};
  archive* reader = archive_read_new();
  REQUIRE(archive_read_support_format_tar(reader) == ARCHIVE_OK);
  REQUIRE(archive_read_open2(reader, &state, nullptr, &SparseReadState::read, &SparseReadState::skip, nullptr) ==
          ARCHIVE_OK);
  const Listing listing = listOpened(reader);
  archive_read_free(reader);
  const std::vector<std::string> expected = {
      "dir BIG-1.0/ 0755 0/0 root/root 0 " + std::to_string(kMtime),
      "file BIG-1.0/big.bin 0644 0/0 root/root " + std::to_string(kBig) + " " + std::to_string(kMtime),
      "file BIG-1.0/after.txt 0644 0/0 root/root 6 " + std::to_string(kMtime),
  };
  CHECK(joined(listing.lines) == joined(expected));
  CHECK(listing.contents.at("BIG-1.0/after.txt") == "after\n");
}
