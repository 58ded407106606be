// Runs libarchive calls of this thread under the C.UTF-8 locale. libarchive
// converts tar names between UTF-8 (pax records) and the locale's charset; under
// "C" every non-ASCII name fails that conversion (a warning when reading, a
// `hdrcharset=BINARY` record when writing). Only the calling thread switches,
// only while a LocaleScope lives, so the process locale is left alone.
// Internal to parcel_core.
#pragma once

#include "parcel/support/error.hpp"

#include <locale.h>
#include <clocale>

namespace parcel {

class Utf8Locale {
public:
  Utf8Locale() : locale_(newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(nullptr))) {
    if (locale_ == static_cast<locale_t>(nullptr)) throw ArchiveError("the C.UTF-8 locale is not available");
  }
  ~Utf8Locale() { freelocale(locale_); }
  Utf8Locale(const Utf8Locale&) = delete;
  Utf8Locale& operator=(const Utf8Locale&) = delete;
  locale_t get() const { return locale_; }

private:
  locale_t locale_;
};

// Switches the calling thread to `locale` until the scope ends.
class LocaleScope {
public:
  explicit LocaleScope(const Utf8Locale& locale) : previous_(uselocale(locale.get())) {}
  ~LocaleScope() { uselocale(previous_); }
  LocaleScope(const LocaleScope&) = delete;
  LocaleScope& operator=(const LocaleScope&) = delete;

private:
  locale_t previous_;
};

}  // namespace parcel
