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

namespace {

std::vector<std::string_view> linesOf(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  for (;;) {
    const std::size_t newline = text.find('\n', start);
    if (newline == std::string_view::npos) {
      lines.push_back(text.substr(start));
      return lines;
    }
    lines.push_back(text.substr(start, newline - start));
    start = newline + 1;
  }
}

// The column (from 1) in `original` of column `column` of `changed`, where
// `changed` is `original` with parts replaced: the unchanged head and tail of
// the line keep their place relative to its ends.
std::size_t originalColumn(std::string_view changed, std::string_view original, std::size_t column) {
  const std::size_t shorter = std::min(changed.size(), original.size());
  std::size_t head = 0;
  while (head < shorter && changed[head] == original[head]) ++head;
  std::size_t tail = 0;
  while (tail < shorter - head && changed[changed.size() - 1 - tail] == original[original.size() - 1 - tail]) ++tail;
  const std::size_t at = column - 1;
  if (at < head) return column;
  if (at >= changed.size() - tail) return at - changed.size() + original.size() + 1;
  return head + 1;  // inside a substituted value: where the @VAR@ starts
}

}  // namespace

void mapPositionsToTemplate(Diagnostics& diagnostics, std::size_t from, std::string_view configured,
                            std::string_view templateText) {
  const std::vector<std::string_view> copy = linesOf(configured);
  const std::vector<std::string_view> original = linesOf(templateText);
  const bool sameLines = copy.size() == original.size();
  diagnostics.movePositions(
      from, [&](std::size_t line, std::size_t column) -> std::optional<std::pair<std::size_t, std::size_t>> {
        if (!sameLines || line > copy.size()) return std::nullopt;
        return std::make_pair(line, originalColumn(copy[line - 1], original[line - 1], column));
      });
}

}  // namespace parcel
