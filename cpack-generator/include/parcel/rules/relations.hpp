// The relation lists of depends, replaces and conflicts (spec section 5.4):
//   relations = relation *( "," SP* relation )
//   relation  = product [ SP* "(" op SP* version ")" ]      op: >= <= >> << =
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parcel {

struct Relation {
  std::string product;
  std::string op;  // empty when no version is given
  std::string version;
};

// nullopt and a one-sentence reason in `error` when the text breaks the
// grammar. The empty string is a valid, empty list.
std::optional<std::vector<Relation>> parseRelations(std::string_view text, std::string* error);

std::string formatRelations(const std::vector<Relation>& relations);

}  // namespace parcel
