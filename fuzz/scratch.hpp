// A private temporary folder for one fuzzing (or replaying) process, for the
// targets whose entry points read files rather than bytes.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include "parcel/host/extract.hpp"

namespace parcel::fuzz {

class ScratchFolder {
public:
  ScratchFolder() {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/parcel-fuzz-XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr) std::abort();
    path_ = pattern;
  }
  // removeTree copes with the read-only folders an unpacked parcel may hold.
  ~ScratchFolder() {
    try {
      host::removeTree(path_);
    } catch (...) {}
  }
  ScratchFolder(const ScratchFolder&) = delete;
  ScratchFolder& operator=(const ScratchFolder&) = delete;
  const std::filesystem::path& path() const { return path_; }

private:
  std::filesystem::path path_;
};

// The process's folder: created on first use, removed at normal exit (a crash
// leaves it for inspection).
inline const std::filesystem::path& scratchRoot() {
  static const ScratchFolder folder;
  return folder.path();
}

inline void writeBytes(const std::filesystem::path& file, const std::uint8_t* data, std::size_t size) {
  std::ofstream stream(file, std::ios::binary | std::ios::trunc);
  stream.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  if (!stream.flush()) std::abort();
}

}  // namespace parcel::fuzz
