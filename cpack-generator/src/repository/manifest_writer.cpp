// `parceltool manifest`: manifest.json and the `.sha` files of a repository directory.
#include "parcel/repository/repository.hpp"
#include "parcel/support/error.hpp"
#include "parcel/support/interrupt.hpp"
#include "parcel/support/output_file.hpp"
#include "repository/repository_internal.hpp"

#include <map>
#include <utility>

namespace parcel::repository {
namespace {

namespace fs = std::filesystem;

// The existing manifest's entries by parcelName, for --merge.
std::map<std::string, ManifestEntry> existingEntries(const fs::path& manifestPath, Diagnostics& out) {
  std::map<std::string, ManifestEntry> entries;
  const auto text = readSmallFile(manifestPath);
  if (!text) return entries;
  Diagnostics findings;
  const auto manifest = readManifest(*text, findings);
  appendForMember(out, findings, manifestPath.filename().string());
  if (!manifest || findings.hasErrors() || !manifest->parcels) return entries;
  for (const ManifestEntry& entry : *manifest->parcels) entries.emplace(*entry.parcelName, entry);
  return entries;
}

}  // namespace

ManifestResult writeRepositoryManifest(const fs::path& directory, const ManifestOptions& options, Diagnostics& out) {
  std::error_code error;
  if (!fs::is_directory(directory, error)) {
    throw InputError("'" + directory.string() + "' is not a directory");
  }
  const fs::path output = options.output.empty() ? directory / kManifestFileName : options.output;
  const fs::path cachePath = directory / kHashCacheFileName;
  ManifestResult result;

  const std::vector<std::string> names = listParcelFiles(directory);
  if (names.empty()) {
    out.error("", "repository-empty", "holds no *.parcel file; a manifest without parcels is refused");
    return result;
  }
  std::map<std::string, ManifestEntry> previous;
  if (options.merge) previous = existingEntries(output, out);

  HashCache cache = HashCache::load(cachePath, out);
  std::vector<ManifestEntry> entries;
  std::vector<std::pair<fs::path, std::string>> shaFiles;  // to write: path, content
  for (const std::string& name : names) {
    throwIfInterrupted();
    const fs::path parcel = directory / name;
    const auto before = stampOf(parcel);
    std::optional<ManifestEntry> entry;
    if (!options.verify && before) entry = cache.lookup(name, *before);
    if (entry) {
      ++result.cacheHits;
    } else {
      ++result.parcelsRead;
      entry = scanParcel(parcel, options.parcel, out);
    }
    if (!entry) continue;
    const auto after = stampOf(parcel);
    if (before && after && *before == *after) cache.store(name, *before, *entry);

    const std::string hash = *entry->hash;
    if (const auto old = previous.find(name); old != previous.end()) {
      if (old->second.hash == entry->hash) {
        entry = old->second;  // kept as it was, with any field we do not generate ("released")
      } else {
        out.add({Severity::Warning, name, "", "merge-entry-replaced",
                 "the existing manifest entry has hash " + old->second.hash.value_or("(none)") +
                     ", but the parcel's SHA-1 is " + hash + "; the entry is made anew"});
      }
    }

    const std::string shaName = name + ".sha";
    const auto shaText = readSmallFile(directory / shaName);
    if (!shaText) {
      shaFiles.emplace_back(directory / shaName, shaFileContent(hash));
    } else {
      Diagnostics shaFindings;
      const auto recorded = parseShaFile(*shaText, shaName, shaFindings);
      if (recorded == hash) {
        // already right
      } else if (options.shaPolicy == ShaPolicy::Overwrite) {
        shaFiles.emplace_back(directory / shaName, shaFileContent(hash));
      } else if (!recorded) {
        for (Diagnostic diagnostic : shaFindings.items()) {
          diagnostic.message += " (--rewrite-sha replaces it)";
          out.add(std::move(diagnostic));
        }
      } else {
        out.add({Severity::Error, shaName, "", "sha-file-mismatch",
                 "holds " + *recorded + ", but the SHA-1 of " + name + " is " + hash + " (--rewrite-sha replaces it)"});
      }
    }
    entries.push_back(std::move(*entry));
  }

  result.manifest.lastUpdated = options.lastUpdated;
  result.manifest.parcels = std::move(entries);
  try {
    cache.save(cachePath);
  } catch (const IoError& failure) {
    out.warning("", "hash-cache-not-written", std::string("the hash cache was not written: ") + failure.what());
  }
  if (out.hasErrors()) return result;

  const InterruptShield shield;  // the .sha files and the manifest that lists them
  for (const auto& [path, content] : shaFiles) {
    writeFileAtomically(path, content);
    result.shaFilesWritten.push_back(path.filename().string());
  }
  writeFileAtomically(output, manifestText(result.manifest));
  result.written = true;
  return result;
}

}  // namespace parcel::repository
