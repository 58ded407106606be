// What the RPM and DEB readers share: the one rule for a path inside a package,
// and where a regular file's bytes go. Internal to parcel_core.
#pragma once

#include "parcel/package/package_contents.hpp"

#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace parcel::package {

// "./usr/bin/x", "/usr/bin/x" or "usr/bin/x" -> "/usr/bin/x"; "." or "./" ->
// "/" (the root). nullopt for an empty name or one with a "..", "." (after the
// leading one) or empty component: an archive path that could leave the root.
std::optional<std::string> normalizePackagePath(std::string_view raw);

// One regular file's bytes: written to the staging folder when there is one,
// else only counted. Throws IoError when the staged file cannot be written.
class ContentWriter {
public:
  ContentWriter(const PackageReadOptions& options, std::size_t index);
  ~ContentWriter();
  ContentWriter(const ContentWriter&) = delete;
  ContentWriter& operator=(const ContentWriter&) = delete;
  void write(const void* data, std::size_t size);
  // Closes the staged file; returns its path (empty without staging).
  std::filesystem::path finish();
  std::uint64_t written() const { return written_; }

private:
  std::filesystem::path path_;
  std::FILE* file_ = nullptr;
  std::uint64_t written_ = 0;
};

// Sorts by path and fills in the folders above each entry that the package does
// not list itself (0755 root:root, as rpm and dpkg create them).
void finishFileList(PackageContents& contents);

void packageError(Diagnostics& out, const PackageContents& contents, std::string code, std::string message);

}  // namespace parcel::package
