#include "parcel/model/filelist.hpp"

#include <doctest/doctest.h>

#include <string>

using parcel::Diagnostics;
using parcel::FileList;

TEST_CASE("filelist.json round-trips in file order") {
  const FileList list = {{"microsoft-r-open", {"lib64/R", "lib64/R/bin/R"}}, {"mlserver", {"bin/Revo64"}}};
  const std::string text = parcel::toJsonText(parcel::encodeFileList(list));
  CHECK(text ==
        "{\n  \"microsoft-r-open\": [\n    \"lib64/R\",\n    \"lib64/R/bin/R\"\n  ],\n"
        "  \"mlserver\": [\n    \"bin/Revo64\"\n  ]\n}\n");
  Diagnostics out;
  const auto read = parcel::readFileList(text, out);
  REQUIRE(read.has_value());
  CHECK(out.empty());
  CHECK(*read == list);
  CHECK(*parcel::packageOfPath(list, "bin/Revo64") == "mlserver");
  CHECK(parcel::packageOfPath(list, "bin") == nullptr);
}

TEST_CASE("filelist.json problems have codes and pointers") {
  Diagnostics out;
  (void)parcel::readFileList(R"({"a": ["x", "/abs", "y/../z"], "b": ["x"], "c": [true]})", out);
  REQUIRE(out.items().size() == 4);
  CHECK(out.items()[0].pointer == "/c/0");
  CHECK(out.items()[0].code == "coerced-type");  // Cloudera's reader takes true as "true"
  CHECK(out.items()[1].pointer == "/a/1");
  CHECK(out.items()[1].code == "path-not-relative");
  CHECK(out.items()[2].pointer == "/a/2");
  CHECK(out.items()[2].code == "path-not-relative");
  CHECK(out.items()[3].pointer == "/b/0");
  CHECK(out.items()[3].code == "filelist-duplicate-path");
}
