// Reads a .parcel archive with libarchive: the listing, plus the content of the
// few meta/ members the checks need. Nothing is ever written to disk.
#include "parcel/archive/parcel_reader.hpp"

#include "archive/archive_entry_type.hpp"
#include "archive/archive_input.hpp"

#include "archive/utf8_locale.hpp"
#include "parcel/support/error.hpp"
#include "parcel/support/interrupt.hpp"
#include "parcel/support/sha1.hpp"
#include "parcel/support/unique_fd.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <zlib.h>

#include <fcntl.h>
#include <unistd.h>
#include <algorithm>
#include <array>
#include <cerrno>
#include <fstream>
#include <memory>
#include <optional>

namespace parcel {
namespace {

constexpr std::size_t kChunkSize = 64 * 1024;

struct ArchiveReadFree {
  void operator()(archive* a) const { archive_read_free(a); }
};
using ArchiveReader = std::unique_ptr<archive, ArchiveReadFree>;

// The common compressions, but only tar formats: a zip or cpio file
// named .parcel is not a parcel, and must not be listed as if it were one.
ArchiveReader newTarReader() {
  ArchiveReader reader(archive_read_new());
  if (!reader) throw ArchiveError("archive_read_new: out of memory");
  // Built-in decompressors only: filter_all would also start external programs
  // (lrzip, lzop, grzip) on an untrusted file.
  for (auto enable :
       {archive_read_support_filter_gzip, archive_read_support_filter_bzip2, archive_read_support_filter_xz,
        archive_read_support_filter_lzma, archive_read_support_filter_zstd, archive_read_support_filter_lz4,
        archive_read_support_filter_compress}) {
    enable(reader.get());
  }
  archive_read_support_format_tar(reader.get());
  return reader;
}

std::string errorText(archive* a) {
  const char* text = archive_error_string(a);
  return text != nullptr ? text : "unknown libarchive error";
}

// An archive that stopped being readable because of an interrupt is not a bad archive.
void reportUnreadable(archive* a, const std::string& member, Diagnostics& out) {
  throwIfInterrupted();
  out.add({Severity::Error, member, "", "archive-unreadable", "cannot read the archive: " + errorText(a)});
}

// libarchive lists the filters innermost first and ends with the raw reader
// ("none"); we name them outermost first, so a gzip'd tar is "gzip" and a
// doubly compressed one "gzip+xz" (never mistaken for a plain "gzip").
std::string compressionName(archive* a) {
  std::string name;
  for (int i = archive_filter_count(a) - 1; i >= 0; --i) {
    if (archive_filter_code(a, i) == ARCHIVE_FILTER_NONE) continue;
    if (!name.empty()) name += '+';
    name += archive_filter_name(a, i);
  }
  return name.empty() ? "none" : name;
}

std::string textOrEmpty(const char* text) { return text != nullptr ? text : ""; }

ArchiveEntry toArchiveEntry(archive_entry* entry) {
  ArchiveEntry result;
  result.path = textOrEmpty(archive_entry_pathname(entry));
  if (!result.path.empty() && result.path.back() == '/') result.path.pop_back();
  result.type = entryTypeOf(entry);
  result.mode = static_cast<unsigned>(archive_entry_perm(entry)) & 07777u;
  result.uid = archive_entry_uid(entry);
  result.gid = archive_entry_gid(entry);
  result.uname = textOrEmpty(archive_entry_uname(entry));
  result.gname = textOrEmpty(archive_entry_gname(entry));
  if (archive_entry_size_is_set(entry) != 0 && archive_entry_size(entry) > 0) {
    result.size = static_cast<std::uint64_t>(archive_entry_size(entry));
  }
  result.linkTarget = result.type == EntryType::Hardlink ? textOrEmpty(archive_entry_hardlink(entry))
                                                         : textOrEmpty(archive_entry_symlink(entry));
  result.mtime = archive_entry_mtime(entry);
  return result;
}

// The file name of "<first component>/meta/<file>", nothing deeper or
// shallower; empty for any other path.
std::string_view metaFileName(const ArchiveEntry& entry) {
  const std::string_view path = entry.path;
  const auto slash = path.find('/');
  if (slash == 0 || slash == std::string_view::npos) return {};
  const std::string_view rest = path.substr(slash + 1);
  constexpr std::string_view meta = "meta/";
  if (rest.substr(0, meta.size()) != meta) return {};
  const std::string_view file = rest.substr(meta.size());
  return file.find('/') == std::string_view::npos ? file : std::string_view();
}

// "<first component>/meta/<one of kMetaFileNames>".
bool isMetaMember(const ArchiveEntry& entry) {
  const std::string_view file = metaFileName(entry);
  return std::find(kMetaFileNames.begin(), kMetaFileNames.end(), file) != kMetaFileNames.end();
}

// Another small regular file directly in meta/, while there is room for one.
bool isOtherMetaFile(const ArchiveEntry& entry, const ParcelArchive& result) {
  return entry.type == EntryType::File && !metaFileName(entry).empty() && entry.size <= kMaxOtherMetaFileSize &&
      result.otherMetaFiles.size() < kMostOtherMetaFiles;
}

enum class DataResult { Read, TooLarge, Failed };

DataResult readMemberData(archive* a, std::string& content) {
  std::array<char, kChunkSize> buffer;
  for (;;) {
    const la_ssize_t n = archive_read_data(a, buffer.data(), buffer.size());
    if (n == 0) return DataResult::Read;
    if (n < 0) return DataResult::Failed;
    const auto count = static_cast<std::size_t>(n);
    if (content.size() + count > kMaxMetaFileSize) return DataResult::TooLarge;
    content.append(buffer.data(), count);
  }
}

void reportTooLarge(const std::string& member, Diagnostics& out) {
  out.add({Severity::Error, member, "", "member-too-large",
           "the member is larger than " + std::to_string(kMaxMetaFileSize / (1024 * 1024)) +
               " MiB, the most read of a metadata file"});
}

// Keeps the member's content in `result` (and points `kept` at it); false
// when libarchive failed.
bool keepMetaMember(archive* a, const ArchiveEntry& entry, ParcelArchive& result, const std::string*& kept,
                    Diagnostics& out) {
  if (entry.type != EntryType::File) {
    // Cloudera's reader gets no data from a link or folder of that name, so the
    // metadata would be missing for it while looking present in a listing.
    out.add({Severity::Error, entry.path, "", "meta-file-not-regular",
             "the metadata file is a " + std::string(toString(entry.type)) + "; store it as a regular file"});
    return true;
  }
  if (entry.size > kMaxMetaFileSize) {
    reportTooLarge(entry.path, out);
    return true;  // libarchive skips the data at the next header
  }
  std::string content;
  switch (readMemberData(a, content)) {
    case DataResult::Read: {
      std::string& stored = result.metaFiles[entry.path];
      stored = std::move(content);
      kept = &stored;
      return true;
    }
    case DataResult::TooLarge:
      reportTooLarge(entry.path, out);
      return true;
    case DataResult::Failed:
      break;
  }
  reportUnreadable(a, entry.path, out);
  return false;
}

// An entry's data for a visitor: straight from libarchive, or what the reader
// kept of a metadata file, or nothing more when the reader consumed part of it.
class ListedContent final : public EntryContent {
public:
  ListedContent(archive* a, const std::string* kept, bool consumed) : archive_(a), kept_(kept), consumed_(consumed) {}
  std::ptrdiff_t read(char* buffer, std::size_t size) override {
    if (kept_ != nullptr) {
      const std::size_t count = std::min(size, kept_->size() - offset_);
      std::copy_n(kept_->data() + offset_, count, buffer);
      offset_ += count;
      return static_cast<std::ptrdiff_t>(count);
    }
    if (consumed_) return -1;
    return static_cast<std::ptrdiff_t>(archive_read_data(archive_, buffer, size));
  }

private:
  archive* archive_;
  const std::string* kept_;
  bool consumed_;
  std::size_t offset_ = 0;
};

// Reads headers to the end; false when the archive turned out unreadable.
bool readEntries(archive* a, ParcelArchive& result, EntryVisitor* visitor, Diagnostics& out) {
  for (;;) {
    archive_entry* header = nullptr;
    const int status = archive_read_next_header(a, &header);
    if (status == ARCHIVE_EOF) return true;
    // RETRY too: a damaged header is reason enough to reject a parcel.
    if (status < ARCHIVE_WARN) {
      reportUnreadable(a, "", out);
      return false;
    }
    ArchiveEntry entry = toArchiveEntry(header);
    if (status == ARCHIVE_WARN) {
      out.add({Severity::Warning, entry.path, "", "archive-warning", errorText(a)});
    }
    const std::string* kept = nullptr;  // the data, when read here
    bool consumed = false;  // some of the data, when read here and not kept
    if (isMetaMember(entry)) {
      if (!keepMetaMember(a, entry, result, kept, out)) return false;
      consumed = kept == nullptr && entry.type == EntryType::File && entry.size <= kMaxMetaFileSize;
    } else if (isOtherMetaFile(entry, result)) {
      std::string content;
      if (readMemberData(a, content) != DataResult::Read) {
        reportUnreadable(a, entry.path, out);
        return false;
      }
      std::string& stored = result.otherMetaFiles[entry.path];
      stored = std::move(content);
      kept = &stored;
    }
    if (visitor != nullptr) {
      ListedContent content(a, kept, consumed);
      visitor->visit(entry, content);
    }
    result.entries.push_back(std::move(entry));
  }
}

// What zlib makes of the first gzip member.
struct FirstMember {
  enum class Outcome { Complete, Truncated, Damaged } outcome;
  std::uint64_t size = 0;  // compressed bytes of the member, when Complete
  std::string problem;  // zlib's message, when Damaged
};

// Inflates the first gzip member only, as Cloudera's reader does. libarchive
// does not verify the gzip trailer, so this pass is also what notices a CRC-32
// or length that does not match the data (a bit flipped in stored data
// decompresses without any other complaint).
FirstMember inflateFirstMember(std::istream& in) {
  z_stream stream{};
  if (inflateInit2(&stream, 15 + 16) != Z_OK) throw ArchiveError("inflateInit2 failed");
  const std::unique_ptr<z_stream, int (*)(z_stream*)> cleanup(&stream, inflateEnd);
  std::array<char, kChunkSize> input;
  std::array<unsigned char, kChunkSize> output;
  for (;;) {
    throwIfInterrupted();
    if (stream.avail_in == 0) {
      in.read(input.data(), static_cast<std::streamsize>(input.size()));
      if (in.gcount() == 0) return {FirstMember::Outcome::Truncated, 0, ""};
      stream.next_in = reinterpret_cast<Bytef*>(input.data());
      stream.avail_in = static_cast<uInt>(in.gcount());
    }
    stream.next_out = output.data();
    stream.avail_out = static_cast<uInt>(output.size());
    const int status = inflate(&stream, Z_NO_FLUSH);
    if (status == Z_STREAM_END) return {FirstMember::Outcome::Complete, stream.total_in, ""};
    if (status == Z_OK || (status == Z_BUF_ERROR && stream.avail_in == 0)) continue;
    return {FirstMember::Outcome::Damaged, 0, stream.msg != nullptr ? stream.msg : "inflate failed"};
  }
}

// What follows the first member: nothing (fine), zero padding (fine), another
// gzip member (Cloudera stops before it: an error), or anything else (a warning:
// gzip and Python call it trailing garbage). A member whose check values do not
// match its data is an error; a truncated one libarchive has reported already.
void checkSingleGzipMember(const std::filesystem::path& file, Diagnostics& out) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw IoError(systemErrorMessage("cannot open", file.string(), errno));
  const FirstMember member = inflateFirstMember(in);
  if (member.outcome == FirstMember::Outcome::Damaged) {
    out.add({Severity::Error, "", "", "gzip-checksum-mismatch",
             "the gzip data is damaged (" + member.problem + "): the bytes read are not the bytes that were packed"});
    return;
  }
  if (member.outcome == FirstMember::Outcome::Truncated) return;
  in.clear();
  in.seekg(static_cast<std::streamoff>(member.size));
  std::array<char, kChunkSize> rest;
  bool first = true;
  while (in.read(rest.data(), static_cast<std::streamsize>(rest.size())) || in.gcount() > 0) {
    throwIfInterrupted();
    const auto count = static_cast<std::size_t>(in.gcount());
    if (first && count >= 2 && static_cast<unsigned char>(rest[0]) == 0x1f &&
        static_cast<unsigned char>(rest[1]) == 0x8b) {
      out.add({Severity::Error, "", "", "multiple-gzip-members",
               "the file holds more than one gzip member; Cloudera's validator reads only the first "
               "(compress the whole tar as one gzip stream)"});
      return;
    }
    first = false;
    if (std::any_of(
            rest.begin(), rest.begin() + static_cast<std::ptrdiff_t>(count), [](char c) { return c != '\0'; })) {
      out.add({Severity::Warning, "", "", "trailing-data",
               "the file has data after the end of its gzip stream, which readers handle differently"});
      return;
    }
  }
}

}  // namespace

namespace {

// One pass: ISA-L inflates on its own thread, libarchive lists the tar stream,
// SHA-1 runs over the compressed bytes (and `copy`, if any, gets them). False
// when anything was not clean (damage, truncation, a wrong check value, data
// after the member, an unreadable tar): the plain pass then gives the
// reference diagnostics.
bool readInOnePass(int fd, ParcelArchive& result, ByteSink* copy, EntryVisitor* visitor, Diagnostics& out) {
  ArchiveSource source(fd, true, copy);
  if (!source.inflates()) return false;
  bool clean = false;
  {
    const ArchiveReader reader = newTarReader();  // freed before the source
    if (source.open(reader.get()) == ARCHIVE_OK) {
      const std::string inner = compressionName(reader.get());
      result.compression = inner == "none" ? "gzip" : "gzip+" + inner;
      if (visitor != nullptr) visitor->begin();
      clean = readEntries(reader.get(), result, visitor, out) && source.finish(result.sha1) == GzipOutcome::Clean;
    }
  }
  source.close();  // what failed on the inflating thread (the copy) is the caller's
  result.onePass = clean;
  return clean;
}

// libarchive's own decompressors, then zlib over the first gzip member, then
// SHA-1: three reads, for what the one pass did not take.
ParcelArchive readPlainly(int fd, const std::filesystem::path& file, EntryVisitor* visitor, Diagnostics& out) {
  const ArchiveReader reader = newTarReader();
  ParcelArchive result;
  if (visitor != nullptr) visitor->begin();
  if (openInterruptibleInput(reader.get(), fd, false) != ARCHIVE_OK) {
    reportUnreadable(reader.get(), "", out);
  } else {
    result.compression = compressionName(reader.get());
    const bool complete = readEntries(reader.get(), result, visitor, out);
    if (complete && result.compression == "gzip") checkSingleGzipMember(file, out);
  }
  throwIfInterrupted();
  result.sha1 = sha1OfFile(file);
  return result;
}

}  // namespace

namespace {
thread_local ParcelReadOnce* innermostReadOnce = nullptr;
}  // namespace

struct ParcelReadOnce::Kept {
  ParcelArchive archive;
  Diagnostics diagnostics;
};

ParcelReadOnce::ParcelReadOnce(std::filesystem::path file) : file_(std::move(file)), outer_(innermostReadOnce) {
  innermostReadOnce = this;
}

ParcelReadOnce::~ParcelReadOnce() { innermostReadOnce = outer_; }

ParcelArchive readParcelArchive(const std::filesystem::path& file, Diagnostics& out, ReadPath path,
                                EntryVisitor* visitor) {
  ParcelReadOnce* once = path == ReadPath::OnePass && visitor == nullptr ? innermostReadOnce : nullptr;
  while (once != nullptr && once->file_ != file) once = once->outer_;
  if (once != nullptr && once->kept_) {
    out.append(once->kept_->diagnostics);
    return once->kept_->archive;
  }
  const UniqueFd fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) throw IoError(systemErrorMessage("cannot open", file.string(), errno));
  // Pax names are UTF-8: read them without a conversion warning for each one.
  const Utf8Locale utf8;
  const LocaleScope scope(utf8);
  Diagnostics found;
  ParcelArchive result;
  if (path != ReadPath::OnePass || !readInOnePass(fd.get(), result, nullptr, visitor, found)) {
    throwIfInterrupted();
    if (::lseek(fd.get(), 0, SEEK_SET) != 0) throw IoError(systemErrorMessage("cannot rewind", file.string(), errno));
    found = Diagnostics();
    result = readPlainly(fd.get(), file, visitor, found);
  }
  if (once != nullptr) once->kept_ = std::make_unique<ParcelReadOnce::Kept>(ParcelReadOnce::Kept{result, found});
  out.append(found);
  return result;
}

std::optional<ParcelArchive> readParcelArchiveCopying(int fd, ByteSink& copy, EntryVisitor* visitor, Diagnostics& out) {
  const Utf8Locale utf8;
  const LocaleScope scope(utf8);
  Diagnostics found;
  ParcelArchive result;
  if (!readInOnePass(fd, result, &copy, visitor, found)) {
    throwIfInterrupted();
    return std::nullopt;
  }
  out.append(found);
  return result;
}

}  // namespace parcel
