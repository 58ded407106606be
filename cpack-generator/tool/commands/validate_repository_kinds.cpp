// The repository kind of `validate`: a directory holding manifest.json or *.parcel files.
#include "validate_kinds.hpp"

#include "parcel/repository/repository.hpp"

namespace parcel::tool {

std::vector<ValidateKind> repositoryValidateKinds() {
  return {
      {"repository", "a parcel repository directory (manifest.json, *.parcel, *.parcel.sha)",
       [](const std::filesystem::path& path) { return repository::looksLikeRepository(path); },
       [](const std::filesystem::path& path, const ValidateContext& context, Diagnostics& out) {
         repository::validateRepository(path, context.parcel, out);
       }},
  };
}

}  // namespace parcel::tool
