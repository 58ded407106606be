// parceltool host --root DIR <verb>: an emulated Cloudera Manager agent
// (docs/host.md).
#include "commands.hpp"

#include "exit_code.hpp"
#include "parcel/host/host.hpp"
#include "parcel/support/error.hpp"
#include "parcel/support/interrupt.hpp"
#include "report.hpp"
#include "verbs.hpp"

#include <sys/wait.h>
#include <unistd.h>
#include <csignal>
#include <iostream>
#include <ostream>

namespace parcel::tool {
namespace {

namespace fs = std::filesystem;

const OptionSpec kRootOption{"--root", "DIR", false, "the emulated host's folder (created when missing)"};

fs::path rootOf(const ParsedOptions& options) {
  const auto root = options.value("--root");
  if (!root || root->empty()) throw UsageError("--root DIR is required");
  return *root;
}

const std::vector<std::string>& operands(const ParsedOptions& options, std::size_t count, const char* usage) {
  if (options.operands().size() != count) throw UsageError(std::string("usage: parceltool host --root DIR ") + usage);
  return options.operands();
}

int report(Io& io, const fs::path& input, const Diagnostics& diagnostics, bool done) {
  printDiagnostics(io.err, input.string(), diagnostics);
  return done ? kExitSuccess : kExitInvalid;
}

// Runs one change on the locked host; diagnostics name the root.
template <class Change>
int changeHost(const ParsedOptions& options, Io& io, std::size_t count, const char* usage, Change change) {
  const auto& args = operands(options, count, usage);
  host::Host host(rootOf(options));
  host.setIgnoreDepends(options.has("--ignore-depends"));
  Diagnostics diagnostics;
  const bool done = change(host, args, diagnostics);
  return report(io, host.root(), diagnostics, done);
}

// The state as the last complete command left it, without locking or repairing:
// for the verbs that only read.
host::HostState readState(const fs::path& root, fs::path& canonical) {
  std::error_code error;
  canonical = fs::canonical(root, error);
  if (error) {
    canonical = fs::absolute(root);
    return {};
  }
  return host::readHostState(canonical);
}

const CommandSpec& distributeSpec() {
  static const CommandSpec spec{
      "host distribute",
      "host --root DIR distribute FILE.parcel",
      "check, copy and unpack a parcel",
      "Checks FILE's SHA-1 against FILE.sha when there is one, validates the parcel, refuses\n"
      "it when it conflicts with a distributed parcel, then copies it into DIR/parcel-repo/\n"
      "and unpacks it into DIR/parcels/NAME-VERSION/. Nothing is written when a check fails.",
      {kRootOption},
      "FILE.parcel"};
  return spec;
}

int runDistribute(const ParsedOptions& options, Io& io) {
  const fs::path file = operands(options, 1, "distribute FILE.parcel")[0];
  host::Host host(rootOf(options));
  Diagnostics diagnostics;
  const bool done = host.distribute(file, diagnostics);
  return report(io, file, diagnostics, done);
}

const CommandSpec& activateSpec() {
  static const CommandSpec spec{
      "host activate",
      "host --root DIR activate NAME VERSION",
      "make a distributed version the active one",
      "Checks that every active parcel's depends are met by active parcels and that no\n"
      "conflicts match, then points DIR/parcels/NAME at NAME-VERSION (when setActiveSymlink),\n"
      "registers the alternatives and applies permissions.json (owners only as root).",
      {kRootOption, {"--ignore-depends", "", false, "report unmet depends as warnings (conflicts are still refused)"}},
      "NAME VERSION"};
  return spec;
}

int runActivate(const ParsedOptions& options, Io& io) {
  return changeHost(
      options, io, 2, "activate NAME VERSION", [](host::Host& host, const auto& args, Diagnostics& diagnostics) {
        return host.activate(args[0], args[1], diagnostics);
      });
}

const CommandSpec& deactivateSpec() {
  static const CommandSpec spec{"host deactivate",
                                "host --root DIR deactivate NAME",
                                "remove the active symlink and the alternatives of NAME",
                                "Refused when an active parcel depends on NAME. Files stay.",
                                {kRootOption},
                                "NAME"};
  return spec;
}

int runDeactivate(const ParsedOptions& options, Io& io) {
  return changeHost(
      options, io, 1, "deactivate NAME", [](host::Host& host, const auto& args, Diagnostics& diagnostics) {
        return host.deactivate(args[0], diagnostics);
      });
}

const CommandSpec& rollbackSpec() {
  static const CommandSpec spec{"host rollback",
                                "host --root DIR rollback NAME",
                                "re-activate the version of NAME active before the current one",
                                "Each rollback goes one step further back in NAME's activation history.",
                                {kRootOption},
                                "NAME"};
  return spec;
}

int runRollback(const ParsedOptions& options, Io& io) {
  return changeHost(options, io, 1, "rollback NAME", [](host::Host& host, const auto& args, Diagnostics& diagnostics) {
    return host.rollback(args[0], diagnostics);
  });
}

const CommandSpec& removeSpec() {
  static const CommandSpec spec{"host remove",
                                "host --root DIR remove NAME VERSION",
                                "delete an inactive parcel from the host",
                                "Refused for the active version.",
                                {kRootOption},
                                "NAME VERSION"};
  return spec;
}

int runRemove(const ParsedOptions& options, Io& io) {
  return changeHost(
      options, io, 2, "remove NAME VERSION", [](host::Host& host, const auto& args, Diagnostics& diagnostics) {
        return host.remove(args[0], args[1], diagnostics);
      });
}

const CommandSpec& statusSpec() {
  static const CommandSpec spec{"host status",
                                "host --root DIR status [--format text|json]",
                                "list distributed and active parcels",
                                "Text: one line 'NAME VERSION active|distributed' per parcel, then one line\n"
                                "'alternative GROUP LINK -> PATH (priority N)' per group in use. JSON:\n"
                                "{root, parcels: [{name, version, file, sha1, active}], alternatives: [{name, link,\n"
                                "isDirectory, selected, candidates: [{parcel, path, priority}]}]}.",
                                {kRootOption, {"--format", "text|json", false, "output format (default text)"}},
                                ""};
  return spec;
}

int runStatus(const ParsedOptions& options, Io& io) {
  const bool json = wantsJson(options.value("--format").value_or("text"));
  operands(options, 0, "status [--format text|json]");
  fs::path root;
  const host::HostState state = readState(rootOf(options), root);
  Json parcels = Json::array();
  Json groups = Json::array();
  for (const host::DistributedParcel& parcel : state.parcels) {
    const bool active = state.active(parcel.name) == &parcel;
    if (!json) io.out << parcel.name << " " << parcel.version << " " << (active ? "active" : "distributed") << "\n";
    parcels.push_back({{"name", parcel.name},
                       {"version", parcel.version},
                       {"file", parcel.file},
                       {"sha1", parcel.sha1},
                       {"active", active}});
  }
  for (const auto& [name, group] : state.alternatives) {
    const host::AlternativeCandidate* selected = group.selected();
    if (selected == nullptr) continue;
    if (!json) {
      io.out << "alternative " << name << " " << group.link << " -> " << selected->path << " (priority "
             << selected->priority << ")\n";
    }
    Json candidates = Json::array();
    for (const auto& c : group.candidates) {
      candidates.push_back({{"parcel", c.parcel}, {"path", c.path}, {"priority", c.priority}});
    }
    groups.push_back({{"name", name},
                      {"link", group.link},
                      {"isDirectory", group.isDirectory},
                      {"selected", selected->path},
                      {"candidates", candidates}});
  }
  if (json) io.out << toJsonText({{"root", root.string()}, {"parcels", parcels}, {"alternatives", groups}});
  return kExitSuccess;
}

const CommandSpec& execSpec() {
  static const CommandSpec spec{"host exec",
                                "host --root DIR exec NAME -- CMD [ARG...]",
                                "run a command as a Cloudera Manager managed process of NAME would run",
                                "Runs CMD with bash after exporting PARCELS_ROOT=DIR/parcels and sourcing the env\n"
                                "script of every active parcel (NAME's last), each with its PARCEL_DIRNAME; CMD then\n"
                                "sees PARCEL_DIRNAME=NAME-VERSION of the active NAME. The exit code is CMD's (128+N\n"
                                "when killed by signal N).",
                                {kRootOption},
                                "NAME -- CMD [ARG...]"};
  return spec;
}

int runExec(const ParsedOptions& options, Io& io) {
  const auto& args = options.operands();
  if (args.size() < 2) throw UsageError("usage: parceltool host --root DIR exec NAME -- CMD [ARG...]");
  fs::path root;
  const host::HostState state = readState(rootOf(options), root);
  const host::DistributedParcel* parcel = state.active(args[0]);
  if (parcel == nullptr) {
    Diagnostics diagnostics;
    diagnostics.error("", "not-active", "no version of '" + args[0] + "' is active");
    return report(io, root, diagnostics, false);
  }
  const std::string script = host::execScript(root, state, parcel->dirName());
  std::vector<std::string> argv{"bash", "-c", script, "parceltool-host-exec"};
  argv.insert(argv.end(), args.begin() + 1, args.end());
  std::vector<char*> pointers;
  for (std::string& arg : argv) pointers.push_back(arg.data());
  pointers.push_back(nullptr);

  io.out.flush();
  io.err.flush();
  std::cout.flush();
  std::cerr.flush();
  throwIfInterrupted();  // not started at all rather than started and signalled
  const pid_t child = ::fork();
  if (child < 0) throw IoError(systemErrorMessage("cannot fork for", "bash", errno));
  if (child == 0) {
    ::execvp("bash", pointers.data());
    ::_exit(127);
  }
  // A signal sent to parceltool alone (kill, CTest's timeout) is passed on to
  // the command, and parceltool waits for it to end, so that the command does
  // not outlive the exec that started it. One from the terminal already reached
  // the command (same process group) and is not sent twice. The handlers
  // restart waitpid, so the wait polls.
  int status = 0;
  bool forwarded = false;
  for (;;) {
    const pid_t done = ::waitpid(child, &status, WNOHANG);
    if (done == child) break;
    if (done < 0 && errno != EINTR) throw IoError(systemErrorMessage("cannot wait for", "bash", errno));
    if (const int signal = interruptSignal(); signal != 0 && !forwarded && interruptSentByProcess()) {
      ::kill(child, signal);
      forwarded = true;
    }
    ::usleep(10 * 1000);
  }
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return WEXITSTATUS(status);
}

const std::vector<Verb>& hostVerbs() {
  static const std::vector<Verb> verbs{
      {distributeSpec, runDistribute},
      {activateSpec, runActivate},
      {deactivateSpec, runDeactivate},
      {rollbackSpec, runRollback},
      {removeSpec, runRemove},
      {statusSpec, runStatus},
      {execSpec, runExec},
  };
  return verbs;
}

constexpr const char* kDescription =
    "Emulates what a Cloudera Manager agent does to a host, inside the folder that\n"
    "--root DIR names (every verb needs it), so a parcel can be distributed, activated,\n"
    "used, rolled back and removed in a test (docs/host.md).";

}  // namespace

const CommandSpec& hostCommand() {
  static const CommandSpec spec{"host",
                                "host --root DIR <verb> ...",
                                "emulate a Cloudera Manager host: distribute, activate, exec, roll back",
                                kDescription,
                                {kRootOption},
                                "VERB ..."};
  return spec;
}

int runHost(const std::vector<std::string>& args, Io& io) {
  return runVerbs("host", kDescription, hostVerbs(), args, io);
}

}  // namespace parcel::tool
