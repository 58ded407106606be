// The configWriter formats of `host run-role`.
#include "parcel/host/role.hpp"

#include <doctest/doctest.h>

using parcel::host::renderConfig;

TEST_CASE("properties escape what java.util.Properties would misread") {
  CHECK(renderConfig("properties", {{"a.b", "1"}, {"key with=colon:", "line\nbreak \\ x:y"}}) ==
        "a.b=1\nkey\\ with\\=colon\\:=line\\nbreak \\\\ x:y\n");
  CHECK(renderConfig("properties", {}) == "");
}

TEST_CASE("hadoop_xml is a <configuration> of escaped properties, in order") {
  CHECK(renderConfig("hadoop_xml", {{"b", "x<y&z"}, {"a", "\"q\""}}) ==
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<configuration>\n"
        "  <property>\n    <name>b</name>\n    <value>x&lt;y&amp;z</value>\n  </property>\n"
        "  <property>\n    <name>a</name>\n    <value>&quot;q&quot;</value>\n  </property>\n"
        "</configuration>\n");
}

TEST_CASE("gflags are -key=value lines, and other formats are refused") {
  CHECK(renderConfig("gflags", {{"port", "80"}}) == "-port=80\n");
  CHECK_FALSE(renderConfig("jinja", {{"a", "b"}}).has_value());
}
