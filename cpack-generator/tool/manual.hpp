// The other forms of --help, generated from the same option tables: the man
// page parceltool(1) and a bash completion script (`parceltool help --man`,
// `parceltool help --bash-completion`; installed by cmake/ParcelPackaging.cmake).
#pragma once

#include "options.hpp"

#include <string>
#include <vector>

namespace parcel::tool {

// A command, and its verbs when it has some ("host distribute", ...).
struct HelpTopic {
  const CommandSpec* command;
  std::vector<const CommandSpec*> verbs;
};

// The global options every form lists: --help and --version.
const std::vector<OptionSpec>& globalOptions();

// roff for man(7): NAME, SYNOPSIS, DESCRIPTION, one subsection per command and
// verb with its usage, description and options, EXIT STATUS, ENVIRONMENT, FILES.
std::string formatManPage(const std::string& version, const std::vector<HelpTopic>& topics);

// A bash completion for parceltool: commands, verbs, each one's options, the
// choices of an "a|b" value, and file names for other values.
std::string formatBashCompletion(const std::vector<HelpTopic>& topics);

// Help texts name guides as "docs/NAME.md" (a checkout's folder). Installed,
// those are in <prefix>/share/doc/cmake-parcel/: this returns the text with
// each such name pointing there when that folder exists beside the running
// parceltool, unchanged otherwise, so --help never names a missing file.
std::string withDocumentationPaths(const std::string& text);
// The same for any folder: the man page says "share/doc/cmake-parcel/NAME.md",
// below the prefix it is installed in.
std::string pointGuidesAt(const std::string& text, const std::string& folder);

}  // namespace parcel::tool
