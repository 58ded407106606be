#include "model/components.hpp"

#include "json/json_decoder.hpp"
#include "json/json_encoder.hpp"

namespace parcel {

std::optional<Component> decodeComponent(const Json& value, const std::string& pointer, Diagnostics& out) {
  const decode::Object object(value, pointer, out, {"name", "version", "pkg_version", "pkg_release"});
  if (!object.isObject()) return std::nullopt;
  return Component{object.get("name", decode::string), object.get("version", decode::string),
                   object.get("pkg_version", decode::string), object.get("pkg_release", decode::string)};
}

Json encodeComponent(const Component& component) {
  Json json = Json::object();
  encode::put(json, "name", component.name);
  encode::put(json, "version", component.version);
  encode::put(json, "pkg_version", component.pkgVersion);
  encode::put(json, "pkg_release", component.pkgRelease);
  return json;
}

}  // namespace parcel
