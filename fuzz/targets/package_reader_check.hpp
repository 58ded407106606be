// The body of the rpm_reader and deb_reader fuzz targets: read the bytes as a
// package the way `parceltool build --from-package --dry-run` does (contents
// counted, not staged: a small compressed input may expand to gigabytes, which
// is a valid package but must not fill the fuzzing machine's disk), check what
// a reader promises, then map it into a payload.
#pragma once
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include "../check.hpp"
#include "../scratch.hpp"
#include "parcel/package/package_contents.hpp"
#include "parcel/package/package_payload.hpp"

namespace parcel::fuzz {

template <class Reader>
int checkPackageReader(Reader read, const char* fileName, const std::uint8_t* data, std::size_t size) {
  const auto file = scratchRoot() / fileName;
  writeBytes(file, data, size);
  Diagnostics out;
  const PackageReadOptions options;
  const auto contents = read(file, options, out);
  FUZZ_CHECK(contents.has_value() != out.hasErrors(), "a result exactly when there is no error");
  if (!contents) return 0;
  for (const PackageFile& entry : contents->files) {
    FUZZ_CHECK(entry.path.size() > 1 && entry.path.front() == '/', "paths are absolute below the root");
    for (std::size_t start = 1; start <= entry.path.size();) {
      const std::size_t end = std::min(entry.path.find('/', start), entry.path.size());
      const std::string part = entry.path.substr(start, end - start);
      FUZZ_CHECK(!part.empty() && part != "." && part != "..", "paths are normalised");
      start = end + 1;
    }
    FUZZ_CHECK(entry.staged.empty(), "nothing is staged without a staging folder");
  }
  PackagePayload payload;
  PackageMappingOptions mapping;
  mapping.relocations = {{"/opt", ""}, {"/usr", "usr"}};
  mapping.dropOutside = true;
  addPackage(*contents, mapping, payload, out);
  for (const PayloadEntry& entry : payload.entries) {
    FUZZ_CHECK(!entry.path.empty() && entry.path.front() != '/', "payload paths are relative");
    FUZZ_CHECK(entry.path != ".." && entry.path.rfind("../", 0) != 0, "payload paths stay inside");
  }
  return 0;
}

}  // namespace parcel::fuzz
