// Helpers shared by the repository sources; not part of the public headers.
#pragma once

#include "parcel/model/manifest.hpp"
#include "parcel/support/diagnostic.hpp"

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>

namespace parcel::repository {

// Appends `findings` with `member` set to "<file>" or "<file>:<member>".
void appendForMember(Diagnostics& out, const Diagnostics& findings, const std::string& file);

// The whole file, or nullopt when it does not exist. Throws IoError.
std::optional<std::string> readSmallFile(const std::filesystem::path& path);

// What identifies an unchanged file without reading it.
struct FileStamp {
  std::uint64_t size = 0;
  std::int64_t mtimeNs = 0;
  std::uint64_t inode = 0;
  bool operator==(const FileStamp& other) const {
    return size == other.size && mtimeNs == other.mtimeNs && inode == other.inode;
  }
};

// stat(2) of the file (symlinks followed); nullopt when it fails.
std::optional<FileStamp> stampOf(const std::filesystem::path& path);

// <repo>/.parceltool-cache.json: for each parcel file name, the stamp it had
// when it was last read, and the manifest entry (hash included) made from it.
// Only parcels without errors are recorded.
class HashCache {
public:
  // A missing file gives an empty cache; an unreadable or malformed one too,
  // with a "hash-cache-ignored" warning.
  static HashCache load(const std::filesystem::path& file, Diagnostics& out);

  std::optional<ManifestEntry> lookup(const std::string& parcel, const FileStamp& stamp) const;
  void store(const std::string& parcel, const FileStamp& stamp, const ManifestEntry& entry);
  // Writes the parcels stored since load() (others are dropped) atomically.
  void save(const std::filesystem::path& file) const;

private:
  struct Record {
    FileStamp stamp;
    Json entry;
  };
  std::map<std::string, Record> loaded_;
  std::map<std::string, Record> stored_;
};

}  // namespace parcel::repository
