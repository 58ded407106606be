// The one depfile writer, for `build --depfile` and `csd build --depfile`:
// the Makefile-style form that Ninja, CMake's DEPFILE and GNU make read.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace parcel {

// A path as a depfile word: ' ', '#' and '\' get a backslash, '$' is doubled.
// ':' stays as it is: Ninja and CMake read it inside a word (only ": " ends
// the target), and "\:" would reach them as a backslash and a colon.
std::string depfileEscape(const std::string& path);

// "<output>: \\\n  <input> \\\n  <input>\n", the inputs sorted and each once.
std::string depfileText(const std::filesystem::path& output, std::vector<std::string> inputs);

}  // namespace parcel
