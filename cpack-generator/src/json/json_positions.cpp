#include "parcel/json/json_positions.hpp"

#include <algorithm>
#include <utility>

namespace parcel {

void JsonPositions::reset(std::string_view text) {
  starts_.clear();
  lineStarts_.assign(1, 0);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') lineStarts_.push_back(i + 1);
  }
}

void JsonPositions::record(std::string pointer, std::size_t offset) { starts_[std::move(pointer)] = offset; }

TextPosition JsonPositions::at(std::size_t offset) const {
  if (lineStarts_.empty()) return {1, offset + 1};
  const auto next = std::upper_bound(lineStarts_.begin(), lineStarts_.end(), offset);
  const std::size_t line = static_cast<std::size_t>(next - lineStarts_.begin());
  return {line, offset - lineStarts_[line - 1] + 1};
}

std::optional<TextPosition> JsonPositions::find(std::string_view pointer) const {
  for (;;) {
    const auto found = starts_.find(std::string(pointer));
    if (found != starts_.end()) return at(found->second);
    if (pointer.empty()) return std::nullopt;
    pointer = pointer.substr(0, pointer.rfind('/'));  // the parent; "/name" -> ""
  }
}

void JsonPositions::locate(Diagnostics& diagnostics, std::size_t from) const {
  diagnostics.locate(from, [this](std::string_view pointer) -> std::optional<std::pair<std::size_t, std::size_t>> {
    const std::optional<TextPosition> position = find(pointer);
    if (!position) return std::nullopt;
    return std::make_pair(position->line, position->column);
  });
}

}  // namespace parcel
