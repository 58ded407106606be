"""`cpack -G DEB` on cmake-parcel gives a package that lintian passes without errors, with the
Depends apt needs (dpkg-shlibdeps' libraries and cmake), a stripped parceltool, the manual page,
the completion, the guides and a DEP-5 copyright. (scripts/test-debian-package.sh --install,
run by CI as root, also installs it with apt-get and builds a sample against it.)"""
import glob
import os
import shutil
import subprocess
import tempfile
import unittest

BUILD_DIR = os.environ.get("PARCEL_BUILD_DIR", "")
CPACK = os.environ.get("CPACK_COMMAND", "cpack")


@unittest.skipUnless(BUILD_DIR and shutil.which("dpkg-shlibdeps") and shutil.which("lintian"),
                     "needs PARCEL_BUILD_DIR, dpkg-dev and lintian (scripts/debian-packages-test.txt)")
class DebianPackageTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls._tmp = tempfile.TemporaryDirectory(prefix="parcel-deb-")
        result = subprocess.run([CPACK, "-G", "DEB", "--config", os.path.join(BUILD_DIR, "CPackConfig.cmake"),
                                 "-B", cls._tmp.name], capture_output=True, text=True, cwd=BUILD_DIR)
        assert result.returncode == 0, result.stdout + result.stderr
        (cls.deb,) = glob.glob(os.path.join(cls._tmp.name, "cmake-parcel_*.deb"))

    @classmethod
    def tearDownClass(cls):
        cls._tmp.cleanup()

    def field(self, name):
        return subprocess.run(["dpkg-deb", "--field", self.deb, name], capture_output=True, text=True).stdout.strip()

    def test_name_and_control_fields(self):
        self.assertRegex(os.path.basename(self.deb), r"^cmake-parcel_\d+\.\d+\.\d+_[a-z0-9]+\.deb$")
        self.assertEqual(self.field("Package"), "cmake-parcel")
        depends = [d.strip() for d in self.field("Depends").split(",")]
        self.assertIn("cmake (>= 3.21)", depends)
        for library in ("libarchive13", "libcurl4", "libssl3", "libc6", "libstdc++6"):
            self.assertTrue(any(d.startswith(library + " ") for d in depends), (library, depends))

    def test_contents(self):
        listing = subprocess.run(["dpkg-deb", "--contents", self.deb], capture_output=True, text=True).stdout
        paths = {line.split()[-1] for line in listing.splitlines()}
        for path in ("./usr/bin/parceltool", "./usr/share/man/man1/parceltool.1.gz",
                     "./usr/share/bash-completion/completions/parceltool",
                     "./usr/share/doc/cmake-parcel/copyright", "./usr/share/doc/cmake-parcel/changelog.gz",
                     "./usr/share/doc/cmake-parcel/host.md", "./usr/lib/cmake/Parcel/ParcelConfig.cmake"):
            self.assertIn(path, paths)
        with tempfile.TemporaryDirectory() as unpacked:
            subprocess.run(["dpkg-deb", "-x", self.deb, unpacked], check=True)
            sections = subprocess.run(["readelf", "-S", os.path.join(unpacked, "usr/bin/parceltool")],
                                      capture_output=True, text=True).stdout
            self.assertNotIn(".debug_info", sections)
            with open(os.path.join(unpacked, "usr/share/doc/cmake-parcel/copyright"), encoding="utf-8") as text:
                copyright = text.read()
            self.assertTrue(copyright.startswith(
                "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"))
            self.assertIn("\nLicense: Apache-2.0\n", copyright)
            self.assertIn("/usr/share/common-licenses/Apache-2.0", copyright)

    def test_lintian_finds_no_error(self):
        result = subprocess.run(["lintian", "--fail-on", "error", self.deb], capture_output=True, text=True)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertNotRegex(result.stdout, r"(?m)^E: ")


class LicenceTest(unittest.TestCase):
    def test_apache_2_full_text(self):
        top = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
        with open(os.path.join(top, "LICENSE"), encoding="utf-8") as text:
            licence = text.read()
        self.assertIn("Apache License\n                           Version 2.0, January 2004", licence)
        self.assertIn("END OF TERMS AND CONDITIONS", licence)
        canonical = "/usr/share/common-licenses/Apache-2.0"
        if os.path.exists(canonical):
            with open(canonical, encoding="utf-8") as text:
                self.assertEqual(licence, text.read())


if __name__ == "__main__":
    unittest.main()
