// state.json of an emulated host, and the program `host exec` runs.
#include "parcel/host/host.hpp"
#include "parcel/json/json_text.hpp"
#include "parcel/support/error.hpp"

#include <fstream>
#include <sstream>

namespace parcel::host {
namespace {

namespace fs = std::filesystem;

constexpr int kStateFormat = 1;

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
    permissions.push_back({{"path", p.path}, {"user", p.user}, {"group", p.group}, {"mode", p.mode}});
  }
  return {{"name", parcel.name},
          {"version", parcel.version},
          {"file", parcel.file},
          {"sha1", parcel.sha1},
          {"setActiveSymlink", parcel.setActiveSymlink},
          {"defines", parcel.defines},
          {"depends", parcel.depends},
          {"conflicts", parcel.conflicts},
          {"provides", parcel.provides},
          {"alternatives", alternatives},
          {"permissions", permissions}};
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
  parcel.provides = json.at("provides").get<std::vector<std::string>>();
  for (const Json& a : json.at("alternatives")) {
    parcel.alternatives.push_back({a.at("group").get<std::string>(), a.at("destination").get<std::string>(),
                                   a.at("source").get<std::string>(), a.at("priority").get<std::int64_t>(),
                                   a.at("isDirectory").get<bool>()});
  }
  for (const Json& p : json.at("permissions")) {
    parcel.permissions.push_back({p.at("path").get<std::string>(), p.at("user").get<std::string>(),
                                  p.at("group").get<std::string>(), p.at("mode").get<std::string>()});
  }
  return parcel;
}

// 'text' for bash, with every ' closed, escaped and reopened.
std::string shellQuote(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

}  // namespace

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
  return toJsonText({{"format", kStateFormat}, {"parcels", parcels}, {"products", products}, {"alternatives", groups}});
}

HostState readHostState(const fs::path& root) {
  const fs::path file = root / "state.json";
  std::ifstream in(file, std::ios::binary);
  HostState state;
  if (!in) {
    std::error_code ignored;
    if (!fs::exists(file, ignored)) return state;
    throw IoError("cannot read '" + file.string() + "'");
  }
  std::ostringstream text;
  text << in.rdbuf();
  try {
    const Json json = Json::parse(text.str());
    if (json.at("format").get<int>() != kStateFormat) throw IoError("'" + file.string() + "' has an unknown format");
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

std::string execScript(const fs::path& root, const HostState& state, const std::string& dirName) {
  std::string script = "export PARCELS_ROOT=" + shellQuote((root / "parcels").string()) + "\n";
  std::vector<const DistributedParcel*> order;
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
  for (const DistributedParcel* parcel : order) {
    script += "export PARCEL_DIRNAME=" + shellQuote(parcel->dirName()) + "\n";
    if (!parcel->defines.empty()) {
      script += ". \"$PARCELS_ROOT\"/" + shellQuote(parcel->dirName() + "/meta/" + parcel->defines) + " || exit 127\n";
    }
  }
  script += "export PARCEL_DIRNAME=" + shellQuote(dirName) + "\nexec \"$@\"\n";
  return script;
}

}  // namespace parcel::host
