// The repository's hash cache: unchanged parcels are not read again.
#include "parcel/json/json_text.hpp"
#include "parcel/support/error.hpp"
#include "parcel/support/output_file.hpp"
#include "repository/repository_internal.hpp"

#include <sys/stat.h>

namespace parcel::repository {
namespace {

constexpr int kCacheFormat = 1;

}  // namespace

std::optional<FileStamp> stampOf(const std::filesystem::path& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return std::nullopt;
  FileStamp stamp;
  stamp.size = static_cast<std::uint64_t>(info.st_size);
  stamp.mtimeNs = static_cast<std::int64_t>(info.st_mtim.tv_sec) * 1000000000 + info.st_mtim.tv_nsec;
  stamp.inode = static_cast<std::uint64_t>(info.st_ino);
  return stamp;
}

HashCache HashCache::load(const std::filesystem::path& file, Diagnostics& out) {
  HashCache cache;
  std::optional<std::string> text;
  try {
    text = readSmallFile(file);
  } catch (const Error& error) {  // unreadable, not a regular file, or too large: only a cache
    out.warning("", "hash-cache-ignored", std::string("the hash cache cannot be read: ") + error.what());
    return cache;
  }
  if (!text) return cache;
  // The folder may come from elsewhere: the cache is parsed with the depth limit.
  Diagnostics ignored;
  const Json json = parseStrictJson(*text, ignored).value_or(Json());
  const auto warn = [&] {
    out.warning(
        "", "hash-cache-ignored",
        "the hash cache '" + file.filename().string() + "' is not in the expected form; every parcel is read again");
    return HashCache{};
  };
  if (!json.is_object() || json.value("formatVersion", 0) != kCacheFormat || !json.contains("parcels") ||
      !json["parcels"].is_object()) {
    return warn();
  }
  for (const auto& item : json["parcels"].items()) {
    const Json& record = item.value();
    if (!record.is_object() || !record.contains("size") || !record["size"].is_number_unsigned() ||
        !record.contains("mtimeNs") || !record["mtimeNs"].is_number_integer() || !record.contains("inode") ||
        !record["inode"].is_number_unsigned() || !record.contains("entry") || !record["entry"].is_object()) {
      return warn();
    }
    FileStamp stamp{record["size"].get<std::uint64_t>(), record["mtimeNs"].get<std::int64_t>(),
                    record["inode"].get<std::uint64_t>()};
    cache.loaded_[item.key()] = Record{stamp, record["entry"]};
  }
  return cache;
}

std::optional<ManifestEntry> HashCache::lookup(const std::string& parcel, const FileStamp& stamp) const {
  const auto it = loaded_.find(parcel);
  if (it == loaded_.end() || !(it->second.stamp == stamp)) return std::nullopt;
  // The entry is decoded by the manifest's own reader, so the cache holds nothing a manifest could not.
  Diagnostics findings;
  Json wrapper = Json::object();
  wrapper["lastUpdated"] = 0;
  wrapper["parcels"] = Json::array({it->second.entry});
  const Manifest manifest = decodeManifest(wrapper, findings);
  if (findings.hasErrors() || !manifest.parcels || manifest.parcels->size() != 1) return std::nullopt;
  const ManifestEntry& entry = manifest.parcels->front();
  if (entry.parcelName != parcel || !entry.hash || !entry.components) return std::nullopt;
  return entry;
}

void HashCache::store(const std::string& parcel, const FileStamp& stamp, const ManifestEntry& entry) {
  Manifest single;
  single.parcels = std::vector<ManifestEntry>{entry};
  stored_[parcel] = Record{stamp, encodeManifest(single)["parcels"][0]};
}

void HashCache::save(const std::filesystem::path& file) const {
  Json json = Json::object();
  json["formatVersion"] = kCacheFormat;
  Json parcels = Json::object();
  for (const auto& [name, record] : stored_) {
    Json item = Json::object();
    item["size"] = record.stamp.size;
    item["mtimeNs"] = record.stamp.mtimeNs;
    item["inode"] = record.stamp.inode;
    item["entry"] = record.entry;
    parcels[name] = std::move(item);
  }
  json["parcels"] = std::move(parcels);
  writeFileAtomically(file, toJsonText(json));
}

}  // namespace parcel::repository
