// A parcel repository on disk (spec section 9): the parcels of one directory,
// their `.sha` side files, manifest.json and the hash cache.
//
// Problems with the repository's content are Diagnostics whose `member` names
// the file inside the repository ("FOO-1.0-el7.parcel",
// "FOO-1.0-el7.parcel:FOO-1.0/meta/parcel.json", "manifest.json"). Only
// environmental failures throw (IoError).
#pragma once

#include "parcel/model/manifest.hpp"
#include "parcel/support/diagnostic.hpp"
#include "parcel/validate/parcel_check.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace parcel::repository {

inline constexpr const char* kManifestFileName = "manifest.json";
inline constexpr const char* kHashCacheFileName = ".parceltool-cache.json";

// The names of the regular files (symlinks followed) ending in ".parcel" in
// `directory`, sorted bytewise. Throws IoError when the directory cannot be listed.
std::vector<std::string> listParcelFiles(const std::filesystem::path& directory);

// The manifest entry make_manifest would write for one parcel (spec 9.3 step 5),
// after the parcel passed validateParcelFile(): parcelName, hash, and depends,
// replaces, conflicts, components, servicesRestartInfo from parcel.json when
// present there, releaseNotes from meta/release-notes.txt. Reads the file three
// times (hash, checks, metadata). nullopt when the parcel has errors; they are
// appended to `out` with `member` prefixed by the parcel's file name.
std::optional<ManifestEntry> scanParcel(const std::filesystem::path& parcel, const ParcelCheckOptions& options,
                                        Diagnostics& out);

// `.sha` side files: the lower-case hex SHA-1 and one newline (what we write);
// on reading, surrounding white space is ignored, and so is a file name after
// the hash (the `sha1sum` form). nullopt with a "sha-file-malformed" error
// otherwise.
std::string shaFileContent(const std::string& sha1Hex);
std::optional<std::string> parseShaFile(const std::string& content, const std::string& member, Diagnostics& out);

// manifest.json bytes: make_manifest's form (4-space indent, ", "/": "
// separators, non-ASCII escaped as \uXXXX), plus one trailing newline.
std::string manifestText(const Manifest& manifest);

// What to do with an existing `.sha` file whose hash is not the parcel's.
enum class ShaPolicy {
  Check,  // a "sha-file-mismatch" error; nothing is written
  Overwrite,  // rewrite it (--rewrite-sha)
};

struct ManifestOptions {
  std::int64_t lastUpdated = 0;  // milliseconds since the epoch
  std::filesystem::path output;  // empty: <directory>/manifest.json
  bool merge = false;  // keep the existing entries of parcels still present (see docs/repository.md)
  bool verify = false;  // ignore the hash cache: re-read and re-check every parcel
  ShaPolicy shaPolicy = ShaPolicy::Check;
  ParcelCheckOptions parcel;
};

struct ManifestResult {
  Manifest manifest;
  std::size_t parcelsRead = 0;  // parcels read from disk (cache misses)
  std::size_t cacheHits = 0;
  std::vector<std::string> shaFilesWritten;
  bool written = false;  // manifest, side files and cache were written (no errors)
};

// `parceltool manifest`. Scans every parcel (or takes it from the hash cache),
// builds the manifest sorted by parcelName, and, when no error was found,
// writes the missing `.sha` files, the manifest and the cache, each
// atomically. With errors nothing but the cache is written.
ManifestResult writeRepositoryManifest(const std::filesystem::path& directory, const ManifestOptions& options,
                                       Diagnostics& out);

// `parceltool validate DIR`: the manifest against the files, every `.sha`
// against its parcel, every parcel valid, every entry against its parcel's
// metadata. Reads every parcel; never uses the cache.
void validateRepository(const std::filesystem::path& directory, const ParcelCheckOptions& options, Diagnostics& out);

// True for a directory holding manifest.json or at least one *.parcel file.
bool looksLikeRepository(const std::filesystem::path& path);

// lastUpdated for a new manifest: SOURCE_DATE_EPOCH x 1000 when that variable
// is set (an "InputError" when it is not a non-negative integer), else now.
std::int64_t defaultLastUpdated();

}  // namespace parcel::repository
