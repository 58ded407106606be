// The subcommands: one file each, one spec (options and help) and one run function.
#pragma once

#include "cli.hpp"
#include "options.hpp"

#include <string>
#include <vector>

namespace parcel::tool {

const CommandSpec& buildCommand();
int runBuild(const ParsedOptions& options, Io& io);

const CommandSpec& validateCommand();
int runValidate(const ParsedOptions& options, Io& io);

const CommandSpec& inspectCommand();
int runInspect(const ParsedOptions& options, Io& io);


}  // namespace parcel::tool
