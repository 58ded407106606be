// index.html of a parcel repository: a page for people browsing the folder,
// listing each parcel of manifest.json with its SHA-1 (parcel_add_repository's
// INDEX_HTML, `parceltool manifest --index-html`).
#pragma once

#include "parcel/model/manifest.hpp"

#include <string>
#include <string_view>

namespace parcel::repository {

// A percent-encoded relative URL for a file name of the folder: every byte
// but the unreserved ones (A-Z a-z 0-9 - . _ ~) as %XX, so that a name with
// '#', '?', ':' or a space links to that file (and never reads as a scheme).
std::string fileNameUrl(std::string_view fileName);

// The page, in manifest order; the same manifest gives the same bytes.
std::string repositoryIndexHtml(const Manifest& manifest);

}  // namespace parcel::repository
