// parceltool host --root DIR <verb>: an emulated Cloudera Manager agent
// (docs/host.md).
#include "commands.hpp"

#include "exit_code.hpp"
#include "parcel/host/host.hpp"
#include "parcel/host/role.hpp"
#include "parcel/rules/names.hpp"
#include "parcel/support/error.hpp"
#include "parcel/support/interrupt.hpp"
#include "report.hpp"
#include "verbs.hpp"

#include <sys/wait.h>
#include <unistd.h>
#include <csignal>
#include <iostream>
#include <limits>
#include <ostream>

namespace parcel::tool {
namespace {

namespace fs = std::filesystem;

const OptionSpec kRootOption{"--root", "DIR", false, "the emulated host's folder (created when missing)"};
const OptionSpec kDistroOption{
    "--distro", "DISTRO", false, "the host's OS, recorded when the host is created (default: any suffix)"};

fs::path rootOf(const ParsedOptions& options) {
  const auto root = options.value("--root");
  if (!root || root->empty()) throw UsageError("--root DIR is required");
  return *root;
}

// The changing verbs create the host, so they take --distro.
host::Host openHost(const ParsedOptions& options) {
  std::optional<std::string> distro = options.value("--distro");
  if (distro) {
    Diagnostics diagnostics;
    checkDistro(*distro, "", diagnostics);
    if (diagnostics.hasErrors()) throw UsageError("--distro " + *distro + ": " + diagnostics.items().front().message);
  }
  return host::Host(rootOf(options), distro);
}

const std::vector<std::string>& operands(const ParsedOptions& options, std::size_t count, const char* usage) {
  if (options.operands().size() != count) throw UsageError(std::string("usage: parceltool host --root DIR ") + usage);
  return options.operands();
}

int report(Io& io, const fs::path& input, const Diagnostics& diagnostics, bool done) {
  printDiagnostics(io.err, input.string(), diagnostics);
  return done ? kExitSuccess : kExitInvalid;
}

// Runs one change on the locked host; diagnostics name the root. On success,
// `done` says in one line on stdout what changed, read back from the host.
template <class Change, class Done>
int changeHost(const ParsedOptions& options, Io& io, std::size_t count, const char* usage, Change change, Done done) {
  const auto& args = operands(options, count, usage);
  host::Host host = openHost(options);
  host.setIgnoreDepends(options.has("--ignore-depends"));
  Diagnostics diagnostics;
  const bool changed = change(host, args, diagnostics);
  const int code = report(io, host.root(), diagnostics, changed);
  if (changed) io.out << done(host::readHostState(host.root()), args) << "\n";
  return code;
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
      "host --root DIR [--distro DISTRO] distribute FILE.parcel",
      "check, copy and unpack a parcel",
      "Checks FILE's SHA-1 against FILE.sha when there is one, validates the parcel, refuses\n"
      "it when its distro suffix is not the host's OS or it conflicts with a distributed\n"
      "parcel, creates its users and groups in DIR/etc/passwd and DIR/etc/group, copies it into\n"
      "DIR/parcel-repo/, unpacks it into DIR/parcels/NAME-VERSION/ and applies permissions.json\n"
      "(owners only as root). Nothing is written when a check fails.",
      {kRootOption, kDistroOption},
      "FILE.parcel"};
  return spec;
}

int runDistribute(const ParsedOptions& options, Io& io) {
  const fs::path file = operands(options, 1, "distribute FILE.parcel")[0];
  host::Host host = openHost(options);
  Diagnostics diagnostics;
  const bool done = host.distribute(file, diagnostics);
  const int code = report(io, file, diagnostics, done);
  if (done) {
    const host::HostState state = host::readHostState(host.root());
    for (const host::DistributedParcel& parcel : state.parcels) {
      if (parcel.file != file.filename().string()) continue;
      io.out << "distributed " << parcel.dirName() << " into " << (host.parcelsDirectory() / parcel.dirName()).string()
             << "\n";
    }
  }
  return code;
}

const CommandSpec& activateSpec() {
  static const CommandSpec spec{
      "host activate",
      "host --root DIR [--distro DISTRO] activate NAME VERSION",
      "make a distributed version the active one",
      "Checks that every active parcel's depends are met by active parcels and that no\n"
      "conflicts or replaces match, then points DIR/parcels/NAME at NAME-VERSION (when\n"
      "setActiveSymlink) and registers the alternatives (an occupied destination is a warning\n"
      "and that alternative stays unregistered).",
      {kRootOption,
       kDistroOption,
       {"--ignore-depends", "", false, "report unmet depends as warnings (conflicts are still refused)"}},
      "NAME VERSION"};
  return spec;
}

int runActivate(const ParsedOptions& options, Io& io) {
  return changeHost(
      options, io, 2, "activate NAME VERSION",
      [](host::Host& host, const auto& args, Diagnostics& diagnostics) {
        return host.activate(args[0], args[1], diagnostics);
      },
      [](const host::HostState&, const auto& args) { return "activated " + args[0] + " " + args[1]; });
}

const CommandSpec& deactivateSpec() {
  static const CommandSpec spec{"host deactivate",
                                "host --root DIR [--distro DISTRO] deactivate NAME",
                                "remove the active symlink and the alternatives of NAME",
                                "Refused when an active parcel depends on NAME. Files stay.",
                                {kRootOption, kDistroOption},
                                "NAME"};
  return spec;
}

int runDeactivate(const ParsedOptions& options, Io& io) {
  return changeHost(
      options, io, 1, "deactivate NAME",
      [](host::Host& host, const auto& args, Diagnostics& diagnostics) {
        return host.deactivate(args[0], diagnostics);
      },
      [](const host::HostState&, const auto& args) { return "deactivated " + args[0]; });
}

const CommandSpec& rollbackSpec() {
  static const CommandSpec spec{"host rollback",
                                "host --root DIR [--distro DISTRO] rollback NAME",
                                "re-activate the version of NAME active before the current one",
                                "Each rollback goes one step further back in NAME's activation history.",
                                {kRootOption, kDistroOption},
                                "NAME"};
  return spec;
}

int runRollback(const ParsedOptions& options, Io& io) {
  return changeHost(
      options, io, 1, "rollback NAME",
      [](host::Host& host, const auto& args, Diagnostics& diagnostics) { return host.rollback(args[0], diagnostics); },
      [](const host::HostState& state, const auto& args) {
        const host::DistributedParcel* active = state.active(args[0]);
        return "rolled " + args[0] + " back to " + (active != nullptr ? active->version : std::string("no version"));
      });
}

const CommandSpec& removeSpec() {
  static const CommandSpec spec{"host remove",
                                "host --root DIR [--distro DISTRO] remove NAME VERSION",
                                "delete an inactive parcel from the host",
                                "Refused for the active version.",
                                {kRootOption, kDistroOption},
                                "NAME VERSION"};
  return spec;
}

int runRemove(const ParsedOptions& options, Io& io) {
  return changeHost(
      options, io, 2, "remove NAME VERSION",
      [](host::Host& host, const auto& args, Diagnostics& diagnostics) {
        return host.remove(args[0], args[1], diagnostics);
      },
      [](const host::HostState&, const auto& args) { return "removed " + args[0] + " " + args[1]; });
}

const CommandSpec& addAlternativeSpec() {
  static const CommandSpec spec{
      "host add-alternative",
      "host --root DIR [--distro DISTRO] add-alternative [--directory] GROUP LINK PATH PRIORITY",
      "register an alternative the host has of its own, not from a parcel",
      "Registers PATH as a candidate of alternatives group GROUP with generic link LINK, as\n"
      "'update-alternatives --install LINK GROUP PATH PRIORITY' does on a real host (a system\n"
      "java at priority 1000, say). LINK and PATH are paths of the host, below DIR. It stays\n"
      "when parcels are activated and deactivated and competes with their alternatives by\n"
      "priority.",
      {kRootOption, kDistroOption, {"--directory", "", false, "PATH is a directory (isDirectory)"}},
      "GROUP LINK PATH PRIORITY"};
  return spec;
}

int runAddAlternative(const ParsedOptions& options, Io& io) {
  const char* usage = "add-alternative [--directory] GROUP LINK PATH PRIORITY";
  const std::string& text = operands(options, 4, usage)[3];
  // update-alternatives keeps priorities as a C int.
  const std::int64_t priority = integerOption(
      "PRIORITY", text, std::numeric_limits<std::int32_t>::min(), std::numeric_limits<std::int32_t>::max());
  return changeHost(
      options, io, 4, usage,
      [&](host::Host& host, const auto& args, Diagnostics& diagnostics) {
        return host.addHostAlternative({args[0], args[1], args[2], priority, options.has("--directory")}, diagnostics);
      },
      [&](const host::HostState&, const auto& args) {
        return "registered " + args[2] + " in alternatives group " + args[0] + " for " + args[1] + " (priority " +
            std::to_string(priority) + ")";
      });
}

const CommandSpec& statusSpec() {
  static const CommandSpec spec{
      "host status",
      "host --root DIR status [--format text|json]",
      "list distributed and active parcels",
      "Text: one line 'NAME VERSION active|distributed' per parcel, one line 'alternative GROUP LINK -> PATH\n"
      "(priority N)' per group in use, 'user NAME UID GID HOME SHELL' and 'group NAME GID\n"
      "MEMBERS' per account the host created, and 'owner-not-applied PARCEL PATH USER:GROUP'\n"
      "per permissions.json owner not set, then 'os DISTRO' ('os any (created without\n"
      "--distro)'). JSON: {root, distro, parcels: [{name, version,\n"
      "distro, file, sha1, active, stage, ownersNotApplied: [{path, user, group, mode}]}],\n"
      "alternatives: [{name, link, isDirectory, selected, candidates: [{parcel, path,\n"
      "priority}]}], users: [{name, uid, gid, home, shell, longname, extra_groups, parcel}],\n"
      "groups: [{name, gid, members, parcel}]}; stage is DISTRIBUTED or ACTIVATED, as in CM's API.",
      {kRootOption, {"--format", "text|json", false, "output format (default text)"}},
      ""};
  return spec;
}

int runStatus(const ParsedOptions& options, Io& io) {
  const bool json = wantsJson(options.value("--format").value_or("text"));
  operands(options, 0, "status [--format text|json]");
  fs::path root;
  const host::HostState state = readState(rootOf(options), root);
  if (!json && state.parcels.empty() && state.alternatives.empty() && state.users.empty()) {
    // stdout stays the listing, empty here; the note is for the person reading.
    io.err << "parceltool: " << root.string()
           << ": the host is empty: no parcel distributed, no alternative, no user\n";
  }
  Json parcels = Json::array();
  Json groups = Json::array();
  for (const host::DistributedParcel& parcel : state.parcels) {
    const bool active = state.active(parcel.name) == &parcel;
    if (!json) io.out << parcel.name << " " << parcel.version << " " << (active ? "active" : "distributed") << "\n";
    Json notApplied = Json::array();
    for (const host::PermissionDeclaration& p : parcel.permissions) {
      if (p.ownerApplied) continue;
      notApplied.push_back({{"path", p.path}, {"user", p.user}, {"group", p.group}, {"mode", p.mode}});
    }
    parcels.push_back({{"name", parcel.name},
                       {"version", parcel.version},
                       {"distro", parcel.distro},
                       {"file", parcel.file},
                       {"sha1", parcel.sha1},
                       {"active", active},
                       {"stage", host::stageOf(state, parcel)},
                       {"ownersNotApplied", notApplied}});
  }
  for (const auto& [name, group] : state.alternatives) {
    const host::AlternativeCandidate* selected = group.selected();
    if (selected == nullptr) continue;
    if (!json) {
      io.out << "alternative " << name << " " << group.link << " -> " << selected->path << " (priority "
             << selected->priority << (selected->parcel.empty() ? ", the host's own" : "") << ")\n";
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
  Json users = Json::array();
  for (const host::HostUser& user : state.users) {
    const host::UserDeclaration& d = user.definition;
    if (!json)
      io.out << "user " << d.name << " " << user.uid << " " << user.gid << " " << d.home << " " << d.shell << "\n";
    users.push_back({{"name", d.name},
                     {"uid", user.uid},
                     {"gid", user.gid},
                     {"home", d.home},
                     {"shell", d.shell},
                     {"longname", d.longname},
                     {"extra_groups", d.extraGroups},
                     {"parcel", user.parcel}});
  }
  Json accountGroups = Json::array();
  for (const host::HostGroup& group : state.groups) {
    if (!json) {
      std::string members;
      for (const std::string& member : group.members) members += (members.empty() ? "" : ",") + member;
      io.out << "group " << group.name << " " << group.gid << (members.empty() ? "" : " " + members) << "\n";
    }
    accountGroups.push_back(
        {{"name", group.name}, {"gid", group.gid}, {"members", group.members}, {"parcel", group.parcel}});
  }
  if (!json) {
    for (const host::DistributedParcel& parcel : state.parcels) {
      for (const host::PermissionDeclaration& p : parcel.permissions) {
        if (!p.ownerApplied) {
          io.out << "owner-not-applied " << parcel.dirName() << " " << p.path << " " << p.user << ":" << p.group
                 << "\n";
        }
      }
    }
  }
  if (!json) io.out << "os " << (state.distro ? *state.distro : "any (created without --distro)") << "\n";
  if (json) {
    io.out << toJsonText({{"root", root.string()},
                          {"distro", state.distro ? Json(*state.distro) : Json(nullptr)},
                          {"parcels", parcels},
                          {"alternatives", groups},
                          {"users", users},
                          {"groups", accountGroups}});
  }
  return kExitSuccess;
}

const CommandSpec& execSpec() {
  static const CommandSpec spec{
      "host exec",
      "host --root DIR exec [--tags T,...] NAME -- CMD [ARG...]",
      "run a command as a Cloudera Manager managed process of NAME would run",
      "Runs CMD with bash after exporting PARCELS_ROOT=DIR/parcels, SCM_DEFINES_SCRIPTS and\n"
      "PARCEL_DIRNAMES, and sourcing the env script of every active parcel (NAME's last) or,\n"
      "with --tags, of the active parcels providing the tags (tag by tag, by name), each with\n"
      "its PARCEL_DIRNAME; a script's exit status does not stop the loop. CMD then sees\n"
      "PARCEL_DIRNAME=NAME-VERSION of the active NAME. The exit code is CMD's (128+N when\n"
      "killed by signal N).",
      {kRootOption, {"--tags", "T,...", true, "source only the active parcels providing these tags"}},
      "NAME -- CMD [ARG...]"};
  return spec;
}

// Runs `bash -c script` with `args` as "$@"; the exit code is the program's.
int runBash(Io& io, const std::string& script, const std::string& name, const std::vector<std::string>& args) {
  std::vector<std::string> argv{"bash", "-c", script, name};
  argv.insert(argv.end(), args.begin(), args.end());
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

// Tags no active parcel provides: a warning, since exec has no CSD to refuse.
void warnUnprovidedTags(const host::HostState& state, const std::vector<std::string>& tags, Diagnostics& out) {
  for (const std::string& tag : tags) {
    if (host::parcelsForTags(state, {tag}).empty()) {
      out.warning("", "tag-not-provided", "no active parcel provides the tag '" + tag + "'");
    }
  }
}

int runExec(const ParsedOptions& options, Io& io) {
  const auto& args = options.operands();
  if (args.size() < 2) throw UsageError("usage: parceltool host --root DIR exec [--tags T,...] NAME -- CMD [ARG...]");
  fs::path root;
  const host::HostState state = readState(rootOf(options), root);
  const host::DistributedParcel* parcel = state.active(args[0]);
  Diagnostics diagnostics;
  if (parcel == nullptr) {
    diagnostics.error("", "not-active", "no version of '" + args[0] + "' is active");
    return report(io, root, diagnostics, false);
  }
  std::optional<std::vector<std::string>> tags;
  if (options.has("--tags")) {
    tags = options.listItems("--tags");
    warnUnprovidedTags(state, *tags, diagnostics);
    printDiagnostics(io.err, root.string(), diagnostics);
  }
  const std::string script = host::execScript(root, state, parcel->dirName(), tags);
  return runBash(io, script, "parceltool-host-exec", std::vector<std::string>(args.begin() + 1, args.end()));
}

const CommandSpec& runRoleSpec() {
  static const CommandSpec spec{
      "host run-role",
      "host --root DIR run-role [--config NAME=VALUE]... CSD.jar ROLE [-- ARG...]",
      "start a role of a CSD the way Cloudera Manager's agent does",
      "Checks CSD.jar, makes a fresh process folder DIR/process/N-SERVICE-ROLE with the jar's\n"
      "scripts/ and aux/ and the role's configWriter files (parameter defaults, then --config),\n"
      "exports the startRunner's environmentVariables and CONF_DIR, sources the env scripts of\n"
      "the active parcels providing the SDL's requiredTags, then optionalTags (refused when a\n"
      "required tag is not provided), then runs the startRunner's program with its args and\n"
      "ARGs in that folder. The exit code is the program's (128+N when killed by signal N).",
      {kRootOption, {"--config", "NAME=VALUE", true, "a parameter's value (instead of its default)"}},
      "CSD.jar ROLE [-- ARG...]"};
  return spec;
}

int runRunRole(const ParsedOptions& options, Io& io) {
  const auto& args = options.operands();
  if (args.size() < 2) {
    throw UsageError("usage: parceltool host --root DIR run-role [--config NAME=VALUE]... CSD.jar ROLE [-- ARG...]");
  }
  fs::path root;
  const host::HostState state = readState(rootOf(options), root);
  host::RoleRequest request;
  request.jar = args[0];
  request.role = args[1];
  request.extraArgs.assign(args.begin() + 2, args.end());
  for (const std::string& item : options.values("--config")) {
    const auto equals = item.find('=');
    if (equals == std::string::npos || equals == 0) throw UsageError("--config " + item + ": expected NAME=VALUE");
    request.config.emplace_back(item.substr(0, equals), item.substr(equals + 1));
  }
  Diagnostics diagnostics;
  const auto launch = host::prepareRole(root, state, request, diagnostics);
  printDiagnostics(io.err, request.jar.string(), diagnostics);
  if (!launch) return kExitInvalid;
  return runBash(io, launch->script, "parceltool-host-run-role", launch->argv);
}

constexpr const char* kDescription =
    "Emulates what a Cloudera Manager agent does to a host, inside the folder that\n"
    "--root DIR names (every verb needs it), so a parcel can be distributed, activated,\n"
    "used, rolled back and removed in a test (docs/host.md).";

}  // namespace

const std::vector<Verb>& hostVerbs() {
  static const std::vector<Verb> verbs{
      {reportingProgress<distributeSpec>, runDistribute},
      {activateSpec, runActivate},
      {deactivateSpec, runDeactivate},
      {rollbackSpec, runRollback},
      {removeSpec, runRemove},
      {statusSpec, runStatus},
      {execSpec, runExec},
      {runRoleSpec, runRunRole},
      {addAlternativeSpec, runAddAlternative},
  };
  return verbs;
}

const CommandSpec& hostCommand() {
  static const CommandSpec spec{"host",
                                "host --root DIR <verb> ...",
                                "emulate a Cloudera Manager host: distribute, activate, exec, roll back",
                                kDescription,
                                {kRootOption, kDistroOption},
                                "VERB ..."};
  return spec;
}

int runHost(const std::vector<std::string>& args, Io& io) {
  return runVerbs("host", kDescription, hostVerbs(), args, io);
}

}  // namespace parcel::tool
