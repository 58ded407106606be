// The one "did you mean" measure: Levenshtein distance (insertions, deletions
// and substitutions of single bytes), for command names, distro suffixes and
// other words a user may mistype.
#pragma once

#include <cstddef>
#include <string_view>

namespace parcel {

std::size_t editDistance(std::string_view a, std::string_view b);

}  // namespace parcel
