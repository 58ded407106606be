// Reading the small files a user names (a spec, a parcel.json, an env script,
// release notes): one place that refuses what is not a regular file, so a
// folder or a FIFO given by mistake is an error instead of an empty file or a hang.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

namespace parcel {

// The whole content of a regular file of at most `maxSize` bytes. Throws
// InputError when the path is missing, not a regular file or too large, and
// IoError when it cannot be read; both messages name the path and `what`.
std::string readRegularFile(const std::filesystem::path& path, const std::string& what,
                            std::uint64_t maxSize = std::uint64_t{64} << 20);

}  // namespace parcel
