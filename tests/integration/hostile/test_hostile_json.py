"""Hostile JSON as parcel.json inside a parcel, as a --spec file and as manifest.json: never a crash,
never unbounded time or memory (each run's own peak RSS is read with wait4), and an exact verdict."""
import os
import unittest

from hostile_support import (MEMORY_FACTOR, TIME_FACTOR, ToolTestCase, leftovers, meta_members, parcel_json,
                             run_with_rusage, write, write_parcel)

# What each run may use: parceltool needs well under this for a 16 MiB document.
MOST_SECONDS = 30
MOST_MIB = 300

MANIFEST_ENTRY = ('{"parcelName": "FOO-1.0-el7.parcel", "hash": "%s", "components": '
                  '[{"name": "x", "version": "1", "pkg_version": "1"}]}' % ("0" * 40))

# Each hostile part is one extra member, put into an otherwise valid document of each kind.
NESTING_100000 = '"depends": ' + "[" * 100000 + "]" * 100000
DUPLICATE_KEYS = '"depends": "A", "depends": "B"'
HUGE_FLOAT = '"depends": 1e999999'
HUGE_INTEGER = '"depends": ' + "9" * 5000
NAN = '"depends": NaN'


class HostileJsonTest(ToolTestCase):
    def measured(self, args, expected, exit_code, most_mib=MOST_MIB):
        """Runs parceltool; checks its exit code, that stderr holds `expected`, time and memory."""
        returncode, stderr, seconds, mib = run_with_rusage(args)
        self.assertEqual(returncode, exit_code, stderr[:2000])
        self.assertIn(expected, stderr[:20000])
        self.assertLess(seconds, MOST_SECONDS * TIME_FACTOR)
        self.assertLess(mib, most_mib * MEMORY_FACTOR, "peak RSS %.0f MiB" % mib)
        self.assertEqual(leftovers(self.tmp), [])
        return stderr

    # --- the three carriers -----------------------------------------------------------------------

    def in_parcel(self, member, expected, exit_code=1, bom=False):
        text = parcel_json().decode()[:-1] + ", " + member + "}"
        data = (b"\xef\xbb\xbf" if bom else b"") + text.encode()
        parcel = write_parcel(self.path("FOO-1.0-el7.parcel"), meta_members("FOO-1.0", data))
        return self.measured(["validate", parcel], expected, exit_code)

    def as_spec(self, member, expected, exit_code=1, bom=False, most_mib=MOST_MIB):
        os.makedirs(self.path("input"), exist_ok=True)
        text = ('{"formatVersion": [1, 0], "input": "input", "name": "FOO", "version": "1.0", '
                '"distros": ["el7"], ' + member + "}")
        write(self.path("spec.json"), ("\ufeff" if bom else "") + text)
        stderr = self.measured(["build", "--spec", self.path("spec.json"), "--output-dir", self.path("out")],
                               expected, exit_code, most_mib)
        self.assertFalse(os.path.exists(self.path("out")), "nothing was built")
        return stderr

    def as_manifest(self, member, expected, exit_code=1, bom=False):
        text = '{"lastUpdated": 1, "parcels": [%s], %s}' % (MANIFEST_ENTRY, member)
        write(self.path("repo", "manifest.json"), ("\ufeff" if bom else "") + text)
        return self.measured(["validate", self.path("repo", "manifest.json")], expected, exit_code)

    def each_carrier(self, member, expected, **options):
        for carrier in (self.in_parcel, self.as_spec, self.as_manifest):
            with self.subTest(carrier=carrier.__name__):
                carrier(member, expected, **options)

    # --- the cases --------------------------------------------------------------------------------

    def test_100mb_string_is_refused_before_it_is_parsed(self):
        STRING_100MB = '"depends": "%s"' % ("a" * (100 << 20))   # noqa: N806 (made here, not at import)
        self.in_parcel(STRING_100MB, "error: the member is larger than 16 MiB, the most read of a metadata "
                                     "file [member-too-large]")
        # The spec is read through readRegularFile, with its 64 MiB limit, like every file a user names.
        self.as_spec(STRING_100MB, "spec.json' is larger than 64 MiB")
        self.as_manifest(STRING_100MB, "manifest.json' is larger than 64 MiB")

    def test_15mb_string_within_the_limits(self):
        # A product name of 15 MiB is a valid relation: parsed, checked and accepted in bounded time.
        self.in_parcel('"depends": "%s"' % ("a" * (15 << 20)), "", exit_code=0)

    def test_100000_levels_of_nesting(self):
        self.each_carrier(NESTING_100000, "error: nesting is deeper than 512 levels [json-too-deep]")

    def test_duplicate_keys(self):
        self.each_carrier(DUPLICATE_KEYS, 'error: duplicate key "depends"; the last value is used [duplicate-key]')

    def test_byte_order_mark(self):
        self.each_carrier('"depends": "A"', "error: starts with a UTF-8 byte-order mark; remove it "
                                            "[byte-order-mark]", bom=True)

    def test_huge_numbers(self):
        self.each_carrier(HUGE_FLOAT, "number overflow parsing '1e999999' [invalid-json]")
        self.each_carrier(HUGE_INTEGER, "number overflow parsing '99999")

    def test_200000_keys_in_one_object(self):
        # 4 MB of keys: once quadratic (ordered_json finds keys by a linear search), minutes.
        keys = ", ".join('"k%d": "%d"' % (i, i) for i in range(200000))
        text = parcel_json().decode()[:-1] + ', "extraVersionInfo": {%s}}' % keys
        parcel = write_parcel(self.path("FOO-1.0-el7.parcel"), meta_members("FOO-1.0", text.encode()))
        self.measured(["validate", parcel], "", 0)   # valid: extraVersionInfo is a map of strings
        os.makedirs(self.path("input"))
        write(self.path("spec.json"), '{"formatVersion": [1, 0], "input": "input", "name": "FOO", "version": "1.0", '
                                      '"distros": ["el7"], "extra": {%s}}' % keys)
        self.measured(["build", "--spec", self.path("spec.json")], "#/extra: error:", 1)

    def test_nan(self):
        self.each_carrier(NAN, "syntax error while parsing value - invalid literal [invalid-json]")


if __name__ == "__main__":
    unittest.main()
