#include "parcel/support/output_file.hpp"

#include "parcel/support/error.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <atomic>
#include <cerrno>
#include <stdexcept>
#include <string>

namespace parcel {

namespace {

namespace fs = std::filesystem;

constexpr std::size_t kCopyBlockSize = std::size_t{1} << 20;

// "<dir>/.<name>.tmp-<pid>-<n>": hidden, beside the target (so rename(2) stays on
// one file system), and unique per process and per call.
fs::path nextTemporaryName(const fs::path& target) {
  static std::atomic<unsigned long> counter{0};
  const unsigned long n = counter.fetch_add(1);
  return target.parent_path() /
      ("." + target.filename().string() + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(n));
}

// Retries names taken by a leftover of an earlier process that had the same pid.
constexpr int kNameAttempts = 100;

void renameOnto(const fs::path& from, const fs::path& to) {
  if (::rename(from.c_str(), to.c_str()) != 0) {
    throw IoError(systemErrorMessage("cannot rename '" + from.string() + "' to", to.string(), errno));
  }
}

bool canFallBackToCopy(int error) {
  return error == EXDEV || error == EPERM || error == EMLINK || error == ENOTSUP || error == EOPNOTSUPP;
}

}  // namespace

AtomicOutputFile::AtomicOutputFile(fs::path target) : target_(std::move(target)) {
  if (target_.filename().empty()) throw IoError("cannot write '" + target_.string() + "': not a file name");
  for (int attempt = 0; attempt < kNameAttempts; ++attempt) {
    temporary_ = nextTemporaryName(target_);
    // Registered before it exists, so no signal finds it created but unknown.
    registered_ = TemporaryPathGuard(temporary_);
    fd_ = ::open(temporary_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd_ >= 0) return;
    registered_.release();
    if (errno != EEXIST) break;
  }
  throw IoError(systemErrorMessage("cannot create", temporary_.string(), errno));
}

AtomicOutputFile::~AtomicOutputFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!committed_ && !temporary_.empty()) ::unlink(temporary_.c_str());
  registered_.release();
}

void AtomicOutputFile::write(const void* data, std::size_t size) {
  if (fd_ < 0) throw std::logic_error("AtomicOutputFile written to after commit()");
  throwIfInterrupted();  // every output passes here: the one check that covers them all
  const char* bytes = static_cast<const char*>(data);
  while (size > 0) {
    const ssize_t written = ::write(fd_, bytes, size);
    if (written < 0) {
      if (errno == EINTR) continue;
      throw IoError(systemErrorMessage("cannot write", temporary_.string(), errno));
    }
    bytes += written;
    size -= static_cast<std::size_t>(written);
  }
}

// No fsync: outputs are build artifacts that can be made again from their
// inputs, and syncing every small file (.sha, manifest) would slow builds for no
// gain a rebuild does not give. close(2) is still checked, since some file
// systems (NFS) report write errors only there.
void AtomicOutputFile::commit() {
  if (fd_ < 0) throw std::logic_error("AtomicOutputFile committed twice");
  const int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) throw IoError(systemErrorMessage("cannot write", temporary_.string(), errno));
  renameOnto(temporary_, target_);
  committed_ = true;
  registered_.release();
}

void writeFileAtomically(const fs::path& target, std::string_view content) {
  AtomicOutputFile file(target);
  file.write(content.data(), content.size());
  file.commit();
}

PendingLink::PendingLink(const fs::path& existing, fs::path link) : link_(std::move(link)) {
  int error = EEXIST;
  for (int attempt = 0; attempt < kNameAttempts && error == EEXIST; ++attempt) {
    temporary_ = nextTemporaryName(link_);
    registered_ = TemporaryPathGuard(temporary_);
    error = ::link(existing.c_str(), temporary_.c_str()) == 0 ? 0 : errno;
  }
  if (error == 0) return;
  registered_.release();
  const fs::path failed = temporary_;
  temporary_.clear();
  if (!canFallBackToCopy(error)) {
    throw IoError(systemErrorMessage("cannot link '" + existing.string() + "' as", failed.string(), error));
  }
  copy_ = std::make_unique<AtomicOutputFile>(link_);
  copyFileToSink(existing, *copy_, kCopyBlockSize);
}

PendingLink::~PendingLink() {
  if (!committed_ && !temporary_.empty()) ::unlink(temporary_.c_str());
  registered_.release();
}

void PendingLink::commit() {
  if (copy_) {
    copy_->commit();
  } else {
    renameOnto(temporary_, link_);
    // rename(2) does nothing when both names already are the same file; the
    // temporary name then still exists and must go.
    ::unlink(temporary_.c_str());
  }
  committed_ = true;
  registered_.release();
}

}  // namespace parcel
