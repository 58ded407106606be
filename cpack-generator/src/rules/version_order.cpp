// The one version order (dpkg's), for depends/conflicts, fetch's newest pick and the manifest.
#include "parcel/rules/version_order.hpp"

#include <cctype>

namespace parcel {
namespace {

bool isDigit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

// '~' before the end, the end before letters, letters before other characters.
int characterWeight(char c) {
  if (c == '~') return -1;
  if (std::isalpha(static_cast<unsigned char>(c)) != 0) return static_cast<unsigned char>(c);
  return static_cast<unsigned char>(c) + 256;
}

}  // namespace

int compareVersions(std::string_view left, std::string_view right) {
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < left.size() || j < right.size()) {
    // The non-digit run.
    while ((i < left.size() && !isDigit(left[i])) || (j < right.size() && !isDigit(right[j]))) {
      const int a = i < left.size() && !isDigit(left[i]) ? characterWeight(left[i]) : 0;
      const int b = j < right.size() && !isDigit(right[j]) ? characterWeight(right[j]) : 0;
      if (a != b) return a < b ? -1 : 1;
      if (i < left.size() && !isDigit(left[i])) ++i;
      if (j < right.size() && !isDigit(right[j])) ++j;
    }
    // The digit run, as a number of any length.
    while (i < left.size() && left[i] == '0') ++i;
    while (j < right.size() && right[j] == '0') ++j;
    std::size_t endI = i;
    std::size_t endJ = j;
    while (endI < left.size() && isDigit(left[endI])) ++endI;
    while (endJ < right.size() && isDigit(right[endJ])) ++endJ;
    if (endI - i != endJ - j) return endI - i < endJ - j ? -1 : 1;
    const int digits = left.substr(i, endI - i).compare(right.substr(j, endJ - j));
    if (digits != 0) return digits < 0 ? -1 : 1;
    i = endI;
    j = endJ;
  }
  return 0;
}

bool versionSatisfies(std::string_view version, std::string_view op, std::string_view wanted) {
  if (op.empty()) return true;
  const int order = compareVersions(version, wanted);
  if (op == ">=") return order >= 0;
  if (op == "<=") return order <= 0;
  if (op == ">>") return order > 0;
  if (op == "<<") return order < 0;
  if (op == "=") return order == 0;
  return false;
}

}  // namespace parcel
