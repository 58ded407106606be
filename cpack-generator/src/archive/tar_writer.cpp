#include "parcel/archive/tar_writer.hpp"

#include "archive/utf8_locale.hpp"

#include "parcel/support/error.hpp"
#include "parcel/support/interrupt.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <locale.h>
#include <sys/stat.h>
#include <exception>
#include <new>
#include <stdexcept>
#include <unordered_map>
#include <utility>

namespace parcel {

namespace {

constexpr std::size_t kFileBlockSize = 256 * 1024;

// GNU tar's record size. libarchive pads the raw tar stream to a whole record
// (its default for callback output), as `tar cf` does; the gzip stage after it
// adds no padding of its own.
constexpr int kBytesPerBlock = 10240;

struct ArchiveDeleter {
  void operator()(archive* handle) const { archive_write_free(handle); }
};
struct EntryDeleter {
  void operator()(archive_entry* entry) const { archive_entry_free(entry); }
};

}  // namespace

struct TarWriter::Impl {
  ByteSink& out;
  std::int64_t mtime;
  Utf8Locale locale;
  std::unique_ptr<archive, ArchiveDeleter> handle{archive_write_new()};
  std::unique_ptr<archive_entry, EntryDeleter> entry{archive_entry_new()};
  // An exception thrown by the sink inside the write callback; it must not
  // unwind through libarchive's C frames, so it waits here to be rethrown.
  std::exception_ptr sinkFailure;
  // Modes of the files written so far, for hard links to them (see addHardlink).
  std::unordered_map<std::string, unsigned> fileModes;
  bool closed = false;

  // Streams a file's bytes into the current entry and stops as soon as the file
  // turns out longer than its header says.
  class EntryDataSink final : public ByteSink {
  public:
    EntryDataSink(Impl& impl, const std::filesystem::path& source, const std::string& path, std::uint64_t size)
        : impl_(impl), source_(source), path_(path), size_(size) {}

    void write(const void* data, std::size_t size) override {
      throwIfInterrupted();  // a large file must not delay Ctrl-C until its end
      if (size > size_ - written_) throw sizeChanged("more");
      impl_.writeData(data, size, path_);
      written_ += size;
    }

    // Called after the whole file was read.
    void checkComplete() const {
      if (written_ != size_) throw sizeChanged(std::to_string(written_));
    }

  private:
    IoError sizeChanged(const std::string& found) const {
      return IoError("'" + source_.string() + "' changed while it was archived as '" + path_ + "': expected " +
                     std::to_string(size_) + " bytes, found " + found);
    }

    Impl& impl_;
    const std::filesystem::path& source_;
    const std::string& path_;
    std::uint64_t size_;
    std::uint64_t written_ = 0;
  };

  Impl(ByteSink& sink, std::int64_t time) : out(sink), mtime(time) {
    if (!handle || !entry) throw std::bad_alloc();
  }

  static la_ssize_t writeCallback(archive* a, void* self, const void* data, size_t size) {
    Impl& impl = *static_cast<Impl*>(self);
    try {
      impl.out.write(data, size);
      return static_cast<la_ssize_t>(size);
    } catch (...) {  // kept and rethrown by check()
      impl.sinkFailure = std::current_exception();
      archive_set_error(a, EIO, "the output failed");
      return -1;
    }
  }

  // Throws for FAILED and FATAL. WARN passes: the entry was written (libarchive
  // warns, e.g., about a name that is not valid UTF-8).
  void check(int status, const char* call, const std::string& path) {
    if (sinkFailure) std::rethrow_exception(std::exchange(sinkFailure, nullptr));
    if (status >= ARCHIVE_WARN) return;
    const char* message = archive_error_string(handle.get());
    const std::string where = path.empty() ? "" : " for tar entry '" + path + "'";
    throw ArchiveError(std::string(call) + " failed" + where + ": " + (message ? message : "unknown libarchive error"));
  }

  // Starts an entry with everything that is the same for all of them.
  void beginEntry(const std::string& path, unsigned type, unsigned mode, std::uint64_t size) {
    if (closed) throw std::logic_error("TarWriter used after close()");
    throwIfInterrupted();
    archive_entry* e = entry.get();
    archive_entry_clear(e);
    archive_entry_set_pathname(e, path.c_str());
    archive_entry_set_filetype(e, type);
    archive_entry_set_perm(e, static_cast<mode_t>(mode & 07777));
    archive_entry_set_size(e, static_cast<la_int64_t>(size));
    archive_entry_set_uid(e, 0);
    archive_entry_set_gid(e, 0);
    archive_entry_set_uname(e, "root");
    archive_entry_set_gname(e, "root");
    archive_entry_set_mtime(e, static_cast<time_t>(mtime), 0);
  }

  void writeHeader(const std::string& path) {
    check(archive_write_header(handle.get(), entry.get()), "archive_write_header", path);
  }

  void writeData(const void* data, std::size_t size, const std::string& path) {
    const la_ssize_t written = archive_write_data(handle.get(), data, size);
    check(written < 0 ? static_cast<int>(written) : ARCHIVE_OK, "archive_write_data", path);
    if (static_cast<std::size_t>(written) != size) {
      throw ArchiveError("archive_write_data wrote " + std::to_string(written) + " of " + std::to_string(size) +
                         " bytes for tar entry '" + path + "'");
    }
  }
};

TarWriter::TarWriter(ByteSink& out, std::int64_t mtime) : impl_(std::make_unique<Impl>(out, mtime)) {
  LocaleScope scope(impl_->locale);
  archive* a = impl_->handle.get();
  impl_->check(archive_write_set_format_pax_restricted(a), "archive_write_set_format_pax_restricted", "");
  impl_->check(archive_write_add_filter_none(a), "archive_write_add_filter_none", "");
  impl_->check(archive_write_set_bytes_per_block(a, kBytesPerBlock), "archive_write_set_bytes_per_block", "");
  impl_->check(
      archive_write_open2(a, impl_.get(), nullptr, &Impl::writeCallback, nullptr, nullptr), "archive_write_open2", "");
}

TarWriter::~TarWriter() {
  // Not closed (an exception is on its way): mark the handle dead so that
  // freeing it does not write a trailer into a sink that may be gone.
  if (impl_ && !impl_->closed) {
    LocaleScope scope(impl_->locale);
    archive_write_fail(impl_->handle.get());
    impl_->handle.reset();
  }
}

void TarWriter::addDirectory(const std::string& path, unsigned mode) {
  LocaleScope scope(impl_->locale);
  impl_->beginEntry(path, AE_IFDIR, mode, 0);
  impl_->writeHeader(path);
}

void TarWriter::addFile(const std::string& path, unsigned mode, std::uint64_t size,
                        const std::filesystem::path& source) {
  LocaleScope scope(impl_->locale);
  impl_->beginEntry(path, AE_IFREG, mode, size);
  impl_->writeHeader(path);
  Impl::EntryDataSink data(*impl_, source, path, size);
  copyFileToSink(source, data, kFileBlockSize);
  data.checkComplete();
  impl_->fileModes[path] = mode;
}

void TarWriter::addFileContent(const std::string& path, unsigned mode, std::string_view content) {
  LocaleScope scope(impl_->locale);
  impl_->beginEntry(path, AE_IFREG, mode, content.size());
  impl_->writeHeader(path);
  if (!content.empty()) impl_->writeData(content.data(), content.size(), path);
  impl_->fileModes[path] = mode;
}

void TarWriter::addSymlink(const std::string& path, const std::string& target) {
  LocaleScope scope(impl_->locale);
  impl_->beginEntry(path, AE_IFLNK, 0777, 0);  // what lstat shows for a link on Linux
  archive_entry_set_symlink(impl_->entry.get(), target.c_str());
  impl_->writeHeader(path);
}

// A hard link entry carries the mode of the file it names: Python's tarfile,
// when extracting, chmods the shared inode to the link entry's mode.
void TarWriter::addHardlink(const std::string& path, const std::string& target) {
  const auto file = impl_->fileModes.find(target);
  if (file == impl_->fileModes.end()) {
    throw std::invalid_argument("hard link '" + path + "' names '" + target +
                                "', which is not a file written before it");
  }
  LocaleScope scope(impl_->locale);
  impl_->beginEntry(path, AE_IFREG, file->second, 0);
  archive_entry_set_hardlink(impl_->entry.get(), target.c_str());
  impl_->writeHeader(path);
}

void TarWriter::close() {
  LocaleScope scope(impl_->locale);
  if (impl_->closed) throw std::logic_error("TarWriter closed twice");
  impl_->check(archive_write_close(impl_->handle.get()), "archive_write_close", "");
  impl_->closed = true;
  impl_->out.finish();
}

}  // namespace parcel
