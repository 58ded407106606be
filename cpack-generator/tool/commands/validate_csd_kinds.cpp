// The CSD kinds of `validate`: service.sdl, service.mdl and finished CSD jars.
#include "validate_kinds.hpp"

#include "options.hpp"
#include "parcel/csd/descriptor.hpp"
#include "parcel/csd/jar.hpp"

#include <optional>

namespace parcel::tool {
namespace {

namespace fs = std::filesystem;

bool hasExtension(const fs::path& path, const char* extension) { return path.extension() == extension; }

csd::DescriptorOptions optionsFrom(const ValidateContext& context) {
  csd::DescriptorOptions options;
  options.strict = context.strict;
  options.extraServiceTypes = context.serviceTypes;
  options.cmVersion = context.cmVersion;
  return options;
}

}  // namespace

int cmVersionOption(const std::optional<std::string>& value) {
  if (!value) return csd::DescriptorOptions::kDefaultCmVersion;
  if (const auto release = csd::parseCmVersion(*value)) return *release;
  throw UsageError("--cm-version must be 5, 6 or 7, not '" + *value + "'");
}

std::vector<ValidateKind> csdValidateKinds() {
  return {
      {"sdl", "a CSD service descriptor (service.sdl; comments allowed)",
       [](const fs::path& path) { return hasExtension(path, ".sdl"); },
       [](const fs::path& path, const ValidateContext& context, Diagnostics& out) {
         if (auto text = readDocument(path, out)) csd::readSdl(*text, optionsFrom(context), out);
       }},
      {"mdl", "a CSD monitoring descriptor (service.mdl)",
       [](const fs::path& path) { return hasExtension(path, ".mdl"); },
       [](const fs::path& path, const ValidateContext& context, Diagnostics& out) {
         if (auto text = readDocument(path, out)) csd::readMdl(*text, optionsFrom(context), out);
       }},
      {"csd", "a finished CSD jar (layout, file name, scripts, icons, descriptors)",
       [](const fs::path& path) { return hasExtension(path, ".jar"); },
       [](const fs::path& path, const ValidateContext& context, Diagnostics& out) {
         std::error_code error;
         if (!fs::is_regular_file(path, error)) {
           readDocument(path, out);  // reports file-not-found / not-a-file
           return;
         }
         csd::checkCsdJar(path, optionsFrom(context), out);
       }},
  };
}

}  // namespace parcel::tool
