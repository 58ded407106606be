// What an RPM or DEB package holds, as its reader found it: the header fields
// that parcel.json needs, every file entry the package records, and the
// maintainer scripts a parcel cannot run. One model for both formats.
#pragma once

#include "parcel/build/payload.hpp"
#include "parcel/support/diagnostic.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace parcel {

enum class PackageFormat { Rpm, Deb };

std::string_view toString(PackageFormat format);  // "rpm" | "deb"

struct PackageFile {
  std::string path;  // as installed: absolute, '/'-separated, no trailing '/', no "." or ".."
  EntryType type = EntryType::File;
  unsigned mode = 0;  // permission bits (07777)
  std::string user = "root";
  std::string group = "root";
  std::uint64_t size = 0;  // regular files
  // Symlink: the target as stored. Hardlink: the absolute path of the name that holds the data.
  std::string linkTarget;
  bool config = false;  // %config / a DEB conffile
  bool ghost = false;  // %ghost: recorded in the header, not in the payload
  std::filesystem::path staged;  // the content, when the reader was given a staging folder
};

struct PackageContents {
  PackageFormat format = PackageFormat::Rpm;
  std::filesystem::path file;
  std::string name;
  std::string version;  // RPM VERSION; DEB upstream version (no epoch, no revision)
  std::string release;  // RPM RELEASE; DEB revision ("" for a native package)
  std::string epoch;  // "" when the package has none
  std::string arch;
  std::vector<PackageFile> files;  // sorted by path
  std::vector<std::string> scriptlets;  // "%pre", "%post", ... / "preinst", "postinst", ...
  std::uint64_t payloadBytes = 0;  // sum of the regular files' sizes
};

// "[epoch:]version[-release]", the form rpm -q and dpkg print.
std::string fullVersion(const PackageContents& package);

// The most entries a reader accepts from one package: far above any real one
// (the largest Debian 12 package lists fewer than 200,000), low enough that a
// forged count cannot exhaust memory.
inline constexpr std::size_t kMaxPackageEntries = 1000000;

// Where readers write file contents: staging/<n>, one file per regular entry.
// Without a folder (a dry run) contents are read, counted and dropped.
struct PackageReadOptions {
  std::optional<std::filesystem::path> staging;
};

// Reads an .rpm (librpm: header, file table and payload, every compressor rpm
// knows). Problems are diagnostics with member = the package path; returns
// nullopt when the package cannot be used. Codes: "package-not-found",
// "rpm-header-corrupt", "rpm-payload-corrupt", "rpm-payload-size",
// "package-path-unsafe", "package-too-many-entries", "rpm-file-missing".
std::optional<PackageContents> readRpmPackage(const std::filesystem::path& file, const PackageReadOptions& options,
                                              Diagnostics& out);

// Reads a .deb (libarchive: the ar container, control.tar.* and data.tar.*, any
// of gzip, xz, zstd, bzip2, lzma or none). Codes: "package-not-found",
// "deb-not-ar", "deb-bad-version", "deb-member-missing", "deb-control-invalid",
// "deb-data-corrupt", "deb-data-size", "package-path-unsafe", "package-too-many-entries".
std::optional<PackageContents> readDebPackage(const std::filesystem::path& file, const PackageReadOptions& options,
                                              Diagnostics& out);

// By the file name's extension (.rpm or .deb); another one is "package-unknown-format".
std::optional<PackageContents> readPackage(const std::filesystem::path& file, const PackageReadOptions& options,
                                           Diagnostics& out);

}  // namespace parcel
