// Fuzz target: the jar reader behind `parceltool validate X.jar`. The bytes are
// the jar; its name is fixed (FUZZ-1.0.0.jar), so seeds are CSDs of FUZZ 1.0.0.
#include <cstddef>
#include <cstdint>
#include "../scratch.hpp"
#include "parcel/csd/jar.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto file = parcel::fuzz::scratchRoot() / "FUZZ-1.0.0.jar";
  parcel::fuzz::writeBytes(file, data, size);
  parcel::Diagnostics out;
  parcel::csd::checkCsdJar(file, {}, out);
  return 0;
}
