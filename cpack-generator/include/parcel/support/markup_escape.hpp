// The one escaper for HTML and XML text: index.html of a repository, the
// Hadoop XML configuration files of the emulated host's roles.
#pragma once

#include <string>
#include <string_view>

namespace parcel {

// `text` with & < > " ' written as character references, safe in element
// content and in a quoted attribute value, in HTML and in XML alike.
std::string escapeMarkup(std::string_view text);

}  // namespace parcel
