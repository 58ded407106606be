#include "cli.hpp"

#include "commands/commands.hpp"
#include "exit_code.hpp"
#include "manual.hpp"
#include "parcel/support/edit_distance.hpp"
#include "parcel/support/error.hpp"
#include "parcel/support/interrupt.hpp"
#include "parcel/support/progress.hpp"

#include <algorithm>
#include <exception>
#include <ostream>

#ifndef PARCEL_VERSION
#define PARCEL_VERSION "unknown"
#endif

namespace parcel::tool {
namespace {

// A command either takes options (run) or has verbs of its own (runWithVerbs,
// which gets every argument after the command name; see verbs.hpp).
struct Command {
  const CommandSpec& (*spec)();
  int (*run)(const ParsedOptions&, Io&);
  int (*runWithVerbs)(const std::vector<std::string>&, Io&);
  const std::vector<Verb>& (*verbs)();  // with runWithVerbs: the verbs, for the man page and completion
};

// The one table behind dispatch and the command list in --help.
const Command kCommands[] = {
    {reportingProgress<buildCommand>, runBuild, nullptr},
    {reportingProgress<validateCommand>, runValidate, nullptr},
    {reportingProgress<inspectCommand>, runInspect, nullptr},
    {reportingProgress<manifestCommand>, runManifest, nullptr},
    {reportingProgress<publishCommand>, runPublish, nullptr},
    {reportingProgress<fetchCommand>, runFetch, nullptr},
    {csdCommand, nullptr, runCsd, csdVerbs},
    {hostCommand, nullptr, runHost, hostVerbs},
};

// The whole table, for the forms of help generated from it (manual.hpp).
std::vector<HelpTopic> helpTopics() {
  std::vector<HelpTopic> topics;
  for (const Command& command : kCommands) {
    HelpTopic topic{&command.spec(), {}};
    if (command.verbs != nullptr) {
      for (const Verb& verb : command.verbs()) topic.verbs.push_back(&verb.spec());
    }
    topics.push_back(topic);
  }
  return topics;
}

void printUsage(std::ostream& out) {
  out << "Usage: parceltool <command> [options]\n"
         "\n"
         "Builds, validates and inspects Cloudera parcels.\n"
         "\n"
         "Commands:\n";
  for (const Command& command : kCommands) {
    const CommandSpec& spec = command.spec();
    out << "  " << spec.name << std::string(spec.name.size() < 10 ? 10 - spec.name.size() : 1, ' ') << spec.summary
        << "\n";
  }
  out << "\n"
         "Options:\n";
  for (const OptionSpec& option : globalOptions()) {
    out << "  " << option.name << std::string(option.name.size() < 9 ? 11 - option.name.size() : 2, ' ') << option.help
        << "\n";
  }
  out << "\n"
         "Run 'parceltool <command> --help' or 'parceltool help <command>' for a command's options;\n"
         "'parceltool help --man' prints the manual page parceltool(1), 'parceltool help --bash-completion'\n"
         "a bash completion script.\n"
         "Exit codes: 0 success, 1 input rejected, 2 usage error, 3 I/O failure,\n"
         "130 interrupted by SIGINT (143 SIGTERM, 129 SIGHUP).\n";
}

const Command* findCommand(const std::string& name) {
  for (const Command& command : kCommands) {
    if (command.spec().name == name) return &command;
  }
  return nullptr;
}

std::string suggestion(const std::string& name) {
  for (const Command& command : kCommands) {
    if (editDistance(name, command.spec().name) <= 2) return " (did you mean '" + command.spec().name + "'?)";
  }
  return "";
}

int usageError(Io& io, const std::string& message, const std::string& helpCommand) {
  io.err << "parceltool: error: " << message << "\n"
         << "Run 'parceltool " << helpCommand << "--help' for usage.\n";
  return kExitUsage;
}

}  // namespace

int runShowingProgress(const CommandSpec& spec, int (*run)(const ParsedOptions&, Io&), const ParsedOptions& options,
                       Io& io) {
  const bool reports = std::any_of(
      spec.options.begin(), spec.options.end(), [](const OptionSpec& option) { return option.name == "--progress"; });
  if (!reports) return run(options, io);
  if (options.has("--progress") && options.has("--quiet"))
    throw UsageError("--progress and --quiet exclude each other");
  const bool forced = options.has("--progress");
  if (options.has("--quiet") || (!forced && !io.errIsTerminal)) return run(options, io);
  ProgressLine line(io.err, forced);
  const ProgressScope scope(line);
  return run(options, io);
}

int run(const std::vector<std::string>& args, Io& io) {
  if (args.empty()) {
    printUsage(io.err);
    return kExitUsage;
  }
  const std::string& first = args.front();
  if (first == "--help" || first == "-h") {
    printUsage(io.out);
    return kExitSuccess;
  }
  if (first == "--version") {
    io.out << "parceltool " PARCEL_VERSION "\n";
    return kExitSuccess;
  }
  if (first == "help") {
    if (args.size() == 1) {
      printUsage(io.out);
      return kExitSuccess;
    }
    if (args[1] == "--man" || args[1] == "--bash-completion") {
      if (args.size() > 2) return usageError(io, "'help " + args[1] + "' takes nothing after it", "");
      io.out << (args[1] == "--man" ? formatManPage(PARCEL_VERSION, helpTopics()) : formatBashCompletion(helpTopics()));
      return kExitSuccess;
    }
    const Command* command = findCommand(args[1]);
    if (command == nullptr) return usageError(io, "unknown command '" + args[1] + "'" + suggestion(args[1]), "");
    io.out << formatHelp(command->spec());
    return kExitSuccess;
  }
  if (first == "check-value") return runCheckValue({args.begin() + 1, args.end()}, io);  // hidden: for CMake
  const Command* command = findCommand(first);
  if (command == nullptr) return usageError(io, "unknown command '" + first + "'" + suggestion(first), "");

  const std::vector<std::string> rest(args.begin() + 1, args.end());
  const auto endOfOptions = std::find(rest.begin(), rest.end(), "--");
  if (command->run != nullptr &&
      (std::find(rest.begin(), endOfOptions, "--help") != endOfOptions ||
       std::find(rest.begin(), endOfOptions, "-h") != endOfOptions)) {
    io.out << formatHelp(command->spec());
    return kExitSuccess;
  }
  try {
    if (command->runWithVerbs != nullptr) return command->runWithVerbs(rest, io);
    return runShowingProgress(command->spec(), command->run, parseOptions(command->spec(), rest), io);
  } catch (const Interrupted& interrupted) {
    // Everything unwound: temporary files and scratch folders are gone, earlier outputs untouched.
    io.err << "parceltool: " << interrupted.what() << "; temporary files removed\n";
    return interruptExitCode(interrupted.signal());
  } catch (const UsageError& error) {
    return usageError(io, error.what(), error.helpTopic().empty() ? first + " " : error.helpTopic());
  } catch (const InputError& error) {
    io.err << "parceltool: error: " << error.what() << "\n";
    return kExitInvalid;
  } catch (const Error& error) {  // IoError, ArchiveError: the environment failed
    io.err << "parceltool: error: " << error.what() << "\n";
    return kExitIoFailure;
  } catch (const std::bad_alloc&) {
    io.err << "parceltool: error: out of memory\n";
    return kExitIoFailure;
  } catch (const std::exception& error) {  // a library failure we did not map: still one message and exit 3
    io.err << "parceltool: error: " << error.what() << "\n";
    return kExitIoFailure;
  }
}

}  // namespace parcel::tool
