// state.json of an emulated host, and the program `host exec` runs.
#include "parcel/host/host.hpp"
#include "parcel/json/json_text.hpp"
#include "parcel/support/error.hpp"
#include "parcel/support/file_io.hpp"

#include <algorithm>

namespace parcel::host {
namespace {

namespace fs = std::filesystem;

// 2 added the host's distro, accounts, users/groups/replaces of parcels and
// whether owners were applied; a format-1 state reads with those empty.
constexpr int kStateFormat = 2;

Json userToJson(const UserDeclaration& user) {
  return {{"name", user.name},
          {"longname", user.longname},
          {"home", user.home},
          {"shell", user.shell},
          {"extra_groups", user.extraGroups}};
}

UserDeclaration userFromJson(const Json& json) {
  return {json.at("name").get<std::string>(), json.at("longname").get<std::string>(),
          json.at("home").get<std::string>(), json.at("shell").get<std::string>(),
          json.at("extra_groups").get<std::vector<std::string>>()};
}

Json parcelToJson(const DistributedParcel& parcel) {
  Json alternatives = Json::array();
  for (const AlternativeDeclaration& a : parcel.alternatives) {
    alternatives.push_back({{"group", a.group},
                            {"destination", a.destination},
                            {"source", a.source},
                            {"priority", a.priority},
                            {"isDirectory", a.isDirectory}});
  }
  Json permissions = Json::array();
  for (const PermissionDeclaration& p : parcel.permissions) {
    permissions.push_back(
        {{"path", p.path}, {"user", p.user}, {"group", p.group}, {"mode", p.mode}, {"ownerApplied", p.ownerApplied}});
  }
  Json users = Json::array();
  for (const UserDeclaration& user : parcel.users) users.push_back(userToJson(user));
  return {{"name", parcel.name},         {"version", parcel.version},    {"file", parcel.file},
          {"distro", parcel.distro},     {"sha1", parcel.sha1},          {"setActiveSymlink", parcel.setActiveSymlink},
          {"defines", parcel.defines},   {"depends", parcel.depends},    {"conflicts", parcel.conflicts},
          {"replaces", parcel.replaces}, {"provides", parcel.provides},  {"users", users},
          {"groups", parcel.groups},     {"alternatives", alternatives}, {"permissions", permissions}};
}

DistributedParcel parcelFromJson(const Json& json) {
  DistributedParcel parcel;
  parcel.name = json.at("name").get<std::string>();
  parcel.version = json.at("version").get<std::string>();
  parcel.file = json.at("file").get<std::string>();
  parcel.sha1 = json.at("sha1").get<std::string>();
  parcel.setActiveSymlink = json.at("setActiveSymlink").get<bool>();
  parcel.defines = json.at("defines").get<std::string>();
  parcel.depends = json.at("depends").get<std::string>();
  parcel.conflicts = json.at("conflicts").get<std::string>();
  parcel.distro = json.value("distro", std::string());
  parcel.replaces = json.value("replaces", std::string());
  for (const Json& user : json.value("users", Json::array())) parcel.users.push_back(userFromJson(user));
  parcel.groups = json.value("groups", std::vector<std::string>{});
  parcel.provides = json.at("provides").get<std::vector<std::string>>();
  for (const Json& a : json.at("alternatives")) {
    parcel.alternatives.push_back({a.at("group").get<std::string>(), a.at("destination").get<std::string>(),
                                   a.at("source").get<std::string>(), a.at("priority").get<std::int64_t>(),
                                   a.at("isDirectory").get<bool>()});
  }
  for (const Json& p : json.at("permissions")) {
    parcel.permissions.push_back({p.at("path").get<std::string>(), p.at("user").get<std::string>(),
                                  p.at("group").get<std::string>(), p.at("mode").get<std::string>(),
                                  p.value("ownerApplied", false)});
  }
  return parcel;
}

}  // namespace

// 'text' for bash, with every ' closed, escaped and reopened.
std::string shellQuote(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

const AlternativeCandidate* AlternativeGroup::selected() const {
  const AlternativeCandidate* best = nullptr;
  for (const AlternativeCandidate& candidate : candidates) {
    if (best == nullptr || candidate.priority > best->priority) best = &candidate;
  }
  return best;
}

const DistributedParcel* HostState::find(std::string_view name, std::string_view version) const {
  for (const DistributedParcel& parcel : parcels) {
    if (parcel.name == name && parcel.version == version) return &parcel;
  }
  return nullptr;
}

const DistributedParcel* HostState::active(std::string_view name) const {
  const auto product = products.find(std::string(name));
  if (product == products.end() || !product->second.active) return nullptr;
  return find(name, *product->second.active);
}

std::string hostStateToJson(const HostState& state) {
  Json parcels = Json::array();
  for (const DistributedParcel& parcel : state.parcels) parcels.push_back(parcelToJson(parcel));
  Json products = Json::object();
  for (const auto& [name, product] : state.products) {
    products[name] = {{"active", product.active ? Json(*product.active) : Json(nullptr)}, {"history", product.history}};
  }
  Json groups = Json::object();
  for (const auto& [name, group] : state.alternatives) {
    Json candidates = Json::array();
    for (const AlternativeCandidate& c : group.candidates) {
      candidates.push_back({{"parcel", c.parcel}, {"path", c.path}, {"priority", c.priority}});
    }
    groups[name] = {{"link", group.link}, {"isDirectory", group.isDirectory}, {"candidates", candidates}};
  }
  Json users = Json::array();
  for (const HostUser& user : state.users) {
    Json entry = userToJson(user.definition);
    entry["uid"] = user.uid;
    entry["gid"] = user.gid;
    entry["parcel"] = user.parcel;
    users.push_back(entry);
  }
  Json hostGroups = Json::array();
  for (const HostGroup& group : state.groups) {
    hostGroups.push_back(
        {{"name", group.name}, {"gid", group.gid}, {"members", group.members}, {"parcel", group.parcel}});
  }
  return toJsonText({{"format", kStateFormat},
                     {"distro", state.distro ? Json(*state.distro) : Json(nullptr)},
                     {"parcels", parcels},
                     {"products", products},
                     {"alternatives", groups},
                     {"users", users},
                     {"groups", hostGroups}});
}

HostState readHostState(const fs::path& root) {
  const fs::path file = root / "state.json";
  HostState state;
  std::error_code ignored;
  if (!fs::exists(fs::symlink_status(file, ignored))) return state;
  const std::string text = readRegularFile(file, "host state");
  try {
    const Json json = Json::parse(text);
    const int format = json.at("format").get<int>();
    if (format != 1 && format != kStateFormat) throw IoError("'" + file.string() + "' has an unknown format");
    if (json.contains("distro") && !json.at("distro").is_null()) state.distro = json.at("distro").get<std::string>();
    for (const Json& user : json.value("users", Json::array())) {
      state.users.push_back({userFromJson(user), user.at("uid").get<std::uint32_t>(),
                             user.at("gid").get<std::uint32_t>(), user.at("parcel").get<std::string>()});
    }
    for (const Json& group : json.value("groups", Json::array())) {
      state.groups.push_back({group.at("name").get<std::string>(), group.at("gid").get<std::uint32_t>(),
                              group.at("members").get<std::vector<std::string>>(),
                              group.at("parcel").get<std::string>()});
    }
    for (const Json& parcel : json.at("parcels")) state.parcels.push_back(parcelFromJson(parcel));
    for (const auto& [name, product] : json.at("products").items()) {
      ProductState entry;
      if (!product.at("active").is_null()) entry.active = product.at("active").get<std::string>();
      entry.history = product.at("history").get<std::vector<std::string>>();
      state.products[name] = entry;
    }
    for (const auto& [name, group] : json.at("alternatives").items()) {
      AlternativeGroup entry;
      entry.link = group.at("link").get<std::string>();
      entry.isDirectory = group.at("isDirectory").get<bool>();
      for (const Json& c : group.at("candidates")) {
        entry.candidates.push_back(
            {c.at("parcel").get<std::string>(), c.at("path").get<std::string>(), c.at("priority").get<std::int64_t>()});
      }
      state.alternatives[name] = entry;
    }
  } catch (const nlohmann::json::exception& error) {
    throw IoError("'" + file.string() + "' is corrupt: " + error.what());
  }
  return state;
}

std::vector<const DistributedParcel*> parcelsForTags(const HostState& state, const std::vector<std::string>& tags) {
  std::vector<const DistributedParcel*> order;
  for (const std::string& tag : tags) {
    // products is a std::map, so each tag's parcels come by name.
    for (const auto& [name, product] : state.products) {
      const DistributedParcel* parcel = state.active(name);
      if (parcel == nullptr || std::find(order.begin(), order.end(), parcel) != order.end()) continue;
      if (std::find(parcel->provides.begin(), parcel->provides.end(), tag) != parcel->provides.end()) {
        order.push_back(parcel);
      }
    }
  }
  return order;
}

std::string sourcingScript(const fs::path& root, const std::vector<const DistributedParcel*>& parcels,
                           const std::string& tail) {
  const std::string parcelsRoot = (root / "parcels").string();
  std::string scripts;
  std::string dirNames;
  for (const DistributedParcel* parcel : parcels) {
    scripts += (scripts.empty() ? "" : ":") + parcelsRoot + "/" + parcel->dirName() + "/meta/" + parcel->defines;
    dirNames += (dirNames.empty() ? "" : ":") + parcel->dirName();
  }
  // The loop reads the two lists as CM's source_parcel_environment does, so a
  // control script that runs that loop itself sees the same values.
  return "export PARCELS_ROOT=" + shellQuote(parcelsRoot) + "\nexport SCM_DEFINES_SCRIPTS=" + shellQuote(scripts) +
      "\nexport PARCEL_DIRNAMES=" + shellQuote(dirNames) +
      "\nif [ -n \"$SCM_DEFINES_SCRIPTS\" ]; then\n"
      "  IFS=: read -r -a parceltool_scripts <<< \"$SCM_DEFINES_SCRIPTS\"\n"
      "  IFS=: read -r -a parceltool_dirnames <<< \"$PARCEL_DIRNAMES\"\n"
      "  for parceltool_i in \"${!parceltool_scripts[@]}\"; do\n"
      "    PARCEL_DIRNAME=${parceltool_dirnames[$parceltool_i]}\n"
      "    . \"${parceltool_scripts[$parceltool_i]}\"\n"
      "  done\n"
      "  unset parceltool_scripts parceltool_dirnames parceltool_i\n"
      "fi\n" +
      tail;
}

std::string execScript(const fs::path& root, const HostState& state, const std::string& dirName,
                       const std::optional<std::vector<std::string>>& tags) {
  std::vector<const DistributedParcel*> order;
  if (tags) {
    order = parcelsForTags(state, *tags);
  } else {
    const DistributedParcel* own = nullptr;
    for (const auto& [name, product] : state.products) {
      const DistributedParcel* parcel = state.active(name);
      if (parcel == nullptr) continue;
      if (parcel->dirName() == dirName) {
        own = parcel;
      } else {
        order.push_back(parcel);
      }
    }
    if (own != nullptr) order.push_back(own);  // the command's own parcel last, so its settings win
  }
  return sourcingScript(root, order, "export PARCEL_DIRNAME=" + shellQuote(dirName) + "\nexec \"$@\"\n");
}

std::string stageOf(const HostState& state, const DistributedParcel& parcel) {
  return state.active(parcel.name) == &parcel ? "ACTIVATED" : "DISTRIBUTED";
}

}  // namespace parcel::host
