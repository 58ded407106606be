// How diagnostics reach the user: one line each on stderr, or JSON for machines.
#pragma once

#include "parcel/diagnostic.hpp"
#include "parcel/json_text.hpp"

#include <ostream>
#include <string>

namespace parcel::tool {

// "parceltool: <input>[:<member>][#<pointer>]: error: <message> [<code>]"
void printDiagnostics(std::ostream& err, const std::string& input, const Diagnostics& diagnostics);

// [{"severity", "member" (when set), "pointer", "code", "message"}, ...]
Json diagnosticsToJson(const Diagnostics& diagnostics);

// The --format option every reporting command takes: "text" (default) or "json".
bool wantsJson(const std::string& format);

}  // namespace parcel::tool
