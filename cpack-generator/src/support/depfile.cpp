#include "parcel/support/depfile.hpp"

#include <algorithm>

namespace parcel {

namespace fs = std::filesystem;

std::string depfileEscape(const std::string& path) {
  std::string escaped;
  for (char c : path) {
    if (c == ' ' || c == '#' || c == '\\') escaped += '\\';
    if (c == '$') escaped += '$';
    escaped += c;
  }
  return escaped;
}

std::string depfileText(const fs::path& output, std::vector<std::string> inputs) {
  std::sort(inputs.begin(), inputs.end());
  inputs.erase(std::unique(inputs.begin(), inputs.end()), inputs.end());
  std::string text = depfileEscape(output.string()) + ":";
  for (const std::string& input : inputs) text += " \\\n  " + depfileEscape(input);
  return text + "\n";
}

}  // namespace parcel
