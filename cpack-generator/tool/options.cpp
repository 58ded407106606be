#include "options.hpp"

#include "manual.hpp"

#include <algorithm>
#include <charconv>
#include <sstream>

namespace parcel::tool {

std::optional<std::string> ParsedOptions::value(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end() || it->second.empty()) return std::nullopt;
  return it->second.back();
}

std::vector<std::string> ParsedOptions::values(const std::string& name) const {
  auto it = values_.find(name);
  return it == values_.end() ? std::vector<std::string>{} : it->second;
}

std::vector<std::string> ParsedOptions::listItems(const std::string& name) const {
  std::vector<std::string> items;
  for (const std::string& text : values(name)) {
    std::size_t start = 0;
    while (start <= text.size()) {
      const std::size_t end = std::min(text.find(',', start), text.size());
      if (end > start) items.push_back(text.substr(start, end - start));
      start = end + 1;
    }
  }
  return items;
}

std::optional<std::int64_t> ParsedOptions::integer(const std::string& name, std::int64_t min, std::int64_t max) const {
  const auto text = value(name);
  if (!text) return std::nullopt;
  return integerOption(name, *text, min, max);
}

std::int64_t integerOption(const std::string& what, const std::string& text, std::int64_t min, std::int64_t max) {
  // from_chars takes no '+', no spaces and no hex: exactly the digits a person means.
  std::int64_t number = 0;
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, number);
  const bool negativeAllowed = min < 0 || text.empty() || text[0] != '-';
  if (text.empty() || error != std::errc() || stop != end || !negativeAllowed || number < min || number > max) {
    throw UsageError(what + " must be an integer from " + std::to_string(min) + " to " + std::to_string(max) +
                     ", not '" + text + "'");
  }
  return number;
}

ParsedOptions parseOptions(const CommandSpec& command, const std::vector<std::string>& args) {
  ParsedOptions parsed;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--") {
      for (++i; i < args.size(); ++i) parsed.addOperand(args[i]);
      break;
    }
    if (arg.size() < 2 || arg[0] != '-') {
      if (command.positionalName.empty()) {
        throw UsageError("'" + command.name + "' takes no operand, but got '" + arg + "'");
      }
      parsed.addOperand(arg);
      continue;
    }
    const auto equals = arg.find('=');
    const std::string name = arg.substr(0, equals);
    const auto spec = std::find_if(command.options.begin(), command.options.end(),
                                   [&name](const OptionSpec& option) { return option.name == name; });
    if (spec == command.options.end()) {
      throw UsageError("'" + command.name + "' has no option '" + name + "'");
    }
    if (spec->valueName.empty()) {
      if (equals != std::string::npos) throw UsageError("option '" + name + "' takes no value");
      parsed.add(name, "");
    } else if (equals != std::string::npos) {
      parsed.add(name, arg.substr(equals + 1));
    } else if (i + 1 < args.size()) {
      parsed.add(name, args[++i]);
    } else {
      throw UsageError("option '" + name + "' needs a value (" + spec->valueName + ")");
    }
    if (!spec->repeatable && parsed.values(name).size() > 1) {
      throw UsageError("option '" + name + "' is given more than once");
    }
  }
  return parsed;
}

std::string formatHelp(const CommandSpec& command) {
  std::ostringstream help;
  help << "Usage: parceltool " << command.usage << "\n\n" << withDocumentationPaths(command.description) << "\n";
  if (!command.options.empty()) {
    help << "\nOptions:\n";
    std::size_t width = 0;
    std::vector<std::string> heads;
    for (const OptionSpec& option : command.options) {
      heads.push_back(option.name + (option.valueName.empty() ? "" : " " + option.valueName));
      width = std::max(width, heads.back().size());
    }
    for (std::size_t i = 0; i < command.options.size(); ++i) {
      help << "  " << heads[i] << std::string(width - heads[i].size() + 2, ' ')
           << withDocumentationPaths(command.options[i].help) << (command.options[i].repeatable ? " (repeatable)" : "")
           << "\n";
    }
    help << "  --help" << std::string(width > 6 ? width - 6 + 2 : 2, ' ') << "show this help\n";
  }
  return help.str();
}

CommandSpec withProgressOptions(CommandSpec spec) {
  spec.options.push_back(
      {"--progress", "", false, "show progress (bytes, rate, ETA) on stderr even when it is not a terminal"});
  spec.options.push_back({"--quiet", "", false, "never show progress (default: shown when stderr is a terminal)"});
  return spec;
}

}  // namespace parcel::tool
