"""parceltool host distribute on hostile parcels: refused, nothing written outside the root, root unchanged."""
import os
import shutil
import tempfile
import unittest

from host_support import HostTestCase, snapshot, valid_meta, write_tar_parcel

TOP = "EVIL-1.0"


class HostileParcelTest(HostTestCase):
    def setUp(self):
        super().setUp()
        self.outside = self.path("outside")
        os.makedirs(self.outside)
        with open(os.path.join(self.outside, "sentinel"), "w") as f:
            f.write("untouched")
        # /var/... is where spec 3.5 tolerates absolute links; prove nothing lands there either.
        self.var_target = tempfile.mkdtemp(prefix="parcel-host-test-", dir="/var/tmp")
        # A root already in use, so "unchanged" covers state.json, links and parcels.
        good = write_tar_parcel(self.path("in", "GOOD-1.0-el7.parcel"),
                                [(n.replace("EVIL", "GOOD"), k, d.replace(b"EVIL", b"GOOD"), l)
                                 for n, k, d, l in valid_meta("EVIL", "1.0")])
        self.host_ok("distribute", good)
        self.host_ok("activate", "GOOD", "1.0")

    def tearDown(self):
        shutil.rmtree(self.var_target, ignore_errors=True)
        super().tearDown()

    def assertRefused(self, extra_members, code):
        parcel = write_tar_parcel(self.path("in", f"{TOP}-el7.parcel"), valid_meta("EVIL", "1.0") + extra_members)
        root_before, outside_before = snapshot(self.root), snapshot(self.outside)
        result = self.host("distribute", parcel)
        self.assertTool(result, 1)
        self.assertIn(f"[{code}]", result.stderr)
        self.assertEqual(snapshot(self.root), root_before)
        self.assertEqual(snapshot(self.outside), outside_before)
        self.assertEqual(os.listdir(self.var_target), [])
        self.assertEqual(sorted(os.listdir(self.tmp)), ["in", "outside", "root"])

    def test_absolute_path(self):
        self.assertRefused([(os.path.join(self.outside, "pwned"), "file", b"x", "")], "absolute-path")

    def test_dot_dot(self):
        self.assertRefused([(f"{TOP}/../../outside/pwned", "file", b"x", "")], "unsafe-path")

    def test_entry_outside_top_folder(self):
        self.assertRefused([("OTHER-1.0/pwned", "file", b"x", "")], "unexpected-top-level")

    def test_symlink_escaping_then_file_through_it(self):
        self.assertRefused([(f"{TOP}/link", "symlink", b"", "../../outside"),
                            (f"{TOP}/link/pwned", "file", b"x", "")], "symlink-escapes")

    def test_tolerated_absolute_symlink_then_file_through_it(self):
        # The validator only warns about a link into /var itself, but refuses anything below it.
        self.assertRefused([(f"{TOP}/var", "symlink", b"", self.var_target),
                            (f"{TOP}/var/pwned", "file", b"x", "")], "parent-not-directory")

    def test_file_listed_before_the_link_above_it(self):
        self.assertRefused([(f"{TOP}/later/pwned", "file", b"x", ""),
                            (f"{TOP}/later", "symlink", b"", self.var_target)], "parent-not-directory")

    def test_directory_replaced_by_a_link(self):
        self.assertRefused([(f"{TOP}/d", "dir", b"", ""), (f"{TOP}/d", "symlink", b"", self.var_target),
                            (f"{TOP}/d/pwned", "file", b"x", "")], "duplicate-entry")

    def test_hard_link_to_outside(self):
        self.assertRefused([(f"{TOP}/h", "hardlink", b"", os.path.join(self.outside, "sentinel"))],
                           "hardlink-escapes")

    def test_hard_link_through_dot_dot(self):
        self.assertRefused([(f"{TOP}/h", "hardlink", b"", f"{TOP}/../outside/sentinel")], "hardlink-escapes")

    def test_device(self):
        self.assertRefused([(f"{TOP}/null", "chr", b"", "")], "special-file")

    def test_fifo(self):
        self.assertRefused([(f"{TOP}/fifo", "fifo", b"", "")], "special-file")


if __name__ == "__main__":
    unittest.main()
