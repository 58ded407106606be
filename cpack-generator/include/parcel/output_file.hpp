// Atomic output: bytes go to a temporary file beside the target, which is
// renamed into place only when complete. A failure or an exception leaves the
// old file (if any) untouched and no temporary file behind.
#pragma once

#include "parcel/byte_sink.hpp"

#include <filesystem>
#include <string_view>

namespace parcel {

class AtomicOutputFile final : public ByteSink {
public:
  // Creates "<dir>/.<name>.tmp-<pid>-<n>" (mode 0644 before umask). Throws IoError.
  explicit AtomicOutputFile(std::filesystem::path target);
  ~AtomicOutputFile() override;   // removes the temporary file unless committed
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
  int fd_ = -1;
  bool committed_ = false;
};

// Writes `content` to `target` atomically.
void writeFileAtomically(const std::filesystem::path& target, std::string_view content);

// Makes `link` another name for `existing` atomically: a hard link when the file
// system allows, else a copy; the link appears under its name only when complete.
void linkOrCopyAtomically(const std::filesystem::path& existing, const std::filesystem::path& link);

}  // namespace parcel
