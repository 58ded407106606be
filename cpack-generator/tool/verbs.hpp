// Commands with verbs of their own ("csd build", "host --root DIR activate"):
// one dispatcher, so every such command parses and documents its verbs alike.
#pragma once

#include "cli.hpp"
#include "options.hpp"

#include <string>
#include <vector>

namespace parcel::tool {

struct Verb {
  const CommandSpec& (*spec)();  // spec.name is "<command> <verb>", e.g. "csd build"
  int (*run)(const ParsedOptions& options, Io& io);
};

// args: everything after the command name. Options given before the verb
// ("host --root DIR status") are handed to the verb as if written after it.
// "--help" before a verb lists the verbs; after one, it shows that verb's help.
// Throws UsageError.
int runVerbs(const std::string& command, const std::string& description, const std::vector<Verb>& verbs,
             const std::vector<std::string>& args, Io& io);

}  // namespace parcel::tool
