// The SDL/MDL JSON dialect: comments allowed. A SAX pass checks the syntax,
// bounds the nesting and finds duplicate keys (which the DOM parser would drop
// silently); only a document that passes is parsed into a value.
#include "parcel/csd/descriptor.hpp"

#include <set>
#include <string>
#include <vector>

namespace parcel::csd {
namespace {

// Deeper documents are refused before they cost memory: the value's parser and
// destructor, and the validators' walks, all grow with the depth.
constexpr std::size_t kMaxDepth = 512;

class DuplicateKeyFinder : public nlohmann::json_sax<Json> {
public:
  explicit DuplicateKeyFinder(Diagnostics& out) : out_(out) {}

  bool null() override { return value(); }
  bool boolean(bool) override { return value(); }
  bool number_integer(number_integer_t) override { return value(); }
  bool number_unsigned(number_unsigned_t) override { return value(); }
  bool number_float(number_float_t, const string_t&) override { return value(); }
  bool string(string_t&) override { return value(); }
  bool binary(binary_t&) override { return value(); }
  bool start_object(std::size_t) override { return open(false); }
  bool start_array(std::size_t) override { return open(true); }
  bool end_object() override { return close(); }
  bool end_array() override { return close(); }
  bool key(string_t& key) override {
    Frame& frame = stack_.back();
    if (!frame.keys.insert(key).second) {
      out_.error(
          childPointer(frame.pointer, key), "duplicate-key", "duplicate key \"" + key + "\"; the last value is used");
    }
    frame.key = key;
    return true;
  }
  // Syntax errors, and numbers beyond a double (out_of_range.406), which the DOM
  // parser would throw as something other than a parse_error.
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& error) override {
    std::string reason = error.what();
    const std::size_t colon = reason.find(": ", reason.find("parse error"));
    if (colon != std::string::npos) reason = reason.substr(colon + 2);
    out_.error("", "invalid-json",
               "invalid JSON at byte offset " + std::to_string(position == 0 ? 0 : position - 1) + ": " + reason);
    return false;
  }

private:
  struct Frame {
    bool array = false;
    std::size_t index = 0;
    std::string pointer;
    std::string key;
    std::set<std::string> keys;
  };
  std::string nextPointer() {
    if (stack_.empty()) return "";
    Frame& frame = stack_.back();
    return frame.array ? childPointer(frame.pointer, frame.index++) : childPointer(frame.pointer, frame.key);
  }
  bool value() {
    nextPointer();
    return true;
  }
  bool open(bool array) {
    if (stack_.size() >= kMaxDepth) {
      out_.error("", "json-too-deep", "nesting is deeper than " + std::to_string(kMaxDepth) + " levels");
      return false;
    }
    Frame frame;
    frame.array = array;
    frame.pointer = nextPointer();
    stack_.push_back(std::move(frame));
    return true;
  }
  bool close() {
    stack_.pop_back();
    return true;
  }
  Diagnostics& out_;
  std::vector<Frame> stack_;
};

}  // namespace

std::optional<Json> parseRelaxedJson(std::string_view text, Diagnostics& out) {
  DuplicateKeyFinder finder(out);
  if (!Json::sax_parse(text.begin(), text.end(), &finder, nlohmann::detail::input_format_t::json, /*strict=*/true,
                       /*ignore_comments=*/true)) {
    return std::nullopt;
  }
  Json json = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false, /*ignore_comments=*/true);
  if (json.is_discarded()) {  // cannot happen after the SAX pass; never throw if it does
    out.error("", "invalid-json", "invalid JSON");
    return std::nullopt;
  }
  return json;
}

}  // namespace parcel::csd
