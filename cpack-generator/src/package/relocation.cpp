#include "parcel/package/relocation.hpp"

#include <algorithm>

namespace parcel {
namespace {

std::vector<std::string_view> components(std::string_view path) {
  std::vector<std::string_view> parts;
  while (!path.empty()) {
    const std::size_t slash = path.find('/');
    const std::string_view part = path.substr(0, slash);
    if (!part.empty()) parts.push_back(part);
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return parts;
}

// Joined with '/', each component checked: "." and ".." are refused.
std::optional<std::string> cleanJoin(std::string_view path, bool absolute) {
  std::string joined = absolute ? "" : "";
  for (std::string_view part : components(path)) {
    if (part == "." || part == "..") return std::nullopt;
    if (!joined.empty() || absolute) joined += '/';
    joined += part;
  }
  if (absolute && joined.empty()) joined = "/";
  return joined;
}

bool isUnder(std::string_view path, std::string_view prefix) {
  if (prefix == "/") return true;
  return path.size() >= prefix.size() && path.compare(0, prefix.size(), prefix) == 0 &&
      (path.size() == prefix.size() || path[prefix.size()] == '/');
}

}  // namespace

std::optional<Relocation> parseRelocation(std::string_view text, std::string& problem) {
  const std::size_t equals = text.find('=');
  if (equals == std::string_view::npos) {
    problem = "must have the form OLD=NEW, like /opt/vendor/1.0=.";
    return std::nullopt;
  }
  const std::string_view from = text.substr(0, equals);
  const std::string_view to = text.substr(equals + 1);
  if (from.empty() || from.front() != '/') {
    problem = "OLD must be an absolute path, as the package installs it";
    return std::nullopt;
  }
  auto cleanFrom = cleanJoin(from, true);
  if (!cleanFrom) {
    problem = "OLD must not hold a '.' or '..' component";
    return std::nullopt;
  }
  if (to.empty() || to.front() == '/') {
    problem = "NEW must be '.' (the parcel's top folder) or a path relative to it";
    return std::nullopt;
  }
  auto cleanTo = to == "." ? std::optional<std::string>("") : cleanJoin(to, false);
  if (!cleanTo) {
    problem = "NEW must not hold a '.' or '..' component (use '.' alone for the top folder)";
    return std::nullopt;
  }
  return Relocation{*cleanFrom, *cleanTo};
}

std::optional<Relocation> checkRelocation(std::string_view text, const std::string& pointer, Diagnostics& out) {
  std::string problem;
  auto relocation = parseRelocation(text, problem);
  if (!relocation) out.error(pointer, "invalid-relocation", "'" + std::string(text) + "' " + problem);
  return relocation;
}

std::vector<Relocation> effectiveRelocations(const std::vector<Relocation>& given) {
  if (!given.empty()) return given;
  return {Relocation{"/", ""}};
}

std::optional<std::string> relocatePath(const std::vector<Relocation>& relocations, std::string_view installed) {
  const Relocation* best = nullptr;
  for (const Relocation& relocation : relocations) {
    if (isUnder(installed, relocation.from) && (best == nullptr || relocation.from.size() > best->from.size()))
      best = &relocation;
  }
  if (best == nullptr) return std::nullopt;
  std::string_view rest = installed.substr(best->from == "/" ? 0 : best->from.size());
  while (!rest.empty() && rest.front() == '/') rest.remove_prefix(1);
  if (best->to.empty()) return std::string(rest);
  if (rest.empty()) return best->to;
  return best->to + "/" + std::string(rest);
}

bool isAboveRelocation(const std::vector<Relocation>& relocations, std::string_view installed) {
  return std::any_of(relocations.begin(), relocations.end(), [installed](const Relocation& relocation) {
    return installed != relocation.from && isUnder(relocation.from, installed);
  });
}

std::string relativeLinkTarget(std::string_view from, std::string_view to) {
  std::vector<std::string_view> base = components(from);
  if (!base.empty()) base.pop_back();
  const std::vector<std::string_view> target = components(to);
  std::size_t common = 0;
  while (common < base.size() && common < target.size() && base[common] == target[common]) ++common;
  std::string relative;
  for (std::size_t i = common; i < base.size(); ++i) relative += "../";
  for (std::size_t i = common; i < target.size(); ++i) {
    relative += target[i];
    if (i + 1 < target.size()) relative += '/';
  }
  if (relative.empty()) return ".";
  if (relative.back() == '/') relative.pop_back();
  return relative;
}

}  // namespace parcel
