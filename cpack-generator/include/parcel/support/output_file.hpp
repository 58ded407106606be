// Atomic output: bytes go to a temporary file beside the target, which is
// renamed into place only when complete. A failure, an exception or an
// interrupt (interrupt.hpp: each write checks for one, and the temporary name is
// registered for the second-signal fallback) leaves the old file (if any)
// untouched and no temporary file behind.
#pragma once

#include "parcel/support/byte_sink.hpp"
#include "parcel/support/interrupt.hpp"

#include <filesystem>
#include <memory>
#include <string_view>

namespace parcel {

class AtomicOutputFile final : public ByteSink {
public:
  // Creates "<dir>/.<name>.tmp-<pid>-<n>" (mode 0644 before umask). Throws IoError.
  explicit AtomicOutputFile(std::filesystem::path target);
  ~AtomicOutputFile() override;  // removes the temporary file unless committed
  AtomicOutputFile(const AtomicOutputFile&) = delete;
  AtomicOutputFile& operator=(const AtomicOutputFile&) = delete;

  void write(const void* data, std::size_t size) override;
  // Flushes, closes and renames onto the target. Throws IoError.
  void commit();

  const std::filesystem::path& target() const { return target_; }
  const std::filesystem::path& temporaryPath() const { return temporary_; }

private:
  std::filesystem::path target_;
  std::filesystem::path temporary_;
  TemporaryPathGuard registered_;
  int fd_ = -1;
  bool committed_ = false;
};

// Writes `content` to `target` atomically.
void writeFileAtomically(const std::filesystem::path& target, std::string_view content);

// Another name for a complete file, prepared now and made visible by commit(): a
// hard link when the file system allows, else a copy. Lets a caller prepare
// several outputs and show them together. Without commit() nothing is left.
class PendingLink {
public:
  PendingLink(const std::filesystem::path& existing, std::filesystem::path link);  // throws IoError
  ~PendingLink();
  PendingLink(const PendingLink&) = delete;
  PendingLink& operator=(const PendingLink&) = delete;

  void commit();  // throws IoError

private:
  std::filesystem::path link_;
  std::filesystem::path temporary_;  // the hard link, when one could be made
  TemporaryPathGuard registered_;
  std::unique_ptr<AtomicOutputFile> copy_;  // otherwise the copy
  bool committed_ = false;
};

}  // namespace parcel
