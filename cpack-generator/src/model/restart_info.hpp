// servicesRestartInfo (spec 5.7), in parcel.json and copied into manifest entries.
// Kept as JSON in the models; only its shape is checked. Internal to parcel_core.
#pragma once

#include "parcel/json/json_text.hpp"
#include "parcel/support/diagnostic.hpp"

#include <optional>
#include <string>

namespace parcel {

// {"versionInfo": {VERSION: {"serviceInfo": {SERVICE: SCOPE}, "parentVersion"?,
// "childVersion"?}}} with SCOPE one of SERVICE_ONLY, DEPENDENTS_ONLY,
// SERVICE_AND_DEPENDENTS. Returns the value with coerced scalars applied.
std::optional<Json> decodeServicesRestartInfo(const Json& value, const std::string& pointer, Diagnostics& out);

}  // namespace parcel
