// The defines script (meta/<name>_env.sh) the Cloudera Manager agent sources
// before it starts a process that uses the parcel (spec section 8).
#pragma once

#include "parcel/support/diagnostic.hpp"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace parcel {

using EnvAssignments = std::vector<std::pair<std::string, std::string>>;

// "<name in lower case>_env.sh".
std::string defaultEnvScriptName(std::string_view productName);

// Checks each VAR=value: VAR is a shell identifier ("env-invalid-name"), the
// value has no command substitution ("env-command-substitution"), no name is
// given twice ("env-duplicate"). Pointer: "/env/<index>".
void checkEnvAssignments(const EnvAssignments& env, Diagnostics& out);

// The script: fallbacks for PARCELS_ROOT and PARCEL_DIRNAME so it also works
// when sourced by hand, then one `export VAR="value"` per assignment. Values are
// written inside double quotes as given, so ${PARCEL_DIRNAME}, ${PARCELS_ROOT}
// and other variables expand when the agent sources it; '"' and '\' are escaped.
// No exit, no exec, no output.
std::string makeEnvScript(std::string_view name, std::string_view version, const EnvAssignments& env);

}  // namespace parcel
