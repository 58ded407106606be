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
      // '~' sorts before everything, the end of the version included.
      {"1.0~rc1", "1.0~rc2", -1},
      {"1.0~~", "1.0~", -1},
      {"1.0~rc1", "1.0.0", -1},
      {"7.1.7~beta1", "7.1.7-1.cdh7.1.7.p0.15945976", -1},
      // Numeric runs of any length, leading zeros ignored.
      {"1.0.10", "1.0.9", 1},
      {"1.2", "1.02.1", -1},
      {"1.01", "1.1", 0},
      {"20240101", "9999999", 1},
      {"1.0.99999999999999999999", "1.0.100000000000000000000", -1},
      // Letters before other characters; a version that is a prefix of the other is the older.
      {"1.0", "1.0.1", -1},
      {"1.0.1", "1.0.p1", -1},
      {"1.0a", "1.0b", -1},
      {"1.0p", "1.0-1", -1},
      {"1.0_1", "1.0+1", 1},
      // No epoch: a parcel version cannot hold ':' (names.cpp), so "1:0" is read as digits and ':'.
      {"1:0", "2:0", -1},
      {"2:0", "10", -1},
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
