// state.json round trips and the programs the host runs: which parcels a
// process sources, in which order, and how (CM's source_parcel_environment).
#include "parcel/host/host.hpp"

#include "test_support.hpp"

#include <doctest/doctest.h>

#include <sys/wait.h>
#include <cstdio>
#include <string>

namespace {

using namespace parcel::host;

DistributedParcel parcelOf(const std::string& name, std::vector<std::string> provides) {
  DistributedParcel parcel;
  parcel.name = name;
  parcel.version = "1.0";
  parcel.file = name + "-1.0-el9.parcel";
  parcel.distro = "el9";
  parcel.sha1 = std::string(40, 'a');
  parcel.defines = "env.sh";
  parcel.provides = std::move(provides);
  return parcel;
}

HostState activeState(const std::vector<DistributedParcel>& parcels) {
  HostState state;
  for (const DistributedParcel& parcel : parcels) {
    state.parcels.push_back(parcel);
    state.products[parcel.name].active = parcel.version;
  }
  return state;
}

std::vector<std::string> dirNames(const std::vector<const DistributedParcel*>& parcels) {
  std::vector<std::string> names;
  for (const DistributedParcel* parcel : parcels) names.push_back(parcel->dirName());
  return names;
}

// Runs `script` with bash and returns its stdout.
std::string runBash(const std::string& script) {
  parcel::test::TempDir dir;
  parcel::test::writeFile(dir / "s.sh", script);
  const std::string command = "bash " + (dir / "s.sh").string();
  FILE* pipe = ::popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string output;
  char buffer[256];
  while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
  ::pclose(pipe);
  return output;
}

}  // namespace

TEST_CASE("tags select the active parcels: tag by tag, each tag's parcels by name, each parcel once") {
  HostState state = activeState({parcelOf("ZED", {"cdh-plugin", "spark"}), parcelOf("CDH", {"cdh"}),
                                 parcelOf("ALPHA", {"spark"}), parcelOf("OTHER", {"other"})});
  state.parcels.push_back(parcelOf("IDLE", {"cdh"}));  // distributed, not active
  CHECK(dirNames(parcelsForTags(state, {"cdh", "spark", "cdh-plugin"})) ==
        std::vector<std::string>{"CDH-1.0", "ALPHA-1.0", "ZED-1.0"});
  CHECK(dirNames(parcelsForTags(state, {"cdh-plugin", "cdh"})) == std::vector<std::string>{"ZED-1.0", "CDH-1.0"});
  CHECK(parcelsForTags(state, {"missing"}).empty());
  // The product name is no tag.
  CHECK(parcelsForTags(state, {"CDH"}).empty());
}

TEST_CASE("the sourcing loop sets the lists CM sets and ignores a script's status") {
  parcel::test::TempDir root;
  const auto first = parcelOf("FIRST", {});
  const auto second = parcelOf("SECOND", {});
  parcel::test::writeFile(root / "parcels/FIRST-1.0/meta/env.sh", "export SEEN_FIRST=$PARCEL_DIRNAME\nfalse\n");
  parcel::test::writeFile(root / "parcels/SECOND-1.0/meta/env.sh", "export SEEN_SECOND=$PARCEL_DIRNAME\n");
  const std::string parcels = (root / "parcels").string();
  const std::string script =
      sourcingScript(root.path(), {&first, &second},
                     "echo \"$SEEN_FIRST|$SEEN_SECOND|$PARCEL_DIRNAME|$PARCELS_ROOT\"\necho \"$SCM_DEFINES_SCRIPTS\"\n"
                     "echo \"$PARCEL_DIRNAMES\"\n");
  CHECK(runBash(script) ==
        "FIRST-1.0|SECOND-1.0|SECOND-1.0|" + parcels + "\n" + parcels + "/FIRST-1.0/meta/env.sh:" + parcels +
            "/SECOND-1.0/meta/env.sh\nFIRST-1.0:SECOND-1.0\n");
  // No parcel: empty lists, nothing sourced.
  CHECK(runBash(sourcingScript(root.path(), {}, "echo \"[$SCM_DEFINES_SCRIPTS][$PARCEL_DIRNAMES]\"\n")) == "[][]\n");
}

TEST_CASE("state.json keeps the host's OS, accounts and the parcels' declarations") {
  HostState state = activeState({parcelOf("ECHO", {"echo"})});
  state.distro = "el9";
  DistributedParcel& parcel = state.parcels.front();
  parcel.replaces = "OLDECHO";
  parcel.users.push_back({"echo", "Echo", "/var/lib/echo", "/bin/false", {"adm"}});
  parcel.groups = {"adm"};
  parcel.permissions.push_back({"bin/x", "echo", "adm", "4750", true});
  state.groups.push_back({"adm", 1000, {"echo"}, "ECHO-1.0"});
  state.groups.push_back({"echo", 1001, {}, "ECHO-1.0"});
  state.users.push_back({parcel.users.front(), 1000, 1001, "ECHO-1.0"});
  parcel::test::TempDir root;
  parcel::test::writeFile(root / "state.json", hostStateToJson(state));
  const HostState read = readHostState(root.path());
  CHECK(hostStateToJson(read) == hostStateToJson(state));
  REQUIRE(read.distro.has_value());
  CHECK(*read.distro == "el9");
  CHECK(read.users.front().uid == 1000);
  CHECK(read.users.front().definition.extraGroups == std::vector<std::string>{"adm"});
  CHECK(read.parcels.front().permissions.front().ownerApplied);
  CHECK(stageOf(read, read.parcels.front()) == "ACTIVATED");
}

TEST_CASE("a format-1 state.json reads with no OS and no accounts") {
  parcel::test::TempDir root;
  parcel::test::writeFile(root / "state.json", R"({"format": 1, "parcels": [{"name": "A", "version": "1",
    "file": "A-1-el7.parcel", "sha1": "x", "setActiveSymlink": true, "defines": "env.sh", "depends": "",
    "conflicts": "", "provides": [], "alternatives": [],
    "permissions": [{"path": "p", "user": "u", "group": "g", "mode": "0755"}]}],
    "products": {"A": {"active": null, "history": []}}, "alternatives": {}})");
  const HostState state = readHostState(root.path());
  CHECK_FALSE(state.distro.has_value());
  CHECK(state.users.empty());
  REQUIRE(state.parcels.size() == 1);
  CHECK(state.parcels.front().distro.empty());
  CHECK_FALSE(state.parcels.front().permissions.front().ownerApplied);
  CHECK(stageOf(state, state.parcels.front()) == "DISTRIBUTED");
}
