// Reading one repository directory: its parcels, their manifest entries and `.sha` files.
#include "parcel/repository/repository.hpp"

#include "parcel/archive/parcel_reader.hpp"
#include "parcel/json/json_text.hpp"
#include "parcel/model/parcel_metadata.hpp"
#include "parcel/rules/names.hpp"
#include "parcel/support/error.hpp"
#include "parcel/support/file_io.hpp"
#include "repository/repository_internal.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <sstream>

namespace parcel::repository {
namespace {

namespace fs = std::filesystem;

bool endsWith(const std::string& text, const std::string& suffix) {
  return text.size() > suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

void appendForMember(Diagnostics& out, const Diagnostics& findings, const std::string& file) {
  for (Diagnostic diagnostic : findings.items()) {
    diagnostic.member = diagnostic.member.empty() ? file : file + ":" + diagnostic.member;
    out.add(std::move(diagnostic));
  }
}

std::optional<std::string> readSmallFile(const fs::path& path) {
  std::error_code error;
  if (!fs::exists(path, error)) return std::nullopt;
  // A regular file of at most 64 MiB: a FIFO must not hang us, a huge file not fill memory.
  return readRegularFile(path, "file");
}

std::vector<std::string> listParcelFiles(const fs::path& directory) {
  std::vector<std::string> names;
  std::error_code error;
  fs::directory_iterator it(directory, error);
  if (error) throw IoError("cannot list '" + directory.string() + "': " + error.message());
  for (const fs::directory_entry& entry : it) {
    const std::string name = entry.path().filename().string();
    if (!endsWith(name, ".parcel")) continue;
    std::error_code statError;
    if (fs::is_regular_file(entry.path(), statError)) names.push_back(name);  // follows symlinks
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::optional<ManifestEntry> scanParcel(const fs::path& parcel, const ParcelCheckOptions& options, Diagnostics& out) {
  const std::string fileName = parcel.filename().string();
  // One read of the parcel for the checks, the entry's metadata and its hash.
  const ParcelReadOnce readOnce(parcel);
  Diagnostics findings;
  validateParcelFile(parcel, options, findings);
  std::optional<ManifestEntry> entry;
  if (!findings.hasErrors()) {
    // validateParcelFile accepted the name, the top folder and parcel.json.
    const auto name = parseParcelFileName(fileName);
    const std::string meta = parcelDirName(name->name, name->version) + "/meta/";
    Diagnostics ignored;  // the same archive was judged above
    const ParcelArchive archive = readParcelArchive(parcel, ignored);
    const auto parcelJson = archive.metaFiles.find(meta + "parcel.json");
    std::optional<ParcelMetadata> metadata;
    if (parcelJson != archive.metaFiles.end()) metadata = readParcelMetadata(parcelJson->second, ignored);
    if (!metadata) {
      findings.add({Severity::Error, meta + "parcel.json", "", "parcel-json-missing",
                    "the parcel changed while it was read: meta/parcel.json is gone"});
    } else {
      entry = ManifestEntry{};
      entry->parcelName = fileName;
      entry->hash = archive.sha1;  // hashed in the same read
      entry->depends = metadata->depends;
      entry->replaces = metadata->replaces;
      entry->conflicts = metadata->conflicts;
      entry->components = metadata->components;
      entry->servicesRestartInfo = metadata->servicesRestartInfo;
      const auto notes = archive.metaFiles.find(meta + "release-notes.txt");
      if (notes != archive.metaFiles.end()) {
        if (isValidUtf8(notes->second)) {
          entry->releaseNotes = notes->second;
        } else {
          findings.add({Severity::Error, notes->first, "", "release-notes-not-utf8",
                        "meta/release-notes.txt is not valid UTF-8 text; make_manifest would fail on it"});
          entry.reset();
        }
      }
    }
  }
  appendForMember(out, findings, fileName);
  return entry;
}

std::string shaFileContent(const std::string& sha1Hex) { return sha1Hex + "\n"; }

std::optional<std::string> parseShaFile(const std::string& content, const std::string& member, Diagnostics& out) {
  std::istringstream in(content);
  std::string hash;
  in >> hash;  // skips white space; a following file name ("sha1sum" form) is ignored
  std::transform(
      hash.begin(), hash.end(), hash.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  const bool hex = hash.size() == 40 &&
      std::all_of(hash.begin(), hash.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
  if (!hex) {
    out.add({Severity::Error, member, "", "sha-file-malformed",
             "does not start with a SHA-1 digest (40 hexadecimal digits)"});
    return std::nullopt;
  }
  return hash;
}

std::string manifestText(const Manifest& manifest) {
  return encodeManifest(manifest).dump(4, ' ', /*ensure_ascii=*/true, Json::error_handler_t::replace) + "\n";
}

bool looksLikeRepository(const fs::path& path) {
  std::error_code error;
  if (!fs::is_directory(path, error)) return false;
  if (fs::exists(path / kManifestFileName, error)) return true;
  for (fs::directory_iterator it(path, error), end; !error && it != end; it.increment(error)) {
    if (endsWith(it->path().filename().string(), ".parcel")) return true;
  }
  return false;
}

std::int64_t defaultLastUpdated() {
  if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH"); epoch != nullptr && *epoch != '\0') {
    const std::string text = epoch;
    if (text.size() > 12 || !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      throw InputError("SOURCE_DATE_EPOCH '" + text + "' is not a number of seconds since the epoch");
    }
    return std::stoll(text) * 1000;
  }
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace parcel::repository
