#include "parcel/rules/relations.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using parcel::Relation;

namespace {

std::string show(const std::vector<Relation>& relations) {
  std::string text;
  for (const Relation& r : relations) text += "[" + r.product + "|" + r.op + "|" + r.version + "]";
  return text;
}

}  // namespace

TEST_CASE("relation lists of the grammar parse, white space around commas and parentheses allowed") {
  struct Row {
    std::string text;
    std::string parsed;  // show() of the result
  };
  const Row rows[] = {
      {"", ""},
      {"   ", ""},
      {"CDH", "[CDH||]"},
      {"CDH (>= 5.0), CDH (<< 6.0)", "[CDH|>=|5.0][CDH|<<|6.0]"},
      {"CDH (>= 5.14.0), CDH (<= 5.14.999)", "[CDH|>=|5.14.0][CDH|<=|5.14.999]"},
      {"IMPALA, SOLR, SPARK", "[IMPALA||][SOLR||][SPARK||]"},
      {"SPARK,KAFKA,YARN", "[SPARK||][KAFKA||][YARN||]"},
      {"CDH(>=6.2)", "[CDH|>=|6.2]"},
      {"  CDH ( >=  6.2 ) ,SPARK2 (= 2.4.0.cloudera2-1.cdh5.13.3.p0.1041012)  ",
       "[CDH|>=|6.2][SPARK2|=|2.4.0.cloudera2-1.cdh5.13.3.p0.1041012]"},
      {"A (>> 1), B (<< 2)", "[A|>>|1][B|<<|2]"},
      {"python2.7 (>= 2.7.5)", "[python2.7|>=|2.7.5]"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.text);
    std::string error;
    const auto parsed = parcel::parseRelations(row.text, &error);
    INFO(error);
    REQUIRE(parsed.has_value());
    CHECK(show(*parsed) == row.parsed);
  }
}

TEST_CASE("text outside the grammar is rejected with a reason and a position") {
  struct Row {
    std::string text;
    std::string error;
  };
  const Row rows[] = {
      {"foo >= 1.0", "expected '(', ',' or the end of the list at character 5"},  // Cloudera's good_parcel.json
      {"baz (< 3.0)", "expected one of the operators >=, <=, >>, <<, = at character 6"},
      {"baz (> 3.0)", "expected one of the operators >=, <=, >>, <<, = at character 6"},
      {"cdmpack-full-test-foo", "product name \"cdmpack-full-test-foo\" must not contain '-' at character 1"},
      {"A, B-C", "product name \"B-C\" must not contain '-' at character 4"},
      {"A,", "expected a product name at character 3"},
      {", A", "expected a product name at character 1"},
      {"A,,B", "expected a product name at character 3"},
      {"A (>= )", "expected a version after \">=\" at character 7"},
      {"A (>=)", "expected a version after \">=\" at character 6"},
      {"A (>= 1", "expected ')' after the version at character 8"},
      {"A (>= 1 2)", "expected ')' after the version at character 9"},
      {"A (>= 1) B", "expected ',' or the end of the list at character 10"},
      {"A B", "expected '(', ',' or the end of the list at character 3"},
      {"A | B", "expected '(', ',' or the end of the list at character 3"},
      {"(>= 1)", "expected a product name at character 1"},
      {"A )", "expected '(', ',' or the end of the list at character 3"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.text);
    std::string error;
    CHECK_FALSE(parcel::parseRelations(row.text, &error).has_value());
    CHECK(error == row.error);
    CHECK_FALSE(parcel::parseRelations(row.text, nullptr).has_value());  // the reason is optional
  }
}

TEST_CASE("formatRelations writes the canonical form, which parses back") {
  const std::vector<Relation> relations = {{"CDH", ">=", "5.0"}, {"CDH", "<<", "6.0"}, {"SPARK", "", ""}};
  const std::string text = parcel::formatRelations(relations);
  CHECK(text == "CDH (>= 5.0), CDH (<< 6.0), SPARK");
  const auto parsed = parcel::parseRelations(text, nullptr);
  REQUIRE(parsed.has_value());
  CHECK(show(*parsed) == show(relations));
  CHECK(parcel::formatRelations({}) == "");
  CHECK(parcel::formatRelations(*parcel::parseRelations("  A(=1),B ", nullptr)) == "A (= 1), B");
}
