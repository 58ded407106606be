#include "parcel/package/deb822.hpp"

#include <doctest/doctest.h>

#include <string>

using parcel::Deb822Error;
using parcel::deb822Field;
using parcel::parseDeb822Paragraph;
using parcel::splitDebVersion;

TEST_CASE("control files that dpkg-deb writes are read field by field") {
  const std::string text =
      "Package: coreutils\n"
      "Version: 9.1-1\n"
      "Architecture: amd64\n"
      "Essential: yes\n"
      "Description: GNU core utilities\n"
      " This package contains the basic file, shell and text manipulation\n"
      " .\n"
      "\tutilities.\n";
  Deb822Error error;
  const auto paragraph = parseDeb822Paragraph(text, error);
  REQUIRE(paragraph.has_value());
  REQUIRE(paragraph->size() == 5);
  CHECK((*paragraph)[0].name == "Package");
  CHECK((*paragraph)[0].line == 1);
  CHECK(*deb822Field(*paragraph, "package") == "coreutils");
  CHECK(*deb822Field(*paragraph, "VERSION") == "9.1-1");
  CHECK(*deb822Field(*paragraph, "Description") ==
        "GNU core utilities\nThis package contains the basic file, shell and text manipulation\n.\nutilities.");
  CHECK(deb822Field(*paragraph, "Depends") == nullptr);
}

TEST_CASE("blank lines may only end the paragraph") {
  Deb822Error error;
  const auto paragraph = parseDeb822Paragraph("\n\nPackage: a\nVersion: 1\n\n \n", error);
  REQUIRE(paragraph.has_value());
  CHECK(paragraph->size() == 2);
}

TEST_CASE("what the strict reader refuses, each with its code and line") {
  struct Row {
    const char* name;
    std::string text;
    const char* code;
    std::size_t line;
  };
  const Row rows[] = {
      {"empty", "", "deb822-empty", 0},
      {"only blank lines", "\n  \n", "deb822-empty", 2},
      {"second paragraph", "Package: a\n\nPackage: b\n", "deb822-second-paragraph", 3},
      {"comment", "Package: a\n# note\n", "deb822-comment", 2},
      {"leading continuation", " Package: a\n", "deb822-leading-continuation", 1},
      {"no colon", "Package: a\nVersion 1\n", "deb822-no-colon", 2},
      {"empty field name", ": a\n", "deb822-bad-field-name", 1},
      {"name starting with a dash", "-Package: a\n", "deb822-bad-field-name", 1},
      {"name with a space", "Pack age: a\n", "deb822-bad-field-name", 1},
      {"name with a non-ASCII byte", "Pack\xc3\xa4ge: a\n", "deb822-bad-field-name", 1},
      {"duplicate field", "Package: a\nVersion: 1\npackage: b\n", "deb822-duplicate-field", 3},
      {"carriage return", "Package: a\r\n", "deb822-bad-byte", 1},
      {"NUL byte", std::string("Package: a\nVersion: 1\0\n", 23), "deb822-bad-byte", 2},
  };
  for (const Row& row : rows) {
    CAPTURE(row.name);
    Deb822Error error;
    CHECK_FALSE(parseDeb822Paragraph(row.text, error).has_value());
    CHECK(error.code == row.code);
    CHECK(error.line == row.line);
    CHECK_FALSE(error.message.empty());
  }
}

TEST_CASE("Debian versions split into epoch, upstream and revision as dpkg splits them") {
  struct Row {
    const char* version;
    const char* epoch;
    const char* upstream;
    const char* revision;
  };
  const Row rows[] = {
      {"9.1-1", "", "9.1", "1"},
      {"1:2.38.1-5+deb12u1", "1", "2.38.1", "5+deb12u1"},
      {"2.0", "", "2.0", ""},
      {"1.2-3-4", "", "1.2-3", "4"},
      {"3:1.0~rc1", "3", "1.0~rc1", ""},
  };
  for (const Row& row : rows) {
    CAPTURE(row.version);
    const auto split = splitDebVersion(row.version);
    REQUIRE(split.has_value());
    CHECK(split->epoch == row.epoch);
    CHECK(split->upstream == row.upstream);
    CHECK(split->revision == row.revision);
  }
  for (const char* bad : {"", "a1.0", "x:1.0", ":1.0", "1.0-", "1.0 beta", "1:"}) {
    CAPTURE(bad);
    CHECK_FALSE(splitDebVersion(bad).has_value());
  }
}
