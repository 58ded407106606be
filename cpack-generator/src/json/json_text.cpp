#include "parcel/json/json_text.hpp"

#include <algorithm>
#include <iterator>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

namespace parcel {
namespace {

constexpr std::size_t kMaxDepth = 512;
constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

// "[json.exception.parse_error.101] parse error at line 1, column 2: syntax error ...; last read: '...'"
// becomes "syntax error ...": the position and the excerpt are given our way.
std::string parseErrorReason(const std::string& what) {
  constexpr std::string_view kLead = "parse error";
  std::size_t start = what.find(kLead);
  if (start == std::string::npos) {  // "[json.exception.out_of_range.406] number overflow ..."
    const std::size_t bracket = what.rfind("] ", what.find(' '));
    return what.rfind("[json.exception.", 0) == 0 && bracket != std::string::npos ? what.substr(bracket + 2) : what;
  }
  start = what.find(": ", start);
  std::string reason = start == std::string::npos ? what : what.substr(start + 2);
  const std::size_t lastRead = reason.find("; last read:");
  if (lastRead != std::string::npos) reason.erase(lastRead);
  return reason;
}

bool isScalar(const Json& value) { return !value.is_object() && !value.is_array(); }

TextPosition positionOf(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  const std::string_view before = text.substr(0, offset);
  const std::size_t line = 1 + static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n'));
  const std::size_t newline = before.rfind('\n');
  const std::size_t lineStart = newline == std::string_view::npos ? 0 : newline + 1;
  return {line, offset - lineStart + 1};
}

// Feeds the text to nlohmann's lexer and remembers how far it has read: the SAX
// interface reports no positions, so the builder learns where each token ends here.
class TrackingIterator {
public:
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  TrackingIterator(const char* at, const char** furthest) : at_(at), furthest_(furthest) {}
  reference operator*() const {
    *furthest_ = at_ + 1;
    return *at_;
  }
  TrackingIterator& operator++() {
    ++at_;
    return *this;
  }
  TrackingIterator operator++(int) {
    TrackingIterator before = *this;
    ++at_;
    return before;
  }
  bool operator==(const TrackingIterator& other) const { return at_ == other.at_; }
  bool operator!=(const TrackingIterator& other) const { return at_ != other.at_; }

private:
  const char* at_;
  const char** furthest_;
};

// A value as a message shows it: scalars as JSON text (long ones cut), containers by kind.
std::string summary(const Json& value) {
  if (value.is_object()) return "an object";
  if (value.is_array()) return "an array";
  std::string text = value.dump(-1, ' ', false, Json::error_handler_t::replace);
  if (text.size() > 60) text = text.substr(0, 57) + "...";
  return text;
}

// Builds an ordered_json through nlohmann's SAX interface, which is the only way
// to see duplicate keys (the DOM parser silently keeps the last one) and to bound
// nesting before it costs memory.
class Builder {
public:
  Builder(std::string_view text, const JsonDialect& dialect, Diagnostics& out, JsonPositions* positions)
      : text_(text), dialect_(dialect), out_(out), positions_(positions), furthest_(text.data()) {}

  // Where the lexer has read to; handed to the TrackingIterator.
  const char** furthest() { return &furthest_; }

  bool null() { return put(nullptr); }
  bool boolean(bool value) { return put(value); }
  bool number_integer(Json::number_integer_t value) { return putNumber(value); }
  bool number_unsigned(Json::number_unsigned_t value) { return putNumber(value); }
  bool number_float(Json::number_float_t value, const std::string& /*text*/) { return putNumber(value); }
  bool string(std::string& value) { return put(std::move(value)); }
  bool binary(Json::binary_t& value) { return put(std::move(value)); }

  bool start_object(std::size_t /*size*/) { return open(Json::object()); }
  bool start_array(std::size_t /*size*/) { return open(Json::array()); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }

  bool key(std::string& key) {
    Frame& frame = stack_.back();
    const auto known = frame.keys.find(key);
    if (known != frame.keys.end()) {
      const std::string pointer = childPointer(frame.pointer, key);
      if (dialect_.duplicateKeysAreWarnings) {
        const auto& members =
            static_cast<const Json::object_t::Container&>(frame.container->get_ref<const Json::object_t&>());
        const Json& earlier = members[known->second].second;
        duplicate_ = Duplicate{pointer, key, summary(earlier), isScalar(earlier)};
      } else {
        out_.error(pointer, "duplicate-key", "duplicate key \"" + key + "\"; the last value is used");
      }
    }
    key_ = std::move(key);
    lastEnd_ = consumed();
    return true;
  }

  bool parse_error(std::size_t position, const std::string& /*lastToken*/, const Json::exception& error) {
    // nlohmann counts from 1 and may point one past the end.
    const std::size_t offset = std::min(position == 0 ? 0 : position - 1, text_.size());
    const std::string reason = parseErrorReason(error.what());
    if (dialect_.trailingTextIsWarning && stack_.empty() && rootDone_ &&
        reason.find("expected end of input") != std::string::npos) {
      trailingAt_ = offset;
      return false;
    }
    const TextPosition at = positionOf(text_, offset);
    out_.add(
        {Severity::Error,
         {},
         "",
         "invalid-json",
         "invalid JSON at " + lineAndColumn(text_, offset) + ", " + excerptWithCaret(text_, offset) + ": " + reason,
         at.line,
         at.column});
    return false;
  }

  Json take() { return std::move(root_); }
  std::optional<std::size_t> trailingAt() const { return trailingAt_; }

private:
  struct Frame {
    Json* container;
    std::string pointer;
    // An object's keys and their positions: ordered_json looks keys up by a
    // linear search, which made 200,000 keys take minutes.
    std::unordered_map<std::string, std::size_t> keys;
  };
  // A repeated key whose value is about to be placed (descriptor dialect).
  struct Duplicate {
    std::string pointer;
    std::string key;
    std::string earlier;
    bool earlierIsScalar;
  };

  // Places `value` in the open container, or makes it the root; returns its slot.
  Json& place(Json value) {
    if (stack_.empty()) {
      rootDone_ = isScalar(value);
      return root_ = std::move(value);
    }
    Json& container = *stack_.back().container;
    if (container.is_array()) {
      container.push_back(std::move(value));
      return container.back();
    }
    if (duplicate_) reportDuplicate(value);
    auto& members = static_cast<Json::object_t::Container&>(container.get_ref<Json::object_t&>());
    const auto [known, added] = stack_.back().keys.emplace(key_, members.size());
    if (!added) return members[known->second].second = std::move(value);  // a duplicate: the last value wins
    members.emplace_back(key_, std::move(value));
    return members.back().second;
  }

  void reportDuplicate(const Json& later) {
    const Duplicate d = std::move(*duplicate_);
    duplicate_.reset();
    const std::string last = summary(later);
    if (d.earlierIsScalar && isScalar(later) && d.earlier == last) {
      out_.warning(d.pointer, "duplicate-key", "duplicate key \"" + d.key + "\", both times " + last + "; remove one");
    } else {
      out_.warning(d.pointer, "duplicate-key",
                   "duplicate key \"" + d.key + "\": Cloudera Manager uses the last value (" + last +
                       ") and ignores the earlier one (" + d.earlier + "); keep only the one you mean");
    }
  }

  // The pointer of the value about to be placed.
  std::string nextPointer() const {
    if (stack_.empty()) return "";
    const Frame& frame = stack_.back();
    return frame.container->is_array() ? childPointer(frame.pointer, frame.container->size())
                                       : childPointer(frame.pointer, key_);
  }

  // Bytes the lexer has read so far: a token that just ended ends there.
  std::size_t consumed() const { return static_cast<std::size_t>(furthest_ - text_.data()); }

  // The first byte of the next token after `from`: past blanks, separators and comments.
  std::size_t tokenStart(std::size_t from) const {
    while (from < text_.size()) {
      const char c = text_[from];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == ':') {
        ++from;
      } else if (dialect_.comments && c == '/' && text_.substr(from, 2) == "//") {
        const std::size_t newline = text_.find('\n', from);
        from = newline == std::string_view::npos ? text_.size() : newline + 1;
      } else if (dialect_.comments && c == '/' && text_.substr(from, 2) == "/*") {
        const std::size_t close = text_.find("*/", from + 2);
        from = close == std::string_view::npos ? text_.size() : close + 2;
      } else {
        break;
      }
    }
    return from;
  }

  // Records where the value about to be placed starts.
  void recordStart() {
    if (positions_ != nullptr) positions_->record(nextPointer(), tokenStart(lastEnd_));
  }

  bool put(Json value) {
    recordStart();
    place(std::move(value));
    lastEnd_ = consumed();
    return true;
  }

  // The lexer reads one byte past a number (and keeps it for the next token),
  // unless the number ends the text.
  template <class Number>
  bool putNumber(Number value) {
    put(value);
    const std::size_t end = lastEnd_;
    if (end > 0 && end <= text_.size() &&
        std::string_view("0123456789+-.eE").find(text_[end - 1]) == std::string_view::npos) {
      lastEnd_ = end - 1;
    }
    return true;
  }

  bool open(Json container) {
    if (stack_.size() >= kMaxDepth) {
      out_.error("", "json-too-deep", "nesting is deeper than " + std::to_string(kMaxDepth) + " levels");
      return false;
    }
    recordStart();
    std::string pointer = nextPointer();
    stack_.push_back({&place(std::move(container)), std::move(pointer), {}});
    lastEnd_ = consumed();
    return true;
  }

  bool close() {
    stack_.pop_back();
    if (stack_.empty()) rootDone_ = true;
    lastEnd_ = consumed();
    return true;
  }

  std::string_view text_;
  const JsonDialect& dialect_;
  Diagnostics& out_;
  JsonPositions* positions_;
  const char* furthest_;
  std::size_t lastEnd_ = 0;  // where the last token ended
  Json root_;
  std::vector<Frame> stack_;
  std::string key_;
  std::optional<Duplicate> duplicate_;
  bool rootDone_ = false;
  std::optional<std::size_t> trailingAt_;
};

bool runParser(std::string_view text, const JsonDialect& dialect, Builder& builder, bool strict) {
  const TrackingIterator begin(text.data(), builder.furthest());
  const TrackingIterator end(text.data() + text.size(), builder.furthest());
  return Json::sax_parse(begin, end, &builder, nlohmann::detail::input_format_t::json, strict, dialect.comments);
}

}  // namespace

std::string lineAndColumn(std::string_view text, std::size_t offset) {
  const TextPosition at = positionOf(text, offset);
  return "line " + std::to_string(at.line) + ", column " + std::to_string(at.column);
}

std::string excerptWithCaret(std::string_view text, std::size_t offset) {
  constexpr std::size_t kHalf = 40;
  offset = std::min(offset, text.size());
  const std::size_t newline = text.substr(0, offset).rfind('\n');
  std::size_t start = newline == std::string_view::npos ? 0 : newline + 1;
  std::size_t end = text.find('\n', offset);
  if (end == std::string_view::npos) end = text.size();
  std::string lead;
  std::string tail;
  if (offset - start > kHalf) {
    start = offset - kHalf;
    while (start < offset && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) ++start;
    lead = "...";
  }
  if (end - offset > kHalf) {
    end = offset + kHalf;
    while (end > offset && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    tail = "...";
  }
  // Diagnostics are one line: control bytes (tabs, CR) become spaces.
  const auto shown = [&](std::size_t from, std::size_t to) {
    std::string part(text.substr(from, to - from));
    for (char& c : part) {
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = ' ';
    }
    return part;
  };
  std::string excerpt = lead + shown(start, offset) + "^" + shown(offset, end) + tail;
  if (!isValidUtf8(excerpt)) {  // an excerpt cut into broken UTF-8 must not reach a JSON report
    for (char& c : excerpt) {
      if (static_cast<unsigned char>(c) >= 0x80) c = '?';
    }
  }
  return "near '" + excerpt + "' (^ marks the spot)";
}

std::optional<Json> parseJson(std::string_view text, const JsonDialect& dialect, Diagnostics& out,
                              JsonPositions* positions) {
  // nlohmann skips a leading BOM by itself; Cloudera's reader does not accept one.
  if (text.substr(0, kByteOrderMark.size()) == kByteOrderMark) {
    out.error("", "byte-order-mark", "starts with a UTF-8 byte-order mark; remove it");
  }
  if (positions != nullptr) positions->reset(text);
  Diagnostics found;
  Builder builder(text, dialect, found, positions);
  if (runParser(text, dialect, builder, /*strict=*/true)) {
    out.append(found);
    return builder.take();
  }
  const std::optional<std::size_t> trailing = builder.trailingAt();
  if (!trailing) {
    out.append(found);
    return std::nullopt;
  }
  // Text after the root value: read the value alone, as Jackson does.
  if (positions != nullptr) positions->reset(text);
  Diagnostics again;
  Builder root(text, dialect, again, positions);
  if (!runParser(text, dialect, root, /*strict=*/false)) {  // cannot happen; never throw if it does
    out.append(again);
    return std::nullopt;
  }
  out.append(again);
  const TextPosition at = positionOf(text, *trailing);
  out.add({Severity::Warning,
           {},
           "",
           "trailing-text",
           "text after the end of the document at " + lineAndColumn(text, *trailing) + ", " +
               excerptWithCaret(text, *trailing) + ", is ignored by Cloudera Manager; remove it",
           at.line,
           at.column});
  return root.take();
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
