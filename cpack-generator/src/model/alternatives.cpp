#include "parcel/model/alternatives.hpp"

#include "json/json_decoder.hpp"
#include "json/json_encoder.hpp"
#include "rules/field_checks.hpp"

namespace parcel {
namespace {

std::optional<Alternative> decodeAlternative(const Json& value, const std::string& pointer, Diagnostics& out) {
  const decode::Object object(value, pointer, out, {"destination", "source", "priority", "isDirectory"});
  if (!object.isObject()) return std::nullopt;
  return Alternative{object.get("destination", decode::string), object.get("source", decode::string),
                     object.get("priority", decode::integer), object.get("isDirectory", decode::boolean)};
}

Json encodeAlternative(const Alternative& alternative) {
  Json json = Json::object();
  encode::put(json, "destination", alternative.destination);
  encode::put(json, "source", alternative.source);
  encode::put(json, "priority", alternative.priority);
  encode::put(json, "isDirectory", alternative.isDirectory);
  return json;
}

}  // namespace

Alternatives decodeAlternatives(const Json& json, Diagnostics& out) {
  return decode::mapOf(decodeAlternative)(json, "", out).value_or(Alternatives{});
}

Json encodeAlternatives(const Alternatives& alternatives) { return encode::mapOf(encodeAlternative)(alternatives); }

void validateAlternatives(const Alternatives& alternatives, Diagnostics& out) {
  for (const auto& [group, alternative] : alternatives) {
    const std::string pointer = childPointer("", group);
    if (out.hasErrorAt(pointer)) continue;
    checkAlternativeDestination(alternative.destination, childPointer(pointer, "destination"), out);
    checkAlternativeSource(alternative.source, childPointer(pointer, "source"), out);
    check::present(alternative.priority, childPointer(pointer, "priority"), out);
    check::present(alternative.isDirectory, childPointer(pointer, "isDirectory"), out);
  }
}

void checkAlternativeDestination(const std::optional<std::string>& destination, const std::string& pointer,
                                 Diagnostics& out) {
  if (check::notBlank(destination, pointer, out) && destination->front() != '/') {
    out.error(pointer, "destination-not-absolute", "must be an absolute path, like /usr/bin/tool");
  }
}

void checkAlternativeSource(const std::optional<std::string>& source, const std::string& pointer, Diagnostics& out) {
  // The CM agent joins source to NAME-VERSION/ without resolving "." or "..".
  if (check::notBlank(source, pointer, out) && !check::isCleanRelativePath(*source)) {
    out.error(pointer, "source-not-relative",
              "must be a path relative to the parcel's top folder, with no \".\" or \"..\" components");
  }
}

std::optional<Alternatives> readAlternatives(std::string_view text, Diagnostics& out) {
  return decode::readDocument(text, out, decodeAlternatives, validateAlternatives);
}

}  // namespace parcel
