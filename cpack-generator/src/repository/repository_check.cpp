// `parceltool validate DIR` for a repository directory.
#include "parcel/repository/repository.hpp"
#include "repository/repository_internal.hpp"

#include <map>
#include <set>

namespace parcel::repository {
namespace {

namespace fs = std::filesystem;

// Order-insensitive comparison of two JSON values (objects compare by key).
bool sameJson(const Json& a, const Json& b) {
  return nlohmann::json::parse(a.dump()) == nlohmann::json::parse(b.dump());
}

void checkShaFile(const fs::path& directory, const std::string& parcel, const std::string& hash, Diagnostics& out) {
  const std::string shaName = parcel + ".sha";
  const auto text = readSmallFile(directory / shaName);
  if (!text) {
    out.add({Severity::Warning, shaName, "", "sha-file-missing",
             "is missing; Cloudera Manager's local repository needs it ('parceltool manifest' writes it)"});
    return;
  }
  const auto recorded = parseShaFile(*text, shaName, out);
  if (recorded && *recorded != hash) {
    out.add({Severity::Error, shaName, "", "sha-file-mismatch",
             "holds " + *recorded + ", but the SHA-1 of " + parcel + " is " + hash});
  }
}

void compareEntry(const ManifestEntry& listed, const ManifestEntry& actual, const std::string& pointer,
                  Diagnostics& out) {
  if (listed.hash && *listed.hash != *actual.hash) {
    out.add({Severity::Error, kManifestFileName, childPointer(pointer, "hash"), "manifest-hash-mismatch",
             "is " + *listed.hash + ", but the SHA-1 of " + *actual.parcelName + " is " + *actual.hash});
  }
  const Json listedJson = encodeManifest(Manifest{std::nullopt, std::vector<ManifestEntry>{listed}})["parcels"][0];
  const Json actualJson = encodeManifest(Manifest{std::nullopt, std::vector<ManifestEntry>{actual}})["parcels"][0];
  for (const char* key : {"depends", "replaces", "conflicts", "components", "servicesRestartInfo", "releaseNotes"}) {
    const bool inListed = listedJson.contains(key);
    const bool inActual = actualJson.contains(key);
    if (!inListed && !inActual) continue;
    if (inListed && inActual && sameJson(listedJson[key], actualJson[key])) continue;
    const std::string source = std::string(key) == "releaseNotes" ? "meta/release-notes.txt" : "meta/parcel.json";
    out.add({Severity::Error, kManifestFileName, childPointer(pointer, key), "manifest-entry-differs",
             std::string(inListed ? "does not match" : "is missing, but is present in") + " the parcel's " + source +
                 (inListed && !inActual ? " (absent there)" : "")});
  }
}

}  // namespace

void validateRepository(const fs::path& directory, const ParcelCheckOptions& options, Diagnostics& out) {
  const std::vector<std::string> names = listParcelFiles(directory);
  std::map<std::string, std::optional<ManifestEntry>> scanned;
  for (const std::string& name : names) {
    auto entry = scanParcel(directory / name, options, out);
    if (entry) checkShaFile(directory, name, *entry->hash, out);
    scanned.emplace(name, std::move(entry));
  }

  const auto text = readSmallFile(directory / kManifestFileName);
  if (!text) {
    out.add(
        {Severity::Error, kManifestFileName, "", "manifest-missing", "is missing; 'parceltool manifest' writes it"});
    return;
  }
  Diagnostics manifestFindings;
  const auto manifest = readManifest(*text, manifestFindings);
  appendForMember(out, manifestFindings, kManifestFileName);
  if (!manifest || !manifest->parcels) return;

  std::set<std::string> listed;
  for (std::size_t index = 0; index < manifest->parcels->size(); ++index) {
    const ManifestEntry& entry = (*manifest->parcels)[index];
    const std::string pointer = childPointer("/parcels", index);
    if (!entry.parcelName || entry.parcelName->empty()) continue;  // readManifest reported it
    listed.insert(*entry.parcelName);
    const auto found = scanned.find(*entry.parcelName);
    if (found == scanned.end()) {
      out.add({Severity::Error, kManifestFileName, childPointer(pointer, "parcelName"), "manifest-parcel-missing",
               "names " + *entry.parcelName + ", which is not in the repository"});
      continue;
    }
    if (found->second) compareEntry(entry, *found->second, pointer, out);
  }
  for (const std::string& name : names) {
    if (listed.count(name) == 0) {
      out.add({Severity::Warning, name, "", "parcel-not-in-manifest",
               "is not listed in manifest.json, so Cloudera Manager does not see it"});
    }
  }
}

}  // namespace parcel::repository
