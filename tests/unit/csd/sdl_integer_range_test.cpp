// SDL integer fields hold Java longs: a number outside that range is refused, as
// Jackson refuses it, instead of wrapping (an unsigned above 2^63-1) or hitting
// undefined behaviour (a huge double cast to int64). Found by fuzz/csd_descriptor;
// the inputs are also in fuzz/regressions/csd_descriptor/.
#include "parcel/csd/descriptor.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using parcel::Diagnostics;

namespace {

// The diagnostics at /maxInstances of an SDL whose maxInstances is `number`.
std::vector<parcel::Diagnostic> maxInstances(const std::string& number) {
  Diagnostics out;
  const std::string sdl =
      R"({"name": "FUZZ", "label": "F", "description": "d", "version": "1.0.0", "maxInstances": )" + number + "}";
  REQUIRE(parcel::csd::readSdl(sdl, {}, out).has_value());
  std::vector<parcel::Diagnostic> found;
  for (const auto& item : out.items()) {
    if (item.pointer == "/maxInstances") found.push_back(item);
  }
  return found;
}

}  // namespace

TEST_CASE("maxInstances beyond a long is a wrong-type error, not a wrapped or undefined value") {
  for (const std::string number : {"1e300", "-1e300", "9223372036854775808.0", "18446744073709551615"}) {
    CAPTURE(number);
    const auto found = maxInstances(number);
    REQUIRE(found.size() == 1);
    CHECK(found[0].code == "wrong-type");
    CHECK(found[0].message.find("must be an integer") == 0);
  }
}

TEST_CASE("whole numbers inside a long's range are still read, also when written as a double") {
  CHECK(maxInstances("9223372036854775807").empty());
  CHECK(maxInstances("5.0").empty());
  CHECK(maxInstances("4611686018427387904.0").empty());
  const auto zero = maxInstances("0.0");
  REQUIRE(zero.size() == 1);
  CHECK(zero[0].code == "out-of-range");
  CHECK(zero[0].message == "must be at least 1, not 0");
}
