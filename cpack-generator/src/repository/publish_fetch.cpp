// Publishing a repository directory with PUT, and fetching one parcel back.
#include "parcel/repository/repository.hpp"
#include "parcel/repository/transfer.hpp"
#include "parcel/rules/names.hpp"
#include "parcel/rules/version_order.hpp"
#include "parcel/support/error.hpp"
#include "parcel/support/interrupt.hpp"
#include "parcel/support/output_file.hpp"
#include "parcel/support/sha1.hpp"
#include "repository/repository_internal.hpp"

#include <algorithm>
#include <cctype>
#include <memory>

namespace parcel::repository {

namespace fs = std::filesystem;

PublishResult publishRepository(const fs::path& directory, const std::string& url, HttpClient& http, Diagnostics& out) {
  PublishResult result;
  validateRepository(directory, ParcelCheckOptions{}, out);
  if (out.hasErrors()) return result;  // never publish what Cloudera Manager would reject
  Diagnostics ignored;  // validated above
  const auto manifest = readManifest(readSmallFile(directory / kManifestFileName).value_or(""), ignored);
  for (const ManifestEntry& entry : *manifest->parcels) {
    const std::string& name = *entry.parcelName;
    http.put(joinUrl(url, name), directory / name);
    result.uploaded.push_back(joinUrl(url, name));
    std::error_code error;
    if (fs::exists(directory / (name + ".sha"), error)) {
      http.put(joinUrl(url, name + ".sha"), directory / (name + ".sha"));
      result.uploaded.push_back(joinUrl(url, name + ".sha"));
    }
  }
  // Last: a reader never sees a manifest that names a parcel not yet uploaded.
  http.put(joinUrl(url, kManifestFileName), directory / kManifestFileName);
  result.uploaded.push_back(joinUrl(url, kManifestFileName));
  return result;
}

std::optional<FetchResult> fetchParcel(const FetchRequest& request, HttpClient& http, Diagnostics& out) {
  const std::string manifestUrl = joinUrl(request.url, kManifestFileName);
  const std::string manifestText = *http.getText(manifestUrl, false);
  Diagnostics manifestFindings;
  const auto manifest = readManifest(manifestText, manifestFindings);
  appendForMember(out, manifestFindings, kManifestFileName);
  if (!manifest || manifestFindings.hasErrors()) return std::nullopt;

  const ManifestEntry* chosen = nullptr;
  std::string chosenVersion;
  std::vector<std::string> available;
  for (const ManifestEntry& entry : *manifest->parcels) {
    const auto parsed = parseParcelFileName(*entry.parcelName);
    if (!parsed) continue;
    available.push_back(*entry.parcelName);
    if (parsed->name != request.name || parsed->distro != request.distro) continue;
    if (request.version && parsed->version != *request.version) continue;
    if (chosen == nullptr || compareVersions(parsed->version, chosenVersion) > 0) {
      chosen = &entry;
      chosenVersion = parsed->version;
    }
  }
  if (chosen == nullptr) {
    std::string list;
    for (const std::string& name : available) list += (list.empty() ? "" : ", ") + name;
    out.add({Severity::Error, kManifestFileName, "/parcels", "no-matching-parcel",
             "lists no parcel " + request.name + (request.version ? "-" + *request.version : std::string()) +
                 " for distro " + request.distro + " (it lists: " + (list.empty() ? "nothing" : list) + ")"});
    return std::nullopt;
  }
  const std::string name = *chosen->parcelName;
  const std::string expected = *chosen->hash;

  // The server's .sha, when it has one, must agree with the manifest.
  if (const auto shaText = http.getText(joinUrl(request.url, name + ".sha"), true)) {
    Diagnostics shaFindings;
    const auto recorded = parseShaFile(*shaText, name + ".sha", shaFindings);
    out.append(shaFindings);
    if (!recorded) return std::nullopt;
    if (*recorded != expected) {
      out.add({Severity::Error, name + ".sha", "", "sha-file-mismatch",
               "on the server holds " + *recorded + ", but manifest.json says " + expected});
      return std::nullopt;
    }
  }

  std::error_code error;
  fs::create_directories(request.destination, error);
  if (error) throw IoError("cannot create '" + request.destination.string() + "': " + error.message());
  const fs::path target = request.destination / name;
  std::unique_ptr<AtomicOutputFile> file;
  std::unique_ptr<HashingSink> hashing;
  http.get(
      joinUrl(request.url, name),
      [&]() -> ByteSink& {
        hashing.reset();
        file = std::make_unique<AtomicOutputFile>(target);  // the previous attempt's file is removed
        hashing = std::make_unique<HashingSink>(*file);
        return *hashing;
      },
      false);
  const std::string actual = hashing->hexDigest();
  if (actual != expected) {
    out.add({Severity::Error, name, "", "hash-mismatch",
             "downloaded from " + joinUrl(request.url, name) + " has SHA-1 " + actual + ", but manifest.json says " +
                 expected + "; nothing was kept"});
    return std::nullopt;  // `file` removes the temporary file
  }
  AtomicOutputFile sha(request.destination / (name + ".sha"));
  const std::string shaContent = shaFileContent(actual);
  sha.write(shaContent.data(), shaContent.size());
  const InterruptShield shield;  // the parcel and its .sha appear together
  file->commit();
  sha.commit();
  return FetchResult{name, actual, target};
}

}  // namespace parcel::repository
