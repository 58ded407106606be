// The parcel kinds of `validate`: archives, unpacked parcels and the four metadata documents.
#include "validate_kinds.hpp"

#include "parcel/json/json_text.hpp"
#include "parcel/model/alternatives.hpp"
#include "parcel/model/manifest.hpp"
#include "parcel/model/parcel_metadata.hpp"
#include "parcel/model/permissions.hpp"

#include "parcel/support/error.hpp"
#include "parcel/support/file_io.hpp"

#include <optional>
#include <string>

namespace parcel::tool {
namespace {

namespace fs = std::filesystem;

bool hasSuffix(const fs::path& path, const std::string& suffix) {
  const std::string name = path.filename().string();
  return name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// A JSON object's top-level keys, for telling renamed metadata files apart; an
// unreadable, too large, too deep or non-object file gives an empty object. The
// file is untrusted: read with the size limit and parsed with the depth limit of
// every other reader (a plain DOM parse of 100,000 nested arrays overflowed the
// stack when the result was copied).
Json topLevelObject(const fs::path& path) {
  std::string text;
  try {
    text = readRegularFile(path, "file");
  } catch (const Error&) {
    return Json::object();
  }
  Diagnostics ignored;  // the document's own reader reports them
  std::optional<Json> json = parseStrictJson(text, ignored);
  if (!json || !json->is_object()) return Json::object();
  return std::move(*json);
}

bool anyValueHasKey(const Json& object, const char* key) {
  for (const auto& item : object.items()) {
    if (item.value().is_object() && item.value().contains(key)) return true;
  }
  return false;
}

// A JSON document kind: detected by its usual file name or by `looksLike`, read
// with the document's own reader.
template <typename Read>
ValidateKind documentKind(std::string name, std::string description, std::string fileName,
                          std::function<bool(const Json&)> looksLike, Read read) {
  return ValidateKind{std::move(name), std::move(description),
                      [fileName, looksLike](const fs::path& path) {
                        return path.filename() == fileName ||
                            (hasSuffix(path, ".json") && looksLike(topLevelObject(path)));
                      },
                      [read](const fs::path& path, const ValidateContext&, Diagnostics& out) {
                        if (auto text = readDocument(path, out)) read(*text, out);
                      }};
}

}  // namespace

std::vector<ValidateKind> parcelValidateKinds() {
  return {
      {"parcel", "a .parcel file", [](const fs::path& path) { return hasSuffix(path, ".parcel"); },
       [](const fs::path& path, const ValidateContext& context, Diagnostics& out) {
         validateParcelFile(path, context.parcel, out);
       }},
      {"parcel-dir", "an unpacked parcel folder (NAME-VERSION/ with meta/)",
       [](const fs::path& path) {
         std::error_code error;
         return fs::is_directory(path / "meta", error);
       },
       [](const fs::path& path, const ValidateContext& context, Diagnostics& out) {
         validateParcelDirectory(path, context.parcel, out);
       }},
      documentKind(
          "parcel-json", "meta/parcel.json", "parcel.json",
          [](const Json& json) { return json.contains("schema_version") || json.contains("scripts"); },
          readParcelMetadata),
      documentKind(
          "alternatives", "meta/alternatives.json", "alternatives.json",
          [](const Json& json) { return anyValueHasKey(json, "destination"); }, readAlternatives),
      documentKind(
          "permissions", "meta/permissions.json", "permissions.json",
          [](const Json& json) { return anyValueHasKey(json, "permissions"); }, readPermissions),
      documentKind(
          "manifest", "a parcel repository's manifest.json", "manifest.json",
          [](const Json& json) { return json.contains("parcels") || json.contains("lastUpdated"); }, readManifest),
  };
}

}  // namespace parcel::tool
