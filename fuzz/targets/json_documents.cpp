// Fuzz target: the strict JSON metadata documents (parcel.json, alternatives.json,
// permissions.json, manifest.json). The same bytes go through each document's
// reader (parse, decode, validate: what `parceltool validate` runs) and, when
// they decode, back out through its encoder, as `inspect` and `manifest` do.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include "../check.hpp"
#include "parcel/model/alternatives.hpp"
#include "parcel/model/manifest.hpp"
#include "parcel/model/parcel_metadata.hpp"
#include "parcel/model/permissions.hpp"

namespace {

// The readers promise never to throw, and a decoded model must encode to text.
template <typename Read, typename Encode>
void readAndEncode(std::string_view text, Read read, Encode encode) {
  parcel::Diagnostics out;
  const auto model = read(text, out);
  FUZZ_CHECK(model.has_value() || out.hasErrors(), "a rejected document has an error");
  if (model) (void)parcel::toJsonText(encode(*model));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  readAndEncode(text, parcel::readParcelMetadata, parcel::encodeParcelMetadata);
  readAndEncode(text, parcel::readAlternatives, parcel::encodeAlternatives);
  readAndEncode(text, parcel::readPermissions, parcel::encodePermissions);
  readAndEncode(text, parcel::readManifest, parcel::encodeManifest);
  return 0;
}
