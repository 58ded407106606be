// service.sdl and service.mdl: the relaxed JSON dialect of Custom Service
// Descriptors and their validators (docs/csd.md, spec csd-format.md §3, §12, §13).
#pragma once

#include "parcel/json/json_text.hpp"
#include "parcel/support/diagnostic.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parcel::csd {

// Parses the service.sdl/.mdl dialect (kDescriptorJson): comments allowed;
// duplicate keys and text after the root value are warnings.
inline std::optional<Json> parseRelaxedJson(std::string_view text, Diagnostics& out) {
  return parseJson(text, kDescriptorJson, out);
}

struct DescriptorOptions {
  // --strict: the sub-directory advice for generated file names (a warning that
  // Cloudera's strict mode does not fail on) is left out, so that only unknown
  // fields are promoted.
  bool strict = false;
  // Service types known besides the built-in list (--service-types).
  std::vector<std::string> extraServiceTypes;
};

// The service types CM 5.14's validator knows: forbidden as a CSD name.
const std::vector<std::string>& builtinServiceTypes();
// Service types accepted in serviceDependencies without --service-types: the
// 5.14 list plus the CM 6/7 types of docs/csd.md.
const std::vector<std::string>& knownDependencyTypes();

// Validates a parsed service.sdl. Unknown fields are "unknown-field" warnings;
// every field constraint is an error; references and substitutions are checked
// only when no field constraint failed (Cloudera's order); unknown service
// dependencies are "unknown-service-type" errors.
void validateSdl(const Json& sdl, const DescriptorOptions& options, Diagnostics& out);

// Validates a parsed service.mdl.
void validateMdl(const Json& mdl, const DescriptorOptions& options, Diagnostics& out);

// Reads, parses and validates a file; nullopt when it cannot be parsed.
std::optional<Json> readSdl(std::string_view text, const DescriptorOptions& options, Diagnostics& out);
std::optional<Json> readMdl(std::string_view text, const DescriptorOptions& options, Diagnostics& out);

// "ECHO", "1.0.0" from a parsed SDL (numbers accepted for version); empty when absent.
std::string sdlName(const Json& sdl);
std::string sdlVersion(const Json& sdl);

}  // namespace parcel::csd
