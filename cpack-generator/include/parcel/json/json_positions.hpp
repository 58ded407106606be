// Where each value of a parsed JSON document starts, so that a diagnostic at a
// JSON pointer also names the line and column in the user's file (an editor
// jumps there; a pointer alone makes the user count braces).
#pragma once

#include "parcel/support/diagnostic.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace parcel {

struct TextPosition {
  std::size_t line = 0;  // from 1
  std::size_t column = 0;  // from 1, in bytes
};

class JsonPositions {
public:
  // Forgets every recorded value and indexes the lines of `text`.
  void reset(std::string_view text);

  // The value at `pointer` starts at byte `offset` (a repeated key: the last one, as its value wins).
  void record(std::string pointer, std::size_t offset);

  // The line and column of byte `offset` of the text given to reset().
  TextPosition at(std::size_t offset) const;

  // Where the value at `pointer` starts; for a member that is absent, where the
  // nearest enclosing value starts. nullopt when no enclosing value was recorded.
  std::optional<TextPosition> find(std::string_view pointer) const;

  // Gives every item of `diagnostics` from index `from` on that has no line yet
  // the position of its pointer.
  void locate(Diagnostics& diagnostics, std::size_t from) const;

private:
  std::vector<std::size_t> lineStarts_;
  std::unordered_map<std::string, std::size_t> starts_;
};

// A file configured from a @VAR@ template (CMake's configure_file @ONLY) keeps
// the template's lines, with values substituted inside some of them. Moves the
// positions of the items of `diagnostics` from index `from` on from `configured`
// to `templateText`, so that a finding names the line the user edits: a column
// before or after the substitutions on its line keeps its place, one inside a
// substituted value moves to where the @VAR@ starts. When the line counts differ
// (a value held a newline) the positions are removed instead: the pointer still
// holds for both files.
void mapPositionsToTemplate(Diagnostics& diagnostics, std::size_t from, std::string_view configured,
                            std::string_view templateText);

}  // namespace parcel
