// The component list, shared by parcel.json and manifest.json entries (which copy
// it), and the name/version rules it shares with parcel.json's packages.
// Internal to parcel_core.
#pragma once

#include "parcel/model/parcel_metadata.hpp"
#include "rules/field_checks.hpp"

namespace parcel {

std::optional<Component> decodeComponent(const Json& value, const std::string& pointer, Diagnostics& out);
Json encodeComponent(const Component& component);

// packages[] and components[] alike: name and version not blank, names unique.
template <class Item>
void validateNameVersionList(const std::vector<Item>& items, const std::string& listPointer, Diagnostics& out) {
  for (std::size_t index = 0; index < items.size(); ++index) {
    const std::string pointer = childPointer(listPointer, index);
    if (out.hasErrorAt(pointer)) continue;
    check::notBlank(items[index].name, childPointer(pointer, "name"), out);
    check::notBlank(items[index].version, childPointer(pointer, "version"), out);
  }
  check::uniqueNames(items, listPointer, "name", &Item::name, out);
}

}  // namespace parcel
