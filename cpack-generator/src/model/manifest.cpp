#include "parcel/model/manifest.hpp"

#include "json/json_decoder.hpp"
#include "json/json_encoder.hpp"
#include "model/components.hpp"
#include "model/restart_info.hpp"
#include "parcel/rules/names.hpp"
#include "rules/field_checks.hpp"

#include <algorithm>

namespace parcel {
namespace {

bool isSha1Hex(std::string_view hash) {
  return hash.size() == 40 &&
      std::all_of(hash.begin(), hash.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

std::optional<ManifestEntry> decodeEntry(const Json& value, const std::string& pointer, Diagnostics& out) {
  const decode::Object object(value, pointer, out,
                              {"parcelName", "hash", "depends", "replaces", "conflicts", "components",
                               "servicesRestartInfo", "releaseNotes", "released"});
  if (!object.isObject()) return std::nullopt;
  return ManifestEntry{object.get("parcelName", decode::string),
                       object.get("hash", decode::string),
                       object.get("depends", decode::string),
                       object.get("replaces", decode::string),
                       object.get("conflicts", decode::string),
                       object.get("components", decode::arrayOf(decodeComponent)),
                       object.get("servicesRestartInfo", decodeServicesRestartInfo),
                       object.get("releaseNotes", decode::string),
                       object.get("released", decode::integer)};
}

Json encodeEntry(const ManifestEntry& entry) {
  Json json = Json::object();
  encode::put(json, "parcelName", entry.parcelName);
  encode::put(json, "hash", entry.hash);
  encode::put(json, "depends", entry.depends);
  encode::put(json, "replaces", entry.replaces);
  encode::put(json, "conflicts", entry.conflicts);
  encode::put(json, "components", entry.components, encode::arrayOf(encodeComponent));
  encode::put(json, "servicesRestartInfo", entry.servicesRestartInfo);
  encode::put(json, "releaseNotes", entry.releaseNotes);
  encode::put(json, "released", entry.released);
  return json;
}

void validateEntry(const ManifestEntry& entry, const std::string& pointer, Diagnostics& out) {
  const std::string parcelName = childPointer(pointer, "parcelName");
  if (check::notBlank(entry.parcelName, parcelName, out) && !parseParcelFileName(*entry.parcelName)) {
    out.error(parcelName, "invalid-parcel-file-name", "is not a valid parcel file name (NAME-VERSION-DISTRO.parcel)");
  }
  const std::string hash = childPointer(pointer, "hash");
  if (check::notBlank(entry.hash, hash, out) && !isSha1Hex(*entry.hash)) {
    out.warning(hash, "hash-format", "should be a SHA-1 digest: 40 lower-case hexadecimal digits");
  }
  check::relations(entry.depends, childPointer(pointer, "depends"), out);
  check::relations(entry.replaces, childPointer(pointer, "replaces"), out);
  check::relations(entry.conflicts, childPointer(pointer, "conflicts"), out);
  const std::string components = childPointer(pointer, "components");
  if (check::present(entry.components, components, out)) validateNameVersionList(*entry.components, components, out);
}

}  // namespace

Manifest decodeManifest(const Json& json, Diagnostics& out) {
  const decode::Object object(json, "", out, {"lastUpdated", "parcels"});
  return Manifest{object.get("lastUpdated", decode::integer), object.get("parcels", decode::arrayOf(decodeEntry))};
}

Json encodeManifest(const Manifest& manifest) {
  Json json = Json::object();
  encode::put(json, "lastUpdated", manifest.lastUpdated);
  encode::put(json, "parcels", manifest.parcels, encode::arrayOf(encodeEntry));
  return json;
}

void validateManifest(const Manifest& manifest, Diagnostics& out) {
  if (out.hasErrorAt("")) return;  // not an object: there are no fields to check
  check::present(manifest.lastUpdated, "/lastUpdated", out);
  if (!check::present(manifest.parcels, "/parcels", out)) return;
  for (std::size_t index = 0; index < manifest.parcels->size(); ++index) {
    const std::string pointer = childPointer("/parcels", index);
    if (!out.hasErrorAt(pointer)) validateEntry((*manifest.parcels)[index], pointer, out);
  }
  check::uniqueNames(*manifest.parcels, "/parcels", "parcelName", &ManifestEntry::parcelName, out);
}

std::optional<Manifest> readManifest(std::string_view text, Diagnostics& out) {
  return decode::readDocument(text, out, decodeManifest, validateManifest);
}

}  // namespace parcel
