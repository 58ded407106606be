#include "parcel/rules/version_order.hpp"

#include <doctest/doctest.h>

TEST_CASE("versions compare the way dpkg compares them") {
  struct Row {
    const char* left;
    const char* right;
    int order;
  };
  const Row rows[] = {
      {"1.0", "1.0", 0},
      {"1.0", "1.1", -1},
      {"1.10", "1.9", 1},
      {"5.14.0", "5.14.999", -1},
      {"1.0~rc1", "1.0", -1},
      {"1.0", "1.0a", -1},
      {"1.0a", "1.0+", -1},
      {"01.0", "1.0", 0},
      {"6.3.0-1.cdh6.3.0.p0.1279813", "6.3.0-1.cdh6.3.0.p0.999", 1},
      {"2", "10", -1},
  };
  for (const Row& row : rows) {
    CAPTURE(row.left);
    CAPTURE(row.right);
    CHECK(parcel::compareVersions(row.left, row.right) == row.order);
    CHECK(parcel::compareVersions(row.right, row.left) == -row.order);
  }
}

TEST_CASE("relation operators") {
  using parcel::versionSatisfies;
  CHECK(versionSatisfies("5.7", ">=", "5.7"));
  CHECK_FALSE(versionSatisfies("5.7", ">>", "5.7"));
  CHECK(versionSatisfies("5.6", "<<", "5.7"));
  CHECK(versionSatisfies("5.7", "<=", "5.7"));
  CHECK(versionSatisfies("5.7", "=", "5.7"));
  CHECK_FALSE(versionSatisfies("5.7", "=", "5.7.1"));
  CHECK(versionSatisfies("anything", "", ""));
  CHECK_FALSE(versionSatisfies("1", "!=", "2"));
}
