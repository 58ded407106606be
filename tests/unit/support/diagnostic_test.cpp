#include "parcel/support/diagnostic.hpp"

#include <doctest/doctest.h>

#include <string>

using parcel::Diagnostic;
using parcel::Diagnostics;
using parcel::Severity;

TEST_CASE("pointer tokens escape '~' and '/' as RFC 6901 requires") {
  struct Row {
    std::string token, escaped;
  };
  const Row rows[] = {
      {"name", "name"}, {"", ""}, {"a/b", "a~1b"}, {"a~b", "a~0b"}, {"~/", "~0~1"}, {"/lib/x~1", "~1lib~1x~01"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.token);
    CHECK(parcel::pointerToken(row.token) == row.escaped);
  }
}

TEST_CASE("child pointers append one escaped token") {
  CHECK(parcel::childPointer("", "users") == "/users");
  CHECK(parcel::childPointer("/users", "hdfs") == "/users/hdfs");
  CHECK(parcel::childPointer("", "/var/lib/airflow") == "/~1var~1lib~1airflow");
  CHECK(parcel::childPointer("/packages", std::size_t{3}) == "/packages/3");
  CHECK(parcel::childPointer("", "") == "/");
}

TEST_CASE("formatDiagnostic prints input, member, pointer, severity, message and code") {
  struct Row {
    const char* name;
    Diagnostic diagnostic;
    std::string line;
  };
  const Row rows[] = {
      {"all parts",
       {Severity::Error, "FOO-1.0/meta/parcel.json", "/name", "name-contains-dash",
        "must not contain any '-' characters"},
       "foo.parcel:FOO-1.0/meta/parcel.json#/name: error: must not contain any '-' characters [name-contains-dash]"},
      {"no member",
       {Severity::Warning, "", "/depends", "invalid-relation", "is odd"},
       "foo.parcel#/depends: warning: is odd [invalid-relation]"},
      {"no pointer",
       {Severity::Error, "FOO-1.0/meta/parcel.json", "", "invalid-json", "invalid JSON"},
       "foo.parcel:FOO-1.0/meta/parcel.json: error: invalid JSON [invalid-json]"},
      {"whole input",
       {Severity::Warning, "", "", "unknown-distro", "\"x\" is unknown"},
       "foo.parcel: warning: \"x\" is unknown [unknown-distro]"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.name);
    CHECK(parcel::formatDiagnostic("foo.parcel", row.diagnostic) == row.line);
  }
}

TEST_CASE("Diagnostics counts errors and warnings and finds errors by pointer") {
  Diagnostics diagnostics;
  CHECK(diagnostics.empty());
  CHECK_FALSE(diagnostics.hasErrors());
  diagnostics.warning("/a", "w", "warned");
  CHECK_FALSE(diagnostics.hasErrors());
  CHECK_FALSE(diagnostics.hasErrorAt("/a"));  // a warning does not stop later checks
  diagnostics.error("/b", "e", "failed");
  CHECK(diagnostics.hasErrors());
  CHECK(diagnostics.hasErrorAt("/b"));
  CHECK_FALSE(diagnostics.hasErrorAt("/b/c"));
  CHECK_FALSE(diagnostics.hasErrorAt(""));
  CHECK(diagnostics.errorCount() == 1);
  CHECK(diagnostics.warningCount() == 1);
  REQUIRE(diagnostics.items().size() == 2);
  CHECK(diagnostics.items()[0].code == "w");
  CHECK(diagnostics.items()[1].message == "failed");
}

TEST_CASE("promoteWarnings turns every warning into an error") {
  Diagnostics diagnostics;
  diagnostics.warning("/a", "w", "warned");
  diagnostics.error("/b", "e", "failed");
  diagnostics.promoteWarnings();
  CHECK(diagnostics.errorCount() == 2);
  CHECK(diagnostics.warningCount() == 0);
  CHECK(diagnostics.hasErrorAt("/a"));
}

TEST_CASE("append sets the member only on items that have none") {
  Diagnostics inner;
  inner.error("/name", "e", "failed");
  inner.add({Severity::Warning, "other.json", "", "w", "warned"});
  Diagnostics outer;
  outer.append(inner, "FOO-1.0/meta/parcel.json");
  REQUIRE(outer.items().size() == 2);
  CHECK(outer.items()[0].member == "FOO-1.0/meta/parcel.json");
  CHECK(outer.items()[0].pointer == "/name");
  CHECK(outer.items()[1].member == "other.json");

  Diagnostics plain;
  plain.append(inner);
  CHECK(plain.items()[0].member.empty());

  inner.append(inner, "self");  // appending a list to itself doubles it
  REQUIRE(inner.items().size() == 4);
  CHECK(inner.items()[2].member == "self");
  CHECK(inner.items()[3].member == "other.json");
}

TEST_CASE("severities print in lower case") {
  CHECK(parcel::toString(Severity::Error) == "error");
  CHECK(parcel::toString(Severity::Warning) == "warning");
}
