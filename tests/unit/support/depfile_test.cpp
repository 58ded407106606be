// The one depfile writer (build --depfile and csd build --depfile).
#include "parcel/support/depfile.hpp"

#include <doctest/doctest.h>

TEST_CASE("depfile words escape what Ninja and make split on, and keep ':'") {
  CHECK(parcel::depfileEscape("/a b/c#d/$e\\f:g") == "/a\\ b/c\\#d/$$e\\\\f:g");
}

TEST_CASE("depfile text: the output, then every input once, sorted") {
  CHECK(parcel::depfileText("/out/x.parcel", {"/in/b", "/in/a", "/in/b"}) ==
        "/out/x.parcel: \\\n  /in/a \\\n  /in/b\n");
  CHECK(parcel::depfileText("/out/x.parcel", {}) == "/out/x.parcel:\n");
}
