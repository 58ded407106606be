#include "parcel/repository/index_html.hpp"

#include "parcel/support/markup_escape.hpp"

#include <cstdio>

namespace parcel::repository {

std::string fileNameUrl(std::string_view fileName) {
  std::string url;
  for (char c : fileName) {
    const auto byte = static_cast<unsigned char>(c);
    const bool unreserved = (byte >= 'A' && byte <= 'Z') || (byte >= 'a' && byte <= 'z') ||
        (byte >= '0' && byte <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved) {
      url += c;
    } else {
      char encoded[4];
      std::snprintf(encoded, sizeof encoded, "%%%02X", byte);
      url += encoded;
    }
  }
  return url;  // an encoded ':' cannot read as a URL scheme
}

std::string repositoryIndexHtml(const Manifest& manifest) {
  std::string rows;
  if (manifest.parcels) {
    for (const ManifestEntry& entry : *manifest.parcels) {
      const std::string name = entry.parcelName.value_or("");
      const std::string hash = entry.hash.value_or("");
      rows += "<tr><td><a href=\"" + escapeMarkup(fileNameUrl(name)) + "\">" + escapeMarkup(name) +
          "</a></td><td><a href=\"" + escapeMarkup(fileNameUrl(name + ".sha")) + "\"><code>" + escapeMarkup(hash) +
          "</code></a></td></tr>\n";
    }
  }
  return "<!DOCTYPE html>\n"
         "<html><head><meta charset=\"utf-8\"><title>Parcel repository</title></head>\n"
         "<body>\n"
         "<h1>Parcel repository</h1>\n"
         "<p>Add this folder's URL to Cloudera Manager's Remote Parcel Repository URLs. "
         "<a href=\"manifest.json\">manifest.json</a> lists the parcels below.</p>\n"
         "<table>\n"
         "<tr><th>Parcel</th><th>SHA-1</th></tr>\n" +
      rows +
      "</table>\n"
      "</body></html>\n";
}

}  // namespace parcel::repository
