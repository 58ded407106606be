// The subcommands: one file each, one spec (options and help) and one run function.
#pragma once

#include "cli.hpp"
#include "options.hpp"
#include "verbs.hpp"

#include <string>
#include <vector>

namespace parcel::tool {

const CommandSpec& buildCommand();
int runBuild(const ParsedOptions& options, Io& io);

const CommandSpec& validateCommand();
int runValidate(const ParsedOptions& options, Io& io);

const CommandSpec& inspectCommand();
int runInspect(const ParsedOptions& options, Io& io);

// Parcel repositories (src/repository, tool/commands/{manifest,publish,fetch}.cpp).
const CommandSpec& manifestCommand();
int runManifest(const ParsedOptions& options, Io& io);
const CommandSpec& publishCommand();
int runPublish(const ParsedOptions& options, Io& io);
const CommandSpec& fetchCommand();
int runFetch(const ParsedOptions& options, Io& io);

// Commands with verbs (verbs.hpp): "csd build|init" (tool/commands/csd.cpp),
// "host --root DIR <verb>" (tool/commands/host.cpp).
const CommandSpec& csdCommand();
int runCsd(const std::vector<std::string>& args, Io& io);
const std::vector<Verb>& csdVerbs();
const CommandSpec& hostCommand();
int runHost(const std::vector<std::string>& args, Io& io);
const std::vector<Verb>& hostVerbs();

// Hidden, for the CMake modules: "check-value KIND VALUE..." (tool/commands/rules_export.cpp).
int runCheckValue(const std::vector<std::string>& args, Io& io);

}  // namespace parcel::tool
