// The audit of the defines script: the agent sources it in every process of the
// parcel's services, so anything it does beyond setting variables runs there.
#pragma once

#include "parcel/audit/audit_report.hpp"

#include <string>
#include <string_view>

namespace parcel::audit {

// Reads `text` line by line, each line split into simple commands at ';',
// '&&', '||', '&' and '|' outside quotes. Findings, subject "<member>:<line>":
//   env-command-substitution  (error) $(...) or `...` anywhere on the line
//   env-source                (error) source FILE or . FILE
//   env-pipe-to-shell         (error) ... | sh (bash, dash, zsh, ksh)
//   env-command               (error) any other command ('[', test, true and
//                             ':' are conditions, if/then/else/fi structure)
//   env-code-injection-variable (error) LD_PRELOAD, BASH_ENV, ... set or exported
//   env-sensitive-variable    (warning) PATH, PYTHONPATH, CLASSPATH, ... set
//   env-variable              (info) any other variable set, exported or unset
void auditEnvScript(const std::string& member, std::string_view text, AuditReport& report);

}  // namespace parcel::audit
