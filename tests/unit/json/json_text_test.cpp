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

TEST_CASE("non-JSON is one invalid-json error at the whole file, with line and column, never a byte offset") {
  struct Row {
    const char* name;
    std::string text;
    std::string position;  // as it must appear in the message
  };
  const std::vector<Row> rows = {
      {"line comment", "{\"a\": 1 // note\n}", "line 1, column 9"},
      {"block comment", "/* note */ {}", "line 1, column 1"},
      {"trailing comma", "{\"a\": 1,}", "line 1, column 9"},
      {"single quotes", "{'a': 1}", "line 1, column 2"},
      {"empty input", "", "line 1, column 1"},
      {"trailing garbage", "{} x", "line 1, column 4"},
      {"unclosed object", "{\"a\": 1", "line 1, column 8"},
      {"invalid UTF-8 in a string", "\"\xff\"", "line 1, column 2"},
      {"third line", "{\n  \"a\": 1,\n  \"b\" 2\n}", "line 3, column 7"},
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
    CHECK(message.rfind("invalid JSON at " + row.position + ", near '", 0) == 0);
    CHECK(message.find("byte offset") == std::string::npos);
    CHECK(message.find("[json.exception") == std::string::npos);  // nlohmann's prefix is cleaned up
    CHECK(parcel::isValidUtf8(message));
  }
}

TEST_CASE("the invalid-json message keeps nlohmann's reason and quotes the line with a caret") {
  Diagnostics found;
  parcel::parseStrictJson("{\n  \"a\": tru\n}", found);
  REQUIRE(found.items().size() == 1);
  CHECK(found.items()[0].message ==
        "invalid JSON at line 2, column 11, near '  \"a\": tru^' (^ marks the spot): syntax error while parsing value "
        "- invalid literal");
}

TEST_CASE("the excerpt is clipped to 40 bytes either side of the error on a long line") {
  const std::string text = "{\"k\": \"" + std::string(100, 'x') + "\", \"\xc3\xa9\": ]}";
  Diagnostics found;
  parcel::parseStrictJson(text, found);
  REQUIRE(found.items().size() == 1);
  CHECK(found.items()[0].message ==
        "invalid JSON at line 1, column 117, near '...xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\", \"\xc3\xa9\": ^]}' (^ marks "
        "the spot): syntax error while "
        "parsing value - unexpected ']'; expected '[', '{', or a literal");
}

TEST_CASE("the descriptor dialect: comments, duplicate keys and trailing text are warnings that show the values") {
  SUBCASE("duplicate key with two values") {
    Diagnostics found;
    const auto json =
        parcel::parseJson("{\"required\": \"false\",\n \"required\": \"true\"}", parcel::kDescriptorJson, found);
    REQUIRE(json.has_value());
    CHECK((*json)["required"] == "true");
    REQUIRE(found.items().size() == 1);
    CHECK(found.warningCount() == 1);
    CHECK(found.items()[0].pointer == "/required");
    CHECK(found.items()[0].message ==
          "duplicate key \"required\": Cloudera Manager uses the last value (\"true\") and ignores the earlier one "
          "(\"false\"); keep only the one you mean");
  }
  SUBCASE("duplicate key with the same value") {
    Diagnostics found;
    REQUIRE(parcel::parseJson("{\"a\": 1, \"a\": 1}", parcel::kDescriptorJson, found).has_value());
    REQUIRE(found.items().size() == 1);
    CHECK(found.items()[0].message == "duplicate key \"a\", both times 1; remove one");
  }
  SUBCASE("an object replaced") {
    Diagnostics found;
    REQUIRE(parcel::parseJson("{\"a\": {\"x\": 1}, \"a\": [2]}", parcel::kDescriptorJson, found).has_value());
    REQUIRE(found.items().size() == 1);
    CHECK(found.items()[0].message ==
          "duplicate key \"a\": Cloudera Manager uses the last value (an array) and ignores the earlier one (an "
          "object); keep only the one you mean");
  }
  SUBCASE("text after the root object") {
    Diagnostics found;
    const auto json = parcel::parseJson("// head\n{\"a\": 1}\n}\n", parcel::kDescriptorJson, found);
    REQUIRE(json.has_value());
    CHECK(json->dump() == R"({"a":1})");
    REQUIRE(found.items().size() == 1);
    CHECK(found.warningCount() == 1);
    CHECK(found.items()[0].code == "trailing-text");
    CHECK(found.items()[0].message ==
          "text after the end of the document at line 3, column 1, near '^}' (^ marks the spot), is ignored by "
          "Cloudera Manager; remove it");
  }
  SUBCASE("a trailing comment is no trailing text") {
    Diagnostics found;
    REQUIRE(parcel::parseJson("{\"a\": 1} // end\n", parcel::kDescriptorJson, found).has_value());
    CHECK(found.empty());
  }
  SUBCASE("the strict dialect refuses all three") {
    Diagnostics found;
    CHECK_FALSE(parcel::parseStrictJson("{\"a\": 1}\n}", found).has_value());
    CHECK(codesAt(found, "") == std::vector<std::string>{"invalid-json"});
  }
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
