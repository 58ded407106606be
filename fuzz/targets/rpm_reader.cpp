// Fuzz target: the RPM reader behind `parceltool build --from-package X.rpm`,
// and the mapping of what it read into a parcel payload (package_reader_check.hpp).
#include <cstddef>
#include <cstdint>
#include "package_reader_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return parcel::fuzz::checkPackageReader(parcel::readRpmPackage, "fuzz.rpm", data, size);
}
