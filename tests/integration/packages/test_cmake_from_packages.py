"""parcel_add(FROM_PACKAGES): a package another target builds becomes the parcel;
a changed package repacks the parcel and nothing else; parcel_dry_run writes nothing."""
import json
import os
import shutil
import subprocess
import unittest

from parceltool_test_support import ToolTestCase, member_text, sha1_of
from packages_support import parcel_listing

CMAKE = os.environ.get("CMAKE_COMMAND", "cmake")
SOURCE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "project")


class FromPackages(ToolTestCase):
    def configure(self, build, *extra):
        subprocess.run([CMAKE, "-S", self.source, "-B", build, "-G", os.environ["PARCEL_CMAKE_GENERATOR"],
                        "-DPARCEL_SOURCE_DIR=" + os.environ["PARCEL_SOURCE_DIR"],
                        "-DPARCEL_TOOL=" + os.environ["PARCELTOOL"], *extra], check=True, capture_output=True)

    def build(self, build, target="parcel"):
        return subprocess.run([CMAKE, "--build", build, "--target", target], capture_output=True, text=True)

    def setUp(self):
        super().setUp()
        self.source = self.path("src")
        shutil.copytree(SOURCE, self.source)

    def test_package_changes_rebuild_the_parcel_only(self):
        build = self.path("build")
        self.configure(build)
        first = self.build(build, "all")
        self.assertEqual(first.returncode, 0, first.stdout + first.stderr)
        result = self.build(build)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("rpmbuild demo", result.stdout)
        parcel = os.path.join(build, "parcels", "DEMO-1.0-el7.parcel")
        listing = parcel_listing(parcel)
        self.assertEqual(listing["bin/tool"], ("file", 0o755, 25, ""))
        meta = json.loads(member_text(parcel, "DEMO-1.0/meta/parcel.json"))
        self.assertEqual(meta["components"], [{"name": "demo", "version": "1.0", "pkg_version": "1.0-1",
                                               "pkg_release": "1"}])
        self.assertIn("[package-scriptlet]", result.stdout + result.stderr)
        before = sha1_of(parcel)
        other = os.path.join(build, "other.txt")
        other_time = os.stat(other).st_mtime_ns

        again = self.build(build)
        self.assertNotIn("rpmbuild demo", again.stdout)
        self.assertNotIn("Building parcel", again.stdout)

        with open(os.path.join(self.source, "tool.sh"), "w", encoding="utf-8") as out:
            out.write("#!/bin/sh\necho version 2\n")
        changed = self.build(build, "all")
        changed = self.build(build)
        self.assertEqual(changed.returncode, 0, changed.stdout + changed.stderr)
        self.assertNotEqual(sha1_of(parcel), before)
        self.assertIn("version 2", member_text(parcel, "DEMO-1.0/bin/tool"))
        self.assertEqual(os.stat(other).st_mtime_ns, other_time)

    def test_dry_run_target_writes_nothing(self):
        build = self.path("build")
        self.configure(build)
        result = self.build(build, "parcel_dry_run")
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("dry run: nothing was written", result.stdout)
        self.assertRegex(result.stdout, r"package: \S+demo-1\.0-1\.noarch\.rpm: demo 1\.0-1, 2 entries, 25 bytes")
        self.assertFalse(os.path.exists(os.path.join(build, "parcels")))

    def test_scriptlets_are_errors_by_default_in_cmake(self):
        build = self.path("build")
        self.configure(build, "-DSTRICT_SCRIPTLETS=ON")
        result = self.build(build)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("error: package 'demo' has install scripts (%post)", result.stdout + result.stderr)
        self.assertFalse(os.path.exists(os.path.join(build, "parcels", "DEMO-1.0-el7.parcel")))


if __name__ == "__main__":
    unittest.main()
