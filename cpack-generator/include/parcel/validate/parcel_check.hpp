// Whole-parcel validation for `parceltool validate`: a .parcel file (spec 11,
// F1 to F14) or an unpacked parcel directory (D1 to D3, then F8 to F14), plus
// the checks the public validator misses.
#pragma once

#include "parcel/archive/parcel_reader.hpp"
#include "parcel/rules/names.hpp"
#include "parcel/support/diagnostic.hpp"

#include <filesystem>
#include <optional>
#include <string>

namespace parcel {

struct ParcelCheckOptions {
  bool allowPlainTar = false;  // an uncompressed tar is an error unless set, then a warning
};

// Diagnostics' `member` names the archive member they concern. File-name
// problems are errors except an unknown distro (warning). Entry names must be
// relative, without "." or ".." components, and all under exactly NAME-VERSION/;
// symlinks must stay inside the parcel (absolute ones into /etc or /var only
// warn, as spec 3.5 allows); no special files.
void validateParcelFile(const std::filesystem::path& file, const ParcelCheckOptions& options, Diagnostics& out);

// validateParcelFile's two halves around the read, for a caller that reads the
// archive itself (host distribute unpacks in the same pass); together they are
// validateParcelFile on a regular file. First the file-name checks: nullopt
// when `fileName` is not NAME-VERSION-DISTRO.parcel (then nothing else is judged).
std::optional<ParcelFileName> checkParcelFileName(const std::string& fileName, Diagnostics& out);
// Then everything judged on the archive, as readParcelArchive gave it (with
// that read's diagnostics, which are reported here too).
void checkParcelArchive(const ParcelFileName& name, const std::string& fileName, const ParcelArchive& archive,
                        const Diagnostics& readFindings, const ParcelCheckOptions& options, Diagnostics& out);

void validateParcelDirectory(const std::filesystem::path& directory, const ParcelCheckOptions& options,
                             Diagnostics& out);

}  // namespace parcel
