// How diagnostics reach the user: one line each on stderr, or JSON for machines.
#pragma once

#include "parcel/json/json_text.hpp"
#include "parcel/support/diagnostic.hpp"

#include <ostream>
#include <string>

namespace parcel::tool {

// Text from an archive or a file for a terminal or a log: control characters
// (a newline, an escape sequence) and bytes that are not UTF-8 are shown as
// \xNN, so a hostile name can neither forge lines nor drive the terminal.
std::string printable(const std::string& text);

// The most diagnostics of one code (and severity) printed as text; the rest
// are counted: 2,000 entries with one mistake must not bury the one line that
// says what to do.
inline constexpr std::size_t kMostPrintedPerCode = 20;

// "parceltool: <input>[:<member>][#<pointer>]: error: <message> [<code>]",
// through printable(): one diagnostic is always one line. After the first
// kMostPrintedPerCode of a code and severity, one line at the end counts the
// rest: "parceltool: <input>: error: (and N more like it) [<code>]".
void printDiagnostics(std::ostream& err, const std::string& input, const Diagnostics& diagnostics);

// [{"severity", "member" (when set), "pointer", "code", "message"}, ...]: every
// diagnostic, none capped, for machines.
Json diagnosticsToJson(const Diagnostics& diagnostics);

// The --format option every reporting command takes: "text" (default) or "json".
bool wantsJson(const std::string& format);

}  // namespace parcel::tool
