#include "parcel/json/json_text.hpp"

#include "diagnostics_support.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using parcel::Diagnostics;
using parcel::Json;
using parcel::test::codesAt;
using parcel::test::describe;

TEST_CASE("standard JSON parses, keeping key order") {
  Diagnostics found;
  const auto json = parcel::parseStrictJson(R"({"b": 1, "a": [true, null, 1.5, -2, "x"], "c": {}})", found);
  INFO(describe(found));
  REQUIRE(json.has_value());
  CHECK(found.empty());
  CHECK(json->dump() == R"({"b":1,"a":[true,null,1.5,-2,"x"],"c":{}})");
}

TEST_CASE("non-JSON is one invalid-json error at the whole file, with a byte offset") {
  struct Row {
    const char* name;
    std::string text;
    std::string offset;  // as it must appear in the message
  };
  const std::vector<Row> rows = {
      {"line comment", "{\"a\": 1 // note\n}", "byte offset 8"},
      {"block comment", "/* note */ {}", "byte offset 0"},
      {"trailing comma", "{\"a\": 1,}", "byte offset 8"},
      {"single quotes", "{'a': 1}", "byte offset 1"},
      {"empty input", "", "byte offset 0"},
      {"trailing garbage", "{} x", "byte offset 3"},
      {"unclosed object", "{\"a\": 1", "byte offset 7"},
      {"invalid UTF-8 in a string", "\"\xff\"", "byte offset 1"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.name);
    Diagnostics found;
    const auto json = parcel::parseStrictJson(row.text, found);
    INFO(describe(found));
    CHECK_FALSE(json.has_value());
    REQUIRE(found.items().size() == 1);
    CHECK(found.items()[0].code == "invalid-json");
    CHECK(found.items()[0].pointer.empty());
    const std::string& message = found.items()[0].message;
    CHECK(message.rfind("invalid JSON at line ", 0) == 0);
    CHECK(message.find(row.offset) != std::string::npos);
    CHECK(message.find("[json.exception") == std::string::npos);  // nlohmann's prefix is cleaned up
  }
}

TEST_CASE("the invalid-json message keeps nlohmann's reason") {
  Diagnostics found;
  parcel::parseStrictJson("{\n  \"a\": tru\n}", found);
  REQUIRE(found.items().size() == 1);
  CHECK(found.items()[0].message ==
        "invalid JSON at line 2, column 11 (byte offset 12): syntax error while parsing value - invalid literal; "
        "last read: '\"a\": tru<U+000A>'");
}

TEST_CASE("duplicate keys are errors at the key's pointer; the last value wins") {
  struct Row {
    const char* name;
    std::string text;
    std::vector<std::string> pointers;
    std::string result;
  };
  const std::vector<Row> rows = {
      {"top level", R"({"a": 1, "b": 2, "a": 3})", {"/a"}, R"({"a":3,"b":2})"},
      {"nested",
       R"({"users": {"x": {"home": "/a", "home": "/b"}}})",
       {"/users/x/home"},
       R"({"users":{"x":{"home":"/b"}}})"},
      {"in an array", R"([{}, {"k": 1, "k": 2}])", {"/1/k"}, R"([{},{"k":2}])"},
      {"escaped key", R"({"a/b~": 1, "a/b~": 2})", {"/a~1b~0"}, R"({"a/b~":2})"},
      {"three times", R"({"a": 1, "a": 2, "a": [3]})", {"/a", "/a"}, R"({"a":[3]})"},
      {"object replaced", R"({"a": {"x": 1}, "a": {"y": 2}})", {"/a"}, R"({"a":{"y":2}})"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.name);
    Diagnostics found;
    const auto json = parcel::parseStrictJson(row.text, found);
    INFO(describe(found));
    REQUIRE(json.has_value());
    CHECK(found.errorCount() == row.pointers.size());
    for (const std::string& pointer : row.pointers) CHECK(codesAt(found, pointer).at(0) == "duplicate-key");
    CHECK(json->dump() == row.result);
  }
}

TEST_CASE("a UTF-8 byte-order mark is an error, and the rest is still read") {
  Diagnostics found;
  const auto json = parcel::parseStrictJson("\xEF\xBB\xBF{\"a\": 1}", found);
  REQUIRE(json.has_value());
  CHECK((*json)["a"] == 1);
  REQUIRE(found.items().size() == 1);
  CHECK(found.items()[0].code == "byte-order-mark");
  CHECK(found.items()[0].pointer.empty());
  CHECK(found.errorCount() == 1);
}

TEST_CASE("nesting is limited to 512 levels, and hostile depth does not crash") {
  const auto nested = [](std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); };
  SUBCASE("512 levels are fine") {
    Diagnostics found;
    CHECK(parcel::parseStrictJson(nested(512), found).has_value());
    CHECK(found.empty());
  }
  SUBCASE("513 levels are rejected") {
    Diagnostics found;
    CHECK_FALSE(parcel::parseStrictJson(nested(513), found).has_value());
    CHECK(codesAt(found, "") == std::vector<std::string>{"json-too-deep"});
  }
  SUBCASE("100000 unclosed brackets") {
    Diagnostics found;
    CHECK_FALSE(parcel::parseStrictJson(std::string(100000, '['), found).has_value());
    CHECK(codesAt(found, "") == std::vector<std::string>{"json-too-deep"});
  }
  SUBCASE("100000 nested objects") {
    std::string text;
    for (int i = 0; i < 100000; ++i) text += "{\"a\":";
    Diagnostics found;
    CHECK_FALSE(parcel::parseStrictJson(text, found).has_value());
    CHECK(codesAt(found, "") == std::vector<std::string>{"json-too-deep"});
  }
}

TEST_CASE("toJsonText: two-space indent, insertion order, UTF-8 kept, trailing newline") {
  Json value = Json::object();
  value["z"] = "caf\xC3\xA9";
  value["a"] = Json::array({1, 2});
  value["m"] = Json::object();
  CHECK(parcel::toJsonText(value) == "{\n  \"z\": \"caf\xC3\xA9\",\n  \"a\": [\n    1,\n    2\n  ],\n  \"m\": {}\n}\n");
  CHECK(parcel::toJsonText(Json("x")) == "\"x\"\n");
}

TEST_CASE("toJsonText does not throw on invalid UTF-8 in a string") {
  Json value = Json::object();
  value["bad"] = std::string(
      "a\xff"
      "b");
  std::string text;
  CHECK_NOTHROW(text = parcel::toJsonText(value));
  CHECK(text ==
        "{\n  \"bad\": \"a\xEF\xBF\xBD"
        "b\"\n}\n");  // replaced by U+FFFD
}

TEST_CASE("output parses back to the same value") {
  Diagnostics found;
  const auto json = parcel::parseStrictJson(R"({"k": ["v", {"n": 1.25}], "u": "\u00e9\n"})", found);
  REQUIRE(json.has_value());
  const auto again = parcel::parseStrictJson(parcel::toJsonText(*json), found);
  REQUIRE(again.has_value());
  CHECK(*again == *json);
  CHECK(found.empty());
}
