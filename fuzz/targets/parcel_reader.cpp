// Fuzz target: the parcel reader behind `parceltool validate X.parcel` and
// `parceltool inspect X.parcel`. The bytes are the .parcel file; its name is
// fixed (FUZZ-1.0-el7.parcel), so seeds are parcels of FUZZ 1.0.
#include "parcel/archive/parcel_reader.hpp"
#include <cstddef>
#include <cstdint>
#include "../scratch.hpp"
#include "parcel/validate/parcel_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto file = parcel::fuzz::scratchRoot() / "FUZZ-1.0-el7.parcel";
  parcel::fuzz::writeBytes(file, data, size);
  {
    parcel::Diagnostics out;
    (void)parcel::readParcelArchive(file, out);  // inspect
  }
  for (const bool allowPlainTar : {false, true}) {  // validate [--allow-plain-tar]
    parcel::Diagnostics out;
    parcel::ParcelCheckOptions options;
    options.allowPlainTar = allowPlainTar;
    parcel::validateParcelFile(file, options, out);
  }
  return 0;
}
