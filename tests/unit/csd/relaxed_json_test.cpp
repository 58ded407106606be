// parseRelaxedJson never throws and bounds the nesting: a number beyond a double
// used to escape as nlohmann's out_of_range.406 (found by fuzz/csd_descriptor,
// input in fuzz/regressions/csd_descriptor/number-beyond-double.sdl), and the
// depth was unbounded.
#include "parcel/csd/descriptor.hpp"

#include <doctest/doctest.h>

#include <string>

using parcel::Diagnostics;
using parcel::csd::parseRelaxedJson;

TEST_CASE("a number beyond a double is one invalid-json error, not an exception") {
  Diagnostics out;
  CHECK_FALSE(parseRelaxedJson(R"({"maxInstances": 1e400})", out).has_value());
  REQUIRE(out.items().size() == 1);
  CHECK(out.items()[0].code == "invalid-json");
  CHECK(out.items()[0].message.find("number overflow parsing '1e400'") != std::string::npos);
  CHECK(out.items()[0].message.rfind("invalid JSON at line 1, column 22, near ", 0) == 0);
}

TEST_CASE("a syntax error gives line and column") {
  Diagnostics bad;
  CHECK_FALSE(parseRelaxedJson("// x\n{\"a\": ]", bad).has_value());
  REQUIRE(bad.items().size() == 1);
  CHECK(bad.items()[0].message.rfind("invalid JSON at line 2, column 7, near '{\"a\": ^]' (^ marks the spot): ", 0) ==
        0);
}

TEST_CASE("nesting is bounded at 512 levels") {
  Diagnostics fine;
  CHECK(parseRelaxedJson(std::string(512, '[') + std::string(512, ']'), fine).has_value());
  CHECK(fine.empty());

  Diagnostics deep;
  CHECK_FALSE(parseRelaxedJson(std::string(100000, '[') + std::string(100000, ']'), deep).has_value());
  REQUIRE(deep.items().size() == 1);
  CHECK(deep.items()[0].code == "json-too-deep");
}
