// The detection order of every kind `validate` knows: the most specific first
// (CSD files by their extension, repository folders before unpacked parcels).
#include "validate_kinds.hpp"

namespace parcel::tool {

std::vector<ValidateKind> allValidateKinds() {
  std::vector<ValidateKind> kinds;
  for (auto area : {csdValidateKinds, repositoryValidateKinds, parcelValidateKinds}) {
    for (ValidateKind& kind : area()) kinds.push_back(std::move(kind));
  }
  return kinds;
}

}  // namespace parcel::tool
