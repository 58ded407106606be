#include "verbs.hpp"

#include "exit_code.hpp"
#include "manual.hpp"

#include <algorithm>
#include <ostream>

namespace parcel::tool {
namespace {

std::string verbName(const Verb& verb, const std::string& command) {
  const std::string& full = verb.spec().name;
  return full.compare(0, command.size() + 1, command + " ") == 0 ? full.substr(command.size() + 1) : full;
}

// True when some verb declares `option` with a value, so the next argument is that value.
bool takesValue(const std::vector<Verb>& verbs, const std::string& option) {
  return std::any_of(verbs.begin(), verbs.end(), [&option](const Verb& verb) {
    const auto& options = verb.spec().options;
    return std::any_of(options.begin(), options.end(),
                       [&option](const OptionSpec& spec) { return spec.name == option && !spec.valueName.empty(); });
  });
}

void listVerbs(std::ostream& out, const std::string& command, const std::string& description,
               const std::vector<Verb>& verbs) {
  out << "Usage: parceltool " << command << " <verb> [options]\n\n"
      << withDocumentationPaths(description) << "\n\nVerbs:\n";
  for (const Verb& verb : verbs) {
    const std::string name = verbName(verb, command);
    out << "  " << name << std::string(name.size() < 12 ? 12 - name.size() : 1, ' ') << verb.spec().summary << "\n";
  }
  out << "\nRun 'parceltool " << command << " <verb> --help' for a verb's options.\n";
}

}  // namespace

int runVerbs(const std::string& command, const std::string& description, const std::vector<Verb>& verbs,
             const std::vector<std::string>& args, Io& io) {
  std::vector<std::string> leading;
  std::size_t i = 0;
  for (; i < args.size() && args[i].size() > 1 && args[i][0] == '-' && args[i] != "--"; ++i) {
    if (args[i] == "--help" || args[i] == "-h") {
      listVerbs(io.out, command, description, verbs);
      return kExitSuccess;
    }
    leading.push_back(args[i]);
    if (args[i].find('=') == std::string::npos && takesValue(verbs, args[i]) && i + 1 < args.size()) {
      leading.push_back(args[++i]);
    }
  }
  if (i == args.size()) {
    listVerbs(io.err, command, description, verbs);
    return kExitUsage;
  }
  const auto verb = std::find_if(
      verbs.begin(), verbs.end(), [&](const Verb& candidate) { return verbName(candidate, command) == args[i]; });
  if (verb == verbs.end()) throw UsageError("'" + command + "' has no verb '" + args[i] + "'");

  std::vector<std::string> rest(args.begin() + static_cast<std::ptrdiff_t>(i) + 1, args.end());
  const auto endOfOptions = std::find(rest.begin(), rest.end(), "--");
  if (std::find(rest.begin(), endOfOptions, "--help") != endOfOptions ||
      std::find(rest.begin(), endOfOptions, "-h") != endOfOptions) {
    io.out << formatHelp(verb->spec());
    return kExitSuccess;
  }
  leading.insert(leading.end(), rest.begin(), rest.end());
  try {
    return runShowingProgress(verb->spec(), verb->run, parseOptions(verb->spec(), leading), io);
  } catch (const UsageError& error) {
    if (!error.helpTopic().empty()) throw;
    throw UsageError(error.what(), command + " " + args[i] + " ");
  }
}

}  // namespace parcel::tool
