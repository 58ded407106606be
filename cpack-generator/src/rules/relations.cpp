#include "parcel/rules/relations.hpp"

namespace parcel {
namespace {

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// A recursive-descent reader over the relation grammar; fails with a reason that
// names the character position (1-based) where the text went wrong.
class RelationParser {
public:
  explicit RelationParser(std::string_view text) : text_(text) {}

  std::optional<std::vector<Relation>> parse(std::string* error) {
    std::vector<Relation> relations;
    skipSpaces();
    if (atEnd()) return relations;
    for (;;) {
      std::optional<Relation> relation = parseRelation();
      if (!relation) break;
      relations.push_back(std::move(*relation));
      skipSpaces();
      if (atEnd()) return relations;
      if (!accept(',')) {
        fail(relations.back().op.empty() ? "expected '(', ',' or the end of the list"
                                         : "expected ',' or the end of the list");
        break;
      }
      skipSpaces();
    }
    if (error != nullptr) *error = error_;
    return std::nullopt;
  }

private:
  std::optional<Relation> parseRelation() {
    Relation relation;
    relation.product = word();
    if (relation.product.empty()) return fail("expected a product name");
    if (relation.product.find('-') != std::string::npos) {
      return fail(
          "product name \"" + relation.product + "\" must not contain '-'", position_ - relation.product.size());
    }
    skipSpaces();
    if (!accept('(')) return relation;
    skipSpaces();
    relation.op = parseOperator();
    if (relation.op.empty()) return fail("expected one of the operators >=, <=, >>, <<, =");
    skipSpaces();
    relation.version = word();
    if (relation.version.empty()) return fail("expected a version after \"" + relation.op + "\"");
    skipSpaces();
    if (!accept(')')) return fail("expected ')' after the version");
    return relation;
  }

  std::string parseOperator() {
    for (std::string_view op : {">=", "<=", ">>", "<<", "="}) {
      if (text_.substr(position_, op.size()) == op) {
        position_ += op.size();
        return std::string(op);
      }
    }
    return {};
  }

  // A product name or a version: anything up to white space, a comma or a parenthesis.
  std::string word() {
    const std::size_t start = position_;
    while (!atEnd() && !isSpace(text_[position_]) && text_[position_] != ',' && text_[position_] != '(' &&
           text_[position_] != ')') {
      ++position_;
    }
    return std::string(text_.substr(start, position_ - start));
  }

  std::nullopt_t fail(const std::string& reason) { return fail(reason, position_); }

  std::nullopt_t fail(const std::string& reason, std::size_t at) {
    error_ = reason + " at character " + std::to_string(at + 1);
    return std::nullopt;
  }

  void skipSpaces() {
    while (!atEnd() && isSpace(text_[position_])) ++position_;
  }

  bool accept(char c) {
    if (atEnd() || text_[position_] != c) return false;
    ++position_;
    return true;
  }

  bool atEnd() const { return position_ >= text_.size(); }

  std::string_view text_;
  std::size_t position_ = 0;
  std::string error_;
};

}  // namespace

std::optional<std::vector<Relation>> parseRelations(std::string_view text, std::string* error) {
  return RelationParser(text).parse(error);
}

std::string formatRelations(const std::vector<Relation>& relations) {
  std::string text;
  for (const Relation& relation : relations) {
    if (!text.empty()) text += ", ";
    text += relation.product;
    if (!relation.op.empty()) text += " (" + relation.op + " " + relation.version + ")";
  }
  return text;
}

}  // namespace parcel
