#include "parcel/json/json_text.hpp"

#include <algorithm>
#include <unordered_map>
#include <utility>
#include <vector>

namespace parcel {
namespace {

constexpr std::size_t kMaxDepth = 512;
constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

// "[json.exception.parse_error.101] parse error at line 1, column 2: syntax error ..."
// becomes "syntax error ...": the position is given our way, from the byte offset.
std::string parseErrorReason(const std::string& what) {
  constexpr std::string_view kLead = "parse error";
  std::size_t start = what.find(kLead);
  if (start == std::string::npos) return what;
  start = what.find(": ", start);
  return start == std::string::npos ? what : what.substr(start + 2);
}

// "line L, column C", both counted from 1, of the byte at `offset`.
std::string lineAndColumn(std::string_view text, std::size_t offset) {
  const std::string_view before = text.substr(0, offset);
  const std::size_t line = 1 + static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n'));
  const std::size_t newline = before.rfind('\n');
  const std::size_t lineStart = newline == std::string_view::npos ? 0 : newline + 1;
  return "line " + std::to_string(line) + ", column " + std::to_string(offset - lineStart + 1);
}

// Builds an ordered_json through nlohmann's SAX interface, which is the only way
// to see duplicate keys (the DOM parser silently keeps the last one) and to bound
// nesting before it costs memory.
class StrictBuilder {
public:
  StrictBuilder(std::string_view text, Diagnostics& out) : text_(text), out_(out) {}

  bool null() { return put(nullptr); }
  bool boolean(bool value) { return put(value); }
  bool number_integer(Json::number_integer_t value) { return put(value); }
  bool number_unsigned(Json::number_unsigned_t value) { return put(value); }
  bool number_float(Json::number_float_t value, const std::string& /*text*/) { return put(value); }
  bool string(std::string& value) { return put(std::move(value)); }
  bool binary(Json::binary_t& value) { return put(std::move(value)); }

  bool start_object(std::size_t /*size*/) { return open(Json::object()); }
  bool start_array(std::size_t /*size*/) { return open(Json::array()); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }

  bool key(std::string& key) {
    Frame& frame = stack_.back();
    if (frame.keys.count(key) != 0) {
      out_.error(
          childPointer(frame.pointer, key), "duplicate-key", "duplicate key \"" + key + "\"; the last value is used");
    }
    key_ = std::move(key);
    return true;
  }

  bool parse_error(std::size_t position, const std::string& /*lastToken*/, const Json::exception& error) {
    // nlohmann counts from 1 and may point one past the end.
    const std::size_t offset = std::min(position == 0 ? 0 : position - 1, text_.size());
    out_.error("", "invalid-json",
               "invalid JSON at " + lineAndColumn(text_, offset) + " (byte offset " + std::to_string(offset) +
                   "): " + parseErrorReason(error.what()));
    return false;
  }

  Json take() { return std::move(root_); }

private:
  struct Frame {
    Json* container;
    std::string pointer;
    // An object's keys and their positions: ordered_json looks keys up by a
    // linear search, which made 200,000 keys take minutes.
    std::unordered_map<std::string, std::size_t> keys;
  };

  // Places `value` in the open container, or makes it the root; returns its slot.
  Json& place(Json value) {
    if (stack_.empty()) return root_ = std::move(value);
    Json& container = *stack_.back().container;
    if (container.is_array()) {
      container.push_back(std::move(value));
      return container.back();
    }
    auto& members = static_cast<Json::object_t::Container&>(container.get_ref<Json::object_t&>());
    const auto [known, added] = stack_.back().keys.emplace(key_, members.size());
    if (!added) return members[known->second].second = std::move(value);  // a duplicate: the last value wins
    members.emplace_back(key_, std::move(value));
    return members.back().second;
  }

  // The pointer of the value about to be placed.
  std::string nextPointer() const {
    if (stack_.empty()) return "";
    const Frame& frame = stack_.back();
    return frame.container->is_array() ? childPointer(frame.pointer, frame.container->size())
                                       : childPointer(frame.pointer, key_);
  }

  bool put(Json value) {
    place(std::move(value));
    return true;
  }

  bool open(Json container) {
    if (stack_.size() >= kMaxDepth) {
      out_.error("", "json-too-deep", "nesting is deeper than " + std::to_string(kMaxDepth) + " levels");
      return false;
    }
    std::string pointer = nextPointer();
    stack_.push_back({&place(std::move(container)), std::move(pointer), {}});
    return true;
  }

  bool close() {
    stack_.pop_back();
    return true;
  }

  std::string_view text_;
  Diagnostics& out_;
  Json root_;
  std::vector<Frame> stack_;
  std::string key_;
};

}  // namespace

std::optional<Json> parseStrictJson(std::string_view text, Diagnostics& out) {
  // nlohmann skips a leading BOM by itself; Cloudera's reader does not accept one.
  if (text.substr(0, kByteOrderMark.size()) == kByteOrderMark) {
    out.error("", "byte-order-mark", "starts with a UTF-8 byte-order mark; remove it");
  }
  StrictBuilder builder(text, out);
  const bool parsed = Json::sax_parse(text.begin(), text.end(), &builder, nlohmann::detail::input_format_t::json,
                                      /*strict=*/true, /*ignore_comments=*/false);
  if (!parsed) return std::nullopt;
  return builder.take();
}

std::string toJsonText(const Json& value) {
  return value.dump(2, ' ', /*ensure_ascii=*/false, Json::error_handler_t::replace) + "\n";
}

bool isValidUtf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto byte = static_cast<unsigned char>(text[i]);
    std::size_t length = 0;
    unsigned long codePoint = 0;
    if (byte < 0x80) {
      ++i;
      continue;
    } else if ((byte & 0xE0) == 0xC0) {
      length = 2;
      codePoint = byte & 0x1F;
    } else if ((byte & 0xF0) == 0xE0) {
      length = 3;
      codePoint = byte & 0x0F;
    } else if ((byte & 0xF8) == 0xF0) {
      length = 4;
      codePoint = byte & 0x07;
    } else {
      return false;
    }
    if (i + length > text.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return false;
      codePoint = (codePoint << 6) | (next & 0x3F);
    }
    const unsigned long smallest[] = {0, 0, 0x80, 0x800, 0x10000};
    if (codePoint < smallest[length] || codePoint > 0x10FFFF || (codePoint >= 0xD800 && codePoint <= 0xDFFF)) {
      return false;
    }
    i += length;
  }
  return true;
}

}  // namespace parcel
