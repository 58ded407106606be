// Fuzz target: the relaxed JSON of service.sdl/service.mdl and their validators,
// as `parceltool validate service.sdl|service.mdl` runs them (default and
// --strict options).
#include <cstddef>
#include <cstdint>
#include <string_view>
#include "../check.hpp"
#include "parcel/csd/descriptor.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  parcel::csd::DescriptorOptions options;
  options.strict = size % 2 == 1;  // both modes, without spending input bytes on it
  {
    parcel::Diagnostics out;
    const auto sdl = parcel::csd::readSdl(text, options, out);
    FUZZ_CHECK(sdl.has_value() || out.hasErrors(), "an unparsable SDL has an error");
    if (sdl) {
      (void)parcel::csd::sdlName(*sdl);
      (void)parcel::csd::sdlVersion(*sdl);
    }
  }
  {
    parcel::Diagnostics out;
    const auto mdl = parcel::csd::readMdl(text, options, out);
    FUZZ_CHECK(mdl.has_value() || out.hasErrors(), "an unparsable MDL has an error");
  }
  return 0;
}
